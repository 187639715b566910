// Columnar reads (columns.hpp): one SQL scan into typed column buffers with validity.
//
// Names are resolved against the Schema before any SQL is built (only known identifiers,
// quoted, reach SQL text); ids and range bounds are bound. The row count is taken first
// (COUNT(*), answered from the smallest index) so every numeric buffer is allocated once at
// its final size: peak memory stays at the result's own size.
#include "quiver/database/columns.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>

#include "quiver/core/date_time.hpp"
#include "quiver/core/error.hpp"
#include "quiver/database/database.hpp"
#include "quiver/database/internal.hpp"

namespace quiver {

namespace {

constexpr int64_t kNaT = std::numeric_limits<int64_t>::min();
// the sqlite3_bind_pointer type of quiver_collect()'s first argument
constexpr const char* kCollectPointerType = "quiver_collect_call";

// days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil)
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        const char c = s[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

// "YYYY-MM-DDTHH:MM:SS" (or a space instead of T) without allocating; other forms go through
// the engine's ISO parser (docs/reference/csv.md 5.1). nullopt: not a date-time.
std::optional<int64_t> timestamp_ns(std::string_view s) {
    DateTime dt;
    bool ok = false;
    if (s.size() == 19 && s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == ' ') && s[13] == ':' &&
        s[16] == ':') {
        ok = digits(s, 0, 4, dt.year) && digits(s, 5, 2, dt.month) && digits(s, 8, 2, dt.day) &&
             digits(s, 11, 2, dt.hour) && digits(s, 14, 2, dt.minute) && digits(s, 17, 2, dt.second);
    }
    if (!ok) {
        auto parsed = parse_iso_date_time(s);
        if (!parsed)
            return std::nullopt;
        dt = *parsed;
    }
    DateTime date_only = dt;
    date_only.hour = date_only.minute = date_only.second = 0;  // a stored leap second (:60) still reads
    if (!is_valid_date_time(date_only))                        // 2024-02-30, year 0: no such day
        return std::nullopt;
    // datetime64[ns] covers 1677-09-21 .. 2262-04-11
    if (dt.year < 1678 || dt.year > 2261)
        return std::nullopt;
    const int64_t days = days_from_civil(dt.year, static_cast<unsigned>(dt.month), static_cast<unsigned>(dt.day));
    const int64_t seconds = days * 86400 + dt.hour * 3600 + dt.minute * 60 + dt.second;
    return seconds * 1000000000LL;
}

struct Source {
    std::string name;
    DataType type;
};

// The cells of one result row of a stepped statement.
struct StatementCells {
    const Statement& s;
    int type(int i) const { return s.column_type(i); }
    int64_t integer(int i) const { return s.column_int(i); }
    double real(int i) const { return s.column_double(i); }
    std::string_view text(int i) const { return s.column_text(i); }
};

// The arguments of one quiver_collect() call, after the scanner pointer (argv[0]).
struct ValueCells {
    sqlite3_value** v;
    int type(int i) const { return sqlite3_value_type(v[i + 1]); }
    int64_t integer(int i) const { return sqlite3_value_int64(v[i + 1]); }
    double real(int i) const { return sqlite3_value_double(v[i + 1]); }
    std::string_view text(int i) const {
        const unsigned char* p = sqlite3_value_text(v[i + 1]);
        return p ? std::string_view(reinterpret_cast<const char*>(p),
                                    static_cast<size_t>(sqlite3_value_bytes(v[i + 1])))
                 : std::string_view();
    }
};

class Scanner {
public:
    Scanner(const std::vector<Source>& columns, size_t expected_rows, bool dates_as_timestamps) {
        set_.columns.reserve(columns.size());
        for (const Source& c : columns) {
            ColumnBuffer b;
            b.name = c.name;
            b.type = c.type;
            switch (c.type) {
                case DataType::Integer: b.storage = ColumnStorage::Int64; break;
                case DataType::Real: b.storage = ColumnStorage::Float64; break;
                case DataType::Text: b.storage = ColumnStorage::Text; break;
                case DataType::DateTime:
                    b.storage = dates_as_timestamps ? ColumnStorage::TimestampNs : ColumnStorage::Text;
                    break;
            }
            if (b.storage == ColumnStorage::Float64) {
                b.floats.reserve(expected_rows);
            } else if (b.storage == ColumnStorage::Text) {
                b.offsets.reserve(expected_rows + 1);
                b.offsets.push_back(0);
            } else {
                b.ints.reserve(expected_rows);
            }
            b.validity.reserve(expected_rows);
            set_.columns.push_back(std::move(b));
        }
    }

