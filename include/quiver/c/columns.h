#ifndef QUIVER_C_COLUMNS_H
#define QUIVER_C_COLUMNS_H

/*
 * quiverdb C API: columnar reads (extension beyond upstream 0.5.0, issue 15).
 *
 * quiver_database_read_columns reads scalar attributes of every element of a collection, and
 * quiver_database_read_time_series_columns every row of a time series group, each in ONE SQL
 * scan, into a quiver_column_set_t: one typed buffer per column plus a validity array. The
 * buffers are laid out so numpy can use them without copying, and the set can be exported as
 * an Arrow C stream (the Arrow C data interface, https://arrow.apache.org/docs/format/CDataInterface.html,
 * and C stream interface; the structs below are copied from the published specification).
 *
 * Ownership: a set is reference counted. The caller owns the one reference returned and drops
 * it with quiver_column_set_free (exactly once). An Arrow stream exported from a set, and every
 * array that stream produces, holds its own reference, so the set's buffers stay valid until the
 * last of them is released, whatever the order.
 */

#include "quiver/c/common.h"
#include "quiver/c/database.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Arrow C data interface (verbatim from the Arrow specification) ---- */
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

struct ArrowSchema {
    const char* format;
    const char* name;
    const char* metadata;
    int64_t flags;
    int64_t n_children;
    struct ArrowSchema** children;
    struct ArrowSchema* dictionary;
    void (*release)(struct ArrowSchema*);
    void* private_data;
};

struct ArrowArray {
    int64_t length;
    int64_t null_count;
    int64_t offset;
    int64_t n_buffers;
    int64_t n_children;
    const void** buffers;
    struct ArrowArray** children;
    struct ArrowArray* dictionary;
    void (*release)(struct ArrowArray*);
    void* private_data;
};

#endif /* ARROW_C_DATA_INTERFACE */

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE

struct ArrowArrayStream {
    int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
    int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
    const char* (*get_last_error)(struct ArrowArrayStream*);
    void (*release)(struct ArrowArrayStream*);
    void* private_data;
};

#endif /* ARROW_C_STREAM_INTERFACE */

/* ---- column sets ---- */

/* How a column's cells are stored (quiver_column_buffer_t.storage). */
typedef enum {
    QUIVER_COLUMN_INT64 = 0,        /* int64_t values[row_count]; a NULL cell holds 0 */
    QUIVER_COLUMN_FLOAT64 = 1,      /* double values[row_count]; a NULL cell holds NaN */
    QUIVER_COLUMN_TEXT = 2,         /* text + offsets (below); a NULL cell is "" */
    QUIVER_COLUMN_TIMESTAMP_NS = 3, /* int64_t nanoseconds since 1970-01-01T00:00:00 (UTC, no time
                                       zone) in values[row_count]; a NULL cell holds INT64_MIN */
} quiver_column_storage_t;

/* Flags of the columnar reads. */
typedef enum {
    QUIVER_COLUMNS_DEFAULT = 0,
    /* DATE_TIME columns as QUIVER_COLUMN_TIMESTAMP_NS (else as TEXT, the stored form). A stored
       text that is not a date-time (no such day, or outside 1678..2261) is a missing value
       (validity 0, INT64_MIN): a stored value never makes a read fail. */
    QUIVER_COLUMNS_DATES_AS_TIMESTAMPS = 1,
} quiver_columns_flags_t;

/*
 * One column of a set. Everything is owned by the set (never free a member).
 *   name       the column name (NUL-terminated)
 *   data_type  the schema type (quiver_data_type_t: INTEGER, FLOAT, STRING, DATE_TIME)
 *   storage    quiver_column_storage_t
 *   values     INT64 / FLOAT64 / TIMESTAMP_NS: row_count cells (int64_t or double); TEXT: NULL
 *   text       TEXT: every value followed by a '\0' (values are cut at an embedded NUL), text_bytes
 *              bytes in all; else NULL
 *   offsets    TEXT: row_count + 1 offsets into text; value i starts at text + offsets[i] and has
 *              offsets[i + 1] - offsets[i] - 1 bytes (the '\0' excluded); else NULL
 *   validity   row_count bytes, 1 = a value, 0 = SQL NULL (or a cell of another storage class);
 *              NULL when null_count is 0
 * Pointers may be NULL when row_count is 0.
 */
