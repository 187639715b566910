#ifndef QUIVER_C_DATABASE_H
#define QUIVER_C_DATABASE_H

/*
 * quiverdb C API: databases, reads, writes, metadata, time series, CSV and queries.
 * Empty results come back as count 0 with NULL arrays; do not pass those to the
 * free functions that reject NULL.
 * Grouped by topic (lifecycle, transactions, writes, reads, freeing read results, metadata,
 * time series groups, time series files, CSV, queries); within a group the upstream 0.5.0
 * functions come first, then the extensions. Reference: docs/reference/c-api-list.md.
 */

#include <stdbool.h>
#include "common.h"
#include "options.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    QUIVER_DATA_STRUCTURE_SCALAR = 0,
    QUIVER_DATA_STRUCTURE_VECTOR = 1,
    QUIVER_DATA_STRUCTURE_SET = 2
} quiver_data_structure_t;

typedef enum {
    QUIVER_DATA_TYPE_INTEGER = 0,
    QUIVER_DATA_TYPE_FLOAT = 1,
    QUIVER_DATA_TYPE_STRING = 2,
    QUIVER_DATA_TYPE_DATE_TIME = 3,
    QUIVER_DATA_TYPE_NULL = 4
} quiver_data_type_t;

typedef struct quiver_database quiver_database_t;
typedef struct quiver_element quiver_element_t;

typedef struct {
    const char* name;
    quiver_data_type_t data_type;
    int not_null;
    int primary_key;
    const char* default_value; /* NULL if no default */
    int is_foreign_key;
    const char* references_collection; /* NULL if not a foreign key */
    const char* references_column;     /* NULL if not a foreign key */
} quiver_scalar_metadata_t;

typedef struct {
    const char* group_name;
    const char* dimension_column; /* NULL for vector/set groups; ordering column for time series */
    quiver_scalar_metadata_t* value_columns;
    size_t value_column_count;
} quiver_group_metadata_t;

/*
 * One column of a composite read (the read_*_by_id extensions below).
 *   name       column name
 *   data_type  QUIVER_DATA_TYPE_INTEGER, _FLOAT, _STRING or _DATE_TIME (from the column's metadata)
 *   count      number of cells (rows)
 *   values     int64_t* (INTEGER), double* (FLOAT) or char** (STRING, DATE_TIME) of count cells;
 *              NULL when count is 0
 *   has_value  count flags: 1 = the cell holds a value, 0 = SQL NULL (or a cell of another
 *              storage class); the cell is then 0 / 0.0 / a NULL char*. NULL when count is 0
 * An INTEGER cell of a FLOAT column is returned widened to double.
 * Everything inside is owned by the array; free the whole array with quiver_database_free_columns.
 */
typedef struct {
    char* name;
    int data_type;
    size_t count;
    void* values;
    uint8_t* has_value;
} quiver_column_t;

/* ===== Lifecycle: open or create, close, state, schema version, describe ===== */
/* A handle comes from open / from_schema / from_migrations and is released with close.
 * Every file path of the C API is UTF-8, on Windows too (not the ANSI code page). */

/*
 * Opens the existing SQLite file path (":memory:" for an in-memory database); never creates a file
 * (upstream created a missing one: Failed to open database: file not found: <path>);
 * writes the new handle to *out_db. options may be NULL (= defaults). Foreign keys are switched on.
 * Null args: path, out_db.
 * Owns: the handle → quiver_database_close.
 * The schema of an existing database is loaded and validated on first use (later upstream;
 * upstream 0.5.0 never loaded it: every collection operation failed with Cannot <op>: no schema
 * loaded). A database without tables has no schema: collection operations fail that way.
 * Errors: Failed to open database: file not found: <path>; Failed to open database: <sqlite
 * message> (<path>) (e.g. a file that is not a database); Failed to open database: <path> is not a
 * quiver database (<schema error>) (a SQLite file whose tables are not a valid quiver schema).
 */
QUIVER_C_API quiver_error_t quiver_database_open(const char* path, const quiver_database_options_t* options,
                                                 quiver_database_t** out_db);

/*
 * Opens db_path, applies the pending migrations from directory migrations_path, loads the schema;
 * writes the handle. options may be NULL. Semantics: docs/reference/migrations.md.
 * Null args: db_path, migrations_path, out_db.
 * Owns: handle → quiver_database_close.
 * Errors: engine (Migrations path not found: <path>, Cannot migrate_up: path is not a directory:
 * <path>, migration failures, …); Memory allocation failed.
 */
QUIVER_C_API quiver_error_t quiver_database_from_migrations(const char* db_path, const char* migrations_path,
                                                            const quiver_database_options_t* options,
                                                            quiver_database_t** out_db);

/*
 * Builds a new database from the SQL schema file schema_path (executed in one transaction, loaded
 * and validated) in a file beside db_path, then renames it over db_path; writes the handle. An
 * existing database is replaced only by a complete, valid new one (upstream deleted it first).
 * A db_path that exists and is not a regular file: Cannot from_schema: <path> exists and is not a
 * regular file. options may be NULL. Semantics: docs/reference/schema.md.
 * Null args: db_path, schema_path, out_db.
 * Owns: handle → quiver_database_close.
 * Errors: engine (Schema file not found: <path>, Cannot apply_schema: schema file is empty:
 * <path>, validation errors, SQL errors); Memory allocation failed.
 */
QUIVER_C_API quiver_error_t quiver_database_from_schema(const char* db_path, const char* schema_path,
                                                        const quiver_database_options_t* options,
                                                        quiver_database_t** out_db);

/*
 * Closes the database and frees the handle. db == NULL is accepted (returns QUIVER_OK, no-op).
 * Always returns QUIVER_OK. Closing twice is a double free upstream (upstream UB); runners created
 * on db must be freed first.
 */
QUIVER_C_API quiver_error_t quiver_database_close(quiver_database_t* db);

/*
 * Extension (not in upstream 0.5.0): closes the database but keeps the handle valid. It waits for
 * a call running on another thread; afterwards every call on db (from any thread, also one that
 * was waiting) fails with "Database is closed". Free the handle later with quiver_database_close
 * (which accepts a disconnected handle). Idempotent. db == NULL is a no-op.
 */
QUIVER_C_API quiver_error_t quiver_database_disconnect(quiver_database_t* db);

/*
 * Extension: interrupts the SQL statement running on db in another thread (sqlite3_interrupt); that
 * call fails with "... interrupted" and a library write it was doing is rolled back. Safe from any
 * thread, also while db is being closed; a no-op when nothing runs or db is closed. db == NULL is a
 * no-op.
 */
QUIVER_C_API quiver_error_t quiver_database_interrupt(quiver_database_t* db);

