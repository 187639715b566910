// The Lua `db` object (docs/reference/lua.md 3.4): its userdata and metatable, and the methods for database
// info, transactions (db:transaction(fn) included), queries, describe and CSV.
#include <iostream>
#include <new>

#include "quiver/lua/bridge.hpp"
#include "quiver/lua/db.hpp"
#include "quiver/lua/runner.hpp"

namespace quiver::lua {

int traceback_handler(lua_State* L) {
    const char* msg = lua_type(L, 1) == LUA_TSTRING ? lua_tostring(L, 1) : nullptr;
    if (!msg)
        msg = "An unknown error has triggered the default error handler";
    luaL_traceback(L, L, msg, 1);
    return 1;
}

namespace {

using Handle = std::shared_ptr<DatabaseHandle>;

// ---- database info and transactions ----

QUIVER_LUA_METHOD(path, push_string)
QUIVER_LUA_METHOD(current_version, push_integer)
QUIVER_LUA_METHOD(stamp, nullptr, VersionArg)  // extension (docs/migrations.md)
QUIVER_LUA_METHOD(is_healthy, push_boolean)
QUIVER_LUA_METHOD(begin_transaction, nullptr)
QUIVER_LUA_METHOD(commit, nullptr)
QUIVER_LUA_METHOD(rollback, nullptr)
QUIVER_LUA_METHOD(in_transaction, push_boolean)
// later upstream: dry runs and describe reports as strings
QUIVER_LUA_METHOD(begin_dry_run, nullptr)
QUIVER_LUA_METHOD(end_dry_run, nullptr)
QUIVER_LUA_METHOD(in_dry_run, push_boolean)
QUIVER_LUA_METHOD(describe_collection, push_string, CollectionArg)
QUIVER_LUA_METHOD(summarize_collection, push_string, CollectionArg)

int describe(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "describe");
        c.lock()->describe(std::cout);
        std::cout.flush();
        return no_results();
    });
}

// Rolls back after a failed block; its own failure is swallowed (docs/reference/lua.md 3.7.9).
void rollback_quietly(lua_State* L) {
    try {
        Call c(L, "transaction");
        auto db = c.lock();
        if (db->in_transaction())
            db->rollback();
    } catch (...) {
    }
}

// db:transaction(fn): begin, fn(db) under a traceback handler, commit or roll back and
// re-raise; returns fn's first result.
int transaction(lua_State* L) {
    guarded(L, [&] {
        Call c(L, "transaction");
        c.function(1, "fn");
        c.lock()->begin_transaction();
        return no_results();
    });
    lua_settop(L, 2);
    lua_pushcfunction(L, traceback_handler);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 1);
    if (lua_pcall(L, 1, 1, 3) != LUA_OK) {
        rollback_quietly(L);
        return lua_error(L);  // the inner message with its traceback
    }
    guarded(L, [&] {
        Call c(L, "transaction");
        c.lock()->commit();
        return no_results();
    });
    return 1;
}

// ---- queries (docs/reference/lua.md 3.7.8) ----

struct SqlArg {
    static std::string read(const Call& c, int n) { return c.string(n, "sql"); }
};
struct ParamsArg {
    static std::vector<Value> read(const Call& c, int n);
};

std::vector<Value> ParamsArg::read(const Call& c, int n) {
    std::vector<Value> params;
    if (!c.present(n))
        return params;
    int t = c.table(n, "params");
    lua_State* L = c.L();
    need_stack(L, 2);
    lua_Unsigned count = list_length(L, t, [&] { return std::string(c.method()) + ": params"; });
    params.reserve(count);
    for (lua_Unsigned i = 1; i <= count; ++i) {
        lua_rawgeti(L, t, static_cast<lua_Integer>(i));
        params.push_back(
            to_value(L, -1, [&] { return std::string(c.method()) + ": params[" + std::to_string(i) + "]"; }, true));
        lua_pop(L, 1);
    }
    return params;
}

QUIVER_LUA_METHOD(query_string, push_optional<std::string>, SqlArg, ParamsArg)
QUIVER_LUA_METHOD(query_integer, push_optional<int64_t>, SqlArg, ParamsArg)
QUIVER_LUA_METHOD(query_float, push_optional<double>, SqlArg, ParamsArg)

// ---- CSV (docs/reference/lua.md 3.5.5, 3.7.10) ----

int64_t enum_value(lua_State* L, int index, const std::string& what) {
    int is_int = 0;
    lua_Integer v = lua_type(L, index) == LUA_TNUMBER ? lua_tointegerx(L, index, &is_int) : 0;
    if (!is_int)
        throw Error(what + " must be an integer, got " + type_name(L, index));
    return v;
}

struct PathArg {
    static std::string read(const Call& c, int n) { return c.string(n, "path"); }
};
struct CSVOptionsArg {
    static CSVOptions read(const Call& c, int n);
};

