// Schema validation rules V1-V23 (docs/reference/schema.md 4), in upstream's evaluation order
// (docs/reference/schema.md 4.1): the first violation wins and is the only one reported, so the
// order of the checks below is part of the contract.
#include <algorithm>
#include <set>

#include "quiver/core/ascii.hpp"
#include "quiver/core/error.hpp"
#include "quiver/schema/schema.hpp"

namespace quiver {

namespace {

// `table`: the table the broken rule is about ("" when none), so that from_schema and the
// migrations can say where it is declared
[[noreturn]] void fail(const std::string& table, const std::string& message) {
    throw SchemaError("Schema validation error: " + message, table);
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

std::string ascii_lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

bool is_collection(const Schema& schema, const std::string& name) {
    const TableInfo* t = schema.table(name);
    return t && t->kind == TableKind::Collection;
}

bool is_fk_source(const TableInfo& t, const std::string& column) {
    return t.foreign_key(column) != nullptr;
}

// ---- V3-V7: collections (Configuration included) ----
void validate_collection(const TableInfo& t) {
    const std::string& c = t.name;
    const ColumnInfo* id = t.column("id");
    if (!id || !id->primary_key)
        fail(c, "Collection '" + c + "' must have 'id' as primary key");
    const ColumnInfo* label = t.column("label");
    if (!label)
        fail(c, "Collection '" + c + "' must have a 'label' column");
    if (label->type != DataType::Text)
        fail(c, "Collection '" + c + "' label column must be TEXT type");
    if (!label->not_null)
        fail(c, "Collection '" + c + "' label column must have NOT NULL constraint");
    bool unique = std::any_of(t.indexes.begin(), t.indexes.end(), [](const IndexInfo& idx) {
        return idx.unique && idx.columns.size() == 1 && idx.columns[0] == "label";
    });
    if (!unique)
        fail(c, "Collection '" + c + "' label column must have UNIQUE constraint");
}

// ---- V8-V13: vector tables ----
void validate_vector(const Schema& schema, const TableInfo& t) {
    const std::string& parent = t.parent;
    if (!is_collection(schema, parent)) {
        fail(t.name, "Vector table '" + t.name + "' references non-existent collection '" + parent + "'");
    }
    const ColumnInfo* id = t.column("id");
    if (!id)
        fail(t.name, "Vector table '" + t.name + "' must have 'id' column");
    if (id->primary_key) {
        bool other = std::any_of(t.columns.begin(), t.columns.end(),
                                 [](const ColumnInfo& c) { return c.primary_key && c.name != "id"; });
        if (!other) {
            fail(t.name,
                 "Vector table '" + t.name + "' must have composite primary key (id, vector_index), not just 'id'");
        }
    }
    if (!t.column("vector_index"))
        fail(t.name, "Vector table '" + t.name + "' must have 'vector_index' column");
    for (const ForeignKey& fk : t.foreign_keys) {
        if (fk.from != "id" || fk.table != parent)
            continue;
        if (fk.on_delete != "CASCADE" || fk.on_update != "CASCADE") {
            fail(t.name, "Vector table '" + t.name + "' FK to parent must use ON DELETE CASCADE ON UPDATE CASCADE");
        }
        return;  // only the first such FK counts
    }
    fail(t.name, "Vector table '" + t.name + "' must have foreign key to parent collection '" + parent + "'");
}

// ---- V14-V15: set tables ----
void validate_set(const TableInfo& t) {
    bool any_unique = std::any_of(t.indexes.begin(), t.indexes.end(), [](const IndexInfo& i) { return i.unique; });
    if (!any_unique)
        fail(t.name, "Set table '" + t.name + "' must have a UNIQUE constraint");
    for (const ColumnInfo* c : t.sorted_columns()) {
        if (c->name == "id" || is_fk_source(t, c->name))
            continue;
        bool covered = std::any_of(t.indexes.begin(), t.indexes.end(), [&](const IndexInfo& i) {
            return i.unique && std::find(i.columns.begin(), i.columns.end(), c->name) != i.columns.end();
        });
        if (!covered)
            fail(t.name, "Set table '" + t.name + "' column '" + c->name + "' must be part of a UNIQUE constraint");
    }
}

// ---- V16-V17: time series files tables ----
void validate_files(const Schema& schema, const TableInfo& t) {
    static constexpr std::string_view suffix = "_time_series_files";
    std::string parent = t.name.substr(0, t.name.size() - suffix.size());
    if (!is_collection(schema, parent)) {
        fail(t.name, "Time series files table '" + t.name + "' references non-existent collection '" + parent + "'");
    }
    for (const ColumnInfo* c : t.sorted_columns()) {
        if (c->type != DataType::Text) {
            fail(t.name, "Time series files table '" + t.name + "' column '" + c->name +
                             "' must be TEXT type (for file paths)");
        }
    }
}

// ---- V18: attribute names unique within a collection and its groups ----
void validate_duplicates(const Schema& schema) {
    const auto sorted = schema.sorted_tables();
    for (const TableInfo* coll : schema.collections()) {
        if (coll->name == "Configuration")
            continue;
        std::set<std::string, std::less<>> seen;
        for (const ColumnInfo& c : coll->columns) {
            if (c.name != "id" && c.name != "label")
                seen.insert(c.name);
        }
        for (const TableInfo* t : sorted) {
            if (t->parent != coll->name)
                continue;
            if (t->kind != TableKind::Vector && t->kind != TableKind::Set && t->kind != TableKind::TimeSeries)
                continue;
            for (const ColumnInfo* c : t->sorted_columns()) {
                if (c->name == "id" || is_fk_source(*t, c->name))
                    continue;
                if (t->kind == TableKind::Vector && c->name == "vector_index")
                    continue;
                if (t->kind == TableKind::TimeSeries && starts_with(c->name, "date_"))
                    continue;
                if (!seen.insert(c->name).second) {
                    fail(t->name, "Duplicate attribute '" + c->name + "' found in table '" + t->name +
                                      "' (already defined in collection '" + coll->name + "')");
                }
            }
        }
    }
}

// ---- V19-V23: foreign keys ----
void validate_foreign_keys(const Schema& schema) {
    for (const TableInfo* t : schema.sorted_tables()) {
        for (const ForeignKey& fk : t->foreign_keys) {
            const ColumnInfo* source = t->column(fk.from);
            if (fk.on_delete == "SET NULL" && source && source->not_null) {
                fail(t->name, "Foreign key column '" + fk.from + "' in table '" + t->name +
                                  "' has ON DELETE SET NULL but NOT NULL constraint");
            }
            if (t->kind == TableKind::TimeSeries)
                continue;
            const bool vector_id = t->kind == TableKind::Vector && fk.from == "id";
            if (vector_id) {
                if (fk.on_delete != "CASCADE" || fk.on_update != "CASCADE") {
                    fail(t->name,
                         "Vector table '" + t->name + "' parent FK must use ON DELETE CASCADE ON UPDATE CASCADE");
                }
                continue;
            }
            if (fk.on_update != "CASCADE") {
                fail(t->name, "Foreign key '" + fk.from + "' in table '" + t->name + "' must use ON UPDATE CASCADE");
            }
            if (fk.on_delete != "SET NULL" && fk.on_delete != "CASCADE") {
                fail(t->name, "Foreign key '" + fk.from + "' in table '" + t->name +
                                  "' must use ON DELETE SET NULL or ON DELETE CASCADE");
            }
            if (t->kind == TableKind::Set)
                continue;
            const std::string column = ascii_lower(fk.from);
            const std::string target = ascii_lower(fk.table);
            bool named = column == target + "_id" || starts_with(column, target + "_") ||
                         column.find("_id") != std::string::npos;
            if (!named) {
                fail(t->name, "Foreign key column '" + fk.from + "' in table '" + t->name +
                                  "' should follow naming pattern '<collection>_id'");
            }
        }
    }
}

// ---- added checks (issue 18; after V1-V23 so upstream's first violation still wins) ----

// "Plant_timeseries_generation" -> "Plant_time_series_generation": a group table whose kind
// word has its underscores (or letter case) wrong; "" when the name is not such a near miss.
std::string group_table_suggestion(const std::string& name) {
    const size_t cut = name.find('_');
    if (cut == std::string::npos || cut == 0)
        return "";
    const std::string parent = name.substr(0, cut);
    const std::string_view rest = std::string_view(name).substr(cut + 1);
    for (const std::string_view kind : {"time_series_files", "time_series", "vector", "set"}) {
        // match the kind's letters, ignoring case and underscores in between
        size_t i = 0;
        bool matched = true;
        for (char want : kind) {
            if (want == '_')
                continue;
            while (i < rest.size() && rest[i] == '_')
                ++i;
            if (i >= rest.size() || quiver::ascii_lower(rest[i]) != want) {
                matched = false;
                break;
            }
            ++i;
        }
        if (!matched)
            continue;
        while (i < rest.size() && rest[i] == '_')
            ++i;
        const std::string group(rest.substr(i));
        if (kind == "time_series_files") {
            if (group.empty())
                return parent + "_time_series_files";
            continue;  // "..._timeseries_files_x" is a time series group named "files_x"
        }
        if (group.empty())
            return "";
        return parent + "_" + std::string(kind) + "_" + group;
    }
    return "";
}

bool table_exists(const Schema& schema, const std::string& name) {
    return std::any_of(schema.tables().begin(), schema.tables().end(),
                       [&](const TableInfo& t) { return ascii_iequal(t.name, name); });
}

// A foreign key must name a table of the schema: SQLite accepts any name and only fails at
// the first write ("FOREIGN KEY constraint failed" / "foreign key mismatch").
void validate_foreign_key_targets(const Schema& schema) {
    for (const TableInfo* t : schema.sorted_tables()) {
        for (auto fk = t->foreign_keys.rbegin(); fk != t->foreign_keys.rend(); ++fk) {  // declaration order
            if (!table_exists(schema, fk->table)) {
                fail(t->name, "Foreign key '" + fk->from + "' in table '" + t->name +
                                  "' references non-existent table '" + fk->table + "'");
            }
        }
    }
}

// A time series table needs its dimension column (docs/reference/schema.md 2.4); without one
// every read and write of the group fails ("Dimension column not found").
void validate_time_series_dimensions(const Schema& schema) {
    for (const TableInfo* t : schema.sorted_tables()) {
        if (t->kind == TableKind::TimeSeries && !Schema::dimension_column(*t)) {
            fail(t->name,
                 "Time series table '" + t->name +
                     "' must have a dimension column whose name starts with 'date_' (e.g. date_time TEXT NOT NULL)");
        }
    }
}

}  // namespace

void validate_schema(const Schema& schema, bool applying) {
    // V1
    if (!schema.table("Configuration"))
        fail("", "Schema must have a 'Configuration' table");
    const auto sorted = schema.sorted_tables();
    // V2
    for (const TableInfo* t : sorted) {
        if (t->kind == TableKind::Other) {
            const std::string suggestion = group_table_suggestion(t->name);
            fail(t->name, "Invalid collection name '" + t->name + "': collection names cannot contain underscores" +
                              (suggestion.empty() ? std::string() : " (did you mean '" + suggestion + "'?)"));
        }
    }
    // V3-V17, per table by classification
    for (const TableInfo* t : sorted) {
        switch (t->kind) {
            case TableKind::Collection: validate_collection(*t); break;
            case TableKind::Vector: validate_vector(schema, *t); break;
            case TableKind::Set: validate_set(*t); break;
            case TableKind::TimeSeriesFiles: validate_files(schema, *t); break;
            case TableKind::TimeSeries:
            case TableKind::Other: break;
        }
    }
    validate_duplicates(schema);    // V18
    validate_foreign_keys(schema);  // V19-V23
    if (applying) {
        validate_foreign_key_targets(schema);
        validate_time_series_dimensions(schema);
    }
}

}  // namespace quiver
