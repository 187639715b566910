// Database lifecycle, transactions and the helpers every engine file shares.
#include "quiver/database/database.hpp"

#include <algorithm>
#include <filesystem>

#ifdef _WIN32
#include <process.h>  // _getpid
#define QUIVER_GETPID _getpid
#else
#include <unistd.h>
#define QUIVER_GETPID getpid
#endif

#include "quiver/core/error.hpp"
#include "quiver/core/suggest.hpp"
#include "quiver/core/utf8_path.hpp"
#include "quiver/database/columns.hpp"
#include "quiver/schema/source_line.hpp"

namespace fs = std::filesystem;

namespace quiver {

namespace {
constexpr int kMinSqliteVersion = 3037000;  // STRICT tables
}  // namespace

Database::Database(std::string path, const DatabaseOptions& options)
    : path_(std::move(path)), options_(options), logger_(options.console_level) {}

Database::~Database() {
    statements_.reset();
    if (db_) {
        // an open transaction is rolled back by SQLite when the connection closes
        sqlite3_close_v2(db_);
        db_ = nullptr;
        logger_.info("Database closed: " + path_);
    }
}

void Database::open_connection() {
    if (sqlite3_libversion_number() < kMinSqliteVersion) {
        throw Error(std::string("Failed to open database: SQLite ") + sqlite3_libversion() +
                    " is too old; quiverdb needs 3.37 or newer");
    }
    int flags = options_.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    // CREATE also lets a caller ATTACH a new file; open() checks that the main file exists first
    if (!options_.read_only)
        flags |= SQLITE_OPEN_CREATE;
    flags |= SQLITE_OPEN_NOMUTEX;  // the C layer serialises calls per handle
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path_.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        if (db)
            sqlite3_close_v2(db);
        throw Error("Failed to open database: " + msg + " (" + path_ + ")");
    }
    db_ = db;
    sqlite3_extended_result_codes(db_, 0);
    sqlite3_busy_timeout(db_, options_.busy_timeout_ms < 0 ? 0 : options_.busy_timeout_ms);
    // SQL cannot corrupt the file (writable_schema, schema_version, journal_mode=OFF ...) and
    // cannot reach other files from a script or a read-only handle (guard.cpp)
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    install_authorizer();
    statements_ = std::make_unique<StatementCache>(db_);
    // touch the file header now so a file that is not a database fails at open, not later
    char* err = nullptr;
    if (sqlite3_exec(db_, "PRAGMA foreign_keys = ON; SELECT count(*) FROM sqlite_master;", nullptr, nullptr, &err) !=
        SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(db_);
        sqlite3_free(err);
        statements_.reset();
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw Error("Failed to open database: " + msg + " (" + path_ + ")");
    }
    try {
        register_column_functions(db_);
        apply_journal_mode();
    } catch (...) {
        statements_.reset();
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw;
    }
    logger_.info("Database opened: " + path_);
}

std::string Database::journal_mode() {
    auto stmt = prepare_uncached(db_, "PRAGMA journal_mode");
    if (!stmt.step())
        throw_sqlite("Failed to read journal_mode: ", db_);
    return std::string(stmt.column_text(0));
}

void Database::apply_journal_mode() {
    const std::string& wanted = options_.journal_mode;
    if (wanted.empty())
        return;
    static const char* const kModes[] = {"delete", "truncate", "persist", "memory", "wal"};
    if (std::find_if(std::begin(kModes), std::end(kModes), [&](const char* m) { return wanted == m; }) ==
        std::end(kModes)) {
        throw Error("Failed to open database: unknown journal_mode '" + wanted +
                    "' (expected delete, truncate, persist, memory or wal)");
    }
    std::string current(journal_mode());
    if (current == wanted)
        return;
    if (options_.read_only) {
        throw Error("Failed to open database: cannot set journal_mode '" + wanted + "' on a read-only database (" +
                    path_ + " is in '" + current + "' mode)");
    }
    auto stmt = prepare_uncached(db_, "PRAGMA journal_mode = " + wanted);
    std::string now = stmt.step() ? std::string(stmt.column_text(0)) : std::string();
    if (now != wanted) {
        throw Error("Failed to open database: journal_mode '" + wanted + "' is not available for " + path_ +
                    " (SQLite kept '" + (now.empty() ? current : now) + "')");
    }
}

