#ifndef QUIVER_C_LUA_RUNNER_H
#define QUIVER_C_LUA_RUNNER_H

/* quiverdb C API: running Lua scripts against a database (global `db`). */

#include "common.h"
#include "database.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct quiver_lua_runner quiver_lua_runner_t;

/*
 * Creates a Lua 5.4 state bound to db (the script global db). The runner does not own db; db must
 * outlive it.
 * Null args: db, out_runner.
 * Owns: → quiver_lua_runner_free.
 * Errors (global): the exception text, or Unknown error creating LuaRunner.
 */
QUIVER_C_API quiver_error_t quiver_lua_runner_new(quiver_database_t* db, quiver_lua_runner_t** out_runner);

/*
 * Destroys the runner. runner == NULL → QUIVER_OK. Always QUIVER_OK.
 */
QUIVER_C_API quiver_error_t quiver_lua_runner_free(quiver_lua_runner_t* runner);

/*
 * Clears the runner's error, then runs script as a Lua chunk in the runner's persistent state
 * (globals survive between runs). QUIVER_OK on success (empty or comment-only scripts included).
 * Null args: runner, script (global error; the runner's error is then left as it was).
 * Script failure: QUIVER_ERROR, message stored **only** in the runner's error (Lua error:
 * <message>, or Unknown error); the global error is not touched.
 */
QUIVER_C_API quiver_error_t quiver_lua_runner_run(quiver_lua_runner_t* runner, const char* script);

/*
 * *out_error = the runner's last script error, or **NULL** if the last run succeeded / none ran.
 * Borrowed: valid until the next run or free of this runner.
 * Null args: runner, out_error.
 */
QUIVER_C_API quiver_error_t quiver_lua_runner_get_error(quiver_lua_runner_t* runner, const char** out_error);

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_LUA_RUNNER_H */
