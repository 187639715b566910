// STUB: describe report (database-api.md 2.4); implemented with the metadata work.
#include "quiver/database.hpp"
#include "quiver/error.hpp"

namespace quiver {
void Database::describe(std::ostream& out) {
    out << "Database: " << path_ << "\nVersion: " << current_version() << "\n";
}
}  // namespace quiver