std::unique_ptr<Database> Database::open(const std::string& path, const DatabaseOptions& options) {
    // open never creates a file: a missing path is an error naming it (upstream created an empty
    // file and failed later with "no schema loaded")
    std::error_code ec;
    if (path != ":memory:" && !path.empty() && !fs::exists(utf8_path(path), ec)) {
        throw Error("Failed to open database: file not found: " + path);
    }
    std::unique_ptr<Database> db(new Database(path, options));
    db->open_connection();
    // a SQLite file with tables that are not a quiver schema fails now, naming the file
    // (an empty database still opens without a schema)
    try {
        db->schema("open");
    } catch (const Error& e) {
        std::string what = e.what();
        if (what.find("no schema loaded") == std::string::npos) {
            const std::string prefix = "Cannot open: ";
            if (what.rfind(prefix, 0) == 0)
                what = what.substr(prefix.size());
            throw Error("Failed to open database: " + path + " is not a quiver database (" + what + ")");
        }
    }
    return db;
}

namespace {

// A new file beside `target` (same directory, so the final rename is atomic), removed on
// destruction unless released.
class BesideFile {
public:
    explicit BesideFile(const std::string& target) {
        for (int i = 0; i < 100; ++i) {
            std::string candidate = target + ".quiver-new-" + std::to_string(QUIVER_GETPID()) + "-" + std::to_string(i);
            std::error_code ec;
            if (!fs::exists(fs::symlink_status(utf8_path(candidate), ec))) {
                path_ = candidate;
                return;
            }
        }
        throw Error("Failed to open database: could not choose a temporary file beside " + target);
    }
    ~BesideFile() {
        if (path_.empty())
            return;
        std::error_code ec;
        for (const char* suffix : {"", "-journal", "-wal", "-shm"})
            fs::remove(utf8_path(path_ + suffix), ec);
    }
    const std::string& path() const { return path_; }
    void release() { path_.clear(); }

private:
    std::string path_;
};

}  // namespace

