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

/* Extension (not in upstream 0.5.0; quiver_database_options_t keeps upstream's layout). */
typedef struct {
    quiver_database_options_t base;
    int busy_timeout_ms;      /* < 0: the default, 5000 */
    const char* journal_mode; /* NULL or "": keep the file's mode; "delete", "truncate", "persist", "memory", "wal" */
    int strict;               /* 1: checks upstream 0.5.0 did not make (docs/compatibility.md, "strict") */
} quiver_database_options_ex_t;

typedef struct {
    const char* date_time_format;            /* strftime format; "" = no formatting */
    const char* const* enum_attribute_names; /* [enum_group_count] */
    const char* const* enum_locale_names;    /* [enum_group_count] */
    const size_t* enum_entry_counts;         /* [enum_group_count] */
    const char* const* enum_labels;          /* [sum of enum_entry_counts] */
    const int64_t* enum_values;              /* [sum of enum_entry_counts] */
    size_t enum_group_count;                 /* number of (attribute, locale) groups */
} quiver_csv_options_t;

/*
 * Returns { .read_only = 0, .console_level = QUIVER_LOG_INFO } by value.
 */
QUIVER_C_API quiver_database_options_t quiver_database_options_default(void);

/*
 * Extension: { .base = quiver_database_options_default(), .busy_timeout_ms = 5000, .journal_mode = NULL,
 * .strict = 0 }.
 */
QUIVER_C_API quiver_database_options_ex_t quiver_database_options_ex_default(void);

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
