// C API: scalar/vector/set reads, element ids, the free functions for read results
// (docs/reference/c-api-list.md 3.3.5-3.3.11, 3.3.15) and the reads extensions (number_of_elements,
// column-wise composite readers, packed strings, quiver_database_free_columns).
//
// Outputs are written only on success; empty results are count 0 with NULL arrays
// (bulk vector/set reads: outer array AND sizes NULL). Every block handed out is
// allocated with new[] and released by the matching quiver_database_free_* function.
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "quiver/c/internal.hpp"

using quiver::Database;
using namespace quiver::c;

namespace {

// ---- nested arrays (bulk vector/set reads) ----

template <class T>
quiver_error_t free_nested(typename Flat<T>::type* vectors, size_t* sizes, size_t count) {
    QUIVER_REQUIRE(vectors, sizes);
    for (size_t i = 0; i < count; ++i)
        Flat<T>::release(vectors[i], sizes[i]);
    delete[] vectors;
    delete[] sizes;
    return QUIVER_OK;
}

// std::vector<std::vector<T>> -> (outer array, sizes, count)
template <class Inner>
auto to_nested(Inner** out_vectors, size_t** out_sizes, size_t* out_count) {
    return [=](const auto& groups) {
        using T = typename std::decay_t<decltype(groups)>::value_type::value_type;
        if (groups.empty()) {
            *out_vectors = nullptr;
            *out_sizes = nullptr;
            *out_count = 0;
            return;
        }
        const size_t n = groups.size();
        std::unique_ptr<size_t[]> sizes(new size_t[n]());
        std::unique_ptr<Inner[]> outer(new Inner[n]());
        size_t done = 0;
        try {
            for (; done < n; ++done) {
                outer[done] = Flat<T>::make(groups[done]);
                sizes[done] = groups[done].size();
            }
        } catch (...) {
            for (size_t i = 0; i < done; ++i)
                Flat<T>::release(outer[i], sizes[i]);
            throw;
        }
        *out_vectors = outer.release();
        *out_sizes = sizes.release();
        *out_count = n;
    };
}

// ---- columns (composite extensions) ----

void free_column(quiver_column_t& c) {
    delete[] c.name;
    if (c.values) {
        if (c.data_type == QUIVER_DATA_TYPE_INTEGER) {
            delete[] static_cast<int64_t*>(c.values);
        } else if (c.data_type == QUIVER_DATA_TYPE_FLOAT) {
            delete[] static_cast<double*>(c.values);
        } else {
            free_strings(static_cast<char**>(c.values), c.count);
        }
    }
    delete[] c.has_value;
    c = quiver_column_t{};
}

void free_columns(quiver_column_t* columns, size_t count) {
    for (size_t i = 0; i < count; ++i)
        free_column(columns[i]);
    delete[] columns;
}

// A new[] array of the cells' values in c.values: `get` returns a cell's value, or nullopt for a
// missing one (left 0 / NULL, has_value 0).
template <class T, class Get>
void fill_cells(quiver_column_t& c, std::span<const quiver::Value> cells, Get get) {
    auto* v = new T[cells.size()]();
    c.values = v;
    c.count = cells.size();  // free_column skips the string entries not filled yet
    for (size_t i = 0; i < cells.size(); ++i) {
        if (std::optional<T> value = get(cells[i])) {
            v[i] = *value;
            c.has_value[i] = 1;
        }
    }
}

// Fill `c` (zero-initialised) from cells of metadata type `type`; throws after partial fill
// (the caller frees the column).
void fill_column(quiver_column_t& c, const std::string& name, int type, std::span<const quiver::Value> cells) {
    using quiver::Value;
    c.data_type = type;
    c.name = copy_string(name);
    if (cells.empty())
        return;
    c.has_value = new uint8_t[cells.size()]();
    if (type == QUIVER_DATA_TYPE_INTEGER) {
        fill_cells<int64_t>(c, cells, [](const Value& cell) -> std::optional<int64_t> {
            if (const auto* p = std::get_if<int64_t>(&cell))
                return *p;
            return std::nullopt;
        });
    } else if (type == QUIVER_DATA_TYPE_FLOAT) {
        fill_cells<double>(c, cells, [](const Value& cell) -> std::optional<double> {
            if (const auto* p = std::get_if<double>(&cell))
                return *p;
            if (const auto* q = std::get_if<int64_t>(&cell))
                return static_cast<double>(*q);
            return std::nullopt;
        });
    } else {
        fill_cells<char*>(c, cells, [](const Value& cell) -> std::optional<char*> {
            if (const auto* p = std::get_if<std::string>(&cell))
                return copy_string(*p);
            return std::nullopt;
        });
    }
}

// one group column, or one (metadata, value) cell of read_scalars_by_id as a column of one row
void fill_column(quiver_column_t& c, const quiver::GroupColumn& col) {
    fill_column(c, col.name, data_type_to_c(col.type), col.values);
}

void fill_column(quiver_column_t& c, const std::pair<quiver::ScalarMetadata, quiver::Value>& cell) {
    fill_column(c, cell.first.name, data_type_to_c(cell.first.data_type), std::span(&cell.second, 1));
}

// columns -> (array of quiver_column_t, count)
auto to_columns(quiver_column_t** out_columns, size_t* out_count) {
    return [=](const auto& cols) {
        if (cols.empty()) {
            *out_columns = nullptr;
            *out_count = 0;
            return;
        }
        const size_t n = cols.size();
        quiver_column_t* out = new quiver_column_t[n]();
        try {
            for (size_t i = 0; i < n; ++i)
                fill_column(out[i], cols[i]);
        } catch (...) {
            free_columns(out, n);
            throw;
        }
        *out_columns = out;
        *out_count = n;
    };
}

// ---- packed strings (extension) ----
// NUL-terminated strings back to back in one new[] block (NULL when no bytes); each string is
// cut at its first NUL, where a C string ends.

size_t cut_length(const std::string& s) {
    size_t nul = s.find('\0');
    return nul == std::string::npos ? s.size() : nul;
}

size_t packed_bytes(const std::vector<std::string>& values) {
    size_t bytes = 0;
    for (const auto& v : values)
        bytes += cut_length(v) + 1;
    return bytes;
}

char* pack_into(char* p, const std::vector<std::string>& values) {
    for (const auto& v : values) {
        size_t n = cut_length(v);
        std::memcpy(p, v.data(), n);
        p += n;
        *p++ = '\0';
    }
    return p;
}

// std::vector<std::vector<std::string>> -> (data, bytes, strings per group, group count)
auto to_packed(char** out_data, size_t* out_bytes, size_t** out_sizes, size_t* out_count) {
    return [=](const std::vector<std::vector<std::string>>& groups) {
        if (groups.empty()) {
            *out_data = nullptr;
            *out_bytes = 0;
            *out_sizes = nullptr;
            *out_count = 0;
            return;
        }
        size_t bytes = 0;
        for (const auto& g : groups)
            bytes += packed_bytes(g);
        std::unique_ptr<size_t[]> sizes(new size_t[groups.size()]);
        std::unique_ptr<char[]> data(bytes ? new char[bytes] : nullptr);
        char* p = data.get();
        for (size_t i = 0; i < groups.size(); ++i) {
            sizes[i] = groups[i].size();
            p = pack_into(p, groups[i]);
        }
        *out_data = data.release();
        *out_bytes = bytes;
        *out_sizes = sizes.release();
        *out_count = groups.size();
    };
}

}  // namespace

