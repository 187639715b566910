#pragma once
// The schema model loaded from a database (docs/reference/schema.md 2-3): tables classified by
// name, their columns, foreign keys and indexes, plus the lookup helpers that turn
// user-given collection/attribute/group names into known tables. Only names found
// here ever reach SQL text.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quiver/core/value.hpp"

struct sqlite3;

namespace quiver {

enum class TableKind { Collection, Vector, Set, TimeSeries, TimeSeriesFiles, Other };

struct ColumnInfo {
    std::string name;
    std::string declared_type;  // as SQLite reports it
    DataType type = DataType::Text;
    bool not_null = false;
    bool primary_key = false;
    std::optional<std::string> default_value;
};

struct ForeignKey {
    std::string from;       // source column
    std::string table;      // target table, as written
    std::string to;         // target column ("" when omitted)
    std::string on_update;  // CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION
    std::string on_delete;
};

struct IndexInfo {
    std::string name;
    bool unique = false;
    std::vector<std::string> columns;
};

struct TableInfo {
    std::string name;
    TableKind kind = TableKind::Other;
    std::string parent;                    // collection owning a group/files table (text before the first '_')
    std::string group;                     // group name (suffix after <parent>_vector_ / _set_ / _time_series_)
    std::vector<ColumnInfo> columns;       // declaration order
    std::vector<ForeignKey> foreign_keys;  // SQLite order (last declared first)
    std::vector<IndexInfo> indexes;

    const ColumnInfo* column(std::string_view name) const;
    // " (did you mean '<column>'?)" when `name` looks like a typo of one of the columns, else ""
    std::string did_you_mean_column(std::string_view name) const;
    // first FK (SQLite order) whose source is `column`, or nullptr
    const ForeignKey* foreign_key(std::string_view column) const;
    // columns in byte-wise name order
    std::vector<const ColumnInfo*> sorted_columns() const;

    // positions in `columns` in byte-wise name order (filled by Schema::load)
    std::vector<size_t> sorted_order;
};

// Classification by name only (docs/reference/schema.md 2.2); first match wins.
TableKind classify_table(std::string_view name);
bool is_collection_name(std::string_view name);

class Schema {
public:
    // Read every visible table of `db` (docs/reference/schema.md 3). Throws Error on load errors
    // ("Cannot query columns: invalid table name: ...", "Unknown data type: ...").
    static Schema load(sqlite3* db);

    const std::vector<TableInfo>& tables() const { return tables_; }  // sqlite_master order
    std::vector<const TableInfo*> sorted_tables() const;
    const TableInfo* table(std::string_view name) const;

    // Collections: Configuration and every table without '_', sorted.
    std::vector<const TableInfo*> collections() const;
    // Group tables of `collection` of one kind, sorted by table name (docs/reference/schema.md 2.3).
    std::vector<const TableInfo*> groups_of(std::string_view collection, TableKind kind) const;

    // docs/reference/schema.md 2.6 lookup helpers; nullptr when nothing matches.
    const TableInfo* vector_table_for_attribute(std::string_view collection, std::string_view attribute) const;
    const TableInfo* set_table_for_attribute(std::string_view collection, std::string_view attribute) const;
    const TableInfo* time_series_table(std::string_view collection, std::string_view group) const;
    const TableInfo* files_table(std::string_view collection) const;
    // every group table an array named `name` routes to (vector of the exact name first)
    std::vector<const TableInfo*> tables_for_array(std::string_view collection, std::string_view name) const;

    // Dimension column of a time-series table (docs/reference/schema.md 2.4), if any.
    static std::optional<std::string> dimension_column(const TableInfo& table);

private:
    std::vector<TableInfo> tables_;
    std::vector<size_t> sorted_;  // positions in tables_ in byte-wise name order
    std::map<std::string, size_t, std::less<>> by_name_;
};

// Validation rules V1-V23 (docs/reference/schema.md 4). Throws Error("Schema validation error: ...").
// `applying` (from_schema, migrations) adds the checks upstream 0.5.0 did not make (foreign-key
// targets exist, time series tables have a dimension): a file that passed 0.5.0 still opens.
void validate_schema(const Schema& schema, bool applying = false);

}  // namespace quiver
