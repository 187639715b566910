// database.h: lifecycle, transactions, version and describe.
#include <cstring>
#include <iostream>

#include "quiver/c/internal.hpp"

using quiver::Database;
using namespace quiver::c;

namespace {

quiver::DatabaseOptions to_options(const quiver_database_options_t* options) {
    quiver::DatabaseOptions out;
    if (options) {
        out.read_only = options->read_only != 0;
        // a C caller may store any int in the enum field: read its bytes as an int, since loading
        // an out-of-range value through the enum type is undefined behaviour in C++
        int level = 0;
        static_assert(sizeof level == sizeof options->console_level);
        std::memcpy(&level, &options->console_level, sizeof level);
        out.console_level = (level >= 0 && level <= 4) ? static_cast<quiver::LogLevel>(level) : quiver::LogLevel::Info;
    }
    return out;
}

quiver::DatabaseOptions to_options(const quiver_database_options_ex_t* options) {
    if (!options)
        return quiver::DatabaseOptions{};
    quiver::DatabaseOptions out = to_options(&options->base);
    out.busy_timeout_ms = options->busy_timeout_ms < 0 ? 5000 : options->busy_timeout_ms;
    if (options->journal_mode)
        out.journal_mode = options->journal_mode;
    out.strict = options->strict != 0;
    return out;
}

quiver_database_t* wrap(std::unique_ptr<Database> db) {
    auto handle = std::make_shared<quiver::DatabaseHandle>();
    handle->db = std::move(db);
    return new quiver_database{std::move(handle)};
}

// Create the engine database with `open(paths..., options)` and hand out a new handle for it.
template <class Open, class... Paths>
quiver_error_t open_with(Open open, const quiver_database_options_t* options, quiver_database_t** out_db,
                         const Paths*... paths) {
    return guard([&] { *out_db = wrap(open(paths..., to_options(options))); });
}

}  // namespace

