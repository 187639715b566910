#pragma once
// Columnar reads (issue 15, read side): every requested scalar attribute of a collection, or
// every row of a time series group, in ONE SQL scan into typed column buffers with validity.
// The C layer (src/quiver/c/columns.cpp) hands these buffers to the caller without copying
// them; numpy, pandas and Arrow views are built on top of them.
//
// Storage per column (ColumnBuffer::storage):
//   Int64        INTEGER columns: `ints`; a NULL cell holds 0
//   Float64      REAL columns: `floats` (INTEGER cells widened); a NULL cell holds NaN
//   Text         TEXT columns (and DATE_TIME columns when dates are kept as text): `text` holds
//                every value followed by '\0' (a value is cut at its first NUL), `offsets` has
//                rows + 1 entries, value i starts at offsets[i] and has
//                offsets[i + 1] - offsets[i] - 1 bytes; a NULL cell is ""
//   TimestampNs  DATE_TIME columns parsed into nanoseconds since 1970-01-01T00:00:00 (UTC, no
//                time zone) in `ints`; a NULL cell holds INT64_MIN (numpy's NaT)
// `validity` has one byte per row (1 value, 0 SQL NULL or a cell of another storage class) and
// is empty when the column has no NULL (null_count == 0).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "quiver/core/value.hpp"

struct sqlite3;

namespace quiver {

class Database;

enum class ColumnStorage { Int64 = 0, Float64 = 1, Text = 2, TimestampNs = 3 };

struct ColumnBuffer {
    std::string name;
    DataType type = DataType::Text;  // the schema's type of the column
    ColumnStorage storage = ColumnStorage::Text;
    std::vector<int64_t> ints;
    std::vector<double> floats;
    std::string text;
    std::vector<int64_t> offsets;
    std::vector<uint8_t> validity;
    size_t null_count = 0;
};

struct ColumnSet {
    size_t rows = 0;
    std::vector<ColumnBuffer> columns;
};

// The id column ("id", Int64) first, then `attributes` (nullopt: every column of the collection
// but id, in declaration order; "id" in the list is skipped, it is always the first column).
// Rows in id order. Errors name the collection / attribute:
//   "Cannot read_columns: collection not found: <c>"
//   "Cannot read_columns: column '<a>' not found in table '<c>'"
//   "Cannot read_columns: attribute '<a>' given more than once"
// A stored DATE_TIME text that is not a date-time (or outside datetime64[ns]) reads as NaT
// (validity 0): a stored value never makes a read fail.
// Registers the aggregate quiver_collect() read_columns scans with, on a new connection.
void register_column_functions(sqlite3* db);

ColumnSet read_columns(Database& db, const std::string& collection,
                       const std::optional<std::vector<std::string>>& attributes, bool dates_as_timestamps);

// Every row of time series group `group` of `collection`: columns id, the dimension column,
// then the value columns by name. Rows by id, then dimension. `ids` (nullopt: every element)
// keeps the order given (duplicates once); `start` <= dimension < `end` when given (text
// comparison of the stored form, e.g. "2024-01-01T00:00:00"). Errors as
// get_time_series_metadata (collection / group not found); dates as above.
ColumnSet read_time_series_columns(Database& db, const std::string& collection, const std::string& group,
                                   const std::optional<std::vector<int64_t>>& ids,
                                   const std::optional<std::string>& start, const std::optional<std::string>& end,
                                   bool dates_as_timestamps);

}  // namespace quiver