/*
 * Extension: the three constructors with connection options (options may be NULL = defaults).
 * options->base as for the functions above; busy_timeout_ms (< 0: the default 5000) is how long a
 * call waits for a lock of another connection or for another thread's transaction on this handle;
 * journal_mode NULL or "" keeps the file's mode, else one of "delete", "truncate", "persist",
 * "memory", "wal" (Failed to open database: unknown journal_mode '<m>' ... / journal_mode '<m>'
 * is not available for <path> ... / cannot set journal_mode '<m>' on a read-only database ...).
 */
QUIVER_C_API quiver_error_t quiver_database_open_ex(const char* path, const quiver_database_options_ex_t* options,
                                                    quiver_database_t** out_db);
QUIVER_C_API quiver_error_t quiver_database_from_schema_ex(const char* db_path, const char* schema_path,
                                                           const quiver_database_options_ex_t* options,
                                                           quiver_database_t** out_db);
QUIVER_C_API quiver_error_t quiver_database_from_migrations_ex(const char* db_path, const char* migrations_path,
                                                               const quiver_database_options_ex_t* options,
                                                               quiver_database_t** out_db);

/*
 * Extension: the connection's settings: *out_busy_timeout_ms, and *out_journal_mode = SQLite's
 * journal mode ("delete", "wal", "memory", ...; borrowed: valid until this thread's next
 * quiver_database_connection_settings call).
 * Null args: db, out_busy_timeout_ms, out_journal_mode.
 */
QUIVER_C_API quiver_error_t quiver_database_connection_settings(quiver_database_t* db, int* out_busy_timeout_ms,
                                                                const char** out_journal_mode);

/*
 * *out_healthy = 1 when the SQLite connection is open, else 0 (upstream never reports 0 for a live
 * handle).
 * Null args: db, out_healthy.
 */
QUIVER_C_API quiver_error_t quiver_database_is_healthy(quiver_database_t* db, int* out_healthy);

/*
 * *out_path = the path string given at open time, verbatim (":memory:" for in-memory). Borrowed:
 * owned by the handle, valid until close; do not free.
 * Null args: db, out_path.
 */
QUIVER_C_API quiver_error_t quiver_database_path(quiver_database_t* db, const char** out_path);

/*
 * *out_version = PRAGMA user_version (0 for a fresh database; the last applied migration number
 * otherwise).
 * Null args: db, out_version.
 * Errors: engine Failed to prepare statement: … / Failed to read user_version: ….
 */
QUIVER_C_API quiver_error_t quiver_database_current_version(quiver_database_t* db, int64_t* out_version);

/* Extension (issue 18): baseline a database at a schema version */

/*
 * Records `version` as the schema version (PRAGMA user_version) without running any migration:
 * the baseline of a database made by from_schema, so that from_migrations later applies only the
 * migrations numbered above it (docs/migrations.md). Runs as a write: inside an explicit
 * transaction it is part of it.
 * Null args: db.
 * Errors: engine Cannot stamp: version must be between 0 and 2147483647, got <v>;
 * Cannot stamp: database is read-only; Failed to set user_version: <sqlite message>.
 */
QUIVER_C_API quiver_error_t quiver_database_stamp(quiver_database_t* db, int64_t version);

/*
 * Prints a human-readable schema report to the process's **stdout** (C++ std::cout, not Python's
 * sys.stdout): Database: <path>, Version: <n>, then per collection its scalars, vectors, sets,
 * time series (or No schema loaded.). Format: docs/reference/database-api.md.
 * Null args: db.
 * Errors: engine (version query failure).
 */
QUIVER_C_API quiver_error_t quiver_database_describe(quiver_database_t* db);

/* Extension, later upstream (issue 17): strict mode */

/*
 * Turns strict mode (quiver_database_options_ex_t.strict) on or off for an open database, e.g. one
 * opened with the 0.5.0 constructors: typed readers refuse columns of another type,
 * update_element / delete_element of a missing id fail ("Cannot <op>: element <id> not found in
 * collection '<C>'"), and a float for an INTEGER column is refused ("Type mismatch for column '<c>':
 * expected INTEGER, got REAL"; later upstream). Null args: db / db, out_strict.
 */
QUIVER_C_API quiver_error_t quiver_database_set_strict(quiver_database_t* db, int strict);
QUIVER_C_API quiver_error_t quiver_database_is_strict(quiver_database_t* db, int* out_strict);

/* Extension, later upstream (issue 17): describe reports as strings */

/* quiver_database_describe's report as a string. Free: quiver_database_free_string(*out_report). */
QUIVER_C_API quiver_error_t quiver_database_describe_to_string(quiver_database_t* db, char** out_report);

/*
 * describe's section of one collection ("Collection: <C>", scalars, groups).
 * Error: "Cannot describe_collection: collection not found: <C>". Free: quiver_database_free_string.
 */
QUIVER_C_API quiver_error_t quiver_database_describe_collection(quiver_database_t* db, const char* collection,
                                                                char** out_report);

/*
 * One line: "<C>: <n> elements, <k> scalar attributes, <v> vector groups, <s> set groups,
 * <t> time series groups[, time series files]\n".
 * Error: "Cannot summarize_collection: collection not found: <C>". Free: quiver_database_free_string.
 */
QUIVER_C_API quiver_error_t quiver_database_summarize_collection(quiver_database_t* db, const char* collection,
                                                                 char** out_report);

/* ===== Transactions ===== */
/* An explicit transaction that library writes join until commit or rollback. */

/*
 * Starts an explicit transaction; later writes join it (their internal transactions nest into it)
 * until commit/rollback.
 * Null args: db.
 * Errors: engine Cannot begin_transaction: transaction already active (any open SQLite transaction
 * counts); Failed to begin transaction: <sqlite message>.
 */
QUIVER_C_API quiver_error_t quiver_database_begin_transaction(quiver_database_t* db);

/*
 * Commits the explicit transaction.
 * Null args: db.
 * Errors: engine Cannot commit: no active transaction; Failed to commit transaction: <sqlite
 * message>.
 */
QUIVER_C_API quiver_error_t quiver_database_commit(quiver_database_t* db);

/*
 * Rolls back the explicit transaction, discarding its writes.
 * Null args: db.
 * Errors: engine Cannot rollback: no active transaction. (A failing SQLite ROLLBACK is only
 * logged, not reported.)
 */
QUIVER_C_API quiver_error_t quiver_database_rollback(quiver_database_t* db);

/*
 * *out_active = true while a transaction is open on the connection (SQLite autocommit off — also
 * true for one opened with raw SQL through query_*). Out type is C99 bool (_Bool, 1 byte) — the
 * only bool in the API.
 * Null args: db, out_active.
 */
QUIVER_C_API quiver_error_t quiver_database_in_transaction(quiver_database_t* db, bool* out_active);

/* Extension, later upstream (issue 17): dry run (upstream 0.9.16) */

