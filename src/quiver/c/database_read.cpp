// C API: scalar/vector/set reads, element ids, the free functions for read results
// (docs/reference/c-api-list.md 3.3.5-3.3.11, 3.3.15) and the reads extensions (number_of_elements,
// column-wise composite readers, quiver_database_free_columns).
//
// Outputs are written only on success; empty results are count 0 with NULL arrays
// (bulk vector/set reads: outer array AND sizes NULL). Every block handed out is
// allocated with new[] and released by the matching quiver_database_free_* function.
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "quiver/c/internal.hpp"

namespace {

using quiver::c::copy_array;
using quiver::c::copy_string;
using quiver::c::copy_strings;
using quiver::c::free_strings;

// ---- flat arrays ----

template <class T>
struct Flat;  // C representation of std::vector<T>

template <>
struct Flat<int64_t> {
    using type = int64_t*;
    static type make(const std::vector<int64_t>& v) { return copy_array(v); }
    static void release(type p, size_t) { delete[] p; }
};

template <>
struct Flat<double> {
    using type = double*;
    static type make(const std::vector<double>& v) { return copy_array(v); }
    static void release(type p, size_t) { delete[] p; }
};

template <>
struct Flat<std::string> {
    using type = char**;
    static type make(const std::vector<std::string>& v) { return copy_strings(v); }
    static void release(type p, size_t n) { free_strings(p, n); }
};

template <class T>
void hand_out(const std::vector<T>& values, typename Flat<T>::type* out_values, size_t* out_count) {
    *out_values = Flat<T>::make(values);
    *out_count = values.size();
}

// ---- nested arrays (bulk vector/set reads) ----

template <class T>
void free_nested(typename Flat<T>::type* outer, size_t* sizes, size_t count) {
    for (size_t i = 0; i < count; ++i) Flat<T>::release(outer[i], sizes[i]);
    delete[] outer;
    delete[] sizes;
}

template <class T>
void hand_out_nested(const std::vector<std::vector<T>>& groups, typename Flat<T>::type** out_vectors,
                     size_t** out_sizes, size_t* out_count) {
    using Inner = typename Flat<T>::type;
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
        for (size_t i = 0; i < done; ++i) Flat<T>::release(outer[i], sizes[i]);
        throw;
    }
    *out_vectors = outer.release();
    *out_sizes = sizes.release();
    *out_count = n;
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
    for (size_t i = 0; i < count; ++i) free_column(columns[i]);
    delete[] columns;
}

// Fill `c` (zero-initialised) from cells of metadata type `type`; throws after partial fill
// (the caller frees the column).
void fill_column(quiver_column_t& c, const std::string& name, int type, const std::vector<quiver::Value>& cells) {
    c.data_type = type;
    c.name = copy_string(name);
    const size_t n = cells.size();
    if (n == 0) return;
    c.has_value = new uint8_t[n]();
    if (type == QUIVER_DATA_TYPE_INTEGER) {
        auto* v = new int64_t[n]();
        c.values = v;
        c.count = n;
        for (size_t i = 0; i < n; ++i) {
            if (const auto* p = std::get_if<int64_t>(&cells[i])) {
                v[i] = *p;
                c.has_value[i] = 1;
            }
        }
    } else if (type == QUIVER_DATA_TYPE_FLOAT) {
        auto* v = new double[n]();
        c.values = v;
        c.count = n;
        for (size_t i = 0; i < n; ++i) {
            if (const auto* p = std::get_if<double>(&cells[i])) {
                v[i] = *p;
                c.has_value[i] = 1;
            } else if (const auto* q = std::get_if<int64_t>(&cells[i])) {
                v[i] = static_cast<double>(*q);
                c.has_value[i] = 1;
            }
        }
    } else {
        auto* v = new char*[n]();
        c.values = v;
        c.count = n;  // free_strings skips the NULL entries not filled yet
        for (size_t i = 0; i < n; ++i) {
            if (const auto* p = std::get_if<std::string>(&cells[i])) {
                v[i] = copy_string(*p);
                c.has_value[i] = 1;
            }
        }
    }
}