    // `cells`: StatementCells (a result row) or ValueCells (the arguments of quiver_collect)
    template <class Cells>
    void row(const Cells& cells) {
        for (size_t i = 0; i < set_.columns.size(); ++i)
            cell(cells, static_cast<int>(i), set_.columns[i]);
        ++set_.rows;
    }

    ColumnSet finish() {
        for (ColumnBuffer& b : set_.columns) {
            if (b.null_count == 0)
                std::vector<uint8_t>().swap(b.validity);
        }
        return std::move(set_);
    }

private:
    template <class Cells>
    void cell(const Cells& s, int i, ColumnBuffer& b) {
        const int t = s.type(i);
        bool valid = false;
        switch (b.storage) {
            case ColumnStorage::Int64:
                valid = t == SQLITE_INTEGER;
                b.ints.push_back(valid ? s.integer(i) : 0);
                break;
            case ColumnStorage::Float64:
                valid = t == SQLITE_FLOAT || t == SQLITE_INTEGER;
                b.floats.push_back(valid ? s.real(i) : std::numeric_limits<double>::quiet_NaN());
                break;
            case ColumnStorage::Text: {
                valid = t == SQLITE_TEXT;
                if (valid) {
                    std::string_view v = s.text(i);
                    if (const void* nul = std::memchr(v.data(), '\0', v.size())) {
                        v = v.substr(0, static_cast<const char*>(nul) - v.data());
                    }
                    b.text.append(v);
                }
                b.text.push_back('\0');
                b.offsets.push_back(static_cast<int64_t>(b.text.size()));
                break;
            }
            case ColumnStorage::TimestampNs: {
                valid = t == SQLITE_TEXT;
                int64_t v = kNaT;
                if (valid) {
                    // a stored text that is no date-time (or outside datetime64[ns]) reads as missing:
                    // a stored value never makes a read fail (docs/dataframes.md)
                    auto ns = timestamp_ns(s.text(i));
                    valid = ns.has_value();
                    if (valid)
                        v = *ns;
                }
                b.ints.push_back(v);
                break;
            }
        }
        b.validity.push_back(valid ? 1 : 0);
        if (!valid)
            ++b.null_count;
    }

