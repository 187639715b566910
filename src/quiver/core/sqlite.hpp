#pragma once
// Thin RAII helpers over SQLite used by every engine file: a borrowed, cached
// prepared statement that resets itself, and value binding/reading with the
// engine's messages ("Failed to prepare statement: ...", "Failed to execute statement: ...").
#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "quiver/core/value.hpp"

namespace quiver {

class Statement {
public:
    // `home` is the cache slot the statement returns to (nullptr: finalized on destruction).
    Statement(sqlite3* db, sqlite3_stmt* stmt, sqlite3_stmt** home) : db_(db), stmt_(stmt), home_(home) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;
    ~Statement();

    // How bind() passes text on: trimmed of space, tab, CR and LF at both ends (every
    // library write), or verbatim (CSV import: a quoted cell keeps its spaces).
    enum class Text { Trimmed, Verbatim };
    // 1-based parameter index; Null binds NULL.
    void bind(int index, const Value& value, Text text = Text::Trimmed);
    void bind_int(int index, int64_t v);
    void bind_double(int index, double v);
    void bind_text(int index, std::string_view v);  // bound as given (no trim)
    void bind_null(int index);

    // Advance: true when a row is available, false when done. Throws on error.
    bool step();
    // Step until done (for writes).
    void run();
    void reset();

    int column_count() const { return sqlite3_column_count(stmt_); }
    int column_type(int i) const { return sqlite3_column_type(stmt_, i); }
    int64_t column_int(int i) const { return sqlite3_column_int64(stmt_, i); }
    double column_double(int i) const { return sqlite3_column_double(stmt_, i); }
    std::string_view column_text(int i) const;
    // NULL / INTEGER / REAL / TEXT; a BLOB throws "Failed to execute statement: BLOB type not supported".
    Value column_value(int i) const;
    sqlite3_stmt* raw() const { return stmt_; }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_;
    sqlite3_stmt** home_;
};

// Prepared statements cached per connection, keyed by SQL text. Statements are
// prepared with SQLITE_PREPARE_PERSISTENT and handed out as Statement objects that
// reset and clear their bindings when they go out of scope. While a Statement is
// alive its slot is empty, so a nested use of the same SQL (re-entrancy) prepares
// a second copy instead of clobbering the first. Slots are stable (node-based map).
class StatementCache {
public:
    explicit StatementCache(sqlite3* db) : db_(db) {}
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;
    ~StatementCache() { clear(); }
    Statement get(const std::string& sql);
    // Finalize every idle statement (needed before closing, and after DDL).
    void clear();

private:
    static constexpr size_t kMaxStatements = 512;
    sqlite3* db_;
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Prepare a one-off statement (finalized when the Statement dies).
Statement prepare_uncached(sqlite3* db, const std::string& sql);

// Quote an identifier that the schema already knows (tables, columns).
std::string quote_identifier(std::string_view name);
// The same, appended to `out` (no temporary string).
void append_quoted(std::string& out, std::string_view name);

// Where the SQL text at `p` really goes on: after white space and SQL comments, read as
// SQLite's tokenizer reads them (an unclosed `/*...` comment runs to the end).
const char* skip_space_and_comments(const char* p);
// Whether nothing but white space, comments and empty statements (`;`) is left at `p`: the
// text after a statement sqlite3_prepare compiled, which it would ignore unseen.
bool only_empty_statements(const char* p);

[[noreturn]] void throw_sqlite(const char* prefix, sqlite3* db);

}  // namespace quiver
