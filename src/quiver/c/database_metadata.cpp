// STUB: generated placeholder; every function fails with "not implemented" until its
// implementation replaces this file.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "quiver/c/internal.hpp"
#include "quiver/c/lua_runner.h"

extern "C" {

QUIVER_C_API quiver_error_t quiver_database_get_scalar_metadata(quiver_database_t* db, const char* collection, const char* attribute, quiver_scalar_metadata_t* out_metadata) {
    quiver::c::set_last_error("not implemented: quiver_database_get_scalar_metadata");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_get_vector_metadata(quiver_database_t* db, const char* collection, const char* group_name, quiver_group_metadata_t* out_metadata) {
    quiver::c::set_last_error("not implemented: quiver_database_get_vector_metadata");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_get_set_metadata(quiver_database_t* db, const char* collection, const char* group_name, quiver_group_metadata_t* out_metadata) {
    quiver::c::set_last_error("not implemented: quiver_database_get_set_metadata");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_get_time_series_metadata(quiver_database_t* db, const char* collection, const char* group_name, quiver_group_metadata_t* out_metadata) {
    quiver::c::set_last_error("not implemented: quiver_database_get_time_series_metadata");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_free_scalar_metadata(quiver_scalar_metadata_t* metadata) {
    quiver::c::set_last_error("not implemented: quiver_database_free_scalar_metadata");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_free_group_metadata(quiver_group_metadata_t* metadata) {
    quiver::c::set_last_error("not implemented: quiver_database_free_group_metadata");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_list_scalar_attributes(quiver_database_t* db, const char* collection, quiver_scalar_metadata_t** out_metadata, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_list_scalar_attributes");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_list_vector_groups(quiver_database_t* db, const char* collection, quiver_group_metadata_t** out_metadata, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_list_vector_groups");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_list_set_groups(quiver_database_t* db, const char* collection, quiver_group_metadata_t** out_metadata, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_list_set_groups");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_list_time_series_groups(quiver_database_t* db, const char* collection, quiver_group_metadata_t** out_metadata, size_t* out_count) {
    quiver::c::set_last_error("not implemented: quiver_database_list_time_series_groups");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_free_scalar_metadata_array(quiver_scalar_metadata_t* metadata, size_t count) {
    quiver::c::set_last_error("not implemented: quiver_database_free_scalar_metadata_array");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_free_group_metadata_array(quiver_group_metadata_t* metadata, size_t count) {
    quiver::c::set_last_error("not implemented: quiver_database_free_group_metadata_array");
    return QUIVER_ERROR;
}

}  // extern "C"
