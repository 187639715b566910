#pragma once
// The engine's Database: one SQLite connection, its schema model and statement
// cache. Public methods mirror the C API one to one (names and rules in
// docs/reference/database-api.md); each is implemented in the source file of its concern
// (paths below src/quiver/):
//   database/database.cpp     lifecycle, transactions, interruption, shared helpers
//   schema/loader.cpp         Schema::load       schema/validator.cpp  validate_schema
//   schema/migrations.cpp     from_migrations
//   database/create.cpp / update.cpp / delete.cpp / group_write.cpp   writes
//   database/write_pipeline.cpp   the checks and row writers the writes share
//   database/read.cpp         scalar/vector/set/id reads    database/metadata.cpp  metadata
//   database/time_series.cpp  time series groups and files  database/query.cpp     query_*
//   database/describe.cpp     describe
//   csv/export.cpp / csv/import.cpp   CSV
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "quiver/core/log.hpp"
#include "quiver/core/sqlite.hpp"
#include "quiver/core/value.hpp"
#include "quiver/database/element.hpp"
#include "quiver/schema/schema.hpp"

namespace quiver {

struct DatabaseOptions {
    bool read_only = false;
    LogLevel console_level = LogLevel::Info;
    // how long a call waits for a lock held by another connection (SQLite's busy timeout) or for
    // another thread's transaction on this handle (handle.hpp)
    int busy_timeout_ms = 5000;
    // "" keeps the file's journal mode; else one of delete, truncate, persist, memory, wal
    std::string journal_mode;
    // checks upstream 0.5.0 did not make (docs/compatibility.md, "strict"): a typed reader on a
    // column of another type and update_element/delete_element of a missing id are errors; with
    // issue 17 also a float for an INTEGER column (later upstream's check)
    bool strict = false;
};

struct ScalarMetadata {
    std::string name;
    DataType data_type = DataType::Text;
    bool not_null = false;
    bool primary_key = false;
    std::optional<std::string> default_value;
    bool is_foreign_key = false;
    std::optional<std::string> references_collection;
    std::optional<std::string> references_column;
};

struct GroupMetadata {
    std::string group_name;
    std::string dimension_column;  // "" for vector and set groups
    std::vector<ScalarMetadata> value_columns;
};

// One column of a column-wise group read or write; cells are Values (Null = SQL NULL).
// `type`: on reads the column's type; on writes the type the caller gave, nullopt when it
// gave none the engine knows (a column of NULLs, or an unknown type code). The C layer maps
// its type codes to and from DataType.
struct GroupColumn {
    std::string name;
    std::optional<DataType> type = DataType::Integer;
    std::vector<Value> values;
};

struct CSVOptions {
    std::string date_time_format;
    // attribute -> locale -> label -> value; std::vector keeps the order given
    std::vector<
        std::pair<std::string, std::vector<std::pair<std::string, std::vector<std::pair<std::string, int64_t>>>>>>
        enum_labels;
};

class Database {
public:
    // ---- lifecycle (database/database.cpp, schema/migrations.cpp) ----
    // Opens or creates `path`; an existing quiver database's schema is loaded and validated
    // (later-upstream behaviour), an empty file opens without a schema.
    static std::unique_ptr<Database> open(const std::string& path, const DatabaseOptions& options);
    static std::unique_ptr<Database> from_schema(const std::string& db_path, const std::string& schema_path,
                                                 const DatabaseOptions& options);
    static std::unique_ptr<Database> from_migrations(const std::string& db_path, const std::string& migrations_path,
                                                     const DatabaseOptions& options);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const std::string& path() const { return path_; }
    bool is_healthy() const { return db_ != nullptr; }
    bool read_only() const { return options_.read_only; }
    int busy_timeout_ms() const { return options_.busy_timeout_ms; }
    bool strict() const { return options_.strict; }
    // strict: Error("Cannot <op>: element <id> not found in collection '<C>'") when no row has the id
    void require_element(const char* op, const TableInfo& table, int64_t id);
    // the connection's journal mode as SQLite reports it ("delete", "wal", "memory", ...)
    std::string journal_mode();
    // interrupt the statement running on this connection (sqlite3_interrupt; any thread)
    void interrupt() {
        if (db_)
            sqlite3_interrupt(db_);
    }
    int64_t current_version();
    // Record `version` as the schema version (PRAGMA user_version) without running a migration:
    // the baseline of a database made by from_schema, so from_migrations applies only the
    // migrations above it (schema/migrations.cpp; docs/migrations.md).
    void stamp(int64_t version);
    const Logger& logger() const { return logger_; }
    void set_log_level(LogLevel level) { logger_.set_level(level); }
    void set_strict(bool strict) { options_.strict = strict; }

