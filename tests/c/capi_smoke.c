/* A pure C program over the public C API (include/quiver/c/), built and run on Linux and, cross-
 * built with MinGW, under wine by tools/windows-check.sh (docs/packaging.md). Usage:
 * capi_smoke SCHEMA.sql WORKDIR [TIME_SERIES_SCHEMA.sql]; the third schema (e.g.
 * tests/schemas/valid/collections.sql) adds the time series checks. Ends with the line
 * "N passed, N failed". */
#ifndef _WIN32
#define _POSIX_C_SOURCE 200809L /* mkdir, stat, sigaction, nanosleep */
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#else
#include <pthread.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#endif

#include "quiver/c/common.h"
#include "quiver/c/database.h"
#include "quiver/c/element.h"
#include "quiver/c/lua_runner.h"
#include "quiver/c/options.h"

static int passed = 0, failed = 0;
#define CHECK(cond)                                                                                          \
    do {                                                                                                     \
        if (cond) {                                                                                          \
            ++passed;                                                                                        \
        } else {                                                                                             \
            ++failed;                                                                                        \
            printf("FAIL %s:%d: %s (last error: %s)\n", __FILE__, __LINE__, #cond, quiver_get_last_error()); \
        }                                                                                                    \
    } while (0)

static int64_t query_int(quiver_database_t* db, const char* sql) {
    int64_t v = -1;
    int has = 0;
    if (quiver_database_query_integer(db, sql, &v, &has) != QUIVER_OK || !has)
        return -1;
    return v;
}

/* Collection_time_series_data(date_time TEXT, value REAL) of collections.sql: write two rows,
 * read them back, replace them, and the element's delete cascades to them. */
static void check_time_series(const char* schema, const char* workdir) {
    char path[1024];
    snprintf(path, sizeof path, "%s/time_series.db", workdir);
    remove(path);
    quiver_database_options_t opts = quiver_database_options_default();
    quiver_database_t* db = NULL;
    CHECK(quiver_database_from_schema(path, schema, &opts, &db) == QUIVER_OK && db != NULL);
    if (!db)
        return;
    quiver_element_t* el = NULL;
    CHECK(quiver_element_create(&el) == QUIVER_OK);
    CHECK(quiver_element_set_string(el, "label", "c1") == QUIVER_OK);
    int64_t id = 0;
    CHECK(quiver_database_create_element(db, "Collection", el, &id) == QUIVER_OK && id > 0);
    quiver_element_destroy(el);

    const char* names[] = {"date_time", "value"};
    int types[] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_FLOAT};
    const char* dates[] = {"2024-01-01T00:00:00", "2024-01-01T01:00:00"};
    double values[] = {1.5, 2.5};
    const void* columns[] = {dates, values};
    CHECK(quiver_database_update_time_series_group(db, "Collection", "data", id, names, types, columns, 2, 2) ==
          QUIVER_OK);

    char** out_names = NULL;
    int* out_types = NULL;
    void** out_data = NULL;
    size_t column_count = 0, row_count = 0;
    CHECK(quiver_database_read_time_series_group(db, "Collection", "data", id, &out_names, &out_types, &out_data,
                                                 &column_count, &row_count) == QUIVER_OK);
    CHECK(column_count == 2 && row_count == 2);
    if (column_count == 2 && row_count == 2) {
        int dim = strcmp(out_names[0], "date_time") == 0 ? 0 : 1;
        CHECK(strcmp(((char**)out_data[dim])[1], "2024-01-01T01:00:00") == 0);
        CHECK(((double*)out_data[1 - dim])[0] == 1.5 && ((double*)out_data[1 - dim])[1] == 2.5);
    }
    CHECK(quiver_database_free_time_series_data(out_names, out_types, out_data, column_count, row_count) == QUIVER_OK);

    /* replacing: one row left */
    CHECK(quiver_database_update_time_series_group(db, "Collection", "data", id, names, types, columns, 2, 1) ==
          QUIVER_OK);
    CHECK(query_int(db, "SELECT COUNT(*) FROM Collection_time_series_data") == 1);
    /* a group that does not exist is an error naming it */
    CHECK(quiver_database_update_time_series_group(db, "Collection", "nope", id, names, types, columns, 2, 1) ==
          QUIVER_ERROR);
    CHECK(strstr(quiver_get_last_error(), "nope") != NULL);
    CHECK(quiver_database_delete_element(db, "Collection", id) == QUIVER_OK);
    CHECK(query_int(db, "SELECT COUNT(*) FROM Collection_time_series_data") == 0);
    CHECK(quiver_database_close(db) == QUIVER_OK);
}

