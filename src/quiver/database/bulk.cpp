// Bulk entry points (bulk.hpp): query_rows, create_elements, update_time_series_frame.
#include "quiver/database/bulk.hpp"

#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>

#include "quiver/core/date_time.hpp"
#include "quiver/core/error.hpp"
#include "quiver/database/constraint_detail.hpp"
#include "quiver/database/database.hpp"
#include "quiver/database/internal.hpp"
#include "quiver/database/write_pipeline.hpp"

namespace quiver::bulk {

namespace {

std::string with_sql(const std::string& message, const std::string& sql) {
    constexpr size_t kMaxShown = 1000;
    std::string shown = sql.size() > kMaxShown ? sql.substr(0, kMaxShown) + "..." : sql;
    return message + " (SQL: " + shown + ")";
}

}  // namespace

Rows query_rows(Database& db, const std::string& sql, const std::vector<Value>& params) {
    std::optional<Statement> stmt;
    try {
        stmt.emplace(DatabaseInternal::prepare(db, sql));
    } catch (const Error& e) {
        throw Error(with_sql(e.what(), sql));
    }
    if (stmt->raw() == nullptr) {
        throw Error(
            with_sql("Failed to execute statement: the SQL contains no statement (empty or only comments)", sql));
    }
    // sqlite3_sql: the text of the one statement compiled; a second one would be skipped unseen
    if (!only_empty_statements(sql.c_str() + std::strlen(sqlite3_sql(stmt->raw())))) {
        throw Error(
            with_sql("Cannot query: the SQL has more than one statement; query runs exactly one (a second one would "
                     "be skipped unseen)",
                     sql));
    }
    const int expected = sqlite3_bind_parameter_count(stmt->raw());
    if (static_cast<size_t>(expected) != params.size()) {
        throw Error(with_sql("Cannot query: the SQL has " + std::to_string(expected) + " parameter" +
                                 (expected == 1 ? "" : "s") + " but " + std::to_string(params.size()) +
                                 (params.size() == 1 ? " was" : " were") + " given",
                             sql));
    }
    for (size_t i = 0; i < params.size(); ++i)
        stmt->bind(static_cast<int>(i + 1), params[i]);
    Rows rows;
    const int ncols = stmt->column_count();
    rows.columns.reserve(ncols);
    for (int c = 0; c < ncols; ++c) {
        const char* name = sqlite3_column_name(stmt->raw(), c);
        rows.columns.emplace_back(name ? name : "");
    }
    try {
        while (stmt->step()) {
            for (int c = 0; c < ncols; ++c) {
                switch (stmt->column_type(c)) {
                    case SQLITE_INTEGER: rows.cells.emplace_back(stmt->column_int(c)); break;
                    case SQLITE_FLOAT: rows.cells.emplace_back(stmt->column_double(c)); break;
                    case SQLITE_TEXT: rows.cells.emplace_back(std::string(stmt->column_text(c))); break;
                    case SQLITE_NULL: rows.cells.emplace_back(Null{}); break;
                    default:
                        throw Error("Failed to execute statement: BLOB type not supported (column '" + rows.columns[c] +
                                    "')");
                }
            }
        }
    } catch (const Error& e) {
        throw Error(with_sql(e.what(), sql));
    }
    return rows;
}

namespace {

constexpr const char* kOp = "create_elements";

[[noreturn]] void fail_cell(size_t row, const std::string& column, const std::string& message) {
    throw Error(std::string("Cannot ") + kOp + ": element " + std::to_string(row) + ", column '" + column +
                "': " + message);
}

const char* given_name(const std::optional<DataType>& type) {
    if (!type)
        return "NULL";
    switch (*type) {
        case DataType::Integer: return "INTEGER";
        case DataType::Real: return "REAL";
        default: return "TEXT";
    }
}

std::string float_text(double v) {
    if (std::isnan(v))
        return "NaN";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

// How a scalar column's cells are bound.
enum class Bind { Null, Int, IntFromFloat, FloatFromInt, Float, Text, Label, Date };

struct ScalarPlan {
    const Column* column = nullptr;
    const ColumnInfo* info = nullptr;
    Bind bind = Bind::Null;
    std::vector<int64_t> converted;  // IntFromFloat and Label: the value of each present cell
    std::vector<std::string> dates;  // Date: the canonical text of each present cell
};

ArrayValue slice(const Column& c, size_t row) {
    const size_t begin = static_cast<size_t>(c.offsets[row]), end = static_cast<size_t>(c.offsets[row + 1]);
    switch (*c.type) {
        case DataType::Integer: return std::vector<int64_t>(c.ints + begin, c.ints + end);
        case DataType::Real: return std::vector<double>(c.floats + begin, c.floats + end);
        default: {
            std::vector<std::string> out;
            out.reserve(end - begin);
            for (size_t i = begin; i < end; ++i)
                out.emplace_back(c.texts[i]);
            return out;
        }
    }
}

// The scalar values of row `r` as bound (for the detail of a constraint failure).
writes::Scalars row_scalars(const std::vector<ScalarPlan>& plans, size_t r) {
    writes::Scalars out;
    for (const ScalarPlan& p : plans) {
        const Column& c = *p.column;
        Value v;
        if (p.bind != Bind::Null && c.present(r)) {
            switch (p.bind) {
                case Bind::Int: v = c.ints[r]; break;
                case Bind::FloatFromInt: v = static_cast<double>(c.ints[r]); break;
                case Bind::Float: v = c.floats[r]; break;
                case Bind::IntFromFloat:
                case Bind::Label: v = p.converted[r]; break;
                case Bind::Date: v = p.dates[r]; break;
                case Bind::Text: v = std::string(trim_view(c.texts[r])); break;
                default: break;
            }
        }
        out.emplace(p.info->name, std::move(v));
    }
    return out;
}

}  // namespace

// For a large bulk write, SQLite's page cache is raised to 64 MiB for the call and put back
// after (pages are allocated only as the write touches them, and freed when it is lowered): with
// the default 2 MB, a write of more rows than fit spills dirty pages to the file mid-transaction
// (100,000 elements of 4 scalars: about 6 % of the call).
class BulkPageCache {
public:
    BulkPageCache(Database& db, size_t rows) : db_(db) {
        if (rows < kRows)
            return;
        try {
            previous_ = pragma(db, "cache_size");
            // negative: KiB; positive: pages (of page_size bytes)
            const int64_t kib = previous_ < 0 ? -previous_ : previous_ * pragma(db, "page_size") / 1024;
            if (kib >= kKibibytes)
                return;  // already as large
        } catch (...) {  // a cache size is an optimisation: the write goes on without it
            return;
        }
        set(-kKibibytes);
        raised_ = true;
    }
    ~BulkPageCache() {
        if (raised_)
            set(previous_);
    }
    BulkPageCache(const BulkPageCache&) = delete;
    BulkPageCache& operator=(const BulkPageCache&) = delete;

private:
    static constexpr size_t kRows = 10000;
    static constexpr int64_t kKibibytes = 65536;
    static int64_t pragma(Database& db, const std::string& name) {
        auto get = DatabaseInternal::prepare(db, "PRAGMA " + name);
        return get.step() ? get.column_int(0) : 0;
    }
    void set(int64_t value) noexcept {
        try {
            DatabaseInternal::prepare(db_, "PRAGMA cache_size = " + std::to_string(value)).run();
        } catch (...) {  // a cache size is an optimisation: the write goes on without it
        }
    }
    Database& db_;
    int64_t previous_ = 0;
    bool raised_ = false;
};

std::vector<int64_t> create_elements(Database& db, const std::string& collection, const std::vector<Column>& columns,
                                     size_t row_count) {
    db.require_writable(kOp);
    const Schema& s = db.schema(kOp);
    const TableInfo& table = db.require_collection(kOp, collection);
    const std::string prefix = std::string("Cannot ") + kOp + ": ";

    // ---- columns: names, shapes and types, once per column ----
    std::vector<ScalarPlan> scalars;
    std::vector<const Column*> lists;
    std::map<std::string_view, int> seen;
    for (const Column& c : columns) {
        if (!seen.emplace(c.name, 0).second)
            throw Error(prefix + "column '" + c.name + "' given more than once");
        if (c.offsets) {
            if (!c.type)
                throw Error(prefix + "list column '" + c.name + "' must have a type");
            if (c.offsets[0] != 0)
                throw Error(prefix + "list column '" + c.name + "': offsets[0] must be 0");
            for (size_t r = 0; r < row_count; ++r) {
                if (c.offsets[r + 1] < c.offsets[r]) {
                    throw Error(prefix + "list column '" + c.name + "': offsets must not decrease");
                }
            }
            if (s.tables_for_array(table.name, c.name).empty()) {
                throw Error(prefix + "column '" + c.name +
                            "' does not match any vector, set, or time series table in collection '" + table.name +
                            "'");
            }
            lists.push_back(&c);
            continue;
        }
        const ColumnInfo* info = table.column(c.name);
        if (!info)
            throw Error(prefix + "column '" + c.name + "' not found in collection '" + table.name + "'" +
                        table.did_you_mean_column(c.name));
        ScalarPlan p;
        p.column = &c;
        p.info = info;
        const ForeignKey* fk = table.foreign_key(c.name);
        auto mismatch = [&] {
            for (size_t r = 0; r < row_count; ++r) {
                if (c.present(r)) {
                    fail_cell(r, c.name,
                              std::string("expected ") + data_type_name(info->type) + ", got " + given_name(c.type));
                }
            }
        };
        if (!c.type) {
            p.bind = Bind::Null;
        } else if (*c.type == DataType::Integer || *c.type == DataType::Real) {
            const bool given_real = *c.type == DataType::Real;
            if (info->type == DataType::Real) {
                p.bind = given_real ? Bind::Float : Bind::FloatFromInt;
            } else if (info->type == DataType::Integer) {
                p.bind = given_real ? Bind::IntFromFloat : Bind::Int;
            } else {
                mismatch();
            }
        } else if (info->type == DataType::DateTime && db.strict()) {
            p.bind = Bind::Date;  // checked and canonicalised (issue 16, item 17)
        } else if (info->type == DataType::Text || info->type == DataType::DateTime) {
            p.bind = Bind::Text;
        } else if (info->type == DataType::Integer && fk) {
            p.bind = Bind::Label;
        } else if (info->type == DataType::Integer) {
            for (size_t r = 0; r < row_count; ++r) {
                if (c.present(r)) {
                    fail_cell(r, c.name,
                              "is INTEGER but received string '" + std::string(c.texts[r]) + "' (not a foreign key)");
                }
            }
        } else {
            mismatch();
        }
        scalars.push_back(std::move(p));
    }
    if (scalars.empty())
        throw Error(prefix + "elements must have at least one scalar attribute");
    if (row_count == 0)
        return {};

    // ---- cells: conversions, labels, unique labels (nothing written yet) ----
    writes::LabelResolver resolver(db);
    for (ScalarPlan& p : scalars) {
        const Column& c = *p.column;
        if (p.bind == Bind::IntFromFloat) {
            p.converted.resize(row_count);
            for (size_t r = 0; r < row_count; ++r) {
                if (!c.present(r))
                    continue;
                const double v = c.floats[r];
                if (!std::isfinite(v) || v != std::floor(v) || v < -9.2233720368547758e18 ||
                    v >= 9.2233720368547758e18) {
                    fail_cell(r, c.name, "expected INTEGER, got REAL " + float_text(v));
                }
                p.converted[r] = static_cast<int64_t>(v);
            }
        } else if (p.bind == Bind::Date) {
            p.dates.resize(row_count);
            for (size_t r = 0; r < row_count; ++r) {
                if (!c.present(r))
                    continue;
                try {
                    p.dates[r] = require_stored_date_time(c.texts[r], p.info->name, table.name);
                } catch (const Error& e) {
                    fail_cell(r, c.name, e.what());
                }
            }
        } else if (p.bind == Bind::Label) {
            const ForeignKey* fk = table.foreign_key(c.name);
            p.converted.resize(row_count);
            for (size_t r = 0; r < row_count; ++r) {
                if (!c.present(r))
                    continue;
                try {
                    p.converted[r] = resolver.resolve(*fk, std::string(c.texts[r]));
                } catch (const Error& e) {
                    fail_cell(r, c.name, e.what());
                }
            }
        }
    }
    // list columns: every element's lists resolved, routed and checked before writing
    std::vector<writes::Arrays> arrays;
    std::vector<std::vector<writes::GroupWrite>> groups;
    if (!lists.empty()) {
        arrays.resize(row_count);
        groups.resize(row_count);
        for (size_t r = 0; r < row_count; ++r) {
            for (const Column* c : lists) {
                if (c->offsets[r + 1] == c->offsets[r])
                    continue;  // empty lists are ignored on create
                arrays[r].emplace(c->name, slice(*c, r));
            }
            if (arrays[r].empty())
                continue;
            try {
                writes::Scalars none;
                writes::resolve_labels(resolver, s, table, none, arrays[r]);
                groups[r] = writes::plan_group_writes(kOp, s, table, arrays[r], /*keep_empty=*/false,
                                                      /*widen_integers=*/true);
                if (db.strict())
                    writes::canonicalise_dates(groups[r]);
            } catch (const Error& e) {
                throw Error(prefix + "element " + std::to_string(r) + ": " + e.what());
            }
        }
    }

    // ---- write ----
    std::string sql = "INSERT INTO ";
    append_quoted(sql, table.name);
    sql += " (";
    for (size_t i = 0; i < scalars.size(); ++i) {
        if (i)
            sql += ", ";
        append_quoted(sql, scalars[i].info->name);
    }
    sql += ") VALUES (?";
    for (size_t i = 1; i < scalars.size(); ++i)
        sql += ", ?";
    sql += ")";

    const ScalarPlan* label_plan = nullptr;
    for (const ScalarPlan& p : scalars)
        if (p.column->name == "label" && p.bind == Bind::Text)
            label_plan = &p;
    std::vector<int64_t> ids(row_count);
    BulkPageCache cache(db, row_count);
    Database::WriteTransaction tx(db, kOp);
    auto stmt = DatabaseInternal::prepare(db, sql);
    for (size_t r = 0; r < row_count; ++r) {
        for (size_t i = 0; i < scalars.size(); ++i) {
            const ScalarPlan& p = scalars[i];
            const Column& c = *p.column;
            const int index = static_cast<int>(i + 1);
            if (p.bind == Bind::Null || !c.present(r)) {
                stmt.bind_null(index);
                continue;
            }
            switch (p.bind) {
                case Bind::Int: stmt.bind_int(index, c.ints[r]); break;
                case Bind::FloatFromInt: stmt.bind_double(index, static_cast<double>(c.ints[r])); break;
                case Bind::Float:
                    // a NaN in a REAL scalar column is a frame's missing value (docs/dataframes.md);
                    // it is stored as NULL, never bound (Statement refuses NaN everywhere else)
                    if (std::isnan(c.floats[r])) {
                        stmt.bind_null(index);
                    } else {
                        stmt.bind_double(index, c.floats[r]);
                    }
                    break;
                case Bind::IntFromFloat:
                case Bind::Label: stmt.bind_int(index, p.converted[r]); break;
                case Bind::Date: stmt.bind_text(index, p.dates[r]); break;
                case Bind::Text: {
                    // the caller's buffer outlives the step: no copy (SQLITE_STATIC)
                    std::string_view t = trim_view(c.texts[r]);
                    if (sqlite3_bind_text64(stmt.raw(), index, t.data(), t.size(), SQLITE_STATIC, SQLITE_UTF8) !=
                        SQLITE_OK) {
                        stmt.bind_text(index, t);  // reports the error
                    }
                    break;
                }
                default: stmt.bind_null(index); break;
            }
        }
        try {
            stmt.run();
            sqlite3_reset(stmt.raw());  // every parameter is bound again for the next row
            ids[r] = sqlite3_last_insert_rowid(sqlite3_db_handle(stmt.raw()));
            if (!groups.empty()) {
                for (const auto& group : groups[r])
                    writes::insert_group_rows(db, group, ids[r]);
            }
        } catch (const Error& e) {
            if (std::strstr(e.what(), "UNIQUE constraint failed") && label_plan) {
                // a label given twice in the call: name both elements (checked only on failure)
                const Column& c = *label_plan->column;
                if (c.present(r)) {
                    const std::string_view mine = trim_view(c.texts[r]);
                    for (size_t q = 0; q < r; ++q) {
                        if (c.present(q) && trim_view(c.texts[q]) == mine) {
                            fail_cell(
                                r, c.name,
                                "duplicate label '" + std::string(mine) + "' (also element " + std::to_string(q) + ")");
                        }
                    }
                }
            }
            // still inside the transaction: the detail (which value, which element) is read first
            writes::WriteFacts facts{&table, nullptr, groups.empty() ? nullptr : &groups[r], std::nullopt, true};
            writes::Scalars row = row_scalars(scalars, r);
            facts.scalars = &row;
            throw Error(prefix + "element " + std::to_string(r) + ": " +
                        writes::explain_constraint(db, facts, e.what()));
        }
    }
    tx.commit();
    if (db.logger().enabled(LogLevel::Debug)) {
        db.logger().debug("create_elements: " + collection + ": " + std::to_string(row_count) + " elements");
    }
    return ids;
}

std::vector<int64_t> create_elements(Database& db, const std::string& collection, const std::vector<Element>& elements,
                                     bool widen_integers) {
    db.require_writable(kOp);
    db.require_collection(kOp, collection);
    std::vector<int64_t> ids;
    ids.reserve(elements.size());
    Database::WriteTransaction tx(db, kOp);
    for (size_t r = 0; r < elements.size(); ++r) {
        try {
            ids.push_back(db.create_element(collection, elements[r], widen_integers));
        } catch (const Error& e) {
            throw Error(std::string("Cannot ") + kOp + ": element " + std::to_string(r) + ": " + e.what());
        }
    }
    tx.commit();
    return ids;
}

void update_time_series_frame(Database& db, const std::string& collection, const std::string& group,
                              const std::vector<int64_t>& ids, const std::vector<std::string_view>& labels,
                              const std::vector<Column>& columns, size_t row_count) {
    const char* op = "update_time_series_frame";
    const std::string prefix = std::string("Cannot ") + op + ": ";
    db.require_writable(op);
    const TableInfo& table = db.require_collection(op, collection);
    if (!db.schema(op).time_series_table(collection, group)) {
        throw Error(prefix + "time series group '" + group + "' not found in collection '" + collection + "'");
    }
    for (const Column& c : columns) {
        if (c.offsets)
            throw Error(prefix + "column '" + c.name + "' must be a scalar column");
    }
    // the element of each row, and the rows of each element in frame order
    std::vector<int64_t> row_ids(row_count);
    if (!ids.empty()) {
        if (ids.size() != row_count)
            throw Error(prefix + "one id per row is needed");
        row_ids = ids;
    } else {
        if (labels.size() != row_count)
            throw Error(prefix + "one id or label per row is needed");
        std::unordered_map<std::string_view, int64_t> known;
        auto stmt =
            DatabaseInternal::prepare(db, "SELECT id FROM " + quote_identifier(table.name) + " WHERE label = ?");
        for (size_t r = 0; r < row_count; ++r) {
            std::string_view label = trim_view(labels[r]);
            auto it = known.find(label);
            if (it == known.end()) {
                stmt.reset();
                stmt.bind_text(1, label);
                if (!stmt.step() || stmt.column_type(0) != SQLITE_INTEGER) {
                    throw Error(prefix + "row " + std::to_string(r) + ": no element labelled '" + std::string(label) +
                                "' in collection '" + collection + "'");
                }
                it = known.emplace(label, stmt.column_int(0)).first;
            }
            row_ids[r] = it->second;
        }
    }
    std::vector<int64_t> order;  // distinct ids, first-seen order
    std::unordered_map<int64_t, std::vector<size_t>> rows_of;
    for (size_t r = 0; r < row_count; ++r) {
        auto [it, inserted] = rows_of.try_emplace(row_ids[r]);
        if (inserted)
            order.push_back(row_ids[r]);
        it->second.push_back(r);
    }
    Database::WriteTransaction tx(db, op);
    for (int64_t id : order) {
        if (!writes::element_exists(db, table, id)) {
            throw Error(prefix + "element " + std::to_string(id) + " does not exist in collection '" + collection +
                        "'");
        }
        const std::vector<size_t>& rows = rows_of[id];
        std::vector<GroupColumn> group_columns(columns.size());
        for (size_t i = 0; i < columns.size(); ++i) {
            const Column& c = columns[i];
            GroupColumn& g = group_columns[i];
            g.name = c.name;
            g.type = c.type;
            g.values.reserve(rows.size());
            for (size_t r : rows) {
                if (!c.type || !c.present(r)) {
                    g.values.emplace_back(Null{});
                } else if (*c.type == DataType::Integer) {
                    g.values.emplace_back(c.ints[r]);
                } else if (*c.type == DataType::Real) {
                    g.values.emplace_back(c.floats[r]);
                } else {
                    g.values.emplace_back(std::string(c.texts[r]));
                }
            }
        }
        try {
            db.update_time_series_group(collection, group, id, group_columns, rows.size());
        } catch (const Error& e) {
            throw Error(prefix + "element " + std::to_string(id) + ": " + e.what());
        }
    }
    tx.commit();
}

ColumnsRead read_columns(Database& db, const std::string& collection, const std::vector<std::string>& attributes) {
    const char* op = "read_columns";
    const TableInfo& table = db.require_collection(op, collection);
    std::vector<const ColumnInfo*> wanted;
    if (attributes.empty()) {
        for (const ColumnInfo* c : table.sorted_columns())
            if (c->name != "id")
                wanted.push_back(c);
    } else {
        for (const std::string& a : attributes) {
            const ColumnInfo* c = table.column(a);
            if (!c)
                throw Error(std::string("Cannot ") + op + ": attribute '" + a + "' not found in collection '" +
                            collection + "'");
            wanted.push_back(c);
        }
    }
    std::string sql = "SELECT \"id\"";
    for (const ColumnInfo* c : wanted) {
        sql += ", ";
        append_quoted(sql, c->name);
    }
    sql += " FROM ";
    append_quoted(sql, table.name);
    sql += " ORDER BY rowid";
    ColumnsRead out;
    out.names.push_back("id");
    for (const ColumnInfo* c : wanted)
        out.names.push_back(c->name);
    out.values.resize(out.names.size());
    auto stmt = DatabaseInternal::prepare(db, sql);
    while (stmt.step()) {
        out.values[0].emplace_back(stmt.column_int(0));
        for (size_t i = 0; i < wanted.size(); ++i) {
            const int col = static_cast<int>(i + 1);
            const int t = stmt.column_type(col);
            auto& values = out.values[i + 1];
            if (t == SQLITE_NULL) {
                values.emplace_back(Null{});
                continue;
            }
            switch (wanted[i]->type) {
                case DataType::Integer:
                    values.emplace_back(t == SQLITE_INTEGER ? Value(stmt.column_int(col)) : Value(Null{}));
                    break;
                case DataType::Real:
                    values.emplace_back((t == SQLITE_FLOAT || t == SQLITE_INTEGER) ? Value(stmt.column_double(col))
                                                                                   : Value(Null{}));
                    break;
                default:
                    values.emplace_back(t == SQLITE_TEXT ? Value(std::string(stmt.column_text(col))) : Value(Null{}));
            }
        }
    }
    return out;
}

}  // namespace quiver::bulk