// Runs the schema file and validates the result in one transaction on `db` (a new, empty database).
void Database::apply_schema_file(const std::string& schema_path, const std::string& sql) {
    logger_.info("Applying schema from: " + schema_path);
    if (sqlite3_exec(db_, "BEGIN TRANSACTION;", nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw_sqlite("Failed to begin transaction: ", db_);
    }
    try {
        execute_script(sql, schema_path);
        std::unique_ptr<Schema> schema;
        try {
            schema = std::make_unique<Schema>(Schema::load(db_));
            validate_schema(*schema, /*applying=*/true);
        } catch (const SchemaError& e) {
            throw Error(with_source(e.what(), schema_path, sql, e.table()));  // say where
        }
        if (sqlite3_exec(db_, "COMMIT;", nullptr, nullptr, nullptr) != SQLITE_OK) {
            throw_sqlite("Failed to commit transaction: ", db_);
        }
        schema_ = std::move(schema);
        schema_checked_ = true;
    } catch (const std::exception& e) {
        if (!sqlite3_get_autocommit(db_))
            sqlite3_exec(db_, "ROLLBACK;", nullptr, nullptr, nullptr);
        logger_.error(std::string("Failed to apply schema: ") + e.what());
        throw;
    }
    statements_->clear();
    logger_.info("Schema applied successfully");
}

std::unique_ptr<Database> Database::from_schema(const std::string& db_path, const std::string& schema_path,
                                                const DatabaseOptions& options) {
    std::error_code ec;
    if (schema_path.empty() || !fs::exists(utf8_path(schema_path), ec))
        throw Error("Schema file not found: " + schema_path);
    if (options.read_only) {
        // upstream deleted the file first and then failed to open it; refuse before touching anything
        throw Error("Cannot from_schema: read_only mode (use Database constructor to open existing)");
    }
    std::string sql;
    if (!read_utf8_file(schema_path, sql))
        throw Error("Failed to apply_schema: could not open file: " + schema_path);
    if (sql.empty())
        throw Error("Cannot apply_schema: schema file is empty: " + schema_path);

    if (db_path == ":memory:" || db_path.empty()) {
        std::unique_ptr<Database> db(new Database(db_path, options));
        db->open_connection();
        db->apply_schema_file(schema_path, sql);
        return db;
    }

    // Only a regular file (or nothing) at db_path is replaced: upstream unlinked whatever was
    // there (a FIFO, a symlink's target kept, an empty directory) before reading the schema.
    auto status = fs::status(utf8_path(db_path), ec);
    if (fs::exists(status) && !fs::is_regular_file(status)) {
        throw Error("Cannot from_schema: " + db_path + " exists and is not a regular file");
    }
    // Build the new database beside the old one; the old file is replaced only once the new
    // one is complete and valid, so a bad schema (or a crash) never destroys existing data.
    {
        BesideFile fresh(db_path);
        {
            DatabaseOptions build = options;
            build.journal_mode.clear();
            std::unique_ptr<Database> tmp(new Database(fresh.path(), build));
            // the temporary file's own open/close lines are not logged; the schema's lines are
            tmp->logger_.set_level(LogLevel::Off);
            try {
                tmp->open_connection();
            } catch (const Error&) {
                throw Error("Failed to open database: unable to open database file (" + db_path + ")");
            }
            tmp->logger_.set_level(options.console_level);
            try {
                tmp->apply_schema_file(schema_path, sql);
            } catch (...) {
                tmp->logger_.set_level(LogLevel::Off);
                throw;
            }
            tmp->logger_.set_level(LogLevel::Off);
        }
        // stale side files of the old database must not be replayed into the new one
        replace_file(fresh.path(), db_path);  // throws Error naming both paths
        fresh.release();
        for (const char* suffix : {"-wal", "-shm", "-journal"})
            fs::remove(utf8_path(db_path + suffix), ec);
    }
    std::unique_ptr<Database> db(new Database(db_path, options));
    db->open_connection();
    db->load_schema();
    return db;
}

int64_t Database::current_version() {
    auto stmt = prepare("PRAGMA user_version");
    if (!stmt.step())
        throw_sqlite("Failed to read user_version: ", db_);
    return stmt.column_int(0);
}

void Database::execute_script(const std::string& sql, const std::string& source) {
    // sqlite3_exec's loop (prepare, step to the end, next statement; text after a NUL is
    // ignored), done here so that a failure can say where: " (<file>, line <n>)"
    const char* const begin = sql.c_str();
    const char* tail = begin;
    auto fail = [&](const char* at) {
        std::string msg = std::string("Failed to execute SQL: ") + sqlite3_errmsg(db_);
        if (!source.empty()) {
            const long line = 1 + std::count(begin, at, '\n');
            msg += " (" + source + ", line " + std::to_string(line) + ")";
        }
        throw Error(msg);
    };
    while (*tail) {
        const char* start = tail;
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db_, start, -1, &stmt, &tail) != SQLITE_OK) {
            const int offset = sqlite3_error_offset(db_);  // of the token SQLite choked on, or -1
            fail(offset >= 0 ? start + offset : skip_space_and_comments(start));
        }
        if (!stmt) {  // only white space or comments were left
            if (tail == start)
                break;
            continue;
        }
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE) {
            // the message must be taken before finalize (which keeps it, but be explicit)
            std::string message = sqlite3_errmsg(db_);
            sqlite3_finalize(stmt);
            std::string out = "Failed to execute SQL: " + message;
            if (!source.empty()) {
                const long line = 1 + std::count(begin, skip_space_and_comments(start), '\n');
                out += " (" + source + ", line " + std::to_string(line) + ")";
            }
            throw Error(out);
        }
        sqlite3_finalize(stmt);
    }
}

bool Database::has_schema() const {
    if (!schema_checked_) {
        try {
            schema("describe");
        } catch (const std::exception&) {
            return false;
        }
    }
    return schema_ != nullptr;
}

