// STUB: generated placeholder; every function fails with "not implemented" until its
// implementation replaces this file.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "quiver/c/internal.hpp"
#include "quiver/c/lua_runner.h"

extern "C" {

QUIVER_C_API quiver_error_t quiver_element_create(quiver_element_t** out_element) {
    quiver::c::set_last_error("not implemented: quiver_element_create");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_element_destroy(quiver_element_t* element) {
    quiver::c::set_last_error("not implemented: quiver_element_destroy");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_element_clear(quiver_element_t* element) {
    quiver::c::set_last_error("not implemented: quiver_element_clear");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_element_set_integer(quiver_element_t* element, const char* name, int64_t value) {
    quiver::c::set_last_error("not implemented: quiver_element_set_integer");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_element_set_float(quiver_element_t* element, const char* name, double value) {
    quiver::c::set_last_error("not implemented: quiver_element_set_float");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_element_set_string(quiver_element_t* element, const char* name, const char* value) {
    quiver::c::set_last_error("not implemented: quiver_element_set_string");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_element_set_null(quiver_element_t* element, const char* name) {
    quiver::c::set_last_error("not implemented: quiver_element_set_null");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_element_set_array_integer(quiver_element_t* element, const char* name, const int64_t* values, int32_t count) {
    quiver::c::set_last_error("not implemented: quiver_element_set_array_integer");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_element_set_array_float(quiver_element_t* element, const char* name, const double* values, int32_t count) {
    quiver::c::set_last_error("not implemented: quiver_element_set_array_float");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_element_set_array_string(quiver_element_t* element, const char* name, const char* const* values, int32_t count) {
    quiver::c::set_last_error("not implemented: quiver_element_set_array_string");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_element_has_scalars(quiver_element_t* element, int* out_result) {
    quiver::c::set_last_error("not implemented: quiver_element_has_scalars");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_element_has_arrays(quiver_element_t* element, int* out_result) {
    quiver::c::set_last_error("not implemented: quiver_element_has_arrays");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_element_scalar_count(quiver_element_t* element, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_element_scalar_count");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_element_array_count(quiver_element_t* element, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_element_array_count");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_element_to_string(quiver_element_t* element, char** out_string) {
    quiver::c::set_last_error("not implemented: quiver_element_to_string");
    return QUIVER_ERROR;
}

}  // extern "C"