/* ---- files by UTF-8 name, independent of the ANSI code page on Windows (wide API there) ---- */
#ifdef _WIN32
static int widen(const char* utf8, wchar_t* out, int n) {
    return MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8, -1, out, n) > 0;
}
static int file_exists(const char* utf8) {
    wchar_t w[1024];
    return widen(utf8, w, 1024) && GetFileAttributesW(w) != INVALID_FILE_ATTRIBUTES;
}
static void make_dir(const char* utf8) {
    wchar_t w[1024];
    if (widen(utf8, w, 1024))
        CreateDirectoryW(w, NULL);
}
static void remove_file(const char* utf8) {
    wchar_t w[1024];
    if (widen(utf8, w, 1024))
        DeleteFileW(w);
}
static FILE* open_file(const char* utf8, const char* mode) {
    wchar_t w[1024], m[8];
    if (!widen(utf8, w, 1024) || !widen(mode, m, 8))
        return NULL;
    return _wfopen(w, m);
}
#else
static int file_exists(const char* path) {
    struct stat st;
    return stat(path, &st) == 0;
}
static void make_dir(const char* path) {
    mkdir(path, 0777);
}
static void remove_file(const char* path) {
    remove(path);
}
static FILE* open_file(const char* path, const char* mode) {
    return fopen(path, mode);
}
#endif

static int copy_file(const char* from, const char* to) {
    FILE* in = open_file(from, "rb");
    FILE* out = open_file(to, "wb");
    char buf[4096];
    size_t n;
    int ok = in && out;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = 0;
    return ok;
}

/* Every C API path is UTF-8: a directory and files with non-ASCII names (outside the ANSI code
 * page too: the Omega) for from_schema (new and replacing), open, CSV export (into a new
 * subdirectory) and import, and from_migrations. On Windows a narrow std::string path means the
 * ANSI code page, so this fails unless the library converts from UTF-8. */
/* UTF-8 in octal escapes (at most three digits, unlike greedy \x): "São_João_Über_Ω" */
#define NON_ASCII "S\303\243o_Jo\303\243o_\303\234ber_\316\251"
static void join(char* out, const char* dir, const char* name) {
    int n = snprintf(out, 1024, "%s/%s", dir, name);
    if (n < 0 || n >= 1024) {
        printf("path too long: %s/%s\n", dir, name);
        exit(2);
    }
}

static void add_configuration(quiver_database_t* db, const char* label) {
    quiver_element_t* el = NULL;
    int64_t id = 0;
    CHECK(quiver_element_create(&el) == QUIVER_OK);
    CHECK(quiver_element_set_string(el, "label", label) == QUIVER_OK);
    CHECK(quiver_database_create_element(db, "Configuration", el, &id) == QUIVER_OK);
    quiver_element_destroy(el);
}

