// database.h: time series groups and time series files (docs/reference/c-api-list.md 3.3.13-3.3.14),
// plus the masked (NULL-aware) group read/write extensions.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "quiver/c/internal.hpp"

using quiver::GroupColumn;
using quiver::Value;
using namespace quiver::c;

namespace {

constexpr int kInteger = QUIVER_DATA_TYPE_INTEGER;
constexpr int kFloat = QUIVER_DATA_TYPE_FLOAT;
constexpr int kString = QUIVER_DATA_TYPE_STRING;
constexpr int kDateTime = QUIVER_DATA_TYPE_DATE_TIME;

bool known_type(int t) {
    return t == kInteger || t == kFloat || t == kString || t == kDateTime;
}

// Frees one column array of `rows` cells allocated by make_column_array.
void free_column_array(void* data, int type, size_t rows) {
    if (!data)
        return;
    switch (type) {
        case kInteger: delete[] static_cast<int64_t*>(data); break;
        case kFloat: delete[] static_cast<double*>(data); break;
        default: free_strings(static_cast<char**>(data), rows); break;
    }
}

// A new[] array of a number column's cells (NULL cells 0).
template <class T>
T* number_array(const GroupColumn& col) {
    const size_t n = col.values.size();
    auto* out = new T[n];
    for (size_t r = 0; r < n; ++r) {
        const T* v = std::get_if<T>(&col.values[r]);
        out[r] = v ? *v : T{};
    }
    return out;
}

// A typed C array for one read column. NULL cells: INTEGER 0, FLOAT 0.0, text NULL pointer;
// `mask` (when given, row_count bytes) gets 1 for a value and 0 for SQL NULL.
void* make_column_array(const GroupColumn& col, uint8_t* mask) {
    const size_t n = col.values.size();
    if (mask) {
        for (size_t r = 0; r < n; ++r)
            mask[r] = quiver::is_null(col.values[r]) ? 0 : 1;
    }
    const int type = data_type_to_c(col.type);
    switch (type) {
        case kInteger: return number_array<int64_t>(col);
        case kFloat: return number_array<double>(col);
        case kString:
        case kDateTime: {
            auto* out = new char*[n]();
            try {
                for (size_t r = 0; r < n; ++r) {
                    const Value& v = col.values[r];
                    if (std::holds_alternative<std::string>(v))
                        out[r] = copy_string(std::get<std::string>(v));
                }
            } catch (...) {
                free_strings(out, n);
                throw;
            }
            return out;
        }
        default: throw quiver::Error("Cannot read_time_series_group: unknown data type " + std::to_string(type));
    }
}

struct TimeSeriesResult {
    char** names = nullptr;
    int* types = nullptr;
    void** data = nullptr;
    uint8_t** masks = nullptr;
    size_t columns = 0;
    size_t rows = 0;

