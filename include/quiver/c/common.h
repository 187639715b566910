#ifndef QUIVER_C_COMMON_H
#define QUIVER_C_COMMON_H

/*
 * quiverdb C API: common definitions.
 *
 * Everything declared in include/quiver/c/ is the public API; anything else in the
 * library is private and hidden. Every function returning quiver_error_t reports
 * failures through the thread-local message read with quiver_get_last_error().
 * Outputs returned through out-parameters are owned by the caller and must be
 * released with the quiver_*_free_* function named in their comment.
 */

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#if defined(QUIVER_C_EXPORTS)
#define QUIVER_C_API __declspec(dllexport)
#else
#define QUIVER_C_API __declspec(dllimport)
#endif
#else
#define QUIVER_C_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    QUIVER_OK = 0,
    QUIVER_ERROR = 1,
} quiver_error_t;

/*
 * Returns the library version string ("0.5.0" upstream). Static storage: never NULL, never freed.
 * Does not touch the last error.
 */
QUIVER_C_API const char* quiver_version(void);

/*
 * Returns the calling thread's last error message; "" if none. Never NULL. Borrowed: valid until
 * the next failing call or quiver_clear_last_error() on this thread. See §1.3.
 */
QUIVER_C_API const char* quiver_get_last_error(void);

/*
 * Empties the calling thread's last error (afterwards quiver_get_last_error() returns ""). Other
 * threads unaffected.
 */
QUIVER_C_API void quiver_clear_last_error(void);

/* ===== Extensions beyond upstream 0.5.0: logging ===== */

/*
 * Receives one library log message: level is a quiver_log_level_t value (0 DEBUG, 1 INFO,
 * 2 WARN, 3 ERROR); message is borrowed and valid only during the call (copy it to keep it);
 * user_data is the pointer given to quiver_set_log_callback. May be called from any thread
 * that calls into the library (serially per database handle).
 */
typedef void (*quiver_log_callback_t)(int level, const char* message, void* user_data);

/*
 * Routes every library log message (of every database, process-wide) to callback instead of
 * stderr. Each database still filters by its own console_level first (messages below it are
 * never formatted). callback == NULL restores the default (one line per message on stderr).
 * user_data is passed through unchanged and never freed. Always returns QUIVER_OK.
 */
QUIVER_C_API quiver_error_t quiver_set_log_callback(quiver_log_callback_t callback, void* user_data);

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_COMMON_H */