static void check_non_ascii_paths(const char* schema, const char* workdir) {
    char dir[1024], schema_copy[1024], db_path[1024], csv_dir[1024], csv_path[1024], mig_dir[1024], mig_1[1024],
        up_sql[1024], other[1024], mig_db[1024];
    join(dir, workdir, NON_ASCII);
    join(schema_copy, dir, "esquema_" NON_ASCII ".sql");
    join(db_path, dir, "usina_" NON_ASCII ".db");
    join(csv_dir, dir, "sa\303\255da_" NON_ASCII);
    join(csv_path, csv_dir, "dados_" NON_ASCII ".csv");
    join(mig_dir, dir, "migra\303\247\303\265es_" NON_ASCII);
    join(mig_1, mig_dir, "1");
    join(up_sql, mig_1, "up.sql");
    join(other, mig_dir, "notas_" NON_ASCII); /* not a version: skipped */
    join(mig_db, dir, "migrado_" NON_ASCII ".db");
    make_dir(dir);
    make_dir(mig_dir);
    make_dir(mig_1);
    make_dir(other);
    remove_file(csv_path);
    remove_file(mig_db);
    CHECK(copy_file(schema, schema_copy));
    CHECK(copy_file(schema, up_sql));

    quiver_database_options_t opts = quiver_database_options_default();
    quiver_database_t* db = NULL;
    /* twice: the second call replaces the first file (built beside it, then renamed over it) */
    for (int round = 0; round < 2; ++round) {
        db = NULL;
        CHECK(quiver_database_from_schema(db_path, schema_copy, &opts, &db) == QUIVER_OK && db != NULL);
        if (!db)
            break;
        CHECK(query_int(db, "SELECT COUNT(*) FROM Configuration") == 0);
        add_configuration(db, "S\303\243o Jo\303\243o");
        CHECK(quiver_database_close(db) == QUIVER_OK);
    }
    CHECK(file_exists(db_path));

    db = NULL;
    CHECK(quiver_database_open(db_path, &opts, &db) == QUIVER_OK && db != NULL);
    CHECK(db && query_int(db, "SELECT COUNT(*) FROM Configuration") == 1);
    if (!db) { /* a database at an ASCII path, so that the CSV checks still run */
        char host[1024];
        join(host, workdir, "csv_host.db");
        if (quiver_database_from_schema(host, schema, &opts, &db) != QUIVER_OK)
            return;
        add_configuration(db, "x");
    }
    quiver_csv_options_t csv = quiver_csv_options_default();
    CHECK(quiver_database_export_csv(db, "Configuration", "", csv_path, &csv) == QUIVER_OK);
    CHECK(file_exists(csv_path));
    CHECK(quiver_database_import_csv(db, "Configuration", "", csv_path, &csv) == QUIVER_OK);
    CHECK(query_int(db, "SELECT COUNT(*) FROM Configuration") == 1);
    /* from_schema over a file another handle holds: POSIX renames over it (the handle keeps the
     * old file); Windows refuses, since SQLite opens files without FILE_SHARE_DELETE */
    quiver_database_t* held_out = NULL;
    quiver_error_t rc = quiver_database_from_schema(db_path, schema_copy, &opts, &held_out);
#ifdef _WIN32
    CHECK(rc == QUIVER_ERROR && strstr(quiver_get_last_error(), "Failed to replace") != NULL);
#else
    CHECK(rc == QUIVER_OK);
#endif
    if (held_out)
        quiver_database_close(held_out);
    CHECK(quiver_database_close(db) == QUIVER_OK);

    db = NULL;
    CHECK(quiver_database_from_migrations(mig_db, mig_dir, &opts, &db) == QUIVER_OK && db != NULL);
    if (db) {
        CHECK(query_int(db, "PRAGMA user_version") == 1);
        CHECK(query_int(db, "SELECT COUNT(*) FROM Configuration") == 0);
        CHECK(quiver_database_close(db) == QUIVER_OK);
    }
    CHECK(file_exists(mig_db));

    /* errors name the path as given (UTF-8) */
    CHECK(quiver_database_from_migrations(mig_db, up_sql, &opts, &db) == QUIVER_ERROR);
    CHECK(strstr(quiver_get_last_error(), up_sql) != NULL);
    /* so does a failing migration's up.sql (found by listing the directory) */
    char bad_dir[1024], bad_1[1024], bad_sql[1024];
    join(bad_dir, dir, "ruins_" NON_ASCII);
    join(bad_1, bad_dir, "1");
    join(bad_sql, bad_1, "up.sql");
    make_dir(bad_dir);
    make_dir(bad_1);
    FILE* f = open_file(bad_sql, "wb");
    CHECK(f != NULL && fputs("CREATE TABLE (;\n", f) >= 0 && fclose(f) == 0);
    CHECK(quiver_database_from_migrations(":memory:", bad_dir, &opts, &db) == QUIVER_ERROR);
    CHECK(strstr(quiver_get_last_error(), "ruins_" NON_ASCII) != NULL);
}

/* ---- Ctrl-C stops a run of a runner with quiver_lua_runner_set_sigint(runner, 1) ----------
 * A host handler is installed first and counts what reaches it, so the process is never ended by
 * the test's own Ctrl-C: through the C runtime (signal(), as Python's signal module does) or, on
 * Windows, as a console control handler. POSIX: SIGINT (kill), passed on to the host's handler
 * after stopping the run. Windows: a console control event (GenerateConsoleCtrlEvent), taken by
 * the runner's SetConsoleCtrlHandler handler: passed on when the C runtime has a handler,
 * swallowed otherwise (the next handler would be the default one, which ends the process). */
