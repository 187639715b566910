// The describe report (docs/reference/database-api.md 2.4, docs/reference/lua.md 3.7.11). The whole report is
// built first and written in one go, so a failure never leaves half a report.
#include <sstream>

#include "quiver/database/database.hpp"
#include "quiver/core/error.hpp"

namespace quiver {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

void describe_groups(std::ostream& out, const Schema& schema, const std::string& collection, TableKind kind,
                     const char* header) {
    auto groups = schema.groups_of(collection, kind);
    if (groups.empty()) return;
    out << "  " << header << ":\n";
    for (const TableInfo* t : groups) {
        out << "    - " << t->group << ": ";
        bool first = true;
        for (const ColumnInfo& c : t->columns) {  // schema (declaration) order
            if (c.name == "id") continue;
            if (kind == TableKind::Vector && c.name == "vector_index") continue;
            if (!first) out << ", ";
            first = false;
            if (kind == TableKind::TimeSeries && starts_with(c.name, "date_")) {
                out << '[' << c.name << ']';
            } else {
                out << c.name << '(' << data_type_name(c.type) << ')';
            }
        }
        out << '\n';
    }
}

}  // namespace

void Database::describe(std::ostream& stream) {
    std::ostringstream out;
    out << "Database: " << path_ << '\n' << "Version: " << current_version() << '\n';
    if (!has_schema()) {
        out << "\nNo schema loaded.\n";
        stream << out.str();
        return;
    }
    const Schema& s = schema("describe");
    for (const TableInfo* c : s.collections()) {
        out << "\nCollection: " << c->name << '\n' << "  Scalars:\n";
        for (const ColumnInfo& col : c->columns) {
            out << "    - " << col.name << " (" << data_type_name(col.type) << ')';
            if (col.primary_key) {
                out << " PRIMARY KEY";
            } else if (col.not_null) {
                out << " NOT NULL";
            }
            out << '\n';
        }
        describe_groups(out, s, c->name, TableKind::Vector, "Vectors");
        describe_groups(out, s, c->name, TableKind::Set, "Sets");
        describe_groups(out, s, c->name, TableKind::TimeSeries, "Time Series");
    }
    stream << out.str();
}

}  // namespace quiver
