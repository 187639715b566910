// database.h: queries (query_string / query_integer / query_float and their _params variants).
#include <optional>
#include <string>
#include <vector>

#include "quiver/c/internal.hpp"

using quiver::Database;
using quiver::Value;
using quiver::c::with_db;

namespace {

// Marshal the parallel (type, value pointer) arrays into engine values. Throws the
// C-layer messages of docs/reference/c-api-list.md §3.3.17.
std::vector<Value> to_params(const int* param_types, const void* const* param_values, size_t param_count) {
    std::vector<Value> params;
    if (param_count == 0) return params;
    if (!param_types || !param_values) {
        throw quiver::Error("Null param_types or param_values with non-zero param_count");
    }
    params.reserve(param_count);
    for (size_t i = 0; i < param_count; ++i) {
        const void* p = param_values[i];
        switch (param_types[i]) {
            case QUIVER_DATA_TYPE_INTEGER:
                // upstream dereferenced a NULL pointer here
                if (!p) throw quiver::Error("Null integer pointer in parameter at index " + std::to_string(i));
                params.emplace_back(*static_cast<const int64_t*>(p));
                break;
            case QUIVER_DATA_TYPE_FLOAT:
                if (!p) throw quiver::Error("Null float pointer in parameter at index " + std::to_string(i));
                params.emplace_back(*static_cast<const double*>(p));
                break;
            case QUIVER_DATA_TYPE_STRING:
                if (!p) throw quiver::Error("Null string pointer in parameter at index " + std::to_string(i));
                params.emplace_back(std::string(static_cast<const char*>(p)));
                break;
            case QUIVER_DATA_TYPE_NULL:
                params.emplace_back(quiver::Null{});
                break;
            default:
                throw quiver::Error("Unknown parameter type: " + std::to_string(param_types[i]));
        }
    }
    return params;
}

void put_string(const std::optional<std::string>& v, char** out_value, int* out_has_value) {
    if (v) {
        *out_value = quiver::c::copy_string(*v);
        *out_has_value = 1;
    } else {
        *out_value = nullptr;
        *out_has_value = 0;
    }
}

template <class T>
void put_number(const std::optional<T>& v, T* out_value, int* out_has_value) {
    if (v) *out_value = *v;  // left unwritten when there is no value (upstream)
    *out_has_value = v ? 1 : 0;
}

}  // namespace

extern "C" {

QUIVER_C_API quiver_error_t quiver_database_query_string(quiver_database_t* db, const char* sql, char** out_value,
                                                         int* out_has_value) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(sql);
    QUIVER_REQUIRE(out_value);
    QUIVER_REQUIRE(out_has_value);
    return with_db(db, [&](Database& d) { put_string(d.query_string(sql, {}), out_value, out_has_value); });
}

QUIVER_C_API quiver_error_t quiver_database_query_integer(quiver_database_t* db, const char* sql, int64_t* out_value,
                                                          int* out_has_value) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(sql);
    QUIVER_REQUIRE(out_value);
    QUIVER_REQUIRE(out_has_value);
    return with_db(db, [&](Database& d) { put_number(d.query_integer(sql, {}), out_value, out_has_value); });
}

QUIVER_C_API quiver_error_t quiver_database_query_float(quiver_database_t* db, const char* sql, double* out_value,
                                                        int* out_has_value) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(sql);
    QUIVER_REQUIRE(out_value);
    QUIVER_REQUIRE(out_has_value);
    return with_db(db, [&](Database& d) { put_number(d.query_float(sql, {}), out_value, out_has_value); });
}

QUIVER_C_API quiver_error_t quiver_database_query_string_params(quiver_database_t* db, const char* sql,
                                                                const int* param_types,
                                                                const void* const* param_values, size_t param_count,
                                                                char** out_value, int* out_has_value) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(sql);
    QUIVER_REQUIRE(out_value);
    QUIVER_REQUIRE(out_has_value);
    return with_db(db, [&](Database& d) {
        auto params = to_params(param_types, param_values, param_count);
        put_string(d.query_string(sql, params), out_value, out_has_value);
    });
}

QUIVER_C_API quiver_error_t quiver_database_query_integer_params(quiver_database_t* db, const char* sql,
                                                                 const int* param_types,
                                                                 const void* const* param_values, size_t param_count,
                                                                 int64_t* out_value, int* out_has_value) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(sql);
    QUIVER_REQUIRE(out_value);
    QUIVER_REQUIRE(out_has_value);
    return with_db(db, [&](Database& d) {
        auto params = to_params(param_types, param_values, param_count);
        put_number(d.query_integer(sql, params), out_value, out_has_value);
    });
}

QUIVER_C_API quiver_error_t quiver_database_query_float_params(quiver_database_t* db, const char* sql,
                                                               const int* param_types,
                                                               const void* const* param_values, size_t param_count,
                                                               double* out_value, int* out_has_value) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(sql);
    QUIVER_REQUIRE(out_value);
    QUIVER_REQUIRE(out_has_value);
    return with_db(db, [&](Database& d) {
        auto params = to_params(param_types, param_values, param_count);
        put_number(d.query_float(sql, params), out_value, out_has_value);
    });
}

}  // extern "C"
