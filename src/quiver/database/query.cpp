// Ad-hoc SQL queries: query() runs the first statement of `sql` with positional
// parameters and returns the first column of the first row. The typed helpers apply
// the reader rules of docs/reference/database-api.md §7.1 (with the later-upstream widening of
// INTEGER results for float reads); the C API and the Lua bindings both use them.
#include <cctype>
#include <optional>
#include <string>

#include "quiver/core/error.hpp"
#include "quiver/database/database.hpp"

namespace quiver {

namespace {

// Messages keep upstream's prefix (substring matches still work) and name the SQL.
// The first keyword of `sql`, upper-cased (leading blanks skipped).
std::string first_keyword(const std::string& sql) {
    size_t i = sql.find_first_not_of(" \t\r\n");
    std::string word;
    for (; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i) {
        word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
    }
    return word;
}

std::string with_sql(const std::string& message, const std::string& sql) {
    constexpr size_t kMaxShown = 1000;
    std::string shown = sql.size() > kMaxShown ? sql.substr(0, kMaxShown) + "..." : sql;
    return message + " (SQL: " + shown + ")";
}

}  // namespace

Value Database::query(const std::string& sql, const std::vector<Value>& params) {
    // Statements are cached by SQL text; only the first statement of `sql` is prepared.
    refusal_.clear();
    // a statement the authorizer refused says what was refused and why (guard.cpp)
    auto explained = [&](const Error& e) {
        std::string refusal = take_refusal();
        if (refusal.empty())
            return with_sql(e.what(), sql);
        // VACUUM INTO attaches its target: name the statement the caller wrote
        if (refusal.rfind("ATTACH", 0) == 0 && first_keyword(sql) == "VACUUM")
            refusal.replace(0, 6, "VACUUM INTO");
        return with_sql(std::string(e.what()) + ": " + refusal, sql);
    };
    std::optional<Statement> stmt;
    try {
        stmt.emplace(prepare(sql));
    } catch (const Error& e) {
        throw Error(explained(e));
    }
    if (stmt->raw() == nullptr) {
        // empty, whitespace-only or comment-only text: SQLite prepares nothing
        throw Error(
            with_sql("Failed to execute statement: the SQL contains no statement (empty or only comments)", sql));
    }
    // read-only databases: SQLite itself refuses writes ("attempt to write a readonly database"),
    // which still allows TEMP tables
    // a count mismatch is refused (upstream 0.5.0 ignored surplus parameters and left missing
    // ones NULL, so a value could silently go unused)
    const auto expected = static_cast<size_t>(sqlite3_bind_parameter_count(stmt->raw()));
    if (params.size() != expected) {
        throw Error(with_sql("Failed to bind parameters: the SQL has " + std::to_string(expected) +
                                 " parameter(s), got " + std::to_string(params.size()),
                             sql));
    }
    for (size_t i = 0; i < params.size(); ++i)
        stmt->bind(static_cast<int>(i + 1), params[i]);
    Value first;
    try {
        // upstream fetches every row (side effects of later rows happen; a BLOB anywhere fails)
        bool first_row = true;
        while (stmt->step()) {
            int columns = stmt->column_count();
            for (int c = 0; c < columns; ++c) {
                if (stmt->column_type(c) == SQLITE_BLOB) {
                    throw Error("Failed to execute statement: BLOB type not supported");
                }
            }
            if (first_row && columns > 0)
                first = stmt->column_value(0);
            first_row = false;
        }
    } catch (const Error& e) {
        throw Error(explained(e));
    }
    if (logger_.enabled(LogLevel::Debug))
        logger_.debug("Query executed: " + sql);
    return first;
}

std::optional<std::string> Database::query_string(const std::string& sql, const std::vector<Value>& params) {
    Value v = query(sql, params);
    if (auto* s = std::get_if<std::string>(&v))
        return std::move(*s);
    return std::nullopt;
}

std::optional<int64_t> Database::query_integer(const std::string& sql, const std::vector<Value>& params) {
    Value v = query(sql, params);
    if (auto* i = std::get_if<int64_t>(&v))
        return *i;
    return std::nullopt;  // (quirk) a REAL result is not truncated
}

std::optional<double> Database::query_float(const std::string& sql, const std::vector<Value>& params) {
    Value v = query(sql, params);
    if (auto* d = std::get_if<double>(&v))
        return *d;
    // later upstream: INTEGER results widen (query_float("SELECT COUNT(*) ...") is a number)
    if (auto* i = std::get_if<int64_t>(&v))
        return static_cast<double>(*i);
    return std::nullopt;
}

}  // namespace quiver