void hand_out_columns(const std::vector<quiver::GroupColumn>& cols, quiver_column_t** out_columns,
                      size_t* out_count) {
    if (cols.empty()) {
        *out_columns = nullptr;
        *out_count = 0;
        return;
    }
    const size_t n = cols.size();
    quiver_column_t* out = new quiver_column_t[n]();
    try {
        for (size_t i = 0; i < n; ++i) {
            fill_column(out[i], cols[i].name, quiver::c::data_type_to_c(cols[i].type), cols[i].values);
        }
    } catch (...) {
        free_columns(out, n);
        throw;
    }
    *out_columns = out;
    *out_count = n;
}

// ---- packed strings (extension) ----

size_t cut_length(const std::string& s) {
    size_t nul = s.find('\0');
    return nul == std::string::npos ? s.size() : nul;
}

void hand_out_packed(const std::vector<std::vector<std::string>>& groups, char** out_data, size_t* out_bytes,
                     size_t** out_sizes, size_t* out_count) {
    if (groups.empty()) {
        *out_data = nullptr;
        *out_bytes = 0;
        *out_sizes = nullptr;
        *out_count = 0;
        return;
    }
    size_t bytes = 0;
    for (const auto& g : groups)
        for (const auto& v : g) bytes += cut_length(v) + 1;
    std::unique_ptr<size_t[]> sizes(new size_t[groups.size()]);
    std::unique_ptr<char[]> data(bytes ? new char[bytes] : nullptr);
    char* p = data.get();
    for (size_t i = 0; i < groups.size(); ++i) {
        sizes[i] = groups[i].size();
        for (const auto& v : groups[i]) {
            size_t n = cut_length(v);
            std::memcpy(p, v.data(), n);
            p += n;
            *p++ = '\0';
        }
    }
    *out_data = data.release();
    *out_bytes = bytes;
    *out_sizes = sizes.release();
    *out_count = groups.size();
}

}  // namespace

extern "C" {

// ===== Scalar reads, bulk =====

QUIVER_C_API quiver_error_t quiver_database_read_scalar_integers(quiver_database_t* db, const char* collection,
                                                                 const char* attribute, int64_t** out_values,
                                                                 size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out(d.read_scalar_integers(collection, attribute), out_values, out_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_scalar_floats(quiver_database_t* db, const char* collection,
                                                               const char* attribute, double** out_values,
                                                               size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out(d.read_scalar_floats(collection, attribute), out_values, out_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_scalar_strings(quiver_database_t* db, const char* collection,
                                                                const char* attribute, char*** out_values,
                                                                size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out(d.read_scalar_strings(collection, attribute), out_values, out_count);
    });
}

// ===== Vector reads, bulk =====

QUIVER_C_API quiver_error_t quiver_database_read_vector_integers(quiver_database_t* db, const char* collection,
                                                                 const char* attribute, int64_t*** out_vectors,
                                                                 size_t** out_sizes, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_vectors);
    QUIVER_REQUIRE(out_sizes);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out_nested(d.read_vector_integers(collection, attribute), out_vectors, out_sizes, out_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_vector_floats(quiver_database_t* db, const char* collection,
                                                               const char* attribute, double*** out_vectors,
                                                               size_t** out_sizes, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_vectors);
    QUIVER_REQUIRE(out_sizes);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out_nested(d.read_vector_floats(collection, attribute), out_vectors, out_sizes, out_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_vector_strings(quiver_database_t* db, const char* collection,
                                                                const char* attribute, char**** out_vectors,
                                                                size_t** out_sizes, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_vectors);
    QUIVER_REQUIRE(out_sizes);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out_nested(d.read_vector_strings(collection, attribute), out_vectors, out_sizes, out_count);
    });
}

// ===== Set reads, bulk =====

QUIVER_C_API quiver_error_t quiver_database_read_set_integers(quiver_database_t* db, const char* collection,
                                                              const char* attribute, int64_t*** out_sets,
                                                              size_t** out_sizes, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_sets);
    QUIVER_REQUIRE(out_sizes);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out_nested(d.read_set_integers(collection, attribute), out_sets, out_sizes, out_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_set_floats(quiver_database_t* db, const char* collection,
                                                            const char* attribute, double*** out_sets,
                                                            size_t** out_sizes, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_sets);
    QUIVER_REQUIRE(out_sizes);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out_nested(d.read_set_floats(collection, attribute), out_sets, out_sizes, out_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_set_strings(quiver_database_t* db, const char* collection,
                                                             const char* attribute, char**** out_sets,
                                                             size_t** out_sizes, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_sets);
    QUIVER_REQUIRE(out_sizes);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out_nested(d.read_set_strings(collection, attribute), out_sets, out_sizes, out_count);
    });
}

// ===== Scalar reads by element id =====

QUIVER_C_API quiver_error_t quiver_database_read_scalar_integer_by_id(quiver_database_t* db, const char* collection,
                                                                      const char* attribute, int64_t id,
                                                                      int64_t* out_value, int* out_has_value) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_value);
    QUIVER_REQUIRE(out_has_value);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        std::optional<int64_t> v = d.read_scalar_integer_by_id(collection, attribute, id);
        if (v) *out_value = *v;  // upstream leaves *out_value unwritten without a value
        *out_has_value = v ? 1 : 0;
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_scalar_float_by_id(quiver_database_t* db, const char* collection,
                                                                    const char* attribute, int64_t id,
                                                                    double* out_value, int* out_has_value) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_value);
    QUIVER_REQUIRE(out_has_value);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        std::optional<double> v = d.read_scalar_float_by_id(collection, attribute, id);
        if (v) *out_value = *v;
        *out_has_value = v ? 1 : 0;
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_scalar_string_by_id(quiver_database_t* db, const char* collection,
                                                                     const char* attribute, int64_t id,
                                                                     char** out_value, int* out_has_value) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_value);
    QUIVER_REQUIRE(out_has_value);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        std::optional<std::string> v = d.read_scalar_string_by_id(collection, attribute, id);
        *out_value = v ? copy_string(*v) : nullptr;
        *out_has_value = v ? 1 : 0;
    });
}