/*
 * Opens a transaction that quiver_database_end_dry_run always rolls back: writes are checked and
 * executed, then undone. Meanwhile begin_transaction / commit / rollback work on a savepoint inside
 * it (in_transaction reports that one), and any commit, raw SQL included, becomes a rollback.
 * Errors: "Cannot begin_dry_run: dry run already active", "Cannot begin_dry_run: transaction already active".
 */
QUIVER_C_API quiver_error_t quiver_database_begin_dry_run(quiver_database_t* db);

/* Rolls back everything since begin_dry_run. Error: "Cannot end_dry_run: no active dry run". */
QUIVER_C_API quiver_error_t quiver_database_end_dry_run(quiver_database_t* db);

/* *out_active = 1 during a dry run, else 0. Null args: db, out_active. */
QUIVER_C_API quiver_error_t quiver_database_in_dry_run(quiver_database_t* db, int* out_active);

/* ===== Writes: elements and whole groups ===== */
/* Each call runs in its own transaction (a savepoint inside an explicit one): nothing is written on failure. */

/*
 * Inserts a new element into collection from the element builder: scalars into the collection
 * table, arrays routed by name into the matching vector/set/time-series group tables (FK labels
 * resolved, strings trimmed; all in one transaction, no partial writes). *out_id = new element id
 * (1 for the first element). The element is **not** consumed: the caller still destroys it and may
 * reuse it.
 * Null args: db, collection, element, out_id.
 * Errors: engine — Cannot create_element: collection not found: <c>, Cannot create_element:
 * element must have at least one scalar attribute, FK resolution and type-mismatch texts, SQL
 * constraint errors (Failed to execute statement: …).
 */
QUIVER_C_API quiver_error_t quiver_database_create_element(quiver_database_t* db, const char* collection,
                                                           quiver_element_t* element, int64_t* out_id);

/*
 * Updates element id: each scalar set in the builder is written; each array **replaces** that
 * element's rows in the group it routes to (an empty array clears them). One transaction; FK
 * labels resolved first, so a failed resolution leaves the stored data unchanged. Updating a non-
 * existent id is not reported as "not found" (scalar UPDATE affects 0 rows; group inserts then hit
 * the FK constraint).
 * Null args: db, collection, element.
 * Errors: engine — Cannot update_element: collection not found: <c>, Cannot update_element:
 * element must have at least one attribute to update, FK/type/SQL texts.
 */
QUIVER_C_API quiver_error_t quiver_database_update_element(quiver_database_t* db, const char* collection, int64_t id,
                                                           const quiver_element_t* element);

/*
 * Deletes element id from collection; its vector/set/time-series rows go with it (ON DELETE
 * CASCADE). Deleting an id that does not exist succeeds silently.
 * Null args: db, collection.
 * Errors: engine Cannot delete_element: collection not found: <c>, SQL errors (e.g. FK RESTRICT).
 */
QUIVER_C_API quiver_error_t quiver_database_delete_element(quiver_database_t* db, const char* collection, int64_t id);

/* -- extensions beyond upstream 0.5.0 -- */

/*
 * Replaces element `id`'s rows in the vector group `group` of `collection`
 * (table <collection>_vector_<group>) with `row_count` rows given column-wise.
 * column_names[i]   : a value column of the group (not `id` / `vector_index`), each at most once.
 * column_types[i]   : QUIVER_DATA_TYPE_* of column_data[i]: INTEGER -> const int64_t*,
 *                     FLOAT -> const double*, STRING / DATE_TIME -> const char* const*
 *                     (a NULL entry is a NULL cell), NULL -> every cell NULL (data may be NULL).
 *                     STRING for an INTEGER foreign-key column: labels resolved to ids;
 *                     INTEGER for a REAL column is stored as a float.
 * column_has_value  : may be NULL (every cell present); else per column a mask of row_count
 *                     bytes (0 = NULL cell) or NULL (every cell of that column present).
 * column_count == 0 : clears the element's rows. Rows get vector_index 1..row_count.
 * All inputs are borrowed. Columns of the group that are not named become NULL.
 * Null args: db, collection, group; column_names/column_types/column_data when column_count > 0.
 * Errors: "Cannot update_vector_group: columns [<names>] contain no rows; pass no columns to clear the group",
 * "Cannot update_vector_group: column '<c>' is managed by the group table, not a value column",
 * "Cannot update_vector_group: column '<c>' not found in group '<g>' for collection '<C>'",
 * "Element not found: <id> in collection '<C>'", label / type / SQL errors. Nothing is written on failure.
 */
QUIVER_C_API quiver_error_t quiver_database_update_vector_group(quiver_database_t* db, const char* collection,
                                                                const char* group, int64_t id,
                                                                const char* const* column_names,
                                                                const int* column_types, const void* const* column_data,
                                                                const uint8_t* const* column_has_value,
                                                                size_t column_count, size_t row_count);

/*
 * Same as quiver_database_update_vector_group for the set group <collection>_set_<group>
 * (managed column: `id`; messages start "Cannot update_set_group: ").
 */
QUIVER_C_API quiver_error_t quiver_database_update_set_group(quiver_database_t* db, const char* collection,
                                                             const char* group, int64_t id,
                                                             const char* const* column_names, const int* column_types,
                                                             const void* const* column_data,
                                                             const uint8_t* const* column_has_value,
                                                             size_t column_count, size_t row_count);

/* ===== Reads: scalars, vectors and sets, of every element or of one ===== */
/* Results are new arrays owned by the caller, freed with the quiver_database_free_* function each names. */

/*
 * Out: int64_t array of *out_count values.
 * Null args: db, collection, attribute, out_values, out_count.
 * Free: quiver_database_free_integer_array(*out_values).
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_integers(quiver_database_t* db, const char* collection,
                                                                 const char* attribute, int64_t** out_values,
                                                                 size_t* out_count);

/*
 * Out: double array. Only cells stored as REAL are returned (a REAL column always stores REAL).
 * Null args: db, collection, attribute, out_values, out_count.
 * Free: quiver_database_free_float_array(*out_values).
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_floats(quiver_database_t* db, const char* collection,
                                                               const char* attribute, double** out_values,
                                                               size_t* out_count);

/*
 * Out: array of *out_count NUL-terminated strings (each separately allocated; never NULL entries
 * in 0.5.0 since NULLs are skipped). Date-time columns come back as stored text.
 * Null args: db, collection, attribute, out_values, out_count.
 * Free: quiver_database_free_string_array(*out_values, *out_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_strings(quiver_database_t* db, const char* collection,
                                                                const char* attribute, char*** out_values,
                                                                size_t* out_count);

/*
 * Null args: db, collection, attribute, out_vectors, out_sizes, out_count.
 * Free: quiver_database_free_integer_vectors(*out_vectors, *out_sizes, *out_count) (frees inner
 * arrays, the outer array and sizes).
 */
QUIVER_C_API quiver_error_t quiver_database_read_vector_integers(quiver_database_t* db, const char* collection,
                                                                 const char* attribute, int64_t*** out_vectors,
                                                                 size_t** out_sizes, size_t* out_count);

