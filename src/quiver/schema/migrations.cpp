// from_migrations (docs/reference/migrations.md): open a database and apply the pending numbered
// migration directories <migrations_path>/<N>/up.sql in ascending order.
//
// Each migration runs in its own transaction together with its user_version bump.
// Unlike upstream (quirk: validation after the commits), the schema is loaded and
// validated inside the last pending migration's transaction, so a schema that fails
// validation is rolled back with that migration and the file stays at the previous
// version. Transaction statements inside up.sql (BEGIN/COMMIT/ROLLBACK/END) are
// refused before they run: they would end the runner's transaction early.
// stamp (an extension, docs/migrations.md) records a version without running a migration.
#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "quiver/core/error.hpp"
#include "quiver/core/utf8_path.hpp"
#include "quiver/database/database.hpp"
#include "quiver/schema/source_line.hpp"

namespace fs = std::filesystem;

namespace quiver {

namespace {

struct Migration {
    int64_t version;
    fs::path path;
};

// A directory name counts when it parses completely as a base-10 int64 > 0 (C strtoll
// rules: leading whitespace and '+' accepted, trailing characters not).
bool parse_version(const std::string& name, int64_t& out) {
    if (name.empty())
        return false;
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(name.c_str(), &end, 10);
    if (errno == ERANGE || end == name.c_str() || *end != '\0' || v <= 0)
        return false;
    out = static_cast<int64_t>(v);
    return true;
}

std::vector<Migration> discover(const fs::path& dir) {
    std::vector<Migration> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code dec;
        if (!it->is_directory(dec))
            continue;  // follows symbolic links
        int64_t version = 0;
        if (parse_version(path_to_utf8(it->path().filename()), version))
            out.push_back({version, it->path()});
    }
    if (ec)
        throw Error("Cannot migrate_up: could not list directory: " + path_to_utf8(dir) + ": " + ec.message());
    std::stable_sort(out.begin(), out.end(),
                     [](const Migration& a, const Migration& b) { return a.version < b.version; });
    return out;
}

// Content of <dir>/up.sql; empty when missing or unreadable.
std::string read_up_sql(const fs::path& dir) {
    std::string sql;
    if (!read_utf8_file(path_to_utf8(dir / "up.sql"), sql))
        return {};
    return sql;
}

void exec_or_throw(sqlite3* db, const std::string& sql, const char* prefix) {
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
        throw_sqlite(prefix, db);
}

// While alive, statements that would begin or end a transaction are refused at prepare time.
class TransactionStatementGuard {
public:
    TransactionStatementGuard(Database& db, sqlite3* connection) : db_(db) {
        sqlite3_set_authorizer(connection, &authorize, this);
    }
    ~TransactionStatementGuard() { db_.install_authorizer(); }  // back to the connection's own guard
    TransactionStatementGuard(const TransactionStatementGuard&) = delete;
    TransactionStatementGuard& operator=(const TransactionStatementGuard&) = delete;
    const std::string& refused() const { return refused_; }

private:
    static int authorize(void* self, int action, const char* what, const char* a2, const char* a3, const char* a4) {
        auto* guard = static_cast<TransactionStatementGuard*>(self);
        if (action != SQLITE_TRANSACTION)
            return Database::authorize(&guard->db_, action, what, a2, a3, a4);
        if (guard->refused_.empty())
            guard->refused_ = what ? what : "transaction";
        return SQLITE_DENY;
    }
    Database& db_;
    std::string refused_;
};

}  // namespace

void Database::stamp(int64_t version) {
    // user_version is a 32-bit header field (the same bound from_migrations checks)
    if (version < 0 || version > INT32_MAX) {
        throw Error("Cannot stamp: version must be between 0 and 2147483647, got " + std::to_string(version));
    }
    // a write like any other: refused on a read-only handle, part of a caller's transaction
    WriteTransaction tx(*this, "stamp", true);
    exec_or_throw(db_, "PRAGMA user_version = " + std::to_string(version) + ";", "Failed to set user_version: ");
    tx.commit();
    logger_.info("Schema version stamped: " + std::to_string(version));
}