    // ---- transactions (database/database.cpp) ----
    void begin_transaction();
    void commit();
    void rollback();
    // During a dry run this is the caller's own (nested) transaction, not the dry run's.
    bool in_transaction() const;

    // ---- dry run (database/database.cpp; later upstream 0.9.16) ----
    // begin_dry_run opens a transaction that end_dry_run always rolls back: writes are checked
    // and executed, then undone. Meanwhile begin_transaction/commit/rollback work on a
    // savepoint inside it, and a commit hook turns any commit (raw SQL included) into a
    // rollback, so nothing done in a dry run reaches the file.
    void begin_dry_run();
    void end_dry_run();
    bool in_dry_run() const { return dry_run_; }
    // SQLite's own transaction state (a dry run's included): what the write scopes and the
    // handle's per-thread transaction ownership (core/handle.hpp) go by
    bool sqlite_in_transaction() const { return db_ && !sqlite3_get_autocommit(db_); }

    // ---- writes (database/create.cpp, update.cpp, delete.cpp, group_write.cpp;
    //      shared checks in database/write_pipeline.cpp) ----
    // `widen_integers` (used by the Lua binding): an integer given for a REAL column is
    // stored as a float instead of being rejected (the upstream rule for Python and C).
    int64_t create_element(const std::string& collection, const Element& element, bool widen_integers = false);
    void update_element(const std::string& collection, int64_t id, const Element& element, bool widen_integers = false);
    void delete_element(const std::string& collection, int64_t id);
    // whole-group writers (later upstream): replace one vector/set group of one element
    void update_vector_group(const std::string& collection, const std::string& group, int64_t id,
                             const std::vector<GroupColumn>& columns);
    void update_set_group(const std::string& collection, const std::string& group, int64_t id,
                          const std::vector<GroupColumn>& columns);

    // ---- reads (database/read.cpp) ----
    std::vector<int64_t> read_scalar_integers(const std::string& collection, const std::string& attribute);
    std::vector<double> read_scalar_floats(const std::string& collection, const std::string& attribute);
    std::vector<std::string> read_scalar_strings(const std::string& collection, const std::string& attribute);
    // read_scalar_strings appended to `out` as NUL-terminated strings (each cut at its first NUL),
    // without one allocation per string; returns the number of strings.
    size_t read_scalar_strings_packed(const std::string& collection, const std::string& attribute, std::string& out);
    std::vector<std::vector<int64_t>> read_vector_integers(const std::string& collection, const std::string& attribute);
    std::vector<std::vector<double>> read_vector_floats(const std::string& collection, const std::string& attribute);
    std::vector<std::vector<std::string>> read_vector_strings(const std::string& collection,
                                                              const std::string& attribute);
    std::vector<std::vector<int64_t>> read_set_integers(const std::string& collection, const std::string& attribute);
    std::vector<std::vector<double>> read_set_floats(const std::string& collection, const std::string& attribute);
    std::vector<std::vector<std::string>> read_set_strings(const std::string& collection, const std::string& attribute);
    std::optional<int64_t> read_scalar_integer_by_id(const std::string& collection, const std::string& attribute,
                                                     int64_t id);
    std::optional<double> read_scalar_float_by_id(const std::string& collection, const std::string& attribute,
                                                  int64_t id);
    std::optional<std::string> read_scalar_string_by_id(const std::string& collection, const std::string& attribute,
                                                        int64_t id);
    std::vector<int64_t> read_vector_integers_by_id(const std::string& collection, const std::string& attribute,
                                                    int64_t id);
    std::vector<double> read_vector_floats_by_id(const std::string& collection, const std::string& attribute,
                                                 int64_t id);
    std::vector<std::string> read_vector_strings_by_id(const std::string& collection, const std::string& attribute,
                                                       int64_t id);
    std::vector<int64_t> read_set_integers_by_id(const std::string& collection, const std::string& attribute,
                                                 int64_t id);
    std::vector<double> read_set_floats_by_id(const std::string& collection, const std::string& attribute, int64_t id);
    std::vector<std::string> read_set_strings_by_id(const std::string& collection, const std::string& attribute,
                                                    int64_t id);
    std::vector<int64_t> read_element_ids(const std::string& collection);
    // One value per element, in read_element_ids' order, Null for SQL NULL (later upstream's
    // NULL-keeping bulk read); values typed as the attribute (INTEGER cells of REAL widened).
    // `as` picks the reader's typing (Integer: INTEGER cells; Real: REAL and widened INTEGER;
    // Text/DateTime: TEXT), other cells Null; `op` names the reader in messages.
    std::vector<Value> read_scalar_values(const std::string& collection, const std::string& attribute, DataType as,
                                          const char* op = "read_scalar_values");
    int64_t number_of_elements(const std::string& collection);
    // Every column of one element's row in one query, sorted by column name (the shape of
    // read_scalars_by_id); values typed per column metadata, mistyped cells as Null.
    // A missing id gives every column with Null.
    std::vector<std::pair<ScalarMetadata, Value>> read_scalars_by_id(const std::string& collection, int64_t id);
    // One element's rows of the vector (set) group table <C>_vector_<group> (<C>_set_<group>),
    // column-wise: value columns by name, rows by vector_index (sets: ascending values);
    // NULL / mistyped cells are Null, INTEGER cells of REAL columns widened. Errors as
    // get_vector_metadata / get_set_metadata (collection / group not found).
    std::vector<GroupColumn> read_vector_group_by_id(const std::string& collection, const std::string& group,
                                                     int64_t id);
    std::vector<GroupColumn> read_set_group_by_id(const std::string& collection, const std::string& group, int64_t id);
    // Every value column of every vector (set) group of the collection, groups by table name,
    // columns by name, cells as read_vector_group_by_id. Unknown collection ->
    // "Cannot read_vectors_by_id: collection not found: <C>" (upstream quirk: {}).
    std::vector<GroupColumn> read_vectors_by_id(const std::string& collection, int64_t id);
    std::vector<GroupColumn> read_sets_by_id(const std::string& collection, int64_t id);

