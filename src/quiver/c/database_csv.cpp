// STUB: generated placeholder; every function fails with "not implemented" until its
// implementation replaces this file.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "quiver/c/internal.hpp"
#include "quiver/c/lua_runner.h"

extern "C" {

QUIVER_C_API quiver_error_t quiver_database_export_csv(quiver_database_t* db, const char* collection, const char* group, const char* path, const quiver_csv_options_t* options) {
    quiver::c::set_last_error("not implemented: quiver_database_export_csv");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_database_import_csv(quiver_database_t* db, const char* collection, const char* group, const char* path, const quiver_csv_options_t* options) {
    quiver::c::set_last_error("not implemented: quiver_database_import_csv");
    return QUIVER_ERROR;
}

}  // extern "C"
