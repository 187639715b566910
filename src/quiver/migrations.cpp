// STUB: from_migrations (migrations.md); implemented with the query/transaction/migrations work.
#include "quiver/database.hpp"
#include "quiver/error.hpp"

namespace quiver {
std::unique_ptr<Database> Database::from_migrations(const std::string&, const std::string&, const DatabaseOptions&) {
    throw Error("not implemented: from_migrations");
}
}  // namespace quiver
