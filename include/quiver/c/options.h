#ifndef QUIVER_C_OPTIONS_H
#define QUIVER_C_OPTIONS_H

/* quiverdb C API: database and CSV options. */

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    QUIVER_LOG_DEBUG = 0,
    QUIVER_LOG_INFO = 1,
    QUIVER_LOG_WARN = 2,
    QUIVER_LOG_ERROR = 3,
    QUIVER_LOG_OFF = 4,
} quiver_log_level_t;

typedef struct {
    int read_only;
    quiver_log_level_t console_level;
} quiver_database_options_t;

typedef struct {
    const char* date_time_format;             /* strftime format; "" = no formatting */
    const char* const* enum_attribute_names;  /* [enum_group_count] */
    const char* const* enum_locale_names;     /* [enum_group_count] */
    const size_t* enum_entry_counts;          /* [enum_group_count] */
    const char* const* enum_labels;           /* [sum of enum_entry_counts] */
    const int64_t* enum_values;               /* [sum of enum_entry_counts] */
    size_t enum_group_count;                  /* number of (attribute, locale) groups */
} quiver_csv_options_t;

/*
 * Returns { .read_only = 0, .console_level = QUIVER_LOG_INFO } by value.
 */
QUIVER_C_API quiver_database_options_t quiver_database_options_default(void);

/*
 * Returns by value: date_time_format = "" (pointer to a static empty string, not NULL),
 * enum_attribute_names = enum_locale_names = NULL, enum_entry_counts = NULL, enum_labels = NULL,
 * enum_values = NULL, enum_group_count = 0.
 */
QUIVER_C_API quiver_csv_options_t quiver_csv_options_default(void);

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_OPTIONS_H */