extern "C" {

QUIVER_C_API quiver_error_t quiver_database_open(const char* path, const quiver_database_options_t* options,
                                                 quiver_database_t** out_db) {
    QUIVER_REQUIRE(path, out_db);
    return open_with(&Database::open, options, out_db, path);
}

QUIVER_C_API quiver_error_t quiver_database_from_migrations(const char* db_path, const char* migrations_path,
                                                            const quiver_database_options_t* options,
                                                            quiver_database_t** out_db) {
    QUIVER_REQUIRE(db_path, migrations_path, out_db);
    return open_with(&Database::from_migrations, options, out_db, db_path, migrations_path);
}

QUIVER_C_API quiver_error_t quiver_database_from_schema(const char* db_path, const char* schema_path,
                                                        const quiver_database_options_t* options,
                                                        quiver_database_t** out_db) {
    QUIVER_REQUIRE(db_path, schema_path, out_db);
    return open_with(&Database::from_schema, options, out_db, db_path, schema_path);
}

QUIVER_C_API quiver_error_t quiver_database_open_ex(const char* path, const quiver_database_options_ex_t* options,
                                                    quiver_database_t** out_db) {
    QUIVER_REQUIRE(path);
    QUIVER_REQUIRE(out_db);
    return guard([&] { *out_db = wrap(Database::open(path, to_options(options))); });
}

QUIVER_C_API quiver_error_t quiver_database_from_migrations_ex(const char* db_path, const char* migrations_path,
                                                               const quiver_database_options_ex_t* options,
                                                               quiver_database_t** out_db) {
    QUIVER_REQUIRE(db_path);
    QUIVER_REQUIRE(migrations_path);
    QUIVER_REQUIRE(out_db);
    return guard([&] { *out_db = wrap(Database::from_migrations(db_path, migrations_path, to_options(options))); });
}

QUIVER_C_API quiver_error_t quiver_database_from_schema_ex(const char* db_path, const char* schema_path,
                                                           const quiver_database_options_ex_t* options,
                                                           quiver_database_t** out_db) {
    QUIVER_REQUIRE(db_path);
    QUIVER_REQUIRE(schema_path);
    QUIVER_REQUIRE(out_db);
    return guard([&] { *out_db = wrap(Database::from_schema(db_path, schema_path, to_options(options))); });
}

QUIVER_C_API quiver_error_t quiver_database_close(quiver_database_t* db) {
    if (!db)
        return QUIVER_OK;
    guard([&] { db->handle->close(); });
    delete db;
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_disconnect(quiver_database_t* db) {
    if (!db)
        return QUIVER_OK;
    return guard([&] { db->handle->close(); });
}

QUIVER_C_API quiver_error_t quiver_database_interrupt(quiver_database_t* db) {
    if (!db)
        return QUIVER_OK;
    return guard([&] { db->handle->interrupt(); });
}

QUIVER_C_API quiver_error_t quiver_database_connection_settings(quiver_database_t* db, int* out_busy_timeout_ms,
                                                                const char** out_journal_mode) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(out_busy_timeout_ms);
    QUIVER_REQUIRE(out_journal_mode);
    return with_db(db, [&](Database& d) {
        thread_local std::string mode;
        mode = d.journal_mode();
        *out_busy_timeout_ms = d.busy_timeout_ms();
        *out_journal_mode = mode.c_str();
    });
}

QUIVER_C_API quiver_error_t quiver_database_is_healthy(quiver_database_t* db, int* out_healthy) {
    QUIVER_REQUIRE(db, out_healthy);
    return call<&Database::is_healthy>(db, to_value(out_healthy));
}

QUIVER_C_API quiver_error_t quiver_database_path(quiver_database_t* db, const char** out_path) {
    QUIVER_REQUIRE(db, out_path);
    // borrowed: the handle's own string, valid until close
    return call<&Database::path>(db, [=](const std::string& path) { *out_path = path.c_str(); });
}

QUIVER_C_API quiver_error_t quiver_database_begin_transaction(quiver_database_t* db) {
    QUIVER_REQUIRE(db);
    return call<&Database::begin_transaction>(db, nothing());
}

QUIVER_C_API quiver_error_t quiver_database_commit(quiver_database_t* db) {
    QUIVER_REQUIRE(db);
    return call<&Database::commit>(db, nothing());
}

QUIVER_C_API quiver_error_t quiver_database_rollback(quiver_database_t* db) {
    QUIVER_REQUIRE(db);
    return call<&Database::rollback>(db, nothing());
}

QUIVER_C_API quiver_error_t quiver_database_in_transaction(quiver_database_t* db, bool* out_active) {
    QUIVER_REQUIRE(db, out_active);
    return call<&Database::in_transaction>(db, to_value(out_active));
}

QUIVER_C_API quiver_error_t quiver_database_current_version(quiver_database_t* db, int64_t* out_version) {
    QUIVER_REQUIRE(db, out_version);
    return call<&Database::current_version>(db, to_value(out_version));
}

QUIVER_C_API quiver_error_t quiver_database_stamp(quiver_database_t* db, int64_t version) {
    QUIVER_REQUIRE(db);
    return call<&Database::stamp>(db, nothing(), version);
}

QUIVER_C_API quiver_error_t quiver_database_describe(quiver_database_t* db) {
    QUIVER_REQUIRE(db);
    return with_db(db, [&](Database& d) {
        d.describe(std::cout);
        std::cout.flush();
    });
}

// ---- extensions: later upstream (dry run, strict mode, describe reports as strings) ----

QUIVER_C_API quiver_error_t quiver_database_begin_dry_run(quiver_database_t* db) {
    QUIVER_REQUIRE(db);
    return call<&Database::begin_dry_run>(db, nothing());
}

QUIVER_C_API quiver_error_t quiver_database_end_dry_run(quiver_database_t* db) {
    QUIVER_REQUIRE(db);
    return call<&Database::end_dry_run>(db, nothing());
}

QUIVER_C_API quiver_error_t quiver_database_in_dry_run(quiver_database_t* db, int* out_active) {
    QUIVER_REQUIRE(db, out_active);
    return call<&Database::in_dry_run>(db, to_value(out_active));
}

QUIVER_C_API quiver_error_t quiver_database_set_strict(quiver_database_t* db, int strict) {
    QUIVER_REQUIRE(db);
    return with_db(db, [&](Database& d) { d.set_strict(strict != 0); });
}

QUIVER_C_API quiver_error_t quiver_database_is_strict(quiver_database_t* db, int* out_strict) {
    QUIVER_REQUIRE(db, out_strict);
    return call<&Database::strict>(db, to_value(out_strict));
}

QUIVER_C_API quiver_error_t quiver_database_describe_to_string(quiver_database_t* db, char** out_report) {
    QUIVER_REQUIRE(db, out_report);
    return with_db(db, [&](Database& d) { *out_report = quiver::c::copy_string(d.describe_text()); });
}

QUIVER_C_API quiver_error_t quiver_database_describe_collection(quiver_database_t* db, const char* collection,
                                                                char** out_report) {
    QUIVER_REQUIRE(db, collection, out_report);
    return with_db(db, [&](Database& d) { *out_report = quiver::c::copy_string(d.describe_collection(collection)); });
}

QUIVER_C_API quiver_error_t quiver_database_summarize_collection(quiver_database_t* db, const char* collection,
                                                                 char** out_report) {
    QUIVER_REQUIRE(db, collection, out_report);
    return with_db(db, [&](Database& d) { *out_report = quiver::c::copy_string(d.summarize_collection(collection)); });
}

}  // extern "C"
