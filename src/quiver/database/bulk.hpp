#pragma once
// Bulk entry points (issue 15, the write side): every row of a query, many elements created
// in one call and one transaction, many time series replaced in one call. Free functions over
// Database (not members) so the class stays as it is; the C API (bulk.h) and Lua call them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quiver/core/value.hpp"
#include "quiver/database/element.hpp"

namespace quiver {

class Database;

namespace bulk {

// Every row of the first statement of `sql`; cells row-major (cells[r * columns.size() + c]),
// NULL / INTEGER / REAL / TEXT as stored, a BLOB cell is an error. The number of `params` must
// equal the statement's parameter count:
// "Cannot query: the SQL has <n> parameters but <m> were given (SQL: ...)".
struct Rows {
    std::vector<std::string> columns;
    std::vector<Value> cells;
    size_t row_count() const { return columns.empty() ? 0 : cells.size() / columns.size(); }
};
Rows query_rows(Database& db, const std::string& sql, const std::vector<Value>& params);

// One column of a bulk write, borrowed from the caller (nothing is copied). `type`: the kind of
// its data (Integer: ints, Real: floats, Text / DateTime: texts); nullopt: every cell NULL.
// A scalar column has one cell per row (`has_value` null = every cell present). A list column
// (`offsets` set, row_count + 1 entries) gives row r the items [offsets[r], offsets[r + 1]).
struct Column {
    std::string name;
    std::optional<DataType> type;
    const int64_t* ints = nullptr;
    const double* floats = nullptr;
    std::vector<std::string_view> texts;
    const uint8_t* has_value = nullptr;
    const int64_t* offsets = nullptr;
    bool present(size_t i) const { return has_value == nullptr || has_value[i] != 0; }
};

// Creates `row_count` elements of `collection` in one transaction; returns their ids in row
// order. Scalar columns are checked once per column (name, type) and cell by cell (labels of
// foreign keys resolved, floats for INTEGER columns must be whole numbers, labels unique in the
// call) before anything is written. List columns go to the vector, set and time-series tables
// as create_element routes them (an empty list is ignored). All or nothing; messages:
// "Cannot create_elements: element <r>, column '<c>': ..." (r 0-based).
std::vector<int64_t> create_elements(Database& db, const std::string& collection, const std::vector<Column>& columns,
                                     size_t row_count);

// create_element for each element in one transaction (the Lua binding's rows); a failure names
// the element: "Cannot create_elements: element <r>: <create_element's message>".
std::vector<int64_t> create_elements(Database& db, const std::string& collection, const std::vector<Element>& elements,
                                     bool widen_integers);

// Replaces, in one transaction, the rows of time series group `group` of every element the
// frame names: row r belongs to element ids[r] (or, with ids empty, to the element labelled
// labels[r]). `columns` are the dimension and value columns as update_time_series_group takes
// them; each element keeps the frame's row order.
void update_time_series_frame(Database& db, const std::string& collection, const std::string& group,
                              const std::vector<int64_t>& ids, const std::vector<std::string_view>& labels,
                              const std::vector<Column>& columns, size_t row_count);

// Scalar attributes of every element of `collection` in one scan (SELECT id, <attributes> ...
// ORDER BY rowid): names[0] is "id", then the attributes asked for (every scalar attribute by
// name when `attributes` is empty); cells typed by the column (REAL widens integers, NULL as
// Null). Errors: collection not found, "Cannot read_columns: attribute '<a>' not found in
// collection '<C>'".
struct ColumnsRead {
    std::vector<std::string> names;
    std::vector<std::vector<Value>> values;
};
ColumnsRead read_columns(Database& db, const std::string& collection, const std::vector<std::string>& attributes);

}  // namespace bulk
}  // namespace quiver
