#pragma once
// CSV text helpers shared by export and import (docs/reference/csv.md 3.6, 4.2): field quoting, the
// file reader (sep= line, semicolon files, BOM, trailing empty columns, quoted fields),
// strict number parsing/formatting and the enum-label lookups built from CSVOptions.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace quiver {

struct CSVOptions;
struct TableInfo;
class Database;

// The table a CSV call works on: the collection for group "", else its vector, set or
// time-series group (tried in that order). Errors: `Cannot <op>: collection not found: <C>`,
// `Cannot <op>: group not found: '<g>' in collection '<C>'`.
const TableInfo& csv_target_table(Database& db, const char* op, const std::string& collection,
                                  const std::string& group);

namespace csv {

// ---- writing ----
// Append `field` to `out`, quoted when a plain field would not read back unchanged:
// empty text, or any of `,` `"` space, tab, CR, LF (import trims unquoted cells).
void append_field(std::string& out, std::string_view field);
// Shortest text that reads back as the same double (std::to_chars); `inf`, `-inf`.
void append_double(std::string& out, double value);
void append_int(std::string& out, int64_t value);

// ---- reading ----
// A parsed file keeps its bytes in one buffer and every cell is a view into it (unescaped in
// place), so a file costs its size plus one small cell record per field: an import of a
// million rows does not hold a string object per cell.
struct Cell {
    std::string_view text;  // unquoted cells: trimmed (space, tab, CR, LF); quoted cells: verbatim
    bool quoted = false;    // the field started with `"`
    bool empty() const { return text.empty() && !quoted; }
};

class Table {
public:
    std::vector<std::string> header;  // names as written (not trimmed)

    size_t row_count() const { return row_start_.empty() ? 0 : row_start_.size() - 1; }
    size_t row_size(size_t r) const { return row_start_[r + 1] - row_start_[r]; }
    Cell* row(size_t r) { return cells_.data() + row_start_[r]; }
    const Cell* row(size_t r) const { return cells_.data() + row_start_[r]; }

private:
    friend Table parse(std::string content);
    std::unique_ptr<std::string> buffer_;  // the file's bytes; cells point into it (a move keeps them)
    std::vector<Cell> cells_;              // data cells, row after row
    std::vector<size_t> row_start_;        // row r is cells_[row_start_[r], row_start_[r + 1])
};

// Parse the raw bytes of a CSV file (docs/reference/csv.md 4.2): drops a BOM and the `sep=` line, handles
// semicolon files and strips trailing empty columns. Throws Error("Cannot import_csv: ...")
// only for an unterminated quoted field; the caller checks emptiness and row widths.
Table parse(std::string content);

// Strict parsers: the whole text (surrounding whitespace allowed) must be the number.
std::optional<int64_t> parse_int(std::string_view text);
// Decimal or hexadecimal floats, `inf`/`infinity`; `nan` and out-of-range values fail.
std::optional<double> parse_double(std::string_view text);

// ---- enum labels (docs/reference/csv.md 2, 3.5, 5.3) ----
class EnumLabels {
public:
    explicit EnumLabels(const CSVOptions& options);
    bool has(const std::string& column) const { return columns_.count(column) != 0; }
    // export: first label (locale order, then label order) whose value is `value`
    const std::string* label_for(const std::string& column, int64_t value) const;
    // import: the first label equal to `label`, else the first one equal ignoring ASCII case
    std::optional<int64_t> value_for(const std::string& column, std::string_view label) const;

private:
    struct Column {
        std::vector<std::pair<std::string, int64_t>> entries;  // merged, in order
        std::unordered_map<int64_t, size_t> by_value;          // first entry per value
        std::unordered_map<std::string, int64_t> by_lower;     // first entry per lower-cased label
    };
    std::unordered_map<std::string, Column> columns_;
};

}  // namespace csv
}  // namespace quiver
