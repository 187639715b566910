// Database lifecycle, transactions and the helpers every engine file shares.
#include "quiver/database/database.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "quiver/core/error.hpp"

namespace fs = std::filesystem;

namespace quiver {

namespace {
constexpr int kMinSqliteVersion = 3037000;  // STRICT tables

std::string read_file_bytes(const std::string& path, bool& ok) {
    std::ifstream in(path, std::ios::binary);
    ok = static_cast<bool>(in);
    if (!ok) return {};
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
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
    int flags = options_.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;  // the C layer serialises calls per handle
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path_.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        if (db) sqlite3_close_v2(db);
        throw Error("Failed to open database: " + msg);
    }
    db_ = db;
    sqlite3_extended_result_codes(db_, 0);
    sqlite3_busy_timeout(db_, 5000);
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
        throw Error("Failed to open database: " + msg);
    }
    logger_.info("Database opened: " + path_);
}

std::unique_ptr<Database> Database::open(const std::string& path, const DatabaseOptions& options) {
    std::unique_ptr<Database> db(new Database(path, options));
    db->open_connection();
    return db;
}

std::unique_ptr<Database> Database::from_schema(const std::string& db_path, const std::string& schema_path,
                                                const DatabaseOptions& options) {
    std::error_code ec;
    if (schema_path.empty() || !fs::exists(schema_path, ec)) throw Error("Schema file not found: " + schema_path);
    if (options.read_only) {
        // upstream deleted the file first and then failed to open it; refuse before touching anything
        throw Error("Cannot from_schema: read_only mode (use Database constructor to open existing)");
    }
    if (db_path != ":memory:" && !db_path.empty()) {
        fs::remove(db_path);  // throws filesystem_error (e.g. non-empty directory) unchanged
        // stale side files of the old database must not be replayed into the new one
        for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(db_path + suffix, ec);
    }
    std::unique_ptr<Database> db(new Database(db_path, options));
    db->open_connection();

    bool ok = false;
    std::string sql = read_file_bytes(schema_path, ok);
    if (!ok) throw Error("Failed to apply_schema: could not open file: " + schema_path);
    if (sql.empty()) throw Error("Cannot apply_schema: schema file is empty: " + schema_path);
    db->logger_.info("Applying schema from: " + schema_path);

    if (sqlite3_exec(db->db_, "BEGIN TRANSACTION;", nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw_sqlite("Failed to begin transaction: ", db->db_);
    }
    try {
        db->execute_script(sql);
        auto schema = std::make_unique<Schema>(Schema::load(db->db_));
        validate_schema(*schema);
        if (sqlite3_exec(db->db_, "COMMIT;", nullptr, nullptr, nullptr) != SQLITE_OK) {
            throw_sqlite("Failed to commit transaction: ", db->db_);
        }
        db->schema_ = std::move(schema);
        db->schema_checked_ = true;
    } catch (const std::exception& e) {
        if (!sqlite3_get_autocommit(db->db_)) sqlite3_exec(db->db_, "ROLLBACK;", nullptr, nullptr, nullptr);
        db->logger_.error(std::string("Failed to apply schema: ") + e.what());
        throw;
    }
    db->statements_->clear();
    db->logger_.info("Schema applied successfully");
    return db;
}

int64_t Database::current_version() {
    auto stmt = prepare("PRAGMA user_version");
    if (!stmt.step()) throw_sqlite("Failed to read user_version: ", db_);
    return stmt.column_int(0);
}

void Database::execute_script(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(db_);
        sqlite3_free(err);
        throw Error("Failed to execute SQL: " + msg);
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
    if (schema_) return *schema_;
    // lazy load for databases opened with open(): an empty database has no schema
    bool has_tables = false;
    {
        auto stmt = prepare_uncached(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND lower(substr(name, 1, 7)) != 'sqlite_' LIMIT 1");
        has_tables = stmt.step();
    }
    schema_checked_ = true;
    if (!has_tables) throw Error(std::string("Cannot ") + op + ": no schema loaded");
    try {
        auto schema = std::make_unique<Schema>(Schema::load(db_));
        validate_schema(*schema);
        schema_ = std::move(schema);
    } catch (const Error& e) {
        throw Error(std::string("Cannot ") + op + ": " + e.what());
    }
    return *schema_;
}

void Database::load_schema() {
    auto schema = std::make_unique<Schema>(Schema::load(db_));
    validate_schema(*schema);
    schema_ = std::move(schema);
    schema_checked_ = true;
    statements_->clear();
}

const TableInfo& Database::require_collection(const char* op, const std::string& collection) const {
    const TableInfo* t = schema(op).table(collection);
    if (!t) throw Error(std::string("Cannot ") + op + ": collection not found: " + collection);
    return *t;
}

void Database::require_writable(const char* op) const {
    if (options_.read_only) throw Error(std::string("Cannot ") + op + ": database is read-only");
}

// ---- interruption ----

void Database::add_stop_check(StopCheck check, void* context) {
    stop_checks_.emplace_back(check, context);
    if (stop_checks_.size() == 1) sqlite3_progress_handler(db_, 1000, check_stop, this);
}

void Database::remove_stop_check(StopCheck check, void* context) {
    auto it = std::find(stop_checks_.begin(), stop_checks_.end(), std::make_pair(check, context));
    if (it == stop_checks_.end()) return;
    stop_checks_.erase(it);
    if (stop_checks_.empty()) sqlite3_progress_handler(db_, 0, nullptr, nullptr);
}

int Database::check_stop(void* database) {
    const auto& checks = static_cast<Database*>(database)->stop_checks_;
    int stop = 0;
    for (const auto& [check, context] : checks) stop |= check(context);
    return stop;
}

// ---- transactions ----

bool Database::in_transaction() const { return db_ && !sqlite3_get_autocommit(db_); }

void Database::begin_transaction() {
    if (in_transaction()) throw Error("Cannot begin_transaction: transaction already active");
    if (sqlite3_exec(db_, "BEGIN TRANSACTION;", nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw_sqlite("Failed to begin transaction: ", db_);
    }
}

void Database::commit() {
    if (!in_transaction()) throw Error("Cannot commit: no active transaction");
    if (sqlite3_exec(db_, "COMMIT;", nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw_sqlite("Failed to commit transaction: ", db_);
    }
}

void Database::rollback() {
    if (!in_transaction()) throw Error("Cannot rollback: no active transaction");
    if (sqlite3_exec(db_, "ROLLBACK;", nullptr, nullptr, nullptr) != SQLITE_OK) {
        logger_.error(std::string("Failed to rollback transaction: ") + sqlite3_errmsg(db_));
    }
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
    savepoint_ = db.in_transaction();
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
    if (done_) return;
    if (control(savepoint_ ? kRelease : kCommit) != SQLITE_OK) {
        throw_sqlite("Failed to commit transaction: ", db_.db_);
    }
    done_ = true;
}

Database::WriteTransaction::~WriteTransaction() {
    if (done_) return;
    // undo everything this write did; the caller's own transaction (if any) stays open
    if (savepoint_) {
        control(kRollbackTo);
        control(kRelease);
    } else if (db_.in_transaction()) {
        control(kRollback);
    }
}

}  // namespace quiver