/*
 * Null args: db, collection, attribute, out_vectors, out_sizes, out_count.
 * Free: quiver_database_free_float_vectors(*out_vectors, *out_sizes, *out_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_vector_floats(quiver_database_t* db, const char* collection,
                                                               const char* attribute, double*** out_vectors,
                                                               size_t** out_sizes, size_t* out_count);

/*
 * Out: (*out_vectors)[i][j] is a separately allocated string.
 * Null args: db, collection, attribute, out_vectors, out_sizes, out_count.
 * Free: quiver_database_free_string_vectors(*out_vectors, *out_sizes, *out_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_vector_strings(quiver_database_t* db, const char* collection,
                                                                const char* attribute, char**** out_vectors,
                                                                size_t** out_sizes, size_t* out_count);

/*
 * Null args: db, collection, attribute, out_sets, out_sizes, out_count.
 * Free: quiver_database_free_integer_vectors(*out_sets, *out_sizes, *out_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_set_integers(quiver_database_t* db, const char* collection,
                                                              const char* attribute, int64_t*** out_sets,
                                                              size_t** out_sizes, size_t* out_count);

/*
 * Null args: db, collection, attribute, out_sets, out_sizes, out_count.
 * Free: quiver_database_free_float_vectors(*out_sets, *out_sizes, *out_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_set_floats(quiver_database_t* db, const char* collection,
                                                            const char* attribute, double*** out_sets,
                                                            size_t** out_sizes, size_t* out_count);

/*
 * Null args: db, collection, attribute, out_sets, out_sizes, out_count.
 * Free: quiver_database_free_string_vectors(*out_sets, *out_sizes, *out_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_set_strings(quiver_database_t* db, const char* collection,
                                                             const char* attribute, char**** out_sets,
                                                             size_t** out_sizes, size_t* out_count);

/*
 * Null args: db, collection, attribute, out_value, out_has_value.
 * Nothing to free.
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_integer_by_id(quiver_database_t* db, const char* collection,
                                                                      const char* attribute, int64_t id,
                                                                      int64_t* out_value, int* out_has_value);

/*
 * Null args: db, collection, attribute, out_value, out_has_value.
 * Nothing to free.
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_float_by_id(quiver_database_t* db, const char* collection,
                                                                    const char* attribute, int64_t id,
                                                                    double* out_value, int* out_has_value);

/*
 * Out: *out_value newly allocated string, or NULL when *out_has_value == 0.
 * Null args: db, collection, attribute, out_value, out_has_value.
 * Free: quiver_database_free_string(*out_value) (NULL accepted).
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_string_by_id(quiver_database_t* db, const char* collection,
                                                                     const char* attribute, int64_t id,
                                                                     char** out_value, int* out_has_value);

/*
 * Null args: db, collection, attribute, out_values, out_count.
 * Free: quiver_database_free_integer_array(*out_values).
 */
QUIVER_C_API quiver_error_t quiver_database_read_vector_integers_by_id(quiver_database_t* db, const char* collection,
                                                                       const char* attribute, int64_t id,
                                                                       int64_t** out_values, size_t* out_count);

/*
 * Null args: db, collection, attribute, out_values, out_count.
 * Free: quiver_database_free_float_array(*out_values).
 */
QUIVER_C_API quiver_error_t quiver_database_read_vector_floats_by_id(quiver_database_t* db, const char* collection,
                                                                     const char* attribute, int64_t id,
                                                                     double** out_values, size_t* out_count);

/*
 * Null args: db, collection, attribute, out_values, out_count.
 * Free: quiver_database_free_string_array(*out_values, *out_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_vector_strings_by_id(quiver_database_t* db, const char* collection,
                                                                      const char* attribute, int64_t id,
                                                                      char*** out_values, size_t* out_count);

/*
 * Null args: db, collection, attribute, out_values, out_count.
 * Free: quiver_database_free_integer_array(*out_values).
 */
QUIVER_C_API quiver_error_t quiver_database_read_set_integers_by_id(quiver_database_t* db, const char* collection,
                                                                    const char* attribute, int64_t id,
                                                                    int64_t** out_values, size_t* out_count);

/*
 * Null args: db, collection, attribute, out_values, out_count.
 * Free: quiver_database_free_float_array(*out_values).
 */
QUIVER_C_API quiver_error_t quiver_database_read_set_floats_by_id(quiver_database_t* db, const char* collection,
                                                                  const char* attribute, int64_t id,
                                                                  double** out_values, size_t* out_count);

/*
 * Null args: db, collection, attribute, out_values, out_count.
 * Free: quiver_database_free_string_array(*out_values, *out_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_set_strings_by_id(quiver_database_t* db, const char* collection,
                                                                   const char* attribute, int64_t id,
                                                                   char*** out_values, size_t* out_count);

/*
 * All element ids of collection in insertion (rowid) order.
 * Null args: db, collection, out_ids, out_count.
 * Empty: *out_count = 0, *out_ids = NULL.
 * Free: quiver_database_free_integer_array(*out_ids).
 */
QUIVER_C_API quiver_error_t quiver_database_read_element_ids(quiver_database_t* db, const char* collection,
                                                             int64_t** out_ids, size_t* out_count);

/* -- extensions beyond upstream 0.5.0 -- */

/*
 * Number of elements (rows) of collection (SELECT COUNT(*), later upstream).
 * Null args: db, collection, out_count.
 * Errors: engine Cannot number_of_elements: collection not found: <c>.
 * Nothing to free.
 */
QUIVER_C_API quiver_error_t quiver_database_number_of_elements(quiver_database_t* db, const char* collection,
                                                               int64_t* out_count);

/*
 * Every scalar attribute (column of the collection table, byte-wise sorted by name, id and label
 * included) of element id, in one query. Each column has count 1; an id that does not exist gives
 * every column with has_value 0.
 * Out: *out_columns array of *out_column_count columns.
 * Null args: db, collection, out_columns, out_column_count.
 * Errors: engine Cannot list_scalar_attributes: collection not found: <c> (the message upstream's
 * composition reports).
 * Free: quiver_database_free_columns(*out_columns, *out_column_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalars_by_id(quiver_database_t* db, const char* collection,
                                                               int64_t id, quiver_column_t** out_columns,
                                                               size_t* out_column_count);

/*
 * Element id's rows of the vector group table <collection>_vector_<group>: one column per value
 * column (sorted by name; id and vector_index excluded), cells in vector_index order (row i of the
 * group is cell i of every column). No rows: every column has count 0.
 * Null args: db, collection, group, out_columns, out_column_count.
 * Errors: engine Cannot get_vector_metadata: collection not found: <c>,
 * Vector group not found: '<g>' in collection '<c>'.
 * Free: quiver_database_free_columns(*out_columns, *out_column_count) (skip when the count is 0).
 * Named _columns_by_id (it was quiver_database_read_vector_group_by_id): upstream 0.9.15 has a
 * function of that name with another signature (columnar arrays + masks), so C code written for
 * upstream must fail to link here instead of misreading memory. Nothing is exported under the
 * upstream names.
 */
