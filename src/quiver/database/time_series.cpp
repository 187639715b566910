// Time series groups (<C>_time_series_<g>) and time series files (<C>_time_series_files):
// docs/reference/database-api.md 5, docs/reference/c-api-list.md 3.3.13-3.3.14.
//
// Group reads/writes are column-wise (GroupColumn): the dimension column first on read,
// cells as Values (Null = SQL NULL). The column/type checks that upstream 0.5.0 did in
// the C layer live here (as later upstream), so C, Python and Lua share them.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "quiver/core/date_time.hpp"
#include "quiver/core/error.hpp"
#include "quiver/database/constraint_detail.hpp"
#include "quiver/database/database.hpp"
#include "quiver/database/write_pipeline.hpp"

namespace quiver {

namespace {

// The dimension column is given and read as text, whatever its declared type.
constexpr DataType kDimensionType = DataType::Text;

// The type a caller gave for a column, as the messages spell it
const char* given_type_name(const std::optional<DataType>& type) {
    return type ? writes::group_type_name(*type) : "UNKNOWN";
}

bool is_textual(const std::optional<DataType>& type) {
    return type == DataType::Text || type == DataType::DateTime;
}

// TEXT and DATE_TIME are interchangeable
bool type_matches(DataType expected, const std::optional<DataType>& given) {
    return expected == given || (is_textual(expected) && is_textual(given));
}

// A time series group resolved against the schema: its table, dimension column and
// value columns (byte-wise name order, without id and the dimension).
struct TimeSeriesGroup {
    const TableInfo* table = nullptr;
    std::string dimension;
    std::vector<const ColumnInfo*> value_columns;
};

TimeSeriesGroup resolve_columns(const TableInfo& table) {
    TimeSeriesGroup g;
    g.table = &table;
    auto dim = Schema::dimension_column(table);
    if (!dim)
        throw Error("Dimension column not found: time series table '" + table.name + "'");
    g.dimension = *dim;
    for (const ColumnInfo* c : table.sorted_columns()) {
        if (c->name == "id" || c->name == g.dimension)
            continue;
        g.value_columns.push_back(c);
    }
    return g;
}

// The lookup get_time_series_metadata does (its messages): used by reads and by writes
// that carry columns, as upstream's C layer fetched the metadata first.
TimeSeriesGroup group_for_metadata(Database& db, const std::string& collection, const std::string& group) {
    const char* op = "get_time_series_metadata";
    db.require_collection(op, collection);
    const TableInfo* t = db.schema(op).time_series_table(collection, group);
    if (!t)
        throw Error("Time series group not found: '" + group + "' in collection '" + collection + "'");
    return resolve_columns(*t);
}

// (name_table: the message names the missing table, as the files-columns listings' always did)
const TableInfo& files_table_or_throw(Database& db, const char* op, const std::string& collection,
                                      bool name_table = false) {
    db.require_collection(op, collection);
    const TableInfo* t = db.schema(op).files_table(collection);
    if (!t && name_table)
        throw Error("Time series files table not found: " + collection + "_time_series_files");
    if (!t)
        throw Error("Time series files table not found for collection '" + collection + "'");
    return *t;
}

// Read one cell as the column's type; NULL stays Null. Mismatched storage classes (only
// possible in non-STRICT tables) are converted by SQLite's rules (upstream: REAL in an
// INTEGER column truncates, INTEGER in a REAL column converts).
Value read_cell(const Statement& stmt, int i, DataType type) {
    int storage = stmt.column_type(i);
    if (storage == SQLITE_NULL)
        return Value(Null{});
    if (storage == SQLITE_BLOB)
        throw Error("Failed to execute statement: BLOB type not supported");
    switch (type) {
        case DataType::Integer: return Value(static_cast<int64_t>(stmt.column_int(i)));
        case DataType::Real: return Value(stmt.column_double(i));
        case DataType::Text:
        case DataType::DateTime: break;
    }
    return Value(std::string(stmt.column_text(i)));
}

// "INSERT INTO <table> (id, <columns...>) VALUES (?, ?...)" for a table name already quoted
std::string insert_with_id_sql(const std::string& quoted_table, const std::vector<GroupColumn>& columns) {
    std::string sql = "INSERT INTO " + quoted_table + " (id";
    for (const GroupColumn& c : columns)
        sql += ", " + quote_identifier(c.name);
    sql += ") VALUES (?";
    for (size_t i = 0; i < columns.size(); ++i)
        sql += ", ?";
    sql += ")";
    return sql;
}

// Strict mode (docs/reference/schema.md, "Date-time columns"): a text for a DATE_TIME column of
// `table` (the dimension included) becomes its canonical form, else require_stored_date_time's error.
Value canonical_date(const TableInfo& table, const std::string& column, Value v) {
    const ColumnInfo* info = table.column(column);
    if (auto* text = std::get_if<std::string>(&v); text && info && info->type == DataType::DateTime)
        *text = require_stored_date_time(*text, info->name, table.name);
    return v;
}

std::vector<GroupColumn> canonical_dates(const TableInfo& table, const std::vector<GroupColumn>& columns) {
    std::vector<GroupColumn> out = columns;
    for (GroupColumn& c : out) {
        const ColumnInfo* info = table.column(c.name);
        if (!info || info->type != DataType::DateTime)
            continue;
        for (Value& v : c.values)
            v = canonical_date(table, c.name, std::move(v));
    }
    return out;
}

}  // namespace

// ---- time series groups ----

std::vector<GroupColumn> Database::read_time_series_group(const std::string& collection, const std::string& group,
                                                          int64_t id) {
    TimeSeriesGroup g = group_for_metadata(*this, collection, group);

    std::vector<GroupColumn> columns;
    columns.reserve(g.value_columns.size() + 1);
    columns.push_back(GroupColumn{g.dimension, kDimensionType, {}});
    for (const ColumnInfo* c : g.value_columns)
        columns.push_back(GroupColumn{c->name, c->type, {}});

    std::string sql = "SELECT ";
    for (size_t i = 0; i < columns.size(); ++i) {
        if (i)
            sql += ", ";
        sql += quote_identifier(columns[i].name);
    }
    sql += " FROM " + quote_identifier(g.table->name) + " WHERE id = ? ORDER BY " + quote_identifier(g.dimension);

    auto stmt = prepare(sql);
    stmt.bind_int(1, id);
    size_t rows = 0;
    while (stmt.step()) {
        for (size_t i = 0; i < columns.size(); ++i) {
            columns[i].values.push_back(read_cell(stmt, static_cast<int>(i), *columns[i].type));
        }
        ++rows;
    }
    if (rows == 0)
        return {};
    return columns;
}

namespace {

// A failed row insert of update_time_series_group, with what it was about: the element that
// does not exist, or the dimension value given twice (still inside the write's transaction).
std::string explain_time_series_row(Database& db, const TableInfo& collection, const TableInfo& table, int64_t id,
                                    const std::vector<GroupColumn>& cells, size_t row, const std::string& message) {
    std::string out = writes::explain_constraint(db, writes::WriteFacts{&collection, nullptr, nullptr, id}, message);
    if (out != message || message.find("UNIQUE constraint failed") == std::string::npos)
        return out;
    const std::optional<std::string> dimension = Schema::dimension_column(table);
    for (const GroupColumn& c : cells) {
        if (dimension && c.name == *dimension && kind_of(c.values[row]) == ValueKind::Text) {
            return message + " (" + collection.name + " element " + std::to_string(id) + ": '" + c.name + "' = '" +
                   std::get<std::string>(c.values[row]) + "' given more than once (row " + std::to_string(row + 1) +
                   "))";
        }
    }
    return message;
}

}  // namespace

void Database::update_time_series_group(const std::string& collection, const std::string& group, int64_t id,
                                        const std::vector<GroupColumn>& columns, size_t row_count) {
    const char* op = "update_time_series_group";
    require_writable(op);

    const TableInfo* table = nullptr;
    if (columns.empty()) {
        if (row_count > 0) {
            throw Error("Cannot update_time_series_group: column_count must be > 0 when row_count > 0");
        }
        // clear: the update's own lookup (its wording differs from the metadata one, quirk)
        require_collection(op, collection);
        table = schema(op).time_series_table(collection, group);
        if (!table)
            throw Error("Time series group '" + group + "' not found for collection '" + collection + "'");
    } else {
        TimeSeriesGroup g = group_for_metadata(*this, collection, group);
        table = g.table;
        bool has_dimension =
            std::any_of(columns.begin(), columns.end(), [&](const GroupColumn& c) { return c.name == g.dimension; });
        if (!has_dimension) {
            throw Error("Cannot update_time_series_group: dimension column '" + g.dimension +
                        "' missing from column_names");
        }
        std::set<std::string_view> seen;
        for (const GroupColumn& c : columns) {
            std::optional<DataType> expected;
            if (c.name == g.dimension) {
                expected = kDimensionType;
            } else {
                for (const ColumnInfo* v : g.value_columns) {
                    if (v->name == c.name) {
                        expected = v->type;
                        break;
                    }
                }
            }
            if (!expected) {
                throw Error("Cannot update_time_series_group: column '" + c.name + "' not found in group '" + group +
                            "' for collection '" + collection + "'");
            }
            if (!type_matches(*expected, c.type)) {
                throw Error("Cannot update_time_series_group: column '" + c.name + "' has type " +
                            writes::group_type_name(*expected) + " but received " + given_type_name(c.type));
            }
            if (!seen.insert(c.name).second) {
                throw Error("Cannot update_time_series_group: column '" + c.name + "' given more than once");
            }
            if (c.values.size() != row_count) {
                throw Error("Cannot update_time_series_group: column '" + c.name + "' has " +
                            std::to_string(c.values.size()) + " values but row_count is " + std::to_string(row_count));
            }
        }
    }

    // strict mode (issue 16, item 17): date-time cells checked and canonicalised before the DELETE
    std::vector<GroupColumn> canonical;
    const std::vector<GroupColumn>& cells = strict() ? (canonical = canonical_dates(*table, columns)) : columns;

    WriteTransaction tx(*this);
    {
        auto del = prepare("DELETE FROM " + quote_identifier(table->name) + " WHERE id = ?");
        del.bind_int(1, id);
        del.run();
    }
    if (!columns.empty() && row_count > 0) {
        auto ins = prepare(insert_with_id_sql(quote_identifier(table->name), columns));
        for (size_t r = 0; r < row_count; ++r) {
            ins.bind_int(1, id);
            for (size_t c = 0; c < cells.size(); ++c)
                ins.bind(static_cast<int>(c) + 2, cells[c].values[r]);
            try {
                ins.run();
            } catch (const Error& e) {
                throw Error(
                    explain_time_series_row(*this, require_collection(op, collection), *table, id, cells, r, e.what()));
            }
            ins.reset();
        }
    }
    tx.commit();
    if (logger_.enabled(LogLevel::Debug)) {
        logger_.debug("Updated time series group " + table->name + " for id " + std::to_string(id) + ": " +
                      std::to_string(columns.empty() ? 0 : row_count) + " rows");
    }
}

// ---- single rows (later upstream 0.9.6 / 0.9.11) ----

std::vector<GroupColumn> Database::read_time_series_row(const std::string& collection, const std::string& group,
                                                        int64_t id, const std::string& dimension) {
    TimeSeriesGroup g = group_for_metadata(*this, collection, group);
    std::vector<GroupColumn> out;
    out.reserve(g.value_columns.size());
    const std::string table = quote_identifier(g.table->name);
    const std::string dim = quote_identifier(g.dimension);
    for (const ColumnInfo* c : g.value_columns) {
        // the last non-NULL value at or before `dimension` (text order, as rows are ordered)
        const std::string col = quote_identifier(c->name);
        auto stmt = prepare("SELECT " + col + " FROM " + table + " WHERE id = ? AND " + dim + " <= ? AND " + col +
                            " IS NOT NULL ORDER BY " + dim + " DESC LIMIT 1");
        stmt.bind_int(1, id);
        stmt.bind(2, Value(dimension));
        GroupColumn column{c->name, c->type, {}};
        column.values.push_back(stmt.step() ? read_cell(stmt, 0, c->type) : Value(Null{}));
        out.push_back(std::move(column));
    }
    return out;
}

void Database::upsert_time_series_row(const std::string& collection, const std::string& group, int64_t id,
                                      const std::vector<GroupColumn>& row) {
    const char* op = "upsert_time_series_row";
    require_writable(op);
    TimeSeriesGroup g = group_for_metadata(*this, collection, group);
    const std::string prefix = std::string("Cannot ") + op + ": ";
    bool has_dimension = false;
    std::set<std::string_view> seen;
    std::vector<Value> values;
    values.reserve(row.size());
    for (const GroupColumn& c : row) {
        if (c.values.size() != 1) {
            throw Error(prefix + "column '" + c.name + "' must have exactly one value, got " +
                        std::to_string(c.values.size()));
        }
        if (!seen.insert(c.name).second)
            throw Error(prefix + "column '" + c.name + "' given more than once");
        Value v = c.values.front();
        std::optional<DataType> expected;
        if (c.name == g.dimension) {
            has_dimension = true;
            expected = kDimensionType;
            if (is_null(v))
                throw Error(prefix + "dimension column '" + g.dimension + "' must not be NULL");
        } else {
            for (const ColumnInfo* col : g.value_columns) {
                if (col->name == c.name)
                    expected = col->type;
            }
        }
        if (!expected) {
            throw Error(prefix + "column '" + c.name + "' not found in group '" + group + "' for collection '" +
                        collection + "'");
        }
        if (!is_null(v)) {
            ValueKind k = kind_of(v);
            if (*expected == DataType::Real && k == ValueKind::Integer) {
                v = Value(static_cast<double>(std::get<int64_t>(v)));  // integers for REAL (later upstream)
            } else if ((*expected == DataType::Integer && k != ValueKind::Integer) ||
                       (*expected == DataType::Real && k != ValueKind::Real) ||
                       (is_textual(expected) && k != ValueKind::Text)) {
                throw Error(prefix + "column '" + c.name + "' has type " + writes::group_type_name(*expected) +
                            " but received " + value_kind_name(k));
            }
        }
        if (strict())
            v = canonical_date(*g.table, c.name, std::move(v));  // issue 16, item 17
        values.push_back(std::move(v));
    }
    if (!has_dimension)
        throw Error(prefix + "dimension column '" + g.dimension + "' missing from the row");

    // UPDATE the given columns of an existing row, else INSERT (an INSERT ... ON CONFLICT would
    // check NOT NULL columns that the row leaves out before it sees the conflict)
    const std::string table = quote_identifier(g.table->name);
    WriteTransaction tx(*this, op);
    bool updated = false;
    if (row.size() > 1) {
        std::string sql = "UPDATE " + table + " SET ";
        bool first = true;
        for (const GroupColumn& c : row) {
            if (c.name == g.dimension)
                continue;
            if (!first)
                sql += ", ";
            first = false;
            sql += quote_identifier(c.name) + " = ?";
        }
        sql += " WHERE id = ? AND " + quote_identifier(g.dimension) + " = ?";
        auto upd = prepare(sql);
        int i = 1;
        const Value* dimension_value = nullptr;
        for (size_t c = 0; c < row.size(); ++c) {
            if (row[c].name == g.dimension) {
                dimension_value = &values[c];
                continue;
            }
            upd.bind(i++, values[c]);
        }
        upd.bind_int(i++, id);
        upd.bind(i, *dimension_value);
        upd.run();
        updated = sqlite3_changes(db_) > 0;
    } else {
        auto sel = prepare("SELECT 1 FROM " + table + " WHERE id = ? AND " + quote_identifier(g.dimension) + " = ?");
        sel.bind_int(1, id);
        sel.bind(2, values[0]);
        updated = sel.step();
    }
    if (!updated) {
        auto ins = prepare(insert_with_id_sql(table, row));
        ins.bind_int(1, id);
        for (size_t i = 0; i < values.size(); ++i)
            ins.bind(static_cast<int>(i) + 2, values[i]);
        try {
            ins.run();
        } catch (const Error& e) {  // e.g. no such element: say which
            const writes::WriteFacts facts{&require_collection(op, collection), nullptr, nullptr, id};
            throw Error(writes::explain_constraint(*this, facts, e.what()));
        }
    }
    tx.commit();
    if (logger_.enabled(LogLevel::Debug)) {
        logger_.debug("Upserted a time series row of " + g.table->name + " for id " + std::to_string(id));
    }
}

// ---- time series files ----

bool Database::has_time_series_files(const std::string& collection) {
    const char* op = "has_time_series_files";
    require_collection(op, collection);
    return schema(op).files_table(collection) != nullptr;
}

std::vector<std::string> Database::list_time_series_files_columns(const std::string& collection) {
    const TableInfo& t = files_table_or_throw(*this, "list_time_series_files_columns", collection, true);
    std::vector<std::string> out;
    for (const ColumnInfo* c : t.sorted_columns())
        out.push_back(c->name);
    return out;
}

std::vector<std::string> Database::list_time_series_files_columns_declared(const std::string& collection) {
    const TableInfo& t = files_table_or_throw(*this, "list_time_series_files_columns", collection, true);
    std::vector<std::string> out;
    for (const ColumnInfo& c : t.columns)
        out.push_back(c.name);
    return out;
}

std::vector<std::pair<std::string, std::optional<std::string>>> Database::read_time_series_files(
    const std::string& collection) {
    const TableInfo& t = files_table_or_throw(*this, "read_time_series_files", collection);
    std::vector<std::pair<std::string, std::optional<std::string>>> out;
    auto cols = t.sorted_columns();
    if (cols.empty())
        return out;
    std::string sql = "SELECT ";
    for (size_t i = 0; i < cols.size(); ++i) {
        if (i)
            sql += ", ";
        sql += quote_identifier(cols[i]->name);
    }
    sql += " FROM " + quote_identifier(t.name) + " LIMIT 1";
    auto stmt = prepare(sql);
    bool has_row = stmt.step();
    for (size_t i = 0; i < cols.size(); ++i) {
        std::optional<std::string> path;
        if (has_row && stmt.column_type(static_cast<int>(i)) == SQLITE_TEXT) {
            path = std::string(stmt.column_text(static_cast<int>(i)));
        }
        out.emplace_back(cols[i]->name, std::move(path));
    }
    return out;
}

void Database::update_time_series_files(const std::string& collection,
                                        const std::vector<std::pair<std::string, std::optional<std::string>>>& paths) {
    const char* op = "update_time_series_files";
    require_writable(op);
    const TableInfo& t = files_table_or_throw(*this, op, collection);
    if (paths.empty())
        return;

    // every key must be a column; a repeated column keeps its last path
    std::vector<std::string> names;
    std::vector<const std::optional<std::string>*> values;
    for (const auto& [name, path] : paths) {
        if (!t.column(name)) {
            throw Error("Cannot update_time_series_files: column '" + name + "' not found in table '" + t.name + "'");
        }
        auto it = std::find(names.begin(), names.end(), name);
        if (it == names.end()) {
            names.push_back(name);
            values.push_back(&path);
        } else {
            values[static_cast<size_t>(it - names.begin())] = &path;
        }
    }

    WriteTransaction tx(*this);
    prepare("DELETE FROM " + quote_identifier(t.name)).run();
    std::string sql = "INSERT INTO " + quote_identifier(t.name) + " (";
    for (size_t i = 0; i < names.size(); ++i) {
        if (i)
            sql += ", ";
        sql += quote_identifier(names[i]);
    }
    sql += ") VALUES (";
    for (size_t i = 0; i < names.size(); ++i)
        sql += i ? ", ?" : "?";
    sql += ")";
    auto ins = prepare(sql);
    for (size_t i = 0; i < values.size(); ++i) {
        const auto& v = *values[i];
        if (v) {
            ins.bind(static_cast<int>(i) + 1, Value(*v));
        } else {
            ins.bind_null(static_cast<int>(i) + 1);
        }
    }
    ins.run();
    tx.commit();
    logger_.debug("Updated time series files of " + collection);
}

}  // namespace quiver