static volatile int ctrl_c_sent = 0;
#ifdef _WIN32
static volatile LONG host_saw_ctrl_c = 0;
static BOOL WINAPI host_ctrl_handler(DWORD event) {
    if (event != CTRL_C_EVENT)
        return FALSE;
    InterlockedIncrement(&host_saw_ctrl_c);
    return TRUE;
}
static void host_c_handler(int sig) {
    (void)sig;
    InterlockedIncrement(&host_saw_ctrl_c);
}
static DWORD WINAPI press_ctrl_c(LPVOID unused) {
    (void)unused;
    Sleep(300);
    ctrl_c_sent = GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0) != 0;
    return 0;
}
#else
static volatile sig_atomic_t host_saw_ctrl_c = 0;
static void host_c_handler(int sig) {
    (void)sig;
    ++host_saw_ctrl_c;
}
static void* press_ctrl_c(void* unused) {
    (void)unused;
    struct timespec pause = {0, 300 * 1000 * 1000};
    nanosleep(&pause, NULL);
    ctrl_c_sent = kill(getpid(), SIGINT) == 0;
    return NULL;
}
#endif

static void check_ctrl_c(const char* schema, int through_c_runtime) {
    quiver_database_options_t opts = quiver_database_options_default();
    quiver_database_t* db = NULL;
    CHECK(quiver_database_from_schema(":memory:", schema, &opts, &db) == QUIVER_OK && db != NULL);
    if (!db)
        return;
    host_saw_ctrl_c = 0;
    ctrl_c_sent = 0;
    void (*before)(int) = SIG_DFL;
#ifdef _WIN32
    /* Ctrl-C events go to a console: a program started without one gets one (under wine,
     * tools/windows-check.sh gives it a pseudo-terminal, which wine makes its console) */
    AllocConsole();
    if (through_c_runtime) {
        before = signal(SIGINT, host_c_handler);
        CHECK(before != SIG_ERR);
    } else {
        CHECK(SetConsoleCtrlHandler(host_ctrl_handler, TRUE));
    }
    const long expected = through_c_runtime ? 1 : 0;
#else
    struct sigaction host, previous;
    memset(&host, 0, sizeof host);
    host.sa_handler = host_c_handler;
    sigemptyset(&host.sa_mask);
    if (through_c_runtime) {
        before = signal(SIGINT, host_c_handler);
        CHECK(before != SIG_ERR);
    } else {
        CHECK(sigaction(SIGINT, &host, &previous) == 0);
    }
    const long expected = 1;
#endif
    quiver_lua_runner_t* lua = NULL;
    CHECK(quiver_lua_runner_new(db, &lua) == QUIVER_OK);
    CHECK(quiver_lua_runner_set_sigint(lua, 1) == QUIVER_OK);
    /* a Ctrl-C that never arrives ends the run by the timeout instead of hanging the program */
    CHECK(quiver_lua_runner_set_limits(lua, 0, 0, 20.0) == QUIVER_OK);
#ifdef _WIN32
    HANDLE presser = CreateThread(NULL, 0, press_ctrl_c, NULL, 0, NULL);
    CHECK(presser != NULL);
#else
    pthread_t presser;
    CHECK(pthread_create(&presser, NULL, press_ctrl_c, NULL) == 0);
#endif
    CHECK(quiver_lua_runner_run(lua, "while true do end") == QUIVER_ERROR);
#ifdef _WIN32
    WaitForSingleObject(presser, INFINITE);
    CloseHandle(presser);
    Sleep(200); /* handlers run on a thread of their own: let a passed-on event land */
#else
    pthread_join(presser, NULL);
#endif
    CHECK(ctrl_c_sent);
    const char* error = NULL;
    CHECK(quiver_lua_runner_get_error(lua, &error) == QUIVER_OK && error && strstr(error, "script interrupted"));
    int interrupted = 0;
    CHECK(quiver_lua_runner_was_interrupted(lua, &interrupted) == QUIVER_OK && interrupted == 1);
    if (host_saw_ctrl_c != expected)
        printf("Ctrl-C (%s): the host's handler saw %ld, expected %ld\n",
               through_c_runtime ? "C runtime handler" : "own handler", (long)host_saw_ctrl_c, expected);
    CHECK(host_saw_ctrl_c == expected);
#ifdef _WIN32
    if (through_c_runtime)
        signal(SIGINT, before);
    else
        SetConsoleCtrlHandler(host_ctrl_handler, FALSE);
#else
    if (through_c_runtime)
        signal(SIGINT, before);
    else
        sigaction(SIGINT, &previous, NULL);
#endif
    CHECK(quiver_lua_runner_run(lua, "x = 1") == QUIVER_OK); /* the runner stays usable */
    quiver_lua_runner_free(lua);
    CHECK(quiver_database_close(db) == QUIVER_OK);
}

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        printf("usage: capi_smoke SCHEMA.sql WORKDIR [TIME_SERIES_SCHEMA.sql]\n");
        return 2;
    }
    /* QUIVER_SMOKE_OUT: the report goes to this file (under wine with a pseudo-terminal as the
     * console, stdout would carry the console's escape sequences) */
    const char* report = getenv("QUIVER_SMOKE_OUT");
    if (report && !freopen(report, "w", stdout))
        return 2;
    char db_path[1024], csv_path[1024];
    snprintf(db_path, sizeof db_path, "%s/smoke.db", argv[2]);
    snprintf(csv_path, sizeof csv_path, "%s/smoke.csv", argv[2]);
    remove(db_path);

    /* lifecycle */
    CHECK(strlen(quiver_version()) > 0);
    quiver_database_t* db = NULL;
    quiver_database_options_t opts = quiver_database_options_default();
    CHECK(quiver_database_from_schema(db_path, "no-such-schema.sql", &opts, &db) == QUIVER_ERROR);
    CHECK(strstr(quiver_get_last_error(), "no-such-schema.sql") != NULL);
    CHECK(quiver_database_from_schema(db_path, argv[1], &opts, &db) == QUIVER_OK && db != NULL);
    if (!db) {
        printf("%d passed, %d failed\n", passed, failed);
        return 1;
    }

    /* create / read / update */
    quiver_element_t* el = NULL;
    CHECK(quiver_element_create(&el) == QUIVER_OK);
    CHECK(quiver_element_set_string(el, "label", "cfg1") == QUIVER_OK);
    CHECK(quiver_element_set_integer(el, "integer_attribute", 42) == QUIVER_OK);
    int64_t id = 0;
    CHECK(quiver_database_create_element(db, "Configuration", el, &id) == QUIVER_OK && id > 0);
    int64_t* values = NULL;
    size_t count = 0;
    CHECK(quiver_database_read_scalar_integers(db, "Configuration", "integer_attribute", &values, &count) == QUIVER_OK);
    CHECK(count == 1 && values && values[0] == 42);
    quiver_database_free_integer_array(values);
    CHECK(quiver_element_clear(el) == QUIVER_OK);
    CHECK(quiver_element_set_integer(el, "integer_attribute", 7) == QUIVER_OK);
    CHECK(quiver_database_update_element(db, "Configuration", id, el) == QUIVER_OK);
    CHECK(query_int(db, "SELECT integer_attribute FROM Configuration") == 7);
    CHECK(quiver_database_create_element(db, "Nope", el, &id) == QUIVER_ERROR);
    CHECK(strstr(quiver_get_last_error(), "Nope") != NULL);
    quiver_element_destroy(el);

    /* CSV round trip of the scalars */
    quiver_csv_options_t csv = quiver_csv_options_default();
    CHECK(quiver_database_export_csv(db, "Configuration", "", csv_path, &csv) == QUIVER_OK);
    CHECK(quiver_database_import_csv(db, "Configuration", "", csv_path, &csv) == QUIVER_OK);
    CHECK(query_int(db, "SELECT integer_attribute FROM Configuration WHERE label = 'cfg1'") == 7);

    /* Lua runner */
    quiver_lua_runner_t* lua = NULL;
    CHECK(quiver_lua_runner_new(db, &lua) == QUIVER_OK);
    CHECK(quiver_lua_runner_run(lua, "db:create_element('Configuration', {label = 'from_lua'})") == QUIVER_OK);
    CHECK(query_int(db, "SELECT COUNT(*) FROM Configuration") == 2);
    CHECK(quiver_lua_runner_run(lua, "error('boom')") == QUIVER_ERROR);
    quiver_lua_runner_free(lua);

    CHECK(quiver_database_close(db) == QUIVER_OK);

    check_non_ascii_paths(argv[1], argv[2]);
    check_ctrl_c(argv[1], 0);
    check_ctrl_c(argv[1], 1);
    if (argc == 4)
        check_time_series(argv[3], argv[2]);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
