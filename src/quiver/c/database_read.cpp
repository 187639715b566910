// STUB: generated placeholder; every function fails with "not implemented" until its
// implementation replaces this file.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "quiver/c/internal.hpp"
#include "quiver/c/lua_runner.h"

extern "C" {

QUIVER_C_API quiver_error_t quiver_database_read_scalar_integers(quiver_database_t* db, const char* collection, const char* attribute, int64_t** out_values, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_scalar_integers");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_scalar_floats(quiver_database_t* db, const char* collection, const char* attribute, double** out_values, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_scalar_floats");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_scalar_strings(quiver_database_t* db, const char* collection, const char* attribute, char*** out_values, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_scalar_strings");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_vector_integers(quiver_database_t* db, const char* collection, const char* attribute, int64_t*** out_vectors, size_t** out_sizes, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_vector_integers");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_vector_floats(quiver_database_t* db, const char* collection, const char* attribute, double*** out_vectors, size_t** out_sizes, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_vector_floats");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_vector_strings(quiver_database_t* db, const char* collection, const char* attribute, char**** out_vectors, size_t** out_sizes, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_vector_strings");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_set_integers(quiver_database_t* db, const char* collection, const char* attribute, int64_t*** out_sets, size_t** out_sizes, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_set_integers");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_set_floats(quiver_database_t* db, const char* collection, const char* attribute, double*** out_sets, size_t** out_sizes, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_set_floats");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_set_strings(quiver_database_t* db, const char* collection, const char* attribute, char**** out_sets, size_t** out_sizes, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_set_strings");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_scalar_integer_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, int64_t* out_value, int* out_has_value) {
    quiver::c::set_last_error("not implemented: quiver_database_read_scalar_integer_by_id");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_scalar_float_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, double* out_value, int* out_has_value) {
    quiver::c::set_last_error("not implemented: quiver_database_read_scalar_float_by_id");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_scalar_string_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, char** out_value, int* out_has_value) {
    quiver::c::set_last_error("not implemented: quiver_database_read_scalar_string_by_id");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_vector_integers_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, int64_t** out_values, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_vector_integers_by_id");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_vector_floats_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, double** out_values, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_vector_floats_by_id");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_vector_strings_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, char*** out_values, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_vector_strings_by_id");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_set_integers_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, int64_t** out_values, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_set_integers_by_id");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_set_floats_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, double** out_values, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_set_floats_by_id");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_set_strings_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, char*** out_values, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_set_strings_by_id");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_read_element_ids(quiver_database_t* db, const char* collection, int64_t** out_ids, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_read_element_ids");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_free_integer_array(int64_t* values) {
    quiver::c::set_last_error("not implemented: quiver_database_free_integer_array");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_free_float_array(double* values) {
    quiver::c::set_last_error("not implemented: quiver_database_free_float_array");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_free_string_array(char** values, size_t count) {
    quiver::c::set_last_error("not implemented: quiver_database_free_string_array");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_free_string(char* str) {
    quiver::c::set_last_error("not implemented: quiver_database_free_string");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_free_integer_vectors(int64_t** vectors, size_t* sizes, size_t count) {
    quiver::c::set_last_error("not implemented: quiver_database_free_integer_vectors");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_free_float_vectors(double** vectors, size_t* sizes, size_t count) {
    quiver::c::set_last_error("not implemented: quiver_database_free_float_vectors");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_free_string_vectors(char*** vectors, size_t* sizes, size_t count) {
    quiver::c::set_last_error("not implemented: quiver_database_free_string_vectors");
    return QUIVER_ERROR;
}

}  // extern "C"
