// STUB: generated placeholder; every function fails with "not implemented" until its
// implementation replaces this file.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "quiver/c/internal.hpp"
#include "quiver/c/lua_runner.h"

extern "C" {

QUIVER_C_API quiver_error_t quiver_database_create_element(quiver_database_t* db, const char* collection, quiver_element_t* element, int64_t* out_id) {
    quiver::c::set_last_error("not implemented: quiver_database_create_element");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_update_element(quiver_database_t* db, const char* collection, int64_t id, const quiver_element_t* element) {
    quiver::c::set_last_error("not implemented: quiver_database_update_element");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_delete_element(quiver_database_t* db, const char* collection, int64_t id) {
    quiver::c::set_last_error("not implemented: quiver_database_delete_element");
    return QUIVER_ERROR;
}

}  // extern "C"
