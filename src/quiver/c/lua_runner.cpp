// STUB: generated placeholder; every function fails with "not implemented" until its
// implementation replaces this file.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "quiver/c/internal.hpp"
#include "quiver/c/lua_runner.h"

extern "C" {

QUIVER_C_API quiver_error_t quiver_lua_runner_new(quiver_database_t* db, quiver_lua_runner_t** out_runner) {
    quiver::c::set_last_error("not implemented: quiver_lua_runner_new");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_lua_runner_free(quiver_lua_runner_t* runner) {
    quiver::c::set_last_error("not implemented: quiver_lua_runner_free");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_lua_runner_run(quiver_lua_runner_t* runner, const char* script) {
    quiver::c::set_last_error("not implemented: quiver_lua_runner_run");
    return QUIVER_ERROR;
}

QUIVER_C_API quiver_error_t quiver_lua_runner_get_error(quiver_lua_runner_t* runner, const char** out_error) {
    quiver::c::set_last_error("not implemented: quiver_lua_runner_get_error");
    return QUIVER_ERROR;
}

}  // extern "C"