    // frees whatever was built so far (used on failure)
    void release() {
        for (size_t c = 0; c < columns; ++c) {
            if (names)
                delete[] names[c];
            if (data && types)
                free_column_array(data[c], types[c], rows);
            if (masks)
                delete[] masks[c];
        }
        delete[] names;
        delete[] types;
        delete[] data;
        delete[] masks;
        *this = TimeSeriesResult{};
    }
};

TimeSeriesResult build_result(const std::vector<GroupColumn>& cols, bool with_masks) {
    TimeSeriesResult res;
    if (cols.empty() || cols.front().values.empty())
        return res;
    const size_t nc = cols.size();
    const size_t nr = cols.front().values.size();
    try {
        res.names = new char*[nc]();
        res.types = new int[nc]();
        res.data = new void*[nc]();
        if (with_masks)
            res.masks = new uint8_t*[nc]();
        res.columns = nc;
        res.rows = nr;
        for (size_t c = 0; c < nc; ++c) {
            res.types[c] = quiver::c::data_type_to_c(cols[c].type);
            res.names[c] = copy_string(cols[c].name);
            if (with_masks)
                res.masks[c] = new uint8_t[nr];
            res.data[c] = make_column_array(cols[c], with_masks ? res.masks[c] : nullptr);
        }
    } catch (...) {
        res.release();
        throw;
    }
    return res;
}

quiver_error_t read_group(quiver_database_t* db, const char* collection, const char* group, int64_t id,
                          char*** out_column_names, int** out_column_types, void*** out_column_data,
                          uint8_t*** out_column_has_value, size_t* out_column_count, size_t* out_row_count) {
    return with_db(db, [&](quiver::Database& d) {
        // outputs are reset first, so a failure always leaves NULL / 0 behind
        *out_column_names = nullptr;
        *out_column_types = nullptr;
        *out_column_data = nullptr;
        if (out_column_has_value)
            *out_column_has_value = nullptr;
        *out_column_count = 0;
        *out_row_count = 0;
        auto cols = d.read_time_series_group(collection, group, id);
        TimeSeriesResult res = build_result(cols, out_column_has_value != nullptr);
        *out_column_names = res.names;
        *out_column_types = res.types;
        *out_column_data = res.data;
        if (out_column_has_value)
            *out_column_has_value = res.masks;
        *out_column_count = res.columns;
        *out_row_count = res.rows;
    });
}

// Append a number column's cells; a 0 `mask` byte makes a cell SQL NULL.
template <class T>
void append_numbers(GroupColumn& col, const void* data, const uint8_t* mask, size_t row_count) {
    const auto* v = static_cast<const T*>(data);
    for (size_t r = 0; r < row_count; ++r) {
        if (mask && !mask[r]) {
            col.values.emplace_back();
        } else {
            col.values.emplace_back(v[r]);
        }
    }
}

// Column-wise C input -> engine columns. `has_value` may be NULL (every cell present), as
// may each of its entries; a 0 byte makes that cell SQL NULL (its data is not read).
// `column_bytes` non-NULL: string columns are packed (row_count NUL-terminated strings back
// to back in column_bytes[c] bytes) instead of char* arrays.
std::vector<GroupColumn> columns_from_c(const char* const* column_names, const int* column_types,
                                        const void* const* column_data, const uint8_t* const* has_value,
                                        const size_t* column_bytes, size_t column_count, size_t row_count) {
    const std::string prefix = "Cannot update_time_series_group: ";
    std::vector<GroupColumn> cols(column_count);
    for (size_t c = 0; c < column_count; ++c) {
        if (!column_names[c])
            throw quiver::Error(prefix + "column name at index " + std::to_string(c) + " is NULL");
        GroupColumn& col = cols[c];
        col.name = column_names[c];
        const int type = column_types[c];
        col.type = quiver::c::data_type_from_c(type);
        if (row_count == 0)
            continue;
        if (!known_type(type)) {
            // the engine rejects the type code (reported as UNKNOWN); the data is never read
            col.values.assign(row_count, Value{});
            continue;
        }
        const uint8_t* mask = has_value ? has_value[c] : nullptr;
        const void* data = column_data[c];
        if (!data) {
            bool all_null = mask != nullptr;
            for (size_t r = 0; all_null && r < row_count; ++r)
                all_null = mask[r] == 0;
            if (!all_null)
                throw quiver::Error(prefix + "column data for '" + col.name + "' is NULL");
            col.values.assign(row_count, Value{});
            continue;
        }
        col.values.reserve(row_count);
        switch (type) {
            case kInteger: append_numbers<int64_t>(col, data, mask, row_count); break;
            case kFloat: append_numbers<double>(col, data, mask, row_count); break;
            default: {
                if (column_bytes) {
                    const char* p = static_cast<const char*>(data);
                    const char* end = p + column_bytes[c];
                    for (size_t r = 0; r < row_count; ++r) {
                        const void* nul = p < end ? std::memchr(p, '\0', static_cast<size_t>(end - p)) : nullptr;
                        if (!nul) {
                            throw quiver::Error(prefix + "packed column '" + col.name + "' holds fewer than " +
                                                std::to_string(row_count) + " strings");
                        }
                        const char* q = static_cast<const char*>(nul);
                        if (mask && !mask[r]) {
                            col.values.emplace_back();
                        } else {
                            col.values.emplace_back(std::string(p, static_cast<size_t>(q - p)));
                        }
                        p = q + 1;
                    }
                    if (p != end) {
                        throw quiver::Error(prefix + "packed column '" + col.name + "' holds more than " +
                                            std::to_string(row_count) + " strings");
                    }
                    break;
                }
                const auto* v = static_cast<const char* const*>(data);
                for (size_t r = 0; r < row_count; ++r) {
                    if (mask && !mask[r]) {
                        col.values.emplace_back();
                    } else if (!v[r]) {
                        throw quiver::Error(prefix + "NULL string in column '" + col.name + "' at row " +
                                            std::to_string(r));
                    } else {
                        col.values.emplace_back(std::string(v[r]));
                    }
                }
                break;
            }
        }
    }
    return cols;
}

quiver_error_t update_group(quiver_database_t* db, const char* collection, const char* group, int64_t id,
                            const char* const* column_names, const int* column_types, const void* const* column_data,
                            const uint8_t* const* column_has_value, const size_t* column_bytes, size_t column_count,
                            size_t row_count) {
    return with_db(db, [&](quiver::Database& d) {
        if (column_count == 0) {
            // clear (row_count 0), or the engine's "column_count must be > 0" error
            d.update_time_series_group(collection, group, id, {}, row_count);
            return;
        }
        if (!column_names || !column_types || !column_data) {
            throw quiver::Error(
                "Cannot update_time_series_group: column_names, column_types, and column_data must be non-null "
                "when column_count > 0");
        }
        auto cols = columns_from_c(column_names, column_types, column_data, column_has_value, column_bytes,
                                   column_count, row_count);
        d.update_time_series_group(collection, group, id, cols, row_count);
    });
}

}  // namespace