// The read entries come in families of one shape: each family is written once below and stamped
// per engine reader, as the Lua side does with QUIVER_LUA_READER. The parameter names are
// database.h's, so the NULL-argument messages name them.

// (collection, attribute) -> every element's values
#define QUIVER_C_READ_ALL(name, Values)                                                                               \
    QUIVER_C_API quiver_error_t quiver_database_##name(quiver_database_t* db, const char* collection,                 \
                                                       const char* attribute, Values out_values, size_t* out_count) { \
        QUIVER_REQUIRE(db, collection, attribute, out_values, out_count);                                             \
        return call<&Database::name>(db, to_array(out_values, out_count), collection, attribute);                     \
    }

// (collection, attribute) -> one array per element that has rows
#define QUIVER_C_READ_GROUPS(name, Values, out)                                                               \
    QUIVER_C_API quiver_error_t quiver_database_##name(quiver_database_t* db, const char* collection,         \
                                                       const char* attribute, Values out, size_t** out_sizes, \
                                                       size_t* out_count) {                                   \
        QUIVER_REQUIRE(db, collection, attribute, out, out_sizes, out_count);                                 \
        return call<&Database::name>(db, to_nested(out, out_sizes, out_count), collection, attribute);        \
    }

// (collection, attribute, id) -> one element's value, if it has one
#define QUIVER_C_READ_ONE(name, Value)                                                                      \
    QUIVER_C_API quiver_error_t quiver_database_##name(quiver_database_t* db, const char* collection,       \
                                                       const char* attribute, int64_t id, Value* out_value, \
                                                       int* out_has_value) {                                \
        QUIVER_REQUIRE(db, collection, attribute, out_value, out_has_value);                                \
        return call<&Database::name>(db, to_optional(out_value, out_has_value), collection, attribute, id); \
    }