    ColumnSet set_;
};

// ---- ordering (time series read in rowid order) ----

std::string_view text_at(const ColumnBuffer& b, size_t i) {
    return std::string_view(b.text.data() + b.offsets[i], static_cast<size_t>(b.offsets[i + 1] - b.offsets[i] - 1));
}

// -1 / 0 / 1 comparing rows i and j of column b (NULL first, as SQLite orders).
int compare_cells(const ColumnBuffer& b, size_t i, size_t j) {
    const bool vi = b.validity.empty() || b.validity[i];
    const bool vj = b.validity.empty() || b.validity[j];
    if (!vi || !vj)
        return vi == vj ? 0 : (vi ? 1 : -1);
    switch (b.storage) {
        case ColumnStorage::Int64:
        case ColumnStorage::TimestampNs: return b.ints[i] < b.ints[j] ? -1 : (b.ints[i] > b.ints[j] ? 1 : 0);
        case ColumnStorage::Float64: return b.floats[i] < b.floats[j] ? -1 : (b.floats[i] > b.floats[j] ? 1 : 0);
        case ColumnStorage::Text: {
            int c = text_at(b, i).compare(text_at(b, j));
            return c < 0 ? -1 : (c > 0 ? 1 : 0);
        }
    }
    return 0;
}

template <class T>
void permute(std::vector<T>& v, const std::vector<size_t>& order) {
    if (v.empty())
        return;
    std::vector<T> out;
    out.reserve(v.size());
    for (size_t k : order)
        out.push_back(v[k]);
    v.swap(out);
}

void reorder(ColumnSet& set, const std::vector<size_t>& order);

// Rows ordered by (column 0, column 1); a no-op (one pass) when they already are.
void sort_by_id_and_dimension(ColumnSet& set) {
    if (set.columns.size() < 2 || set.rows < 2)
        return;
    const ColumnBuffer& a = set.columns[0];
    const ColumnBuffer& b = set.columns[1];
    auto less = [&](size_t i, size_t j) {
        int c = compare_cells(a, i, j);
        return c != 0 ? c < 0 : compare_cells(b, i, j) < 0;
    };
    bool sorted = true;
    for (size_t i = 1; i < set.rows && sorted; ++i)
        sorted = !less(i, i - 1);
    if (sorted)
        return;
    std::vector<size_t> order(set.rows);
    for (size_t i = 0; i < set.rows; ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), less);
    reorder(set, order);
}

// Every column rearranged so that row k becomes row order[k].
void reorder(ColumnSet& set, const std::vector<size_t>& order) {
    for (ColumnBuffer& c : set.columns) {
        permute(c.ints, order);
        permute(c.floats, order);
        permute(c.validity, order);
        if (c.storage == ColumnStorage::Text) {
            std::string text;
            text.reserve(c.text.size());
            std::vector<int64_t> offsets{0};
            offsets.reserve(set.rows + 1);
            for (size_t k : order) {
                text.append(text_at(c, k));
                text.push_back('\0');
                offsets.push_back(static_cast<int64_t>(text.size()));
            }
            c.text.swap(text);
            c.offsets.swap(offsets);
        }
    }
}

// ---- quiver_collect(): the scanner fed from inside the VM ----

// What the statement's ?1 points to (sqlite3_bind_pointer, type kCollectPointerType).
struct CollectCall {
    Scanner* scanner;
    std::exception_ptr error;  // an exception of the scanner, rethrown after the step
};

void collect_step(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    // the pointer is looked up (a type-name comparison) on the first row only, then kept in
    // the aggregate's own context
    auto** slot = static_cast<CollectCall**>(sqlite3_aggregate_context(ctx, sizeof(CollectCall*)));
    if (!slot) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (!*slot && argc > 0)
        *slot = static_cast<CollectCall*>(sqlite3_value_pointer(argv[0], kCollectPointerType));
    CollectCall* call = *slot;
    if (!call) {  // called from user SQL: no scanner behind it
        sqlite3_result_error(ctx, "quiver_collect() is internal to quiverdb", -1);
        return;
    }
    try {  // no C++ exception may unwind through SQLite's C frames
        call->scanner->row(ValueCells{argv});
    } catch (...) {
        call->error = std::current_exception();
        sqlite3_result_error_nomem(ctx);
    }
}

void collect_final(sqlite3_context* ctx) {
    sqlite3_result_null(ctx);
}

// Rows ordered by column 0 (the id); a no-op (one pass) when they already are.
void sort_by_id(ColumnSet& set) {
    if (set.columns.empty() || set.rows < 2)
        return;
    const std::vector<int64_t>& ids = set.columns[0].ints;
    if (std::is_sorted(ids.begin(), ids.end()))
        return;
    std::vector<size_t> order(set.rows);
    for (size_t i = 0; i < set.rows; ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) { return ids[i] < ids[j]; });
    reorder(set, order);
}

std::string select_list(const std::vector<Source>& columns) {
    std::string sql;
    for (const Source& c : columns) {
        if (!sql.empty())
            sql += ", ";
        append_quoted(sql, c.name);
    }
    return sql;
}

}  // namespace

ColumnSet read_columns(Database& db, const std::string& collection,
                       const std::optional<std::vector<std::string>>& attributes, bool dates_as_timestamps) {
    const char* op = "read_columns";
    const TableInfo& t = db.require_collection(op, collection);
    std::vector<Source> columns{{"id", DataType::Integer}};
    if (!attributes) {
        for (const ColumnInfo& c : t.columns) {
            if (c.name != "id")
                columns.push_back({c.name, c.type});
        }
    } else {
        std::set<std::string_view> seen;
        for (const std::string& name : *attributes) {
            const ColumnInfo* c = t.column(name);
            if (!c)
                throw Error("Cannot read_columns: column '" + name + "' not found in table '" + t.name + "'" +
                            t.did_you_mean_column(name));
            if (!seen.insert(name).second) {
                throw Error("Cannot read_columns: attribute '" + name + "' given more than once");
            }
            if (name == "id")
                continue;
            columns.push_back({c->name, c->type});
        }
    }
    size_t expected = 0;
    {
        auto count = DatabaseInternal::prepare(db, "SELECT COUNT(*) FROM " + quote_identifier(t.name));
        if (count.step())
            expected = static_cast<size_t>(count.column_int(0));
    }
    // Every row goes to the scanner from inside SQLite's VM, through the aggregate
    // quiver_collect(scanner, columns...): no result row is handed out and no column is fetched
    // through the API (1 float x 100,000 rows: 16-17 ms stepping, 12-14 ms so). NOT INDEXED: a full
    // scan of the table itself, in rowid order (= id order, `id INTEGER PRIMARY KEY`), never a
    // covering index in another order; sort_by_id() checks that anyway.
    Scanner scan(columns, expected, dates_as_timestamps);
    CollectCall call{&scan, {}};
    {
        auto stmt = DatabaseInternal::prepare(db, "SELECT quiver_collect(?1, " + select_list(columns) + ") FROM " +
                                                      quote_identifier(t.name) + " NOT INDEXED");
        sqlite3_bind_pointer(stmt.raw(), 1, &call, kCollectPointerType, nullptr);
        try {
            stmt.step();
        } catch (...) {
            if (call.error)
                std::rethrow_exception(call.error);  // the scanner's own failure (out of memory)
            throw;
        }
    }
    ColumnSet set = scan.finish();
    sort_by_id(set);
    return set;
}