// ===== Vector reads by element id =====

QUIVER_C_API quiver_error_t quiver_database_read_vector_integers_by_id(quiver_database_t* db, const char* collection,
                                                                       const char* attribute, int64_t id,
                                                                       int64_t** out_values, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out(d.read_vector_integers_by_id(collection, attribute, id), out_values, out_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_vector_floats_by_id(quiver_database_t* db, const char* collection,
                                                                     const char* attribute, int64_t id,
                                                                     double** out_values, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out(d.read_vector_floats_by_id(collection, attribute, id), out_values, out_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_vector_strings_by_id(quiver_database_t* db, const char* collection,
                                                                      const char* attribute, int64_t id,
                                                                      char*** out_values, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out(d.read_vector_strings_by_id(collection, attribute, id), out_values, out_count);
    });
}

// ===== Set reads by element id =====

QUIVER_C_API quiver_error_t quiver_database_read_set_integers_by_id(quiver_database_t* db, const char* collection,
                                                                    const char* attribute, int64_t id,
                                                                    int64_t** out_values, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out(d.read_set_integers_by_id(collection, attribute, id), out_values, out_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_set_floats_by_id(quiver_database_t* db, const char* collection,
                                                                  const char* attribute, int64_t id,
                                                                  double** out_values, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out(d.read_set_floats_by_id(collection, attribute, id), out_values, out_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_set_strings_by_id(quiver_database_t* db, const char* collection,
                                                                   const char* attribute, int64_t id,
                                                                   char*** out_values, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out(d.read_set_strings_by_id(collection, attribute, id), out_values, out_count);
    });
}

// ===== Element ids =====

QUIVER_C_API quiver_error_t quiver_database_read_element_ids(quiver_database_t* db, const char* collection,
                                                             int64_t** out_ids, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_ids);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(
        db, [&](quiver::Database& d) { hand_out(d.read_element_ids(collection), out_ids, out_count); });
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
    QUIVER_REQUIRE(vectors);
    QUIVER_REQUIRE(sizes);
    free_nested<int64_t>(vectors, sizes, count);
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_free_float_vectors(double** vectors, size_t* sizes, size_t count) {
    QUIVER_REQUIRE(vectors);
    QUIVER_REQUIRE(sizes);
    free_nested<double>(vectors, sizes, count);
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_free_string_vectors(char*** vectors, size_t* sizes, size_t count) {
    QUIVER_REQUIRE(vectors);
    QUIVER_REQUIRE(sizes);
    free_nested<std::string>(vectors, sizes, count);
    return QUIVER_OK;
}

// ===== Extensions beyond upstream 0.5.0: reads =====

QUIVER_C_API quiver_error_t quiver_database_number_of_elements(quiver_database_t* db, const char* collection,
                                                               int64_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) { *out_count = d.number_of_elements(collection); });
}

QUIVER_C_API quiver_error_t quiver_database_read_scalars_by_id(quiver_database_t* db, const char* collection,
                                                               int64_t id, quiver_column_t** out_columns,
                                                               size_t* out_column_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_columns);
    QUIVER_REQUIRE(out_column_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        auto row = d.read_scalars_by_id(collection, id);
        std::vector<quiver::GroupColumn> cols;
        cols.reserve(row.size());
        for (auto& [meta, value] : row) {
            cols.push_back(quiver::GroupColumn{meta.name, meta.data_type, {std::move(value)}});
        }
        hand_out_columns(cols, out_columns, out_column_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_vector_group_by_id(quiver_database_t* db, const char* collection,
                                                                    const char* group, int64_t id,
                                                                    quiver_column_t** out_columns,
                                                                    size_t* out_column_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group);
    QUIVER_REQUIRE(out_columns);
    QUIVER_REQUIRE(out_column_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out_columns(d.read_vector_group_by_id(collection, group, id), out_columns, out_column_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_set_group_by_id(quiver_database_t* db, const char* collection,
                                                                 const char* group, int64_t id,
                                                                 quiver_column_t** out_columns,
                                                                 size_t* out_column_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group);
    QUIVER_REQUIRE(out_columns);
    QUIVER_REQUIRE(out_column_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out_columns(d.read_set_group_by_id(collection, group, id), out_columns, out_column_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_vectors_by_id(quiver_database_t* db, const char* collection,
                                                               int64_t id, quiver_column_t** out_columns,
                                                               size_t* out_column_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_columns);
    QUIVER_REQUIRE(out_column_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out_columns(d.read_vectors_by_id(collection, id), out_columns, out_column_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_sets_by_id(quiver_database_t* db, const char* collection, int64_t id,
                                                            quiver_column_t** out_columns,
                                                            size_t* out_column_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_columns);
    QUIVER_REQUIRE(out_column_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out_columns(d.read_sets_by_id(collection, id), out_columns, out_column_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_free_columns(quiver_column_t* columns, size_t column_count) {
    QUIVER_REQUIRE(columns);
    free_columns(columns, column_count);
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_read_scalar_strings_packed(quiver_database_t* db, const char* collection,
                                                                       const char* attribute, char** out_data,
                                                                       size_t* out_bytes, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_data);
    QUIVER_REQUIRE(out_bytes);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        std::string packed;
        const size_t count = d.read_scalar_strings_packed(collection, attribute, packed);
        char* data = nullptr;
        if (!packed.empty()) {
            data = new char[packed.size()];
            std::memcpy(data, packed.data(), packed.size());
        }
        *out_data = data;
        *out_bytes = packed.size();
        *out_count = count;
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_vector_strings_packed(quiver_database_t* db, const char* collection,
                                                                       const char* attribute, char** out_data,
                                                                       size_t* out_bytes, size_t** out_sizes,
                                                                       size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_data);
    QUIVER_REQUIRE(out_bytes);
    QUIVER_REQUIRE(out_sizes);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out_packed(d.read_vector_strings(collection, attribute), out_data, out_bytes, out_sizes, out_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_set_strings_packed(quiver_database_t* db, const char* collection,
                                                                    const char* attribute, char** out_data,
                                                                    size_t* out_bytes, size_t** out_sizes,
                                                                    size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_data);
    QUIVER_REQUIRE(out_bytes);
    QUIVER_REQUIRE(out_sizes);
    QUIVER_REQUIRE(out_count);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        hand_out_packed(d.read_set_strings(collection, attribute), out_data, out_bytes, out_sizes, out_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_free_sizes(size_t* sizes) {
    delete[] sizes;
    return QUIVER_OK;
}

}  // extern "C"