// (collection, attribute, id) -> one element's vector or set
#define QUIVER_C_READ_ONE_ARRAY(name, Values)                                                                \
    QUIVER_C_API quiver_error_t quiver_database_##name(quiver_database_t* db, const char* collection,        \
                                                       const char* attribute, int64_t id, Values out_values, \
                                                       size_t* out_count) {                                  \
        QUIVER_REQUIRE(db, collection, attribute, out_values, out_count);                                    \
        return call<&Database::name>(db, to_array(out_values, out_count), collection, attribute, id);        \
    }

// (collection, group, id) -> one element's rows of one vector or set group, column-wise. The C name
// differs from the member's: upstream 0.9.15 has quiver_database_read_vector_group_by_id /
// _read_set_group_by_id with another signature (database.h), so ours are *_group_columns_by_id.
#define QUIVER_C_READ_GROUP_COLUMNS(c_name, member)                                                                    \
    QUIVER_C_API quiver_error_t quiver_database_##c_name(quiver_database_t* db, const char* collection,                \
                                                         const char* group, int64_t id, quiver_column_t** out_columns, \
                                                         size_t* out_column_count) {                                   \
        QUIVER_REQUIRE(db, collection, group, out_columns, out_column_count);                                          \
        return call<&Database::member>(db, to_columns(out_columns, out_column_count), collection, group, id);          \
    }

// (collection, id) -> one element's scalars, vectors or sets, column-wise
#define QUIVER_C_READ_ROW_COLUMNS(name)                                                                           \
    QUIVER_C_API quiver_error_t quiver_database_##name(quiver_database_t* db, const char* collection, int64_t id, \
                                                       quiver_column_t** out_columns, size_t* out_column_count) { \
        QUIVER_REQUIRE(db, collection, out_columns, out_column_count);                                            \
        return call<&Database::name>(db, to_columns(out_columns, out_column_count), collection, id);              \
    }

// (collection, attribute) -> every element's strings, packed
#define QUIVER_C_READ_PACKED_GROUPS(name, read)                                                                        \
    QUIVER_C_API quiver_error_t quiver_database_##name(quiver_database_t* db, const char* collection,                  \
                                                       const char* attribute, char** out_data, size_t* out_bytes,      \
                                                       size_t** out_sizes, size_t* out_count) {                        \
        QUIVER_REQUIRE(db, collection, attribute, out_data, out_bytes, out_sizes, out_count);                          \
        return call<&Database::read>(db, to_packed(out_data, out_bytes, out_sizes, out_count), collection, attribute); \
    }