typedef struct {
    const char* name;
    int data_type;
    int storage;
    void* values;
    char* text;
    int64_t* offsets;
    uint8_t* validity;
    size_t null_count;
    size_t text_bytes;
} quiver_column_buffer_t;

/* A set of equal-length columns. `internal` is private to the library. */
typedef struct {
    size_t row_count;
    size_t column_count;
    quiver_column_buffer_t* columns;
    void* internal;
} quiver_column_set_t;

/*
 * Scalar attributes of every element of `collection`, in ONE SQL scan, rows in id order.
 * Columns: "id" (INT64) first, then `attributes[0..attribute_count)` in the order given; with
 * attributes == NULL every column of the collection but id, in declaration order ("id" given in
 * the list is skipped). flags: quiver_columns_flags_t.
 * Null args: db, collection, out_set (attributes may be NULL only as described).
 * Errors: Cannot read_columns: collection not found: <c> / column '<a>' not found in table '<c>' /
 * attribute '<a>' given more than once / the date-time error of QUIVER_COLUMNS_DATES_AS_TIMESTAMPS.
 * Free: quiver_column_set_free(*out_set).
 */
QUIVER_C_API quiver_error_t quiver_database_read_columns(quiver_database_t* db, const char* collection,
                                                         const char* const* attributes, size_t attribute_count,
                                                         int flags, quiver_column_set_t** out_set);

/*
 * Every row of time series group `group` of `collection`, in one call: columns "id" (INT64), the
 * dimension column, then the value columns by name; rows by id, then by dimension.
 * ids: NULL = every element; else id_count ids, read in the order given (a repeated id once).
 * start / end: NULL = unbounded; else rows with start <= dimension < end (compared as the stored
 * text, e.g. "2024-01-01T00:00:00").
 * Null args: db, collection, group, out_set.
 * Errors: those of quiver_database_get_time_series_metadata (collection / group not found), the
 * date-time error of QUIVER_COLUMNS_DATES_AS_TIMESTAMPS.
 * Free: quiver_column_set_free(*out_set).
 */
QUIVER_C_API quiver_error_t quiver_database_read_time_series_columns(quiver_database_t* db, const char* collection,
                                                                     const char* group, const int64_t* ids,
                                                                     size_t id_count, const char* start,
                                                                     const char* end, int flags,
                                                                     quiver_column_set_t** out_set);

/* Drops the caller's reference to `set` (NULL, or a struct the library did not return (internal
   NULL): no-op). Always QUIVER_OK. */
QUIVER_C_API quiver_error_t quiver_column_set_free(quiver_column_set_t* set);

/*
 * Exports `set` as an Arrow C stream into *out (caller-allocated, its previous content ignored):
 * one record batch (a struct array of every column) then the end of the stream. Formats:
 * INT64 "l", FLOAT64 "g", TEXT "u" (or "U" beyond 2 GiB of text), TIMESTAMP_NS "tsn:"; every field
 * nullable. Numeric buffers are the set's own (no copy); validity bitmaps and text without the
 * '\0' separators are built here once. The stream takes its own reference: the caller still frees
 * `set`, and releases the stream with out->release(out) (the consumer usually does).
 * Null args: set, out. A set whose `internal` is NULL (not returned by the library): an error.
 */
QUIVER_C_API quiver_error_t quiver_column_set_export_arrow_stream(quiver_column_set_t* set,
                                                                  struct ArrowArrayStream* out);

/* Number of column sets alive in this process (a diagnostic for leak tests). */
QUIVER_C_API size_t quiver_column_sets_alive(void);

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_COLUMNS_H */