ColumnSet read_time_series_columns(Database& db, const std::string& collection, const std::string& group,
                                   const std::optional<std::vector<int64_t>>& ids,
                                   const std::optional<std::string>& start, const std::optional<std::string>& end,
                                   bool dates_as_timestamps) {
    // the lookup (and messages) of get_time_series_metadata
    const char* meta_op = "get_time_series_metadata";
    db.require_collection(meta_op, collection);
    const TableInfo* t = db.schema(meta_op).time_series_table(collection, group);
    if (!t)
        throw Error("Time series group not found: '" + group + "' in collection '" + collection + "'");
    auto dim = Schema::dimension_column(*t);
    if (!dim)
        throw Error("Dimension column not found: time series table '" + t->name + "'");
    const ColumnInfo* dim_info = t->column(*dim);

    std::vector<Source> columns{{"id", DataType::Integer}, {*dim, dim_info ? dim_info->type : DataType::Text}};
    for (const ColumnInfo* c : t->sorted_columns()) {
        if (c->name == "id" || c->name == *dim)
            continue;
        columns.push_back({c->name, c->type});
    }

    std::string where;
    auto add = [&](const std::string& cond) { where += (where.empty() ? " WHERE " : " AND ") + cond; };
    const std::string qdim = quote_identifier(*dim);
    if (ids)
        add("id = ?");
    if (start)
        add(qdim + " >= ?");
    if (end)
        add(qdim + " < ?");
    const std::string from = " FROM " + quote_identifier(t->name) + where;

    auto bind = [&](Statement& s, int64_t id) {
        int k = 1;
        if (ids)
            s.bind_int(k++, id);
        if (start)
            s.bind_text(k++, *start);
        if (end)
            s.bind_text(k++, *end);
    };

    std::vector<int64_t> order;
    if (ids) {
        std::unordered_set<int64_t> seen;
        for (int64_t id : *ids) {
            if (seen.insert(id).second)
                order.push_back(id);
        }
    } else {
        order.push_back(0);  // one pass over every element
    }

    size_t expected = 0;
    {
        auto count = DatabaseInternal::prepare(db, "SELECT COUNT(*)" + from);
        for (int64_t id : order) {
            bind(count, id);
            if (count.step())
                expected += static_cast<size_t>(count.column_int(0));
            count.reset();
        }
    }
    // One element: its rows through the (id, dimension) index. Every element: the table in rowid
    // order (sequential; ORDER BY id, dimension would look every row up through the index, about
    // 3x slower), then sorted here when the rows were not stored in that order already.
    auto stmt =
        DatabaseInternal::prepare(db, "SELECT " + select_list(columns) + from + " ORDER BY " + (ids ? qdim : "rowid"));
    Scanner scan(columns, expected, dates_as_timestamps);
    for (int64_t id : order) {
        bind(stmt, id);
        while (stmt.step())
            scan.row(StatementCells{stmt});
        stmt.reset();
    }
    ColumnSet set = scan.finish();
    if (!ids)
        sort_by_id_and_dimension(set);
    return set;
}

void register_column_functions(sqlite3* db) {
    // DIRECTONLY: never from a trigger or view of the file (its pointer argument comes only from
    // read_columns' own binding anyway)
    const int rc = sqlite3_create_function_v2(db, "quiver_collect", -1, SQLITE_UTF8 | SQLITE_DIRECTONLY, nullptr,
                                              nullptr, collect_step, collect_final, nullptr);
    if (rc != SQLITE_OK)
        throw_sqlite("Failed to open database: ", db);
}

}  // namespace quiver
