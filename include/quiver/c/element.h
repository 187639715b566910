#ifndef QUIVER_C_ELEMENT_H
#define QUIVER_C_ELEMENT_H

/* quiverdb C API: the element builder used by create_element / update_element. */

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct quiver_element quiver_element_t;

/*
 * Creates an empty element.
 * Null args: out_element.
 * Owns: → quiver_element_destroy.
 * Errors: Memory allocation failed.
 */
QUIVER_C_API quiver_error_t quiver_element_create(quiver_element_t** out_element);

/*
 * Frees the element.
 * Null args: element (unlike quiver_database_close, **NULL is an error**).
 */
QUIVER_C_API quiver_error_t quiver_element_destroy(quiver_element_t* element);

/*
 * Removes all scalars and arrays.
 * Null args: element.
 */
QUIVER_C_API quiver_error_t quiver_element_clear(quiver_element_t* element);

/*
 * Sets scalar name to an integer.
 * Null args: element, name.
 */
QUIVER_C_API quiver_error_t quiver_element_set_integer(quiver_element_t* element, const char* name, int64_t value);

/*
 * Sets scalar name to a double.
 * Null args: element, name.
 */
QUIVER_C_API quiver_error_t quiver_element_set_float(quiver_element_t* element, const char* name, double value);

/*
 * Sets scalar name to a copy of the string (date-times are passed as strings; for an FK column a
 * string is a label to resolve).
 * Null args: element, name, value (use quiver_element_set_null for NULL).
 */
QUIVER_C_API quiver_error_t quiver_element_set_string(quiver_element_t* element, const char* name, const char* value);

/*
 * Sets scalar name to SQL NULL (counts as a scalar).
 * Null args: element, name.
 */
QUIVER_C_API quiver_error_t quiver_element_set_null(quiver_element_t* element, const char* name);

/*
 * Sets array name to a copy of count integers. values == NULL with count == 0 sets an empty array
 * (used to clear a vector/set on update; skipped on create).
 * Null args: element, name; then count < 0, or values == NULL && count > 0 → C-layer Invalid
 * values/count combination.
 */
QUIVER_C_API quiver_error_t quiver_element_set_array_integer(quiver_element_t* element, const char* name,
                                                             const int64_t* values, int32_t count);

/*
 * Same for doubles.
 * Null args: element, name; then Invalid values/count combination.
 */
QUIVER_C_API quiver_error_t quiver_element_set_array_float(quiver_element_t* element, const char* name,
                                                           const double* values, int32_t count);

/*
 * Same for strings (each copied). (quirk) A NULL entry in values is stored as the empty string "".
 * Null args: element, name; then Invalid values/count combination.
 */
QUIVER_C_API quiver_error_t quiver_element_set_array_string(quiver_element_t* element, const char* name,
                                                            const char* const* values, int32_t count);

/*
 * Extension (not in upstream 0.5.0): sets several scalars in one call, as if by the
 * quiver_element_set_* functions in order. `data` holds records back to back, each:
 * the name NUL-terminated, one type byte (QUIVER_DATA_TYPE_INTEGER, _FLOAT, _STRING or _NULL),
 * then the value: 8 bytes (int64_t or double, native byte order) for INTEGER / FLOAT, a
 * NUL-terminated string for STRING, nothing for NULL. size == 0 sets nothing.
 * Null args: element, data (when size > 0).
 * Errors: Invalid packed scalars at byte <offset> (nothing is set then).
 */
QUIVER_C_API quiver_error_t quiver_element_set_scalars_packed(quiver_element_t* element, const char* data, size_t size);

/*
 * *out_result = 1 if at least one scalar (including NULL scalars) is set, else 0.
 * Null args: element, out_result.
 */
QUIVER_C_API quiver_error_t quiver_element_has_scalars(quiver_element_t* element, int* out_result);

/*
 * *out_result = 1 if at least one array (even empty) is set, else 0.
 * Null args: element, out_result.
 */
QUIVER_C_API quiver_error_t quiver_element_has_arrays(quiver_element_t* element, int* out_result);

/*
 * Number of distinct scalar names.
 * Null args: element, out_count.
 */
QUIVER_C_API quiver_error_t quiver_element_scalar_count(quiver_element_t* element, size_t* out_count);

/*
 * Number of distinct array names.
 * Null args: element, out_count.
 */
QUIVER_C_API quiver_error_t quiver_element_array_count(quiver_element_t* element, size_t* out_count);

/*
 * Returns a newly allocated description. Format (names in alphabetical order; sections omitted
 * when empty):
 * Null args: element, out_string.
 * Free: quiver_database_free_string(*out_string).
 */
QUIVER_C_API quiver_error_t quiver_element_to_string(quiver_element_t* element, char** out_string);

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_ELEMENT_H */
