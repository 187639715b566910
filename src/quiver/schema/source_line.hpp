#pragma once
// Where a table is declared in a schema or migration file, so that a schema error can say
// " (<file>, line <n>)" (docs/schema.md).
#include <string>
#include <string_view>

namespace quiver {

// The 1-based line of the `CREATE [TEMP] TABLE [IF NOT EXISTS] [<schema>.]<table>` statement
// in `sql`: comments and string literals skipped, the name bare or quoted ("", ``, []),
// compared ASCII case-insensitively (as SQLite does). 0 when there is none.
size_t declaration_line(std::string_view sql, std::string_view table);

// `message` + " (<file>, line <n>)" when `table` is declared in `sql`, else " (<file>)".
std::string with_source(const std::string& message, const std::string& file, std::string_view sql,
                        std::string_view table);

}  // namespace quiver