namespace {

// The message of a schema error after the last migration, with the up.sql (newest first) and
// line that declare its table; unchanged when no step up to `version` declares it.
std::string where_declared(const SchemaError& e, const std::vector<Migration>& migrations, int64_t version) {
    for (auto m = migrations.rbegin(); m != migrations.rend(); ++m) {
        if (m->version > version)
            continue;
        const std::string sql = read_up_sql(m->path);
        if (declaration_line(sql, e.table()) > 0)
            return with_source(e.what(), path_to_utf8(m->path / "up.sql"), sql, e.table());
    }
    return e.what();
}

}  // namespace

std::unique_ptr<Database> Database::from_migrations(const std::string& db_path, const std::string& migrations_path,
                                                    const DatabaseOptions& options) {
    std::error_code ec;
    if (migrations_path.empty() || !fs::exists(utf8_path(migrations_path), ec)) {
        throw Error("Migrations path not found: " + migrations_path);
    }
    if (!fs::is_directory(utf8_path(migrations_path), ec)) {
        throw Error("Cannot migrate_up: path is not a directory: " + migrations_path);
    }

    std::unique_ptr<Database> db(new Database(db_path, options));
    db->open_connection();

    std::vector<Migration> migrations = discover(utf8_path(migrations_path));
    if (migrations.empty()) {
        db->logger_.info("No migrations found in: " + migrations_path);
        return db;  // no schema loaded (upstream); an existing file's schema loads on first use
    }

    const int64_t current = db->current_version();
    std::vector<Migration> pending;
    for (const auto& m : migrations) {
        if (m.version > current)
            pending.push_back(m);
    }
    if (pending.empty()) {
        db->load_schema();
        return db;
    }
    for (const auto& m : pending) {
        // user_version is a 32-bit header field: a larger number could never be recorded and
        // the migration would be applied again at every open
        if (m.version > INT32_MAX) {
            throw Error("Cannot migrate_up: migration " + std::to_string(m.version) +
                        ": version exceeds the largest schema version (2147483647)");
        }
    }
    if (db->read_only()) {
        throw Error("Cannot migrate_up: database is read-only (migration " + std::to_string(pending.front().version) +
                    " is pending)");
    }

    for (size_t i = 0; i < pending.size(); ++i) {
        const Migration& m = pending[i];
        const std::string n = std::to_string(m.version);
        const bool last = i + 1 == pending.size();
        std::string sql = read_up_sql(m.path);
        if (sql.empty())
            throw Error("Cannot migrate_up: migration " + n + " has no up.sql file");
        db->logger_.info("Applying migration " + n + " from: " + path_to_utf8(m.path));
        try {
            exec_or_throw(db->db_, "BEGIN TRANSACTION;", "Failed to begin transaction: ");
            {
                TransactionStatementGuard guard(*db, db->db_);
                try {
                    db->execute_script(sql, path_to_utf8(m.path / "up.sql"));
                } catch (const Error&) {
                    if (guard.refused().empty())
                        throw;
                    throw Error("up.sql must not contain transaction statements (" + guard.refused() +
                                "): each migration already runs in its own transaction");
                }
            }
            exec_or_throw(db->db_, "PRAGMA user_version = " + n + ";", "Failed to set user_version: ");
            // validate before the last commit: an invalid final schema is never committed
            if (last) {
                try {
                    db->load_schema(/*applying=*/true);
                } catch (const SchemaError& e) {
                    throw Error(where_declared(e, migrations, m.version));
                }
            }
            exec_or_throw(db->db_, "COMMIT;", "Failed to commit transaction: ");
        } catch (const std::exception& e) {
            if (!sqlite3_get_autocommit(db->db_))
                sqlite3_exec(db->db_, "ROLLBACK;", nullptr, nullptr, nullptr);
            db->statements_->clear();
            throw Error("Failed to migrate_up: migration " + n + ": " + e.what());
        }
        db->logger_.info("Migration " + n + " applied");
    }
    db->statements_->clear();
    return db;
}

}  // namespace quiver