// { enum_labels = { attribute = { locale = { Label = value } } }, date_time_format = "..." }
CSVOptions CSVOptionsArg::read(const Call& c, int n) {
    CSVOptions options;
    if (!c.present(n))
        return options;
    lua_State* L = c.L();
    int t = c.table(n, "options");
    need_stack(L, 8);
    const std::string prefix = std::string(c.method()) + ": options";
    lua_pushnil(L);
    while (lua_next(L, t) != 0) {
        auto key = to_string(L, -2);
        if (key && *key == "date_time_format") {
            auto format = to_string(L, -1);
            if (!format)
                throw Error(prefix + ".date_time_format must be a string, got " + type_name(L, -1));
            options.date_time_format = *format;
        } else if (key && *key == "enum_labels") {
            if (lua_type(L, -1) != LUA_TTABLE) {
                throw Error(prefix + ".enum_labels must be a table, got " + type_name(L, -1));
            }
            int attrs = lua_absindex(L, -1);
            lua_pushnil(L);
            while (lua_next(L, attrs) != 0) {
                auto attribute = to_string(L, -2);
                if (!attribute || lua_type(L, -1) != LUA_TTABLE) {
                    throw Error(prefix + ".enum_labels must map attribute names to { locale = { Label = value } }");
                }
                auto& locales =
                    options.enum_labels.emplace_back(*attribute, decltype(options.enum_labels[0].second){}).second;
                int locs = lua_absindex(L, -1);
                lua_pushnil(L);
                while (lua_next(L, locs) != 0) {
                    auto locale = to_string(L, -2);
                    if (!locale || lua_type(L, -1) != LUA_TTABLE) {
                        throw Error(prefix + ".enum_labels." + *attribute + " must map locales to { Label = value }");
                    }
                    auto& labels = locales.emplace_back(*locale, decltype(locales[0].second){}).second;
                    int labs = lua_absindex(L, -1);
                    lua_pushnil(L);
                    while (lua_next(L, labs) != 0) {
                        auto label = to_string(L, -2);
                        if (!label) {
                            throw Error(prefix + ".enum_labels." + *attribute + "." + *locale +
                                        ": labels must be strings, got a key of type " + type_name(L, -2));
                        }
                        labels.emplace_back(
                            *label,
                            enum_value(L, -1, prefix + ".enum_labels." + *attribute + "." + *locale + "." + *label));
                        lua_pop(L, 1);
                    }
                    lua_pop(L, 1);
                }
                lua_pop(L, 1);
            }
        } else {
            throw Error(prefix + ": unknown option " + (key ? "'" + *key + "'" : "key of type " + type_name(L, -2)) +
                        " (the options are date_time_format and enum_labels)");
        }
        lua_pop(L, 1);
    }
    return options;
}

QUIVER_LUA_METHOD(export_csv, nullptr, CollectionArg, GroupArg, PathArg, CSVOptionsArg)
QUIVER_LUA_METHOD(import_csv, nullptr, CollectionArg, GroupArg, PathArg, CSVOptionsArg)

// ---- the userdata ----

int db_gc(lua_State* L) {
    static_cast<Handle*>(lua_touserdata(L, 1))->reset();  // the memory itself is Lua's
    return 0;
}

int db_tostring(lua_State* L) {
    lua_pushliteral(L, "quiver.Database");
    return 1;
}

}  // namespace

const luaL_Reg kCoreMethods[] = {
    {"path", path},
    {"current_version", current_version},
    {"stamp", stamp},
    {"is_healthy", is_healthy},
    {"describe", describe},
    {"begin_transaction", begin_transaction},
    {"commit", commit},
    {"rollback", rollback},
    {"in_transaction", in_transaction},
    {"begin_dry_run", begin_dry_run},
    {"end_dry_run", end_dry_run},
    {"in_dry_run", in_dry_run},
    {"describe_collection", describe_collection},
    {"summarize_collection", summarize_collection},
    {"transaction", transaction},
    {"query_string", query_string},
    {"query_integer", query_integer},
    {"query_float", query_float},
    {"export_csv", export_csv},
    {"import_csv", import_csv},
    {nullptr, nullptr},
};

}  // namespace quiver::lua

namespace quiver {

void lua_open_database(lua_State* L, const std::shared_ptr<DatabaseHandle>* handle) {
    using lua::Handle;
    lua_createtable(L, 0, 64);  // the methods (also the global `Database`, as upstream)
    int methods = lua_gettop(L);
    luaL_setfuncs(L, lua::kCoreMethods, 0);
    luaL_setfuncs(L, lua::kReadMethods, 0);
    luaL_setfuncs(L, lua::kWriteMethods, 0);

    lua_createtable(L, 0, 5);
    int mt = lua_gettop(L);
    lua_pushvalue(L, methods);
    lua_setfield(L, mt, "__index");
    lua_pushcfunction(L, lua::db_gc);
    lua_setfield(L, mt, "__gc");
    lua_pushcfunction(L, lua::db_tostring);
    lua_setfield(L, mt, "__tostring");
    lua_pushliteral(L, "quiver.Database");
    lua_setfield(L, mt, "__name");
    lua_pushliteral(L, "quiver.Database");
    lua_setfield(L, mt, "__metatable");  // scripts cannot replace or reach the metatable
    lua_pushvalue(L, mt);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lua::kDatabaseMetatableKey);

    void* memory = lua_newuserdatauv(L, sizeof(Handle), 0);
    new (memory) Handle(*handle);  // copying a shared_ptr does not throw
    lua_pushvalue(L, mt);
    lua_setmetatable(L, -2);
    lua_setglobal(L, "db");
    lua_pushvalue(L, methods);
    lua_setglobal(L, "Database");
    lua_settop(L, methods - 1);
}

}  // namespace quiver