const Schema& Database::schema(const char* op) const {
    if (schema_)
        return *schema_;
    // lazy load for databases opened with open(): an empty database has no schema
    bool has_tables = false;
    {
        auto stmt = prepare_uncached(
            db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND lower(substr(name, 1, 7)) != 'sqlite_' LIMIT 1");
        has_tables = stmt.step();
    }
    schema_checked_ = true;
    if (!has_tables)
        throw Error(std::string("Cannot ") + op + ": no schema loaded");
    try {
        auto schema = std::make_unique<Schema>(Schema::load(db_));
        validate_schema(*schema);
        schema_ = std::move(schema);
    } catch (const Error& e) {
        throw Error(std::string("Cannot ") + op + ": " + e.what());
    }
    return *schema_;
}

void Database::load_schema(bool applying) {
    auto schema = std::make_unique<Schema>(Schema::load(db_));
    validate_schema(*schema, applying);
    schema_ = std::move(schema);
    schema_checked_ = true;
    statements_->clear();
}

const TableInfo& Database::require_collection(const char* op, const std::string& collection) const {
    const Schema& s = schema(op);
    const TableInfo* t = s.table(collection);
    if (!t) {
        std::vector<std::string> names;
        for (const TableInfo* c : s.collections())
            names.push_back(c->name);
        // upstream's text, then the closest collection name when it looks like a typo
        throw Error(std::string("Cannot ") + op + ": collection not found: " + collection +
                    did_you_mean(collection, names));
    }
    return *t;
}

void Database::require_writable(const char* op) const {
    if (options_.read_only)
        throw Error(std::string("Cannot ") + op + ": database is read-only");
}

void Database::require_element(const char* op, const TableInfo& table, int64_t id) {
    auto stmt = prepare("SELECT 1 FROM " + quote_identifier(table.name) + " WHERE id = ?");
    stmt.bind_int(1, id);
    if (!stmt.step()) {
        throw Error(std::string("Cannot ") + op + ": element " + std::to_string(id) + " not found in collection '" +
                    table.name + "'");
    }
}

// ---- interruption ----

void Database::add_stop_check(StopCheck check, void* context) {
    stop_checks_.emplace_back(check, context);
    if (stop_checks_.size() == 1)
        sqlite3_progress_handler(db_, 1000, check_stop, this);
}

void Database::remove_stop_check(StopCheck check, void* context) {
    auto it = std::find(stop_checks_.begin(), stop_checks_.end(), std::make_pair(check, context));
    if (it == stop_checks_.end())
        return;
    stop_checks_.erase(it);
    if (stop_checks_.empty())
        sqlite3_progress_handler(db_, 0, nullptr, nullptr);
}

int Database::check_stop(void* database) {
    const auto& checks = static_cast<Database*>(database)->stop_checks_;
    int stop = 0;
    for (const auto& [check, context] : checks)
        stop |= check(context);
    return stop;
}

// ---- transactions ----

bool Database::in_transaction() const {
    return dry_run_ ? dry_run_user_tx_ : sqlite_in_transaction();
}

namespace {

constexpr const char* kDryRunSavepoint = "quiver_dry_run_transaction";

// A commit during a dry run becomes a rollback (SQLite's commit hook: non-zero = roll back).
int refuse_commit(void*) {
    return 1;
}

}  // namespace

void Database::begin_transaction() {
    if (in_transaction())
        throw Error("Cannot begin_transaction: transaction already active");
    if (dry_run_) {
        execute_script(std::string("SAVEPOINT ") + kDryRunSavepoint);
        dry_run_user_tx_ = true;
        return;
    }
    // IMMEDIATE (as every library write): a read-then-write transaction takes the write lock
    // now, waiting up to the busy timeout, instead of failing with "database is locked" later
    const char* begin = options_.read_only ? "BEGIN TRANSACTION;" : "BEGIN IMMEDIATE;";
    if (sqlite3_exec(db_, begin, nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw_sqlite("Failed to begin transaction: ", db_);
    }
}

void Database::commit() {
    if (!in_transaction())
        throw Error("Cannot commit: no active transaction");
    if (dry_run_) {
        dry_run_user_tx_ = false;
        execute_script(std::string("RELEASE ") + kDryRunSavepoint);
        return;
    }
    if (sqlite3_exec(db_, "COMMIT;", nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw_sqlite("Failed to commit transaction: ", db_);
    }
}

void Database::rollback() {
    if (!in_transaction())
        throw Error("Cannot rollback: no active transaction");
    // a dry run's user transaction is its savepoint's inner level: roll back to it and drop it
    std::string sql = "ROLLBACK;";
    if (dry_run_) {
        dry_run_user_tx_ = false;
        sql = std::string("ROLLBACK TO ") + kDryRunSavepoint + "; RELEASE " + kDryRunSavepoint + ";";
    }
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        logger_.error(std::string("Failed to rollback transaction: ") + sqlite3_errmsg(db_));
    }
}

// ---- dry run ----

void Database::begin_dry_run() {
    if (dry_run_)
        throw Error("Cannot begin_dry_run: dry run already active");
    if (sqlite_in_transaction())
        throw Error("Cannot begin_dry_run: transaction already active");
    if (sqlite3_exec(db_, "BEGIN TRANSACTION;", nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw_sqlite("Failed to begin dry run: ", db_);
    }
    sqlite3_commit_hook(db_, refuse_commit, nullptr);
    dry_run_ = true;
    dry_run_user_tx_ = false;
    logger_.debug("Dry run started");
}

void Database::end_dry_run() {
    if (!dry_run_)
        throw Error("Cannot end_dry_run: no active dry run");
    dry_run_ = false;
    dry_run_user_tx_ = false;
    // the transaction may already be gone (raw ROLLBACK or a refused COMMIT in SQL)
    if (sqlite_in_transaction() && sqlite3_exec(db_, "ROLLBACK;", nullptr, nullptr, nullptr) != SQLITE_OK) {
        logger_.error(std::string("Failed to roll back the dry run: ") + sqlite3_errmsg(db_));
    }
    sqlite3_commit_hook(db_, nullptr, nullptr);
    logger_.debug("Dry run ended (rolled back)");
}

namespace {

const std::string kBegin = "BEGIN IMMEDIATE";
const std::string kCommit = "COMMIT";
const std::string kRollback = "ROLLBACK";
const std::string kSavepoint = "SAVEPOINT quiver_write";
const std::string kRelease = "RELEASE quiver_write";
const std::string kRollbackTo = "ROLLBACK TO quiver_write";

}  // namespace

// Runs through the handle's statement cache, so a write inside a caller's transaction does not
// parse SAVEPOINT / RELEASE text every time.
int Database::WriteTransaction::control(const std::string& sql) noexcept {
    try {
        Statement st = db_.prepare(sql);
        int rc = sqlite3_step(st.raw());
        sqlite3_reset(st.raw());
        return rc == SQLITE_DONE ? SQLITE_OK : rc;
    } catch (...) {
        return SQLITE_ERROR;
    }
}

Database::WriteTransaction::WriteTransaction(Database& db, const char* op, bool single_statement) : db_(db) {
    db.require_writable(op ? op : "write");
    savepoint_ = db.sqlite_in_transaction();
    if (savepoint_ && single_statement) {
        // one statement is atomic by itself inside the caller's transaction: no savepoint needed
        done_ = true;
        return;
    }
    if (control(savepoint_ ? kSavepoint : kBegin) != SQLITE_OK) {
        throw_sqlite("Failed to begin transaction: ", db.db_);
    }
}

void Database::WriteTransaction::commit() {
    if (done_)
        return;
    if (control(savepoint_ ? kRelease : kCommit) != SQLITE_OK) {
        throw_sqlite("Failed to commit transaction: ", db_.db_);
    }
    done_ = true;
}

Database::WriteTransaction::~WriteTransaction() {
    if (done_)
        return;
    // undo everything this write did; the caller's own transaction (if any) stays open
    if (savepoint_) {
        control(kRollbackTo);
        control(kRelease);
    } else if (db_.sqlite_in_transaction()) {
        control(kRollback);
    }
}

}  // namespace quiver