extern "C" {

// ---- time series groups ----

QUIVER_C_API quiver_error_t quiver_database_read_time_series_group(quiver_database_t* db, const char* collection,
                                                                   const char* group, int64_t id,
                                                                   char*** out_column_names, int** out_column_types,
                                                                   void*** out_column_data, size_t* out_column_count,
                                                                   size_t* out_row_count) {
    QUIVER_REQUIRE(db, collection, group, out_column_names, out_column_types, out_column_data, out_column_count,
                   out_row_count);
    return read_group(db, collection, group, id, out_column_names, out_column_types, out_column_data, nullptr,
                      out_column_count, out_row_count);
}

QUIVER_C_API quiver_error_t quiver_database_update_time_series_group(
    quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names,
    const int* column_types, const void* const* column_data, size_t column_count, size_t row_count) {
    QUIVER_REQUIRE(db, collection, group);
    return update_group(db, collection, group, id, column_names, column_types, column_data, nullptr, nullptr,
                        column_count, row_count);
}

QUIVER_C_API quiver_error_t quiver_database_free_time_series_data(char** column_names, int* column_types,
                                                                  void** column_data, size_t column_count,
                                                                  size_t row_count) {
    return guard([&] {
        if (!column_names && !column_data)
            return;
        if (column_data && column_count > 0 && !column_types) {
            throw quiver::Error("Cannot free_time_series_data: column_types is NULL");
        }
        // check every type code before freeing anything, so a bad call frees nothing
        if (column_data) {
            for (size_t c = 0; c < column_count; ++c) {
                if (column_data[c] && !known_type(column_types[c])) {
                    throw quiver::Error("Cannot free_time_series_data: unknown data type " +
                                        std::to_string(column_types[c]));
                }
            }
        }
        if (column_names)
            free_strings(column_names, column_count);
        if (column_data) {
            for (size_t c = 0; c < column_count; ++c)
                free_column_array(column_data[c], column_types[c], row_count);
            delete[] column_data;
        }
        delete[] column_types;
    });
}

// ---- time series files ----

QUIVER_C_API quiver_error_t quiver_database_has_time_series_files(quiver_database_t* db, const char* collection,
                                                                  int* out_result) {
    QUIVER_REQUIRE(db, collection, out_result);
    return call<&quiver::Database::has_time_series_files>(db, to_value(out_result), collection);
}

QUIVER_C_API quiver_error_t quiver_database_list_time_series_files_columns(quiver_database_t* db,
                                                                           const char* collection, char*** out_columns,
                                                                           size_t* out_count) {
    QUIVER_REQUIRE(db, collection, out_columns, out_count);
    return call<&quiver::Database::list_time_series_files_columns>(db, to_array(out_columns, out_count), collection);
}

QUIVER_C_API quiver_error_t quiver_database_list_time_series_files_columns_declared(quiver_database_t* db,
                                                                                    const char* collection,
                                                                                    char*** out_columns,
                                                                                    size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_columns);
    QUIVER_REQUIRE(out_count);
    return with_db(db, [&](quiver::Database& d) {
        auto names = d.list_time_series_files_columns_declared(collection);
        char** out = copy_strings(names);
        *out_columns = out;
        *out_count = names.size();
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_time_series_files(quiver_database_t* db, const char* collection,
                                                                   char*** out_columns, char*** out_paths,
                                                                   size_t* out_count) {
    QUIVER_REQUIRE(db, collection, out_columns, out_paths, out_count);
    return with_db(db, [&](quiver::Database& d) {
        auto files = d.read_time_series_files(collection);
        if (files.empty()) {
            *out_columns = nullptr;
            *out_paths = nullptr;
            *out_count = 0;
            return;
        }
        const size_t n = files.size();
        char** columns = new char*[n]();
        char** paths = nullptr;
        try {
            paths = new char*[n]();
            for (size_t i = 0; i < n; ++i) {
                columns[i] = copy_string(files[i].first);
                if (files[i].second)
                    paths[i] = copy_string(*files[i].second);
            }
        } catch (...) {
            free_strings(columns, n);
            free_strings(paths, n);
            throw;
        }
        *out_columns = columns;
        *out_paths = paths;
        *out_count = n;
    });
}

QUIVER_C_API quiver_error_t quiver_database_update_time_series_files(quiver_database_t* db, const char* collection,
                                                                     const char* const* columns,
                                                                     const char* const* paths, size_t count) {
    QUIVER_REQUIRE(db, collection);
    if (count > 0 && (!columns || !paths)) {
        quiver::c::set_last_error("Null columns or paths with non-zero count");
        return QUIVER_ERROR;
    }
    return with_db(db, [&](quiver::Database& d) {
        std::vector<std::pair<std::string, std::optional<std::string>>> data;
        data.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            if (!columns[i]) {
                throw quiver::Error("Cannot update_time_series_files: column name at index " + std::to_string(i) +
                                    " is NULL");
            }
            std::optional<std::string> path;
            if (paths[i])
                path = std::string(paths[i]);
            data.emplace_back(columns[i], std::move(path));
        }
        d.update_time_series_files(collection, data);
    });
}

QUIVER_C_API quiver_error_t quiver_database_free_time_series_files(char** columns, char** paths, size_t count) {
    QUIVER_REQUIRE(columns, paths);
    free_strings(columns, count);
    free_strings(paths, count);
    return QUIVER_OK;
}

// ===== Extensions beyond upstream 0.5.0: time series NULL cells =====

QUIVER_C_API quiver_error_t quiver_database_read_time_series_group_masked(
    quiver_database_t* db, const char* collection, const char* group, int64_t id, char*** out_column_names,
    int** out_column_types, void*** out_column_data, uint8_t*** out_column_has_value, size_t* out_column_count,
    size_t* out_row_count) {
    QUIVER_REQUIRE(db, collection, group, out_column_names, out_column_types, out_column_data, out_column_has_value,
                   out_column_count, out_row_count);
    return read_group(db, collection, group, id, out_column_names, out_column_types, out_column_data,
                      out_column_has_value, out_column_count, out_row_count);
}

QUIVER_C_API quiver_error_t quiver_database_free_time_series_masks(uint8_t** column_has_value, size_t column_count) {
    if (!column_has_value)
        return QUIVER_OK;
    for (size_t c = 0; c < column_count; ++c)
        delete[] column_has_value[c];
    delete[] column_has_value;
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_update_time_series_group_masked(
    quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names,
    const int* column_types, const void* const* column_data, const uint8_t* const* column_has_value,
    size_t column_count, size_t row_count) {
    QUIVER_REQUIRE(db, collection, group);
    return update_group(db, collection, group, id, column_names, column_types, column_data, column_has_value, nullptr,
                        column_count, row_count);
}

QUIVER_C_API quiver_error_t quiver_database_update_time_series_group_packed(
    quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names,
    const int* column_types, const void* const* column_data, const size_t* column_bytes,
    const uint8_t* const* column_has_value, size_t column_count, size_t row_count) {
    QUIVER_REQUIRE(db, collection, group);
    if (column_count > 0 && !column_bytes) {
        quiver::c::set_last_error(
            "Cannot update_time_series_group: column_bytes must be non-null when column_count > 0");
        return QUIVER_ERROR;
    }
    return update_group(db, collection, group, id, column_names, column_types, column_data, column_has_value,
                        column_bytes, column_count, row_count);
}

}  // extern "C"
