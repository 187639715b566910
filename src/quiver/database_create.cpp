// create_element (database-api.md 3.2-3.5): scalars into the collection table, arrays
// routed to vector/set/time-series tables. Labels are resolved and every value is
// validated before the first write; the writes run in one WriteTransaction.
#include "quiver/database.hpp"
#include "quiver/element_validation.hpp"
#include "quiver/error.hpp"

namespace quiver {

int64_t Database::create_element(const std::string& collection, const Element& element, bool widen_integers) {
    static constexpr const char* op = "create_element";
    require_writable(op);
    const Schema& s = schema(op);
    const TableInfo& table = require_collection(op, collection);
    if (!element.has_scalars()) throw Error("Cannot create_element: element must have at least one scalar attribute");

    writes::Scalars scalars = element.scalars();
    writes::Arrays arrays;
    for (const auto& [name, array] : element.arrays()) {
        if (array_size(array) != 0) arrays.emplace(name, array);  // empty lists are ignored on create
    }
    writes::LabelResolver resolver(*this);
    writes::resolve_labels(resolver, s, table, scalars, arrays);
    for (auto& [name, value] : scalars) writes::validate_scalar(table, name, value, widen_integers);
    auto groups = writes::plan_group_writes(op, s, table, arrays, /*keep_empty=*/false, widen_integers);

    std::string sql = "INSERT INTO " + quote_identifier(table.name) + " (";
    std::string params;
    for (const auto& [name, value] : scalars) {
        if (!params.empty()) {
            sql += ", ";
            params += ", ";
        }
        sql += quote_identifier(table.column(name)->name);
        params += "?";
    }
    sql += ") VALUES (" + params + ")";

    WriteTransaction tx(*this, op, groups.empty());
    {
        auto stmt = prepare(sql);
        int i = 1;
        for (const auto& [name, value] : scalars) stmt.bind(i++, value);
        stmt.run();
    }
    const int64_t id = sqlite3_last_insert_rowid(raw());
    for (const auto& group : groups) writes::insert_group_rows(*this, group, id);
    tx.commit();
    if (logger().enabled(LogLevel::Debug)) logger().debug("create_element: " + collection + " id " + std::to_string(id));
    return id;
}

}  // namespace quiver
