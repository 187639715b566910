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
#  if defined(QUIVER_C_EXPORTS)
#    define QUIVER_C_API __declspec(dllexport)
#  else
#    define QUIVER_C_API __declspec(dllimport)
#  endif
#else
#  define QUIVER_C_API __attribute__((visibility("default")))
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

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_COMMON_H */
