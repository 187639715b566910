// STUB: generated placeholder; every function fails with "not implemented" until its
// implementation replaces this file.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "quiver/c/internal.hpp"
#include "quiver/c/lua_runner.h"

extern "C" {

QUIVER_C_API quiver_error_t quiver_database_query_string(quiver_database_t* db, const char* sql, char** out_value, int* out_has_value) {
    quiver::c::set_last_error("not implemented: quiver_database_query_string");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_query_integer(quiver_database_t* db, const char* sql, int64_t* out_value, int* out_has_value) {
    quiver::c::set_last_error("not implemented: quiver_database_query_integer");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_query_float(quiver_database_t* db, const char* sql, double* out_value, int* out_has_value) {
    quiver::c::set_last_error("not implemented: quiver_database_query_float");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_query_string_params(quiver_database_t* db, const char* sql, const int* param_types, const void* const* param_values, size_t param_count, char** out_value, int* out_has_value) {
    quiver::c::set_last_error("not implemented: quiver_database_query_string_params");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_query_integer_params(quiver_database_t* db, const char* sql, const int* param_types, const void* const* param_values, size_t param_count, int64_t* out_value, int* out_has_value) {
    quiver::c::set_last_error("not implemented: quiver_database_query_integer_params");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_query_float_params(quiver_database_t* db, const char* sql, const int* param_types, const void* const* param_values, size_t param_count, double* out_value, int* out_has_value) {
    quiver::c::set_last_error("not implemented: quiver_database_query_float_params");
    return QUIVER_ERROR;
}

}  // extern "C"
