#include "quiver/core/sqlite.hpp"

#include <cmath>
#include <cstring>

#include "quiver/core/error.hpp"

namespace quiver {

[[noreturn]] void throw_sqlite(const char* prefix, sqlite3* db) {
    throw Error(std::string(prefix) + sqlite3_errmsg(db));
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_), home_(other.home_) {
    other.stmt_ = nullptr;
}

Statement::~Statement() {
    if (!stmt_)
        return;
    if (home_ && *home_ == nullptr) {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        *home_ = stmt_;
    } else {
        sqlite3_finalize(stmt_);
    }
}

void Statement::bind(int index, const Value& value, Text text) {
    switch (kind_of(value)) {
        case ValueKind::Integer: bind_int(index, std::get<int64_t>(value)); break;
        case ValueKind::Real: bind_double(index, std::get<double>(value)); break;
        case ValueKind::Text: {
            std::string_view v = std::get<std::string>(value);
            bind_text(index, text == Text::Trimmed ? trim_view(v) : v);  // bound TRANSIENT: copied, no temporary
            break;
        }
        case ValueKind::Null: bind_null(index); break;
    }
}

static void check_bind(int rc, sqlite3* db) {
    if (rc != SQLITE_OK && rc != SQLITE_RANGE)
        throw_sqlite("Failed to bind parameter: ", db);
}

void Statement::bind_int(int index, int64_t v) {
    check_bind(sqlite3_bind_int64(stmt_, index, v), db_);
}
void Statement::bind_double(int index, double v) {
    // SQLite binds NaN as NULL: a vector item would vanish and later ones shift, a scalar would
    // read back as None. Refused instead (docs/reliability.md, "NaN").
    if (std::isnan(v))
        throw Error("Cannot store NaN: SQLite would turn it into NULL (use None for a missing value)");
    check_bind(sqlite3_bind_double(stmt_, index, v), db_);
}
void Statement::bind_text(int index, std::string_view v) {
    check_bind(sqlite3_bind_text64(stmt_, index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8), db_);
}
void Statement::bind_null(int index) {
    check_bind(sqlite3_bind_null(stmt_, index), db_);
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    // sqlite3_errmsg reflects the step failure until the statement is reset
    std::string msg = sqlite3_errmsg(db_);
    sqlite3_reset(stmt_);
    throw Error("Failed to execute statement: " + msg);
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string_view Statement::column_text(int i) const {
    const unsigned char* p = sqlite3_column_text(stmt_, i);
    if (!p)
        return {};
    return std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
}

Value Statement::column_value(int i) const {
    switch (sqlite3_column_type(stmt_, i)) {
        case SQLITE_INTEGER: return Value(static_cast<int64_t>(sqlite3_column_int64(stmt_, i)));
        case SQLITE_FLOAT: return Value(sqlite3_column_double(stmt_, i));
        case SQLITE_TEXT: return Value(std::string(column_text(i)));
        case SQLITE_NULL: return Value(Null{});
        default: throw Error("Failed to execute statement: BLOB type not supported");
    }
}

Statement StatementCache::get(const std::string& sql) {
    // Bound the cache: ad-hoc queries with values formatted into the SQL text would otherwise
    // keep one prepared statement per distinct text forever. Idle statements are dropped
    // (re-prepared on next use); statements in use keep their slots.
    if (cache_.size() >= kMaxStatements && cache_.find(sql) == cache_.end())
        clear();
    auto [it, inserted] = cache_.try_emplace(sql, nullptr);
    if (!inserted && it->second) {
        sqlite3_stmt* stmt = it->second;
        it->second = nullptr;  // in use until the Statement returns it
        return Statement(db_, stmt, &it->second);
    }
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()) + 1, SQLITE_PREPARE_PERSISTENT, &stmt,
                                nullptr);
    if (rc != SQLITE_OK) {
        if (inserted)
            cache_.erase(it);
        throw_sqlite("Failed to prepare statement: ", db_);
    }
    // a fresh entry becomes this statement's home; a busy entry keeps its owner and this copy is one-off
    return Statement(db_, stmt, inserted ? &it->second : nullptr);
}

void StatementCache::clear() {
    // entries whose statement is out (slot empty) stay: their Statement returns there
    for (auto it = cache_.begin(); it != cache_.end();) {
        if (it->second) {
            sqlite3_finalize(it->second);
            it = cache_.erase(it);
        } else {
            ++it;
        }
    }
}

Statement prepare_uncached(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()) + 1, &stmt, nullptr) != SQLITE_OK) {
        throw_sqlite("Failed to prepare statement: ", db);
    }
    return Statement(db, stmt, nullptr);
}

const char* skip_space_and_comments(const char* p) {
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
            ++p;
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                ++p;
        } else if (p[0] == '/' && p[1] == '*') {
            if (p[2] == '\0')
                return p;  // a lone "/*" at the end is SQLite's '/' operator, not a comment
            const char* end = std::strstr(p + 2, "*/");
            p = end ? end + 2 : p + std::strlen(p);  // unclosed: a comment to the end, as SQLite reads it
        } else {
            return p;
        }
    }
}

bool only_empty_statements(const char* p) {
    for (p = skip_space_and_comments(p); *p == ';'; p = skip_space_and_comments(p + 1)) {
    }
    return *p == '\0';
}

void append_quoted(std::string& out, std::string_view name) {
    out += '"';
    for (char c : name) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

std::string quote_identifier(std::string_view name) {
    std::string out;
    out.reserve(name.size() + 2);
    append_quoted(out, name);
    return out;
}

}  // namespace quiver