QUIVER_C_API quiver_error_t quiver_database_read_vector_group_columns_by_id(quiver_database_t* db,
                                                                            const char* collection, const char* group,
                                                                            int64_t id, quiver_column_t** out_columns,
                                                                            size_t* out_column_count);

/*
 * As quiver_database_read_vector_group_columns_by_id for the set group table <collection>_set_<group>;
 * rows in ascending value order.
 * Errors: engine Cannot get_set_metadata: collection not found: <c>,
 * Set group not found: '<g>' in collection '<c>'.
 * Free: quiver_database_free_columns(*out_columns, *out_column_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_set_group_columns_by_id(quiver_database_t* db, const char* collection,
                                                                         const char* group, int64_t id,
                                                                         quiver_column_t** out_columns,
                                                                         size_t* out_column_count);

/*
 * The columns of every vector group of collection for element id (groups by table name, columns
 * by name within a group), shaped as quiver_database_read_vector_group_columns_by_id. A collection without
 * vector groups gives count 0 and NULL.
 * Null args: db, collection, out_columns, out_column_count.
 * Errors: engine Cannot read_vectors_by_id: collection not found: <c> (upstream's composition gave
 * {}); without a schema Cannot list_vector_groups: no schema loaded.
 * Free: quiver_database_free_columns(*out_columns, *out_column_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_vectors_by_id(quiver_database_t* db, const char* collection,
                                                               int64_t id, quiver_column_t** out_columns,
                                                               size_t* out_column_count);

/*
 * As quiver_database_read_vectors_by_id for the set groups.
 * Errors: engine Cannot read_sets_by_id: collection not found: <c> (upstream's composition gave
 * {}); without a schema Cannot list_set_groups: no schema loaded.
 * Free: quiver_database_free_columns(*out_columns, *out_column_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_sets_by_id(quiver_database_t* db, const char* collection, int64_t id,
                                                            quiver_column_t** out_columns, size_t* out_column_count);

/*
 * Packed variants of the bulk string reads (same rows, order, filtering and errors as
 * quiver_database_read_scalar_strings / _read_vector_strings / _read_set_strings), for callers
 * that want one allocation instead of one per string: *out_data holds the strings back to back,
 * each followed by a NUL byte (*out_bytes bytes in total; a value containing a NUL byte is cut
 * there, as a char* would be). Scalars: *out_count strings. Vectors/sets: *out_count elements,
 * (*out_sizes)[i] strings for the i-th element, taken in order from *out_data.
 * Empty: counts 0 and every pointer NULL.
 * Null args: db, collection, attribute, out_data, out_bytes, (out_sizes,) out_count.
 * Free: quiver_database_free_string(*out_data); vectors/sets also
 * quiver_database_free_sizes(*out_sizes).
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_strings_packed(quiver_database_t* db, const char* collection,
                                                                       const char* attribute, char** out_data,
                                                                       size_t* out_bytes, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_vector_strings_packed(quiver_database_t* db, const char* collection,
                                                                       const char* attribute, char** out_data,
                                                                       size_t* out_bytes, size_t** out_sizes,
                                                                       size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_strings_packed(quiver_database_t* db, const char* collection,
                                                                    const char* attribute, char** out_data,
                                                                    size_t* out_bytes, size_t** out_sizes,
                                                                    size_t* out_count);

/* Extension, later upstream (issue 17): NULL-keeping bulk scalar reads (upstream 0.9.12's shape) */

