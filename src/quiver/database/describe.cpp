// The describe report (docs/reference/database-api.md 2.4, docs/reference/lua.md 3.7.11). The whole report is
// built first and written in one go, so a failure never leaves half a report.
#include <sstream>

#include "quiver/core/error.hpp"
#include "quiver/database/database.hpp"

namespace quiver {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

void describe_groups(std::ostream& out, const Schema& schema, const std::string& collection, TableKind kind,
                     const char* header) {
    auto groups = schema.groups_of(collection, kind);
    if (groups.empty())
        return;
    out << "  " << header << ":\n";
    for (const TableInfo* t : groups) {
        out << "    - " << t->group << ": ";
        bool first = true;
        for (const ColumnInfo& c : t->columns) {  // schema (declaration) order
            if (c.name == "id")
                continue;
            if (kind == TableKind::Vector && c.name == "vector_index")
                continue;
            if (!first)
                out << ", ";
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

namespace {

// describe's section of one collection
void describe_one(std::ostream& out, const Schema& s, const TableInfo& c) {
    out << "\nCollection: " << c.name << '\n' << "  Scalars:\n";
    for (const ColumnInfo& col : c.columns) {
        out << "    - " << col.name << " (" << data_type_name(col.type) << ')';
        if (col.primary_key) {
            out << " PRIMARY KEY";
        } else if (col.not_null) {
            out << " NOT NULL";
        }
        out << '\n';
    }
    describe_groups(out, s, c.name, TableKind::Vector, "Vectors");
    describe_groups(out, s, c.name, TableKind::Set, "Sets");
    describe_groups(out, s, c.name, TableKind::TimeSeries, "Time Series");
}

}  // namespace

std::string Database::describe_text() {
    std::ostringstream out;
    out << "Database: " << path_ << '\n' << "Version: " << current_version() << '\n';
    if (!has_schema()) {
        out << "\nNo schema loaded.\n";
        return out.str();
    }
    const Schema& s = schema("describe");
    for (const TableInfo* c : s.collections())
        describe_one(out, s, *c);
    return out.str();
}

void Database::describe(std::ostream& stream) {
    stream << describe_text();
}

std::string Database::describe_collection(const std::string& collection) {
    const TableInfo& c = require_collection("describe_collection", collection);
    std::ostringstream out;
    describe_one(out, schema("describe_collection"), c);
    return out.str().substr(1);  // without describe's blank separator line
}

std::string Database::summarize_collection(const std::string& collection) {
    const char* op = "summarize_collection";
    const TableInfo& c = require_collection(op, collection);
    const Schema& s = schema(op);
    auto count = [](size_t n, const char* one, const char* many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    std::ostringstream out;
    out << c.name << ": " << count(static_cast<size_t>(number_of_elements(collection)), "element", "elements") << ", "
        << count(c.columns.size(), "scalar attribute", "scalar attributes") << ", "
        << count(s.groups_of(c.name, TableKind::Vector).size(), "vector group", "vector groups") << ", "
        << count(s.groups_of(c.name, TableKind::Set).size(), "set group", "set groups") << ", "
        << count(s.groups_of(c.name, TableKind::TimeSeries).size(), "time series group", "time series groups");
    if (s.files_table(c.name))
        out << ", time series files";
    out << '\n';
    return out.str();
}

}  // namespace quiver