extern "C" {

// ===== Scalar, vector and set reads of every element =====

QUIVER_C_READ_ALL(read_scalar_integers, int64_t**)
QUIVER_C_READ_ALL(read_scalar_floats, double**)
QUIVER_C_READ_ALL(read_scalar_strings, char***)
QUIVER_C_READ_GROUPS(read_vector_integers, int64_t***, out_vectors)
QUIVER_C_READ_GROUPS(read_vector_floats, double***, out_vectors)
QUIVER_C_READ_GROUPS(read_vector_strings, char****, out_vectors)
QUIVER_C_READ_GROUPS(read_set_integers, int64_t***, out_sets)
QUIVER_C_READ_GROUPS(read_set_floats, double***, out_sets)
QUIVER_C_READ_GROUPS(read_set_strings, char****, out_sets)

// ===== Reads of one element =====

QUIVER_C_READ_ONE(read_scalar_integer_by_id, int64_t)
QUIVER_C_READ_ONE(read_scalar_float_by_id, double)
QUIVER_C_READ_ONE(read_scalar_string_by_id, char*)
QUIVER_C_READ_ONE_ARRAY(read_vector_integers_by_id, int64_t**)
QUIVER_C_READ_ONE_ARRAY(read_vector_floats_by_id, double**)
QUIVER_C_READ_ONE_ARRAY(read_vector_strings_by_id, char***)
QUIVER_C_READ_ONE_ARRAY(read_set_integers_by_id, int64_t**)
QUIVER_C_READ_ONE_ARRAY(read_set_floats_by_id, double**)
QUIVER_C_READ_ONE_ARRAY(read_set_strings_by_id, char***)

// ===== Element ids =====

QUIVER_C_API quiver_error_t quiver_database_read_element_ids(quiver_database_t* db, const char* collection,
                                                             int64_t** out_ids, size_t* out_count) {
    QUIVER_REQUIRE(db, collection, out_ids, out_count);
    return call<&Database::read_element_ids>(db, to_array(out_ids, out_count), collection);
}

// ===== Freeing read results =====

QUIVER_C_API quiver_error_t quiver_database_free_integer_array(int64_t* values) {
    QUIVER_REQUIRE(values);
    delete[] values;
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_free_float_array(double* values) {
    QUIVER_REQUIRE(values);
    delete[] values;
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_free_string_array(char** values, size_t count) {
    QUIVER_REQUIRE(values);
    free_strings(values, count);
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_free_string(char* str) {
    delete[] str;  // NULL accepted
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_free_integer_vectors(int64_t** vectors, size_t* sizes, size_t count) {
    return free_nested<int64_t>(vectors, sizes, count);
}

QUIVER_C_API quiver_error_t quiver_database_free_float_vectors(double** vectors, size_t* sizes, size_t count) {
    return free_nested<double>(vectors, sizes, count);
}

QUIVER_C_API quiver_error_t quiver_database_free_string_vectors(char*** vectors, size_t* sizes, size_t count) {
    return free_nested<std::string>(vectors, sizes, count);
}

// ===== Extensions beyond upstream 0.5.0: reads =====

QUIVER_C_API quiver_error_t quiver_database_number_of_elements(quiver_database_t* db, const char* collection,
                                                               int64_t* out_count) {
    QUIVER_REQUIRE(db, collection, out_count);
    return call<&Database::number_of_elements>(db, to_value(out_count), collection);
}

QUIVER_C_READ_ROW_COLUMNS(read_scalars_by_id)
QUIVER_C_READ_ROW_COLUMNS(read_vectors_by_id)
QUIVER_C_READ_ROW_COLUMNS(read_sets_by_id)
QUIVER_C_READ_GROUP_COLUMNS(read_vector_group_columns_by_id, read_vector_group_by_id)
QUIVER_C_READ_GROUP_COLUMNS(read_set_group_columns_by_id, read_set_group_by_id)

QUIVER_C_API quiver_error_t quiver_database_free_columns(quiver_column_t* columns, size_t column_count) {
    QUIVER_REQUIRE(columns);
    free_columns(columns, column_count);
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_read_scalar_strings_packed(quiver_database_t* db, const char* collection,
                                                                       const char* attribute, char** out_data,
                                                                       size_t* out_bytes, size_t* out_count) {
    QUIVER_REQUIRE(db, collection, attribute, out_data, out_bytes, out_count);
    // packed by the engine straight from the statement: going through read_scalar_strings (one
    // std::string per value) made this read about 30% slower (benchmarks/run.py)
    return with_db(db, [&](Database& d) {
        std::string packed;
        const size_t count = d.read_scalar_strings_packed(collection, attribute, packed);
        std::unique_ptr<char[]> data(packed.empty() ? nullptr : new char[packed.size()]);
        if (data)
            std::memcpy(data.get(), packed.data(), packed.size());
        *out_data = data.release();
        *out_bytes = packed.size();
        *out_count = count;
    });
}

QUIVER_C_READ_PACKED_GROUPS(read_vector_strings_packed, read_vector_strings)
QUIVER_C_READ_PACKED_GROUPS(read_set_strings_packed, read_set_strings)

QUIVER_C_API quiver_error_t quiver_database_free_sizes(size_t* sizes) {
    delete[] sizes;
    return QUIVER_OK;
}

// ===== Extensions: later upstream (NULL-keeping bulk scalar reads, time series rows) =====

}  // extern "C"

namespace {

template <class T>
void hand_out_masked(const std::vector<quiver::Value>& cells, T** out_values, uint8_t** out_mask, size_t* out_count) {
    const size_t n = cells.size();
    *out_values = nullptr;
    *out_mask = nullptr;
    *out_count = 0;
    if (n == 0)
        return;
    std::unique_ptr<T[]> values(new T[n]());
    std::unique_ptr<uint8_t[]> mask(new uint8_t[n]());
    for (size_t i = 0; i < n; ++i) {
        if (const T* v = std::get_if<T>(&cells[i])) {
            values[i] = *v;
            mask[i] = 1;
        }
    }
    *out_values = values.release();
    *out_mask = mask.release();
    *out_count = n;
}

// The body of quiver_database_read_scalar_{integers,floats}_masked
template <class T>
quiver_error_t read_scalar_masked(quiver_database_t* db, const char* collection, const char* attribute, T** out_values,
                                  uint8_t** out_mask, size_t* out_count, quiver::DataType type, const char* op) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_mask);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out_masked(d.read_scalar_values(collection, attribute, type, op), out_values, out_mask, out_count);
    });
}

}  // namespace

extern "C" {

QUIVER_C_API quiver_error_t quiver_database_read_scalar_integers_masked(quiver_database_t* db, const char* collection,
                                                                        const char* attribute, int64_t** out_values,
                                                                        uint8_t** out_mask, size_t* out_count) {
    return read_scalar_masked(db, collection, attribute, out_values, out_mask, out_count, quiver::DataType::Integer,
                              "read_scalar_integers");
}

QUIVER_C_API quiver_error_t quiver_database_read_scalar_floats_masked(quiver_database_t* db, const char* collection,
                                                                      const char* attribute, double** out_values,
                                                                      uint8_t** out_mask, size_t* out_count) {
    return read_scalar_masked(db, collection, attribute, out_values, out_mask, out_count, quiver::DataType::Real,
                              "read_scalar_floats");
}

QUIVER_C_API quiver_error_t quiver_database_read_scalar_strings_masked(quiver_database_t* db, const char* collection,
                                                                       const char* attribute, char*** out_values,
                                                                       size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        auto cells = d.read_scalar_values(collection, attribute, quiver::DataType::Text, "read_scalar_strings");
        *out_values = nullptr;
        *out_count = 0;
        if (cells.empty())
            return;
        const size_t n = cells.size();
        auto out = std::make_unique<char*[]>(n);  // value-initialised: NULL entries
        try {
            for (size_t i = 0; i < n; ++i) {
                if (const auto* v = std::get_if<std::string>(&cells[i]))
                    out[i] = copy_string(*v);
            }
        } catch (...) {
            for (size_t i = 0; i < n; ++i)
                delete[] out[i];
            throw;
        }
        *out_values = out.release();
        *out_count = n;
    });
}

QUIVER_C_API quiver_error_t quiver_database_free_mask(uint8_t* mask) {
    delete[] mask;
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_read_time_series_row_columns(quiver_database_t* db, const char* collection,
                                                                         const char* group, int64_t id,
                                                                         const char* dimension,
                                                                         quiver_column_t** out_columns,
                                                                         size_t* out_column_count) {
    QUIVER_REQUIRE(db, collection, group, dimension, out_columns, out_column_count);
    return call<&Database::read_time_series_row>(db, to_columns(out_columns, out_column_count), collection, group, id,
                                                 dimension);
}

}  // extern "C"

#undef QUIVER_C_READ_ALL
#undef QUIVER_C_READ_GROUPS
#undef QUIVER_C_READ_ONE
#undef QUIVER_C_READ_ONE_ARRAY
#undef QUIVER_C_READ_GROUP_COLUMNS
#undef QUIVER_C_READ_ROW_COLUMNS
#undef QUIVER_C_READ_PACKED_GROUPS