/*
 * One entry per element, in quiver_database_read_element_ids' order; out_mask[i] == 0 marks SQL
 * NULL (or a cell of another storage class) with the placeholder 0 / 0.0. FLOAT widens INTEGER cells.
 * Empty collection: NULL arrays, count 0. Errors as quiver_database_read_scalar_integers.
 * Free: quiver_database_free_integer_array / _free_float_array and quiver_database_free_mask.
 */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_integers_masked(quiver_database_t* db, const char* collection,
                                                                        const char* attribute, int64_t** out_values,
                                                                        uint8_t** out_mask, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_scalar_floats_masked(quiver_database_t* db, const char* collection,
                                                                      const char* attribute, double** out_values,
                                                                      uint8_t** out_mask, size_t* out_count);
/* As above; a NULL cell is a NULL entry. Free: quiver_database_free_string_array. */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_strings_masked(quiver_database_t* db, const char* collection,
                                                                       const char* attribute, char*** out_values,
                                                                       size_t* out_count);
/* Frees a mask returned above (NULL accepted). */
QUIVER_C_API quiver_error_t quiver_database_free_mask(uint8_t* mask);

/* ===== Freeing read results ===== */
/* Each releases one kind of read result, including everything inside it. */

/*
 * Frees an int64_t array from read_scalar_integers, read_vector_integers_by_id,
 * read_set_integers_by_id, read_element_ids.
 * Null args: values.
 */
QUIVER_C_API quiver_error_t quiver_database_free_integer_array(int64_t* values);

/*
 * Frees a double array from read_scalar_floats, read_vector_floats_by_id, read_set_floats_by_id.
 * Null args: values.
 */
QUIVER_C_API quiver_error_t quiver_database_free_float_array(double* values);

/*
 * Frees count strings (NULL entries skipped) and the array, from read_scalar_strings,
 * read_vector_strings_by_id, read_set_strings_by_id, list_time_series_files_columns.
 * Null args: values.
 */
QUIVER_C_API quiver_error_t quiver_database_free_string_array(char** values, size_t count);

/*
 * Frees one string from read_scalar_string_by_id, query_string, query_string_params,
 * quiver_element_to_string. str == NULL → QUIVER_OK, no-op. Always QUIVER_OK.
 */
QUIVER_C_API quiver_error_t quiver_database_free_string(char* str);

/*
 * Frees count inner arrays (NULL ones skipped), the outer array and sizes; from
 * read_vector_integers, read_set_integers.
 * Null args: vectors, sizes.
 */
QUIVER_C_API quiver_error_t quiver_database_free_integer_vectors(int64_t** vectors, size_t* sizes, size_t count);

/*
 * Same for read_vector_floats, read_set_floats.
 * Null args: vectors, sizes.
 */
QUIVER_C_API quiver_error_t quiver_database_free_float_vectors(double** vectors, size_t* sizes, size_t count);

/*
 * Frees, for each of count entries, its sizes[i] strings and the inner array (NULL inner arrays
 * skipped), then the outer array and sizes; from read_vector_strings, read_set_strings.
 * Null args: vectors, sizes.
 */
QUIVER_C_API quiver_error_t quiver_database_free_string_vectors(char*** vectors, size_t* sizes, size_t count);

/* -- extensions beyond upstream 0.5.0 -- */

/*
 * Frees a sizes array of the packed reads above. NULL accepted (QUIVER_OK).
 */
QUIVER_C_API quiver_error_t quiver_database_free_sizes(size_t* sizes);

/*
 * Frees an array of column_count columns returned by the read_*_by_id extensions above (names,
 * values, strings, flags and the array itself).
 * Null args: columns.
 */
QUIVER_C_API quiver_error_t quiver_database_free_columns(quiver_column_t* columns, size_t column_count);

/* ===== Metadata ===== */
/* Read from the schema model the handle loads once; no SQL runs. */

/*
 * Fills *out_metadata for column attribute of the collection table, including FK info
 * (is_foreign_key = 1, references_collection, references_column such as "Parent", "id").
 * Null args: db, collection, attribute, out_metadata.
 * Free: quiver_database_free_scalar_metadata(out_metadata).
 * Errors: engine Cannot get_scalar_metadata: collection not found: <c>, Scalar attribute not
 * found: '<a>' in collection '<c>'.
 */
QUIVER_C_API quiver_error_t quiver_database_get_scalar_metadata(quiver_database_t* db, const char* collection,
                                                                const char* attribute,
                                                                quiver_scalar_metadata_t* out_metadata);

/*
 * Fills *out_metadata for vector group group_name (table <collection>_vector_<group_name>):
 * group_name, dimension_column = NULL, value columns (all but id, vector_index).
 * Null args: db, collection, group_name, out_metadata.
 * Free: quiver_database_free_group_metadata(out_metadata).
 * Errors: engine Cannot get_vector_metadata: collection not found: <c>, Vector group not found:
 * '<g>' in collection '<c>'.
 */
QUIVER_C_API quiver_error_t quiver_database_get_vector_metadata(quiver_database_t* db, const char* collection,
                                                                const char* group_name,
                                                                quiver_group_metadata_t* out_metadata);

/*
 * As above for set group <collection>_set_<group_name> (value columns: all but id);
 * dimension_column = NULL.
 * Null args: db, collection, group_name, out_metadata.
 * Free: quiver_database_free_group_metadata(out_metadata).
 * Errors: engine Cannot get_set_metadata: collection not found: <c>, Set group not found: '<g>' in
 * collection '<c>'.
 */
QUIVER_C_API quiver_error_t quiver_database_get_set_metadata(quiver_database_t* db, const char* collection,
                                                             const char* group_name,
                                                             quiver_group_metadata_t* out_metadata);

/*
 * As above for time series group <collection>_time_series_<group_name>; dimension_column = the
 * dimension column name (e.g. "date_time"), value columns exclude id and the dimension.
 * Null args: db, collection, group_name, out_metadata.
 * Free: quiver_database_free_group_metadata(out_metadata).
 * Errors: engine Cannot get_time_series_metadata: collection not found: <c>, Time series group not
 * found: '<g>' in collection '<c>', Dimension column not found: time series table '<t>'.
 */
QUIVER_C_API quiver_error_t quiver_database_get_time_series_metadata(quiver_database_t* db, const char* collection,
                                                                     const char* group_name,
                                                                     quiver_group_metadata_t* out_metadata);

/*
 * Frees name, default_value, references_collection, references_column and sets them to NULL (other
 * fields untouched; the struct itself is not freed). Calling it again on the same struct is
 * harmless.
 * Null args: metadata.
 */
QUIVER_C_API quiver_error_t quiver_database_free_scalar_metadata(quiver_scalar_metadata_t* metadata);

/*
 * Frees group_name, dimension_column, every value column's strings and the value_columns array;
 * then sets the three pointers to NULL and value_column_count = 0. Idempotent.
 * Null args: metadata.
 */
QUIVER_C_API quiver_error_t quiver_database_free_group_metadata(quiver_group_metadata_t* metadata);

/*
 * Metadata (with FK info) for every column of the collection table, id and label included.
 * Null args: db, collection, out_metadata, out_count.
 * Empty: *out_count = 0, *out_metadata = NULL.
 * Free: quiver_database_free_scalar_metadata_array(*out_metadata, *out_count).
 */
QUIVER_C_API quiver_error_t quiver_database_list_scalar_attributes(quiver_database_t* db, const char* collection,
                                                                   quiver_scalar_metadata_t** out_metadata,
                                                                   size_t* out_count);

/*
 * Metadata of every vector group of collection.
 * Null args: db, collection, out_metadata, out_count.
 * Empty (no groups, and also an unknown collection name — the engine only checks that a schema is
 * loaded): *out_count = 0, *out_metadata = NULL.
 * Free: quiver_database_free_group_metadata_array(*out_metadata, *out_count).
 */
QUIVER_C_API quiver_error_t quiver_database_list_vector_groups(quiver_database_t* db, const char* collection,
                                                               quiver_group_metadata_t** out_metadata,
                                                               size_t* out_count);

/*
 * Metadata of every set group. Same empty/unknown-collection rule.
 * Null args: db, collection, out_metadata, out_count.
 * Free: quiver_database_free_group_metadata_array(*out_metadata, *out_count).
 * Errors: engine Cannot list_set_groups: no schema loaded.
 */
QUIVER_C_API quiver_error_t quiver_database_list_set_groups(quiver_database_t* db, const char* collection,
                                                            quiver_group_metadata_t** out_metadata, size_t* out_count);

/*
 * Metadata of every time series group (the _time_series_files table is not a group). Same
 * empty/unknown-collection rule.
 * Null args: db, collection, out_metadata, out_count.
 * Free: quiver_database_free_group_metadata_array(*out_metadata, *out_count).
 * Errors: engine Cannot list_time_series_groups: no schema loaded.
 */
QUIVER_C_API quiver_error_t quiver_database_list_time_series_groups(quiver_database_t* db, const char* collection,
                                                                    quiver_group_metadata_t** out_metadata,
                                                                    size_t* out_count);

/*
 * Frees the strings of count entries and the array itself.
 * Null args: metadata (so do not call it for an empty list).
 */
QUIVER_C_API quiver_error_t quiver_database_free_scalar_metadata_array(quiver_scalar_metadata_t* metadata,
                                                                       size_t count);

/*
 * Frees count group entries (names, dimension, value columns) and the array itself.
 * Null args: metadata.
 */
QUIVER_C_API quiver_error_t quiver_database_free_group_metadata_array(quiver_group_metadata_t* metadata, size_t count);

/* ===== Time series groups ===== */
/* Column-wise rows of one element's time series group (a dimension column first). */

/*
 * Reads all rows of element id in time series group group, ordered by the dimension column
 * (ascending text order). Columns: dimension column first, typed **STRING (2)** regardless of its
 * declared type, then the value columns in metadata order (alphabetical) with their metadata types
 * (DATE_TIME value columns report 3 and carry char**).
 * Null args: db, collection, group, out_column_names, out_column_types, out_column_data,
 * out_column_count, out_row_count.
 * Out: *out_column_names (array of *out_column_count strings), *out_column_types (int array),
 * *out_column_data (void* array of typed column arrays), counts.
 * Empty (no rows for id, including an unknown id): all three arrays NULL, both counts 0 — even
 * though the group has columns.
 * SQL NULL cells: INTEGER 0, FLOAT 0.0, STRING/DATE_TIME a NULL char* entry (upstream failed);
 * quiver_database_read_time_series_group_masked tells NULL apart.
 * Free: quiver_database_free_time_series_data(*out_column_names, *out_column_types,
 * *out_column_data, *out_column_count, *out_row_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_time_series_group(quiver_database_t* db, const char* collection,
                                                                   const char* group, int64_t id,
                                                                   char*** out_column_names, int** out_column_types,
                                                                   void*** out_column_data, size_t* out_column_count,
                                                                   size_t* out_row_count);

/*
 * Replaces all rows of element id in the group with row_count rows built from the columns (one
 * transaction: delete, then insert). Columns may come in any order; the dimension column is
 * mandatory; value columns may be omitted (they are left out of the INSERT and get their SQL
 * default, NULL if none — so NOT NULL columns without a default make SQLite fail).
 * Null args: db, collection, group. Then, in this order:
 * (quirk) column_count > 0 with row_count == 0 passes validation and then clears the element's
 * rows, like case 1.
 * No FK label resolution here (an INTEGER column, FK or not, needs INTEGER data; only
 * update_element resolves labels). String cells are trimmed (space, tab, CR, LF) when bound, like
 * every string the engine binds.
 * A NULL entry in column_names, a NULL column_data[c] (row_count > 0) or a NULL string in a string
 * column is an error naming it (upstream dereferenced it); a column named twice is an error. All
 * checks run before anything is deleted. NULL cells: quiver_database_update_time_series_group_masked.
 */
QUIVER_C_API quiver_error_t quiver_database_update_time_series_group(
    quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names,
    const int* column_types, const void* const* column_data, size_t column_count, size_t row_count);

/*
 * Frees a read_time_series_group result: the column_count names, each column array by its type
 * code (string columns: row_count strings each), then the three outer arrays. NULL-tolerant: if
 * column_names and column_data are both NULL it returns QUIVER_OK at once (the empty result); NULL
 * column slots are skipped. No null-argument errors; always QUIVER_OK for valid input.
 * Unknown type code in column_types: upstream throws Cannot free_time_series_data: unknown data
 * type <n> out of the C function (upstream UB); return QUIVER_ERROR with that text instead.
 */
QUIVER_C_API quiver_error_t quiver_database_free_time_series_data(char** column_names, int* column_types,
                                                                  void** column_data, size_t column_count,
                                                                  size_t row_count);

/* -- extensions beyond upstream 0.5.0 -- */

/*
 * NULL cells in quiver_database_read_time_series_group (0.5.0 signature): INTEGER cells read 0,
 * FLOAT cells 0.0 (as upstream), STRING/DATE_TIME cells are NULL entries in their char** column
 * (upstream failed the whole call). Use the masked reader below to tell NULL from 0 / 0.0.
 */

/*
 * As quiver_database_read_time_series_group, plus a per-cell presence mask:
 * (*out_column_has_value)[c][r] is 1 when the cell holds a value and 0 for SQL NULL (then the data
 * cell is 0 / 0.0 / a NULL char*). One uint8_t array of *out_row_count bytes per column.
 * Null args: db, collection, group, out_column_names, out_column_types, out_column_data,
 * out_column_has_value, out_column_count, out_row_count.
 * Empty (no rows): every array NULL, both counts 0.
 * Free: quiver_database_free_time_series_data(names, types, data, column_count, row_count) and
 * quiver_database_free_time_series_masks(*out_column_has_value, *out_column_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_time_series_group_masked(
    quiver_database_t* db, const char* collection, const char* group, int64_t id, char*** out_column_names,
    int** out_column_types, void*** out_column_data, uint8_t*** out_column_has_value, size_t* out_column_count,
    size_t* out_row_count);

/*
 * Frees the masks of quiver_database_read_time_series_group_masked: column_count arrays and the
 * outer array. NULL (the empty result) is accepted. Always QUIVER_OK.
 */
QUIVER_C_API quiver_error_t quiver_database_free_time_series_masks(uint8_t** column_has_value, size_t column_count);

/*
 * As quiver_database_update_time_series_group, with an optional per-cell presence mask:
 * column_has_value may be NULL (every cell present), as may any column_has_value[c]; a 0 byte in
 * column_has_value[c][r] writes SQL NULL for that cell (its data cell is not read, so a string
 * column may hold a NULL char* there). column_data[c] may be NULL only when every cell of that
 * column is masked out. NOT NULL columns still reject NULL (SQLite's constraint error).
 * Inputs are borrowed. Null args: db, collection, group; other checks and errors as
 * quiver_database_update_time_series_group, plus: NULL entry in column_names, NULL column data,
 * or a NULL string in an unmasked cell -> QUIVER_ERROR with a message naming it.
 */
QUIVER_C_API quiver_error_t quiver_database_update_time_series_group_masked(
    quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names,
    const int* column_types, const void* const* column_data, const uint8_t* const* column_has_value,
    size_t column_count, size_t row_count);

/*
 * As quiver_database_update_time_series_group_masked, with STRING/DATE_TIME columns packed into
 * one buffer each (one allocation instead of one per string): column_data[c] is a const char*
 * holding row_count strings back to back, each followed by a NUL byte, column_bytes[c] bytes in
 * total (a masked-out cell still takes its slot, e.g. an empty string). INTEGER/FLOAT columns are
 * as usual and their column_bytes entry is ignored. A buffer holding fewer or more than row_count
 * strings is an error. column_has_value may be NULL.
 * Inputs are borrowed. Null args: db, collection, group; column_count > 0 with column_bytes NULL ->
 * Cannot update_time_series_group: column_bytes must be non-null when column_count > 0; other checks
 * and errors as quiver_database_update_time_series_group_masked.
 */
QUIVER_C_API quiver_error_t quiver_database_update_time_series_group_packed(
    quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names,
    const int* column_types, const void* const* column_data, const size_t* column_bytes,
    const uint8_t* const* column_has_value, size_t column_count, size_t row_count);

/* Extension, later upstream (issue 17): single time series rows */

/*
 * Element id's values at dimension value `dimension`: one column per value column (by name), each
 * with count 1 holding the last non-NULL value at or before `dimension` (text order), has_value 0
 * when there is none. Errors: the get_time_series_metadata messages.
 * Free: quiver_database_free_columns(*out_columns, *out_column_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_time_series_row_columns(quiver_database_t* db, const char* collection,
                                                                         const char* group, int64_t id,
                                                                         const char* dimension,
                                                                         quiver_column_t** out_columns,
                                                                         size_t* out_column_count);

/*
 * Inserts one row of the time series group or, when (id, dimension value) exists, updates only the
 * columns given. Inputs as quiver_database_update_vector_group with row_count 1; the dimension
 * column is required (STRING or DATE_TIME); INTEGER is accepted for a REAL column.
 * Errors: "Cannot upsert_time_series_row: dimension column '<d>' missing from the row",
 * "Cannot upsert_time_series_row: column '<c>' not found in group '<g>' for collection '<C>'",
 * "Cannot upsert_time_series_row: column '<c>' has type <T> but received <K>", the metadata and SQL errors.
 */
QUIVER_C_API quiver_error_t quiver_database_upsert_time_series_row_columns(
    quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names,
    const int* column_types, const void* const* column_data, const uint8_t* const* column_has_value,
    size_t column_count);

/* ===== Time series files ===== */
/* The <collection>_time_series_files table: one file path (or NULL) per column. */

/*
 * *out_result = 1 if collection has a time series files table, else 0.
 * Null args: db, collection, out_result.
 * Errors: engine Cannot has_time_series_files: collection not found: <c>.
 */
QUIVER_C_API quiver_error_t quiver_database_has_time_series_files(quiver_database_t* db, const char* collection,
                                                                  int* out_result);

/*
 * Names of the columns of that table (alphabetical).
 * Null args: db, collection, out_columns, out_count.
 * Empty: 0 / NULL.
 * Free: quiver_database_free_string_array(*out_columns, *out_count).
 */
QUIVER_C_API quiver_error_t quiver_database_list_time_series_files_columns(quiver_database_t* db,
                                                                           const char* collection, char*** out_columns,
                                                                           size_t* out_count);

/*
 * Parallel arrays: (*out_columns)[i] column name (alphabetical), (*out_paths)[i] its stored path
 * or **NULL** (SQL NULL, or no row stored yet — then every path is NULL). *out_count = number of
 * columns.
 * Null args: db, collection, out_columns, out_paths, out_count.
 * Empty (table without columns): 0, both NULL.
 * Free: quiver_database_free_time_series_files(*out_columns, *out_paths, *out_count).
 */
QUIVER_C_API quiver_error_t quiver_database_read_time_series_files(quiver_database_t* db, const char* collection,
                                                                   char*** out_columns, char*** out_paths,
                                                                   size_t* out_count);

/*
 * Replaces the singleton row with one holding paths[i] in column columns[i] (paths[i] == NULL
 * stores SQL NULL; columns not named become NULL; a repeated column name keeps the last path;
 * paths are trimmed when bound). count == 0 (arrays may be NULL) changes nothing, but still fails
 * if the collection has no such table.
 * Null args: db, collection; then count > 0 with columns or paths NULL → C-layer Null columns or
 * paths with non-zero count.
 * Errors: engine Cannot update_time_series_files: collection not found: <c>, Time series files
 * table not found for collection '<c>', Cannot update_time_series_files: column '<name>' not found
 * in table '<table>'.
 */
QUIVER_C_API quiver_error_t quiver_database_update_time_series_files(quiver_database_t* db, const char* collection,
                                                                     const char* const* columns,
                                                                     const char* const* paths, size_t count);

/*
 * Frees count names and count paths (NULL path entries fine) and both arrays.
 * Null args: columns, paths (so skip it when count == 0).
 */
QUIVER_C_API quiver_error_t quiver_database_free_time_series_files(char** columns, char** paths, size_t count);

/* Extension, later upstream (issue 17): time series files columns in declaration order (upstream 0.10.0) */

/* As quiver_database_list_time_series_files_columns, columns in declaration order. */
QUIVER_C_API quiver_error_t quiver_database_list_time_series_files_columns_declared(quiver_database_t* db,
                                                                                    const char* collection,
                                                                                    char*** out_columns,
                                                                                    size_t* out_count);

/* ===== CSV ===== */
/* Export and import of one collection or group; format in docs/reference/csv.md. */

/*
 * Writes the collection's scalars or one group to the CSV file path (parent directories created,
 * existing file overwritten).
 * Null args: db, collection, group, path, options.
 * Errors: engine, e.g. Cannot export_csv: group not found …, Failed to export_csv: could not open
 * file ….
 */
QUIVER_C_API quiver_error_t quiver_database_export_csv(quiver_database_t* db, const char* collection, const char* group,
                                                       const char* path, const quiver_csv_options_t* options);

/*
 * Replaces the collection's scalar rows or one group's rows with the CSV file's content.
 * Null args: db, collection, group, path, options.
 * Errors: engine, e.g. Cannot import_csv: could not open file … and the validation texts in
 * docs/reference/csv.md.
 */
QUIVER_C_API quiver_error_t quiver_database_import_csv(quiver_database_t* db, const char* collection, const char* group,
                                                       const char* path, const quiver_csv_options_t* options);

/* ===== Queries ===== */
/* The first value of the first row of raw SQL, optionally with bound parameters. */

/*
 * Null args: db, sql, out_value, out_has_value.
 * Free: quiver_database_free_string(*out_value).
 */
QUIVER_C_API quiver_error_t quiver_database_query_string(quiver_database_t* db, const char* sql, char** out_value,
                                                         int* out_has_value);

/*
 * Null args: db, sql, out_value, out_has_value.
 */
QUIVER_C_API quiver_error_t quiver_database_query_integer(quiver_database_t* db, const char* sql, int64_t* out_value,
                                                          int* out_has_value);

/*
 * Null args: db, sql, out_value, out_has_value.
 */
QUIVER_C_API quiver_error_t quiver_database_query_float(quiver_database_t* db, const char* sql, double* out_value,
                                                        int* out_has_value);

/*
 * Null args: db, sql, out_value, out_has_value; then the parameter checks of
 * docs/reference/c-api-list.md 3.3.17.
 * Free: quiver_database_free_string(*out_value).
 */
QUIVER_C_API quiver_error_t quiver_database_query_string_params(quiver_database_t* db, const char* sql,
                                                                const int* param_types, const void* const* param_values,
                                                                size_t param_count, char** out_value,
                                                                int* out_has_value);

/*
 * Null args: db, sql, out_value, out_has_value; then the parameter checks.
 */
QUIVER_C_API quiver_error_t quiver_database_query_integer_params(quiver_database_t* db, const char* sql,
                                                                 const int* param_types,
                                                                 const void* const* param_values, size_t param_count,
                                                                 int64_t* out_value, int* out_has_value);

/*
 * Null args: db, sql, out_value, out_has_value; then the parameter checks.
 */
QUIVER_C_API quiver_error_t quiver_database_query_float_params(quiver_database_t* db, const char* sql,
                                                               const int* param_types, const void* const* param_values,
                                                               size_t param_count, double* out_value,
                                                               int* out_has_value);

#ifdef __cplusplus
}
#endif

#endif /* QUIVER_C_DATABASE_H */
