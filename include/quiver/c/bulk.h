#ifndef QUIVER_C_BULK_H
#define QUIVER_C_BULK_H

/*
 * quiverdb C API, bulk entry points (not in upstream 0.5.0): every row of a query, many
 * elements created in one call, many time series replaced in one call. Data goes in and out
 * column by column as typed arrays, so a caller marshals a column at a time, not a value.
 */

#include "common.h"
#include "database.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Every row of a query, column by column. Cell (row r, column c) is at index c * row_count + r
 * of types / integers / floats. types: QUIVER_DATA_TYPE_INTEGER (value in integers),
 * QUIVER_DATA_TYPE_FLOAT (value in floats), QUIVER_DATA_TYPE_STRING (integers holds the byte
 * offset of its NUL-terminated text in `text`, cut at a first NUL), QUIVER_DATA_TYPE_NULL.
 * Texts are stored column after column, each column's texts in row order, so the texts of one
 * column are one contiguous run of `text`.
 */
typedef struct {
    size_t column_count;
    size_t row_count;
    char** column_names; /* column_count names as SQLite reports them */
    uint8_t* types;
    int64_t* integers;
    double* floats;
    char* text;
    size_t text_size; /* bytes of text, NULs included */
} quiver_rows_t;

/*
 * Runs sql, one statement, with param_count positional parameters (the parallel arrays of
 * quiver_database_query_string_params) and writes every row to *out_rows. Text after the
 * statement other than white space, comments and ';' fails before anything runs: "Cannot query:
 * the SQL has more than one statement; ...".
 * The parameter count must equal the statement's: "Cannot query: the SQL has <n> parameters but
 * <m> were given (SQL: ...)". A BLOB cell fails.
 * Null args: db, sql, out_rows; param_types and param_values when param_count > 0.
 * Free: quiver_database_free_rows(out_rows) (on success; on failure *out_rows is zeroed).
 */
QUIVER_C_API quiver_error_t quiver_database_query_rows(quiver_database_t* db, const char* sql, const int* param_types,
                                                       const void* const* param_values, size_t param_count,
                                                       quiver_rows_t* out_rows);

/*
 * Frees the arrays of a quiver_rows_t filled by quiver_database_query_rows and zeroes it.
 * Null args: rows.
 */
QUIVER_C_API quiver_error_t quiver_database_free_rows(quiver_rows_t* rows);

/*
 * One column of a bulk write, borrowed for the duration of the call.
 * type: QUIVER_DATA_TYPE_INTEGER (data: int64_t[]), QUIVER_DATA_TYPE_FLOAT (data: double[]),
 * QUIVER_DATA_TYPE_STRING or QUIVER_DATA_TYPE_DATE_TIME (data: the texts one after another, each
 * NUL-terminated, data_size bytes in all), QUIVER_DATA_TYPE_NULL (every cell NULL; data ignored).
 * A scalar column has row_count cells; has_value NULL means every cell is present, otherwise
 * has_value[r] == 0 makes cell r NULL. A list column (vector / set / time series values of
 * each element) has offsets != NULL with row_count + 1 entries: element r's items are
 * items offsets[r] .. offsets[r + 1] - 1 of data (offsets[0] = 0); has_value is ignored.
 */
typedef struct {
    const char* name;
    int type;
    const void* data;
    size_t data_size;
    const uint8_t* has_value;
    const int64_t* offsets;
} quiver_bulk_column_t;

/*
 * Creates row_count elements of collection in one transaction and writes their ids, in row
 * order, to out_ids (row_count entries). Scalar columns are attributes of the collection
 * table (a STRING column for a foreign-key INTEGER column gives labels; an INTEGER column for a
 * REAL attribute is widened; a FLOAT column for an INTEGER attribute must hold whole numbers);
 * list columns go to the vector, set and time-series tables as in create_element (an empty list
 * is ignored). Everything is checked before the first write; all or nothing.
 * Null args: db, collection, columns (when column_count > 0), out_ids (when row_count > 0).
 * Errors: Cannot create_elements: column '<c>' not found in collection '<C>';
 * Cannot create_elements: element <r>, column '<c>': expected INTEGER, got REAL NaN /
 * duplicate label '<l>' (also element <q>) / ...; Cannot create_elements: element <r>: <engine
 * message> (constraints, group writes); Cannot create_elements: elements must have at least one
 * scalar attribute.
 */
QUIVER_C_API quiver_error_t quiver_database_create_elements(quiver_database_t* db, const char* collection,
                                                            const quiver_bulk_column_t* columns, size_t column_count,
                                                            size_t row_count, int64_t* out_ids);

/*
 * Replaces, in one transaction, the time series group rows of every element the frame names.
 * Row r belongs to element ids[r] (row_count ids); with ids NULL, to the element whose label is
 * labels[r] (row_count strings). columns: the dimension column and value
 * columns (scalar columns, types as the group's metadata) as update_time_series_group takes
 * them. Elements not named keep their rows.
 * Null args: db, collection, group; ids or labels when row_count > 0.
 */
QUIVER_C_API quiver_error_t quiver_database_update_time_series_frame(quiver_database_t* db, const char* collection,
                                                                     const char* group, const int64_t* ids,
                                                                     const char* const* labels,
                                                                     const quiver_bulk_column_t* columns,
                                                                     size_t column_count, size_t row_count);

/*
 * quiver_database_read_scalars_by_id into the caller's buffers (no allocation, nothing to free):
 * column i (the order of read_scalars_by_id: by name) has its metadata type in types[i],
 * has_value[i] (0 = NULL), and its value in integers[i] (INTEGER), floats[i] (FLOAT) or, for
 * STRING / DATE_TIME cells with a value, as the next NUL-terminated text of `text` (cut at a
 * first NUL). *out_count = the number of columns and *out_text_size = the bytes the texts
 * need: when either exceeds its capacity nothing is written, and the caller retries with
 * larger buffers. Errors as read_scalars_by_id.
 * Null args: db, collection, out_count, out_text_size.
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalars_row(quiver_database_t* db, const char* collection, int64_t id,
                                                             int* types, uint8_t* has_value, int64_t* integers,
                                                             double* floats, size_t capacity, char* text,
                                                             size_t text_capacity, size_t* out_count,
                                                             size_t* out_text_size);

#ifdef __cplusplus
}
#endif

#endif
