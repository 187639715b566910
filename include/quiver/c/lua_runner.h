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

/* ===== Extensions beyond upstream 0.5.0: results, limits, interruption ===== */

/* Kind of one converted Lua value (quiver_lua_value_t.type). */
typedef enum {
    QUIVER_LUA_NIL = 0,
    QUIVER_LUA_BOOLEAN = 1,
    QUIVER_LUA_INTEGER = 2,
    QUIVER_LUA_FLOAT = 3,
    QUIVER_LUA_STRING = 4,
    QUIVER_LUA_ARRAY = 5,
    QUIVER_LUA_TABLE = 6,
} quiver_lua_value_type_t;

/*
 * One value a script returned, converted recursively:
 *   BOOLEAN: integer is 0 or 1;  INTEGER: integer;  FLOAT: number;
 *   STRING: string holds length bytes (any bytes, NUL-terminated copy);
 *   ARRAY (a table whose keys are exactly 1..n, and the empty table): items holds length values;
 *   TABLE (any other table): items holds 2 * length values, key then value for each entry
 *   (keys are booleans, numbers or strings; entries in Lua's iteration order).
 */
typedef struct quiver_lua_value {
    quiver_lua_value_type_t type;
    int64_t integer;
    double number;
    char* string;
    size_t length;
    struct quiver_lua_value* items;
} quiver_lua_value_t;

/*
 * Like quiver_lua_runner_run, for a script of script_length bytes (embedded NULs are part of
 * the script), and hands back what the chunk returns: *out_count values in *out_values (NULL
 * when it returns nothing). A returned value that cannot be converted (function, userdata,
 * thread, a table that contains itself, nesting deeper than 200) fails the run.
 * Null args: runner, script, out_values, out_count (global error). Script failure: as
 * quiver_lua_runner_run (runner error only); *out_values = NULL, *out_count = 0.
 * Owns: *out_values -> quiver_lua_runner_free_values(*out_values, *out_count).
 */
QUIVER_C_API quiver_error_t quiver_lua_runner_run_values(quiver_lua_runner_t* runner, const char* script,
                                                         size_t script_length, quiver_lua_value_t** out_values,
                                                         size_t* out_count);

/*
 * Like quiver_lua_runner_run_values, with the name Lua gives the script in its messages:
 * chunk_name (e.g. the script's file name) makes them read "<chunk_name>:LINE: ...", as Lua
 * names a file; NULL keeps upstream's name (the script's first line: [string "..."]).
 * Null args: runner, script, out_values, out_count (global error). Script failure: as
 * quiver_lua_runner_run_values.
 */
QUIVER_C_API quiver_error_t quiver_lua_runner_run_chunk(quiver_lua_runner_t* runner, const char* script,
                                                        size_t script_length, const char* chunk_name,
                                                        quiver_lua_value_t** out_values, size_t* out_count);

/* Frees values returned by quiver_lua_runner_run_values (recursively). NULL is a no-op. */
QUIVER_C_API quiver_error_t quiver_lua_runner_free_values(quiver_lua_value_t* values, size_t count);

/*
 * Limits for every later run of this runner; 0 switches a limit off (the default for all).
 * max_instructions: Lua VM instructions per run; max_memory: bytes held by the runner's Lua
 * state; timeout_seconds: wall-clock time per run. A run that passes one fails with
 * "Lua error: instruction limit exceeded (max_instructions=N)", "Lua error: memory limit
 * exceeded (max_memory=N bytes)" or "Lua error: timeout exceeded (timeout=S s)"; the runner
 * stays usable. A limit once hit ends the run (pcall cannot catch it). Limits are checked while
 * Lua code runs and while it matches patterns; inside a db: call, SQL VM steps count toward
 * max_instructions, the timeout and interruption end the statement, and max_memory caps each
 * string, blob or row the SQL builds (docs/lua.md "The sandbox and limits").
 * Null args: runner. Negative values: QUIVER_ERROR.
 */
QUIVER_C_API quiver_error_t quiver_lua_runner_set_limits(quiver_lua_runner_t* runner, int64_t max_instructions,
                                                         int64_t max_memory, double timeout_seconds);

/*
 * Asks the run in progress on runner (from any thread) to stop: it fails soon after with
 * "Lua error: script interrupted". A request made while no run is active is dropped.
 * Null args: runner.
 */
QUIVER_C_API quiver_error_t quiver_lua_runner_interrupt(quiver_lua_runner_t* runner);

/*
 * enabled != 0: while a run of this runner is in progress, SIGINT interrupts it (as
 * quiver_lua_runner_interrupt) and is then passed on to the handler installed before the run
 * (so a host such as Python still sees the signal); the previous handler is restored after the
 * run. Off by default. Null args: runner.
 */
QUIVER_C_API quiver_error_t quiver_lua_runner_set_sigint(quiver_lua_runner_t* runner, int enabled);

/*
 * *out_interrupted = 1 when the last run failed because of an interruption (SIGINT or
 * quiver_lua_runner_interrupt), else 0. Null args: runner, out_interrupted.
 */
QUIVER_C_API quiver_error_t quiver_lua_runner_was_interrupted(quiver_lua_runner_t* runner, int* out_interrupted);

/*
 * Extension (script parameters): sets the global `name` (name_length bytes) of the runner's state
 * for this and later runs, `value` converted as run_values converts returns, the other way round
 * (ARRAY -> a list 1..length, TABLE -> length key/value pairs in items, STRING length bytes).
 * `value` is borrowed. Null args: runner, name, value.
 * Errors (global error): "Lua error: the global 'db' is the database and cannot be set",
 * "Lua error: a global name must be a non-empty string without NUL characters", nesting over 200,
 * an unknown type, a nil table key.
 */
QUIVER_C_API quiver_error_t quiver_lua_runner_set_global(quiver_lua_runner_t* runner, const char* name,
                                                         size_t name_length, const quiver_lua_value_t* value);

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_LUA_RUNNER_H */
