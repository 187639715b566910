// database.h: queries (query_string / query_integer / query_float and their _params variants).
#include <optional>
#include <string>
#include <vector>

#include "quiver/c/internal.hpp"

using quiver::Database;
using quiver::Value;
using quiver::c::to_optional;
using quiver::c::with_db;

namespace {

// Marshal the parallel (type, value pointer) arrays into engine values. Throws the
// C-layer messages of docs/reference/c-api-list.md §3.3.17.
std::vector<Value> to_params(const int* param_types, const void* const* param_values, size_t param_count) {
    std::vector<Value> params;
    if (param_count == 0)
        return params;
    if (!param_types || !param_values) {
        throw quiver::Error("Null param_types or param_values with non-zero param_count");
    }
    params.reserve(param_count);
    for (size_t i = 0; i < param_count; ++i) {
        const void* p = param_values[i];
        switch (param_types[i]) {
            case QUIVER_DATA_TYPE_INTEGER:
                // upstream dereferenced a NULL pointer here
                if (!p)
                    throw quiver::Error("Null integer pointer in parameter at index " + std::to_string(i));
                params.emplace_back(*static_cast<const int64_t*>(p));
                break;
            case QUIVER_DATA_TYPE_FLOAT:
                if (!p)
                    throw quiver::Error("Null float pointer in parameter at index " + std::to_string(i));
                params.emplace_back(*static_cast<const double*>(p));
                break;
            case QUIVER_DATA_TYPE_STRING:
                if (!p)
                    throw quiver::Error("Null string pointer in parameter at index " + std::to_string(i));
                params.emplace_back(std::string(static_cast<const char*>(p)));
                break;
            case QUIVER_DATA_TYPE_NULL: params.emplace_back(quiver::Null{}); break;
            default: throw quiver::Error("Unknown parameter type: " + std::to_string(param_types[i]));
        }
    }
    return params;
}

// query_<type> and query_<type>_params: the SQL's first value as an optional of the member's type
template <auto Query, class Out>
quiver_error_t query(quiver_database_t* db, const char* sql, const int* param_types, const void* const* param_values,
                     size_t param_count, Out* out_value, int* out_has_value) {
    return with_db(db, [&](Database& d) {
        to_optional(out_value, out_has_value)((d.*Query)(sql, to_params(param_types, param_values, param_count)));
    });
}

}  // namespace

// Each result type has the same pair of entries, written once and stamped per type; the parameter
// names are database.h's (the NULL-argument messages name them).
#define QUIVER_C_QUERY(type, Value)                                                                                    \
    QUIVER_C_API quiver_error_t quiver_database_query_##type(quiver_database_t* db, const char* sql, Value* out_value, \
                                                             int* out_has_value) {                                     \
        QUIVER_REQUIRE(db, sql, out_value, out_has_value);                                                             \
        return query<&Database::query_##type>(db, sql, nullptr, nullptr, 0, out_value, out_has_value);                 \
    }                                                                                                                  \
    QUIVER_C_API quiver_error_t quiver_database_query_##type##_params(                                                 \
        quiver_database_t* db, const char* sql, const int* param_types, const void* const* param_values,               \
        size_t param_count, Value* out_value, int* out_has_value) {                                                    \
        QUIVER_REQUIRE(db, sql, out_value, out_has_value);                                                             \
        return query<&Database::query_##type>(db, sql, param_types, param_values, param_count, out_value,              \
                                              out_has_value);                                                          \
    }

extern "C" {

QUIVER_C_QUERY(string, char*)
QUIVER_C_QUERY(integer, int64_t)
QUIVER_C_QUERY(float, double)

}  // extern "C"

#undef QUIVER_C_QUERY
