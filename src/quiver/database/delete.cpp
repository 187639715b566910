// delete_element (docs/reference/database-api.md 3.7): one DELETE; group rows and references follow
// the schema's foreign-key actions.
#include "quiver/core/error.hpp"
#include "quiver/database/database.hpp"

namespace quiver {

void Database::delete_element(const std::string& collection, int64_t id) {
    static constexpr const char* op = "delete_element";
    require_writable(op);
    const TableInfo& table = require_collection(op, collection);
    WriteTransaction tx(*this);
    if (strict())
        require_element(op, table, id);
    {
        auto stmt = prepare("DELETE FROM " + quote_identifier(table.name) + " WHERE id = ?");
        stmt.bind_int(1, id);
        stmt.run();
    }
    tx.commit();
    if (logger().enabled(LogLevel::Debug))
        logger().debug("delete_element: " + collection + " id " + std::to_string(id));
}

}  // namespace quiver