    // ---- metadata (database/metadata.cpp) ----
    ScalarMetadata get_scalar_metadata(const std::string& collection, const std::string& attribute);
    GroupMetadata get_vector_metadata(const std::string& collection, const std::string& group);
    GroupMetadata get_set_metadata(const std::string& collection, const std::string& group);
    GroupMetadata get_time_series_metadata(const std::string& collection, const std::string& group);
    std::vector<ScalarMetadata> list_scalar_attributes(const std::string& collection);
    std::vector<GroupMetadata> list_vector_groups(const std::string& collection);
    std::vector<GroupMetadata> list_set_groups(const std::string& collection);
    std::vector<GroupMetadata> list_time_series_groups(const std::string& collection);

    // ---- time series (database/time_series.cpp) ----
    // Columns: the dimension first (type STRING), then value columns by name; no rows -> empty.
    std::vector<GroupColumn> read_time_series_group(const std::string& collection, const std::string& group,
                                                    int64_t id);
    // Replace the element's rows; an empty `columns` with row_count 0 clears them.
    void update_time_series_group(const std::string& collection, const std::string& group, int64_t id,
                                  const std::vector<GroupColumn>& columns, size_t row_count);
    bool has_time_series_files(const std::string& collection);
    std::vector<std::string> list_time_series_files_columns(const std::string& collection);
    // the same columns in declaration order (upstream 0.10.0's order)
    std::vector<std::string> list_time_series_files_columns_declared(const std::string& collection);
    // One element's values at `dimension`: for each value column (name order) the last non-NULL
    // value at or before it (dimension values compared as text), Null when there is none.
    // Unknown group/collection: the metadata messages.
    std::vector<GroupColumn> read_time_series_row(const std::string& collection, const std::string& group, int64_t id,
                                                  const std::string& dimension);
    // Insert one row or, when (id, dimension) exists, update only the columns given. Each
    // column carries one value; the dimension column is required; unknown columns are refused;
    // integers are accepted for REAL columns, texts for DATE_TIME ones.
    void upsert_time_series_row(const std::string& collection, const std::string& group, int64_t id,
                                const std::vector<GroupColumn>& row);
    std::vector<std::pair<std::string, std::optional<std::string>>> read_time_series_files(
        const std::string& collection);
    void update_time_series_files(const std::string& collection,
                                  const std::vector<std::pair<std::string, std::optional<std::string>>>& paths);

    // ---- CSV (csv/export.cpp, csv/import.cpp) ----
    void export_csv(const std::string& collection, const std::string& group, const std::string& path,
                    const CSVOptions& options);
    void import_csv(const std::string& collection, const std::string& group, const std::string& path,
                    const CSVOptions& options);

    // ---- queries (database/query.cpp) ----
    // First column of the first row (Null when no row), after stepping the first statement of `sql`.
    // Errors keep upstream's prefixes and append " (SQL: <sql>)"; empty or comment-only SQL fails.
    Value query(const std::string& sql, const std::vector<Value>& params);
    // Typed readers used by the C API and Lua: the value when the first cell has the method's
    // storage class (query_float also widens INTEGER, later upstream), else nullopt.
    std::optional<std::string> query_string(const std::string& sql, const std::vector<Value>& params);
    std::optional<int64_t> query_integer(const std::string& sql, const std::vector<Value>& params);
    std::optional<double> query_float(const std::string& sql, const std::vector<Value>& params);

    // ---- describe (database/describe.cpp) ----
    void describe(std::ostream& out);
    std::string describe_text();
    // describe's section of one collection / a one-line count summary of it (later upstream)
    std::string describe_collection(const std::string& collection);
    std::string summarize_collection(const std::string& collection);

    // ---- interruption (used by the Lua runner, lua/runner.cpp) ----
    // A stop check is called about every 1000 SQLite virtual machine steps while a statement
    // runs; a non-zero result interrupts the statement (it fails with SQLite's "interrupted").
    // Checks are registered and removed by (check, context): the first one registered installs
    // SQLite's progress handler, removing the last one uninstalls it. Every registered check is
    // called each time (each may count its own budget) and any non-zero result interrupts, so
    // several runs on one database compose: a check decides for its own run (the Lua runner's
    // looks at the calling thread) and one run ending never switches off another's.
    using StopCheck = int (*)(void* context);
    void add_stop_check(StopCheck check, void* context);
    void remove_stop_check(StopCheck check, void* context);

    // ---- helpers shared by the engine files ----
    // run a multi-statement script; failure: "Failed to execute SQL: <sqlite message>", followed
    // by " (<source>, line <n>)" when `source` (a file name) is given
    void execute_script(const std::string& sql, const std::string& source = "");
    bool has_schema() const;
    // the loaded schema, or Error("Cannot <op>: no schema loaded")
    const Schema& schema(const char* op) const;
    // a table of the schema used as a collection, or Error("Cannot <op>: collection not found: <c>")
    const TableInfo& require_collection(const char* op, const std::string& collection) const;
    // Error("Cannot <op>: database is read-only") when opened read-only
    void require_writable(const char* op) const;
    // reload the schema model from the database (after migrations)
    void load_schema(bool applying = false);

    // ---- SQL guards and script runs (guard.cpp) ----
    // Every connection runs in SQLite's defensive mode under `authorize`: PRAGMA writable_schema
    // is always refused; ATTACH/DETACH (and so VACUUM INTO), load_extension() and the directory
    // pragmas are refused on a read-only handle and while a script run is active (begin_script
    // .. end_script, which nest). `max_value_bytes` > 0 caps the length of any string, blob or
    // row SQL builds during that run (SQLITE_LIMIT_LENGTH; the smallest active cap wins).
    void begin_script(int64_t max_value_bytes);
    void end_script(int64_t max_value_bytes);
    static int authorize(void* self, int action, const char* a1, const char* a2, const char* a3, const char* a4);
    void install_authorizer();
    // Why the authorizer last refused a statement ("" when it did not); taken (cleared) by the call.
    std::string take_refusal();

    // A write scope: BEGIN IMMEDIATE when no transaction is open, otherwise a SAVEPOINT
    // inside the caller's one, so a failing call never leaves a partial write behind.
    class WriteTransaction {
    public:
        // A read-only database fails here with "Cannot <op>: database is read-only".
        // `single_statement`: the write is one SQL statement, so inside a caller's transaction
        // it needs no savepoint (SQLite undoes a failing statement by itself).
        explicit WriteTransaction(Database& db, const char* op = "write", bool single_statement = false);
        ~WriteTransaction();
        void commit();
        WriteTransaction(const WriteTransaction&) = delete;
        WriteTransaction& operator=(const WriteTransaction&) = delete;

    private:
        // one transaction-control statement; SQLITE_OK or the failing result code
        int control(const std::string& sql) noexcept;

        Database& db_;
        bool savepoint_ = false;
        bool done_ = false;
    };

private:
    // the helper functions of Database's member files that are not members (database/internal.hpp)
    friend struct DatabaseInternal;

    Database(std::string path, const DatabaseOptions& options);
    // create: SQLITE_OPEN_CREATE (from_schema's new file, from_migrations); open() never creates
    void open_connection();
    void apply_journal_mode();
    void apply_schema_file(const std::string& schema_path, const std::string& sql);
    // a statement from the connection's cache (see StatementCache)
    Statement prepare(const std::string& sql) { return statements_->get(sql); }
    // the rowid of the latest successful INSERT on this connection
    int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
    // SQLite's progress handler: every registered stop check
    static int check_stop(void* database);

    std::string path_;
    DatabaseOptions options_;
    Logger logger_;
    sqlite3* db_ = nullptr;
    std::unique_ptr<StatementCache> statements_;
    // loaded on first use by schema(); see Database::open
    mutable std::unique_ptr<Schema> schema_;
    mutable bool schema_checked_ = false;
    std::vector<std::pair<StopCheck, void*>> stop_checks_;  // in registration order
    // guard.cpp
    int scripts_ = 0;
    std::vector<int64_t> script_value_caps_;
    int default_length_limit_ = 0;
    bool privileged_cached_ = false;  // an ATTACH-like statement was prepared outside a script
    std::string refusal_;
    bool dry_run_ = false;
    bool dry_run_user_tx_ = false;  // begin_transaction inside a dry run (a savepoint)
};

}  // namespace quiver
