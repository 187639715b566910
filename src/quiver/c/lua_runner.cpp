// lua_runner.h: the Lua runner's C API (docs/reference/lua.md section 1) and its extensions (returned
// values, limits, interruption). Script failures go to the runner's own error only; NULL
// arguments and construction failures go to the global last error.
#include "quiver/c/lua_runner.h"

#include <new>
#include <string>

#include "quiver/c/internal.hpp"
#include "quiver/lua/runner.hpp"

struct quiver_lua_runner {
    std::unique_ptr<quiver::LuaRunner> runner;
    std::string error;
    bool has_error = false;
};

namespace {

using quiver::LuaValue;

// Runs the script; a failure lands in the runner's error (never the global one).
template <class OnSuccess>
quiver_error_t run_script(quiver_lua_runner_t* r, const char* script, size_t length, OnSuccess on_success,
                          const char* chunk_name = nullptr) noexcept {
    r->has_error = false;
    r->error.clear();
    try {
        std::string name = chunk_name ? chunk_name : "";
        auto values = r->runner->run(std::string_view(script, length), chunk_name ? &name : nullptr);
        on_success(values);
        return QUIVER_OK;
    } catch (const quiver::LuaScriptError& e) {
        r->error = e.what();
    } catch (const std::bad_alloc&) {
        r->error = "Lua error: Memory allocation failed";
    } catch (const std::exception& e) {
        r->error = std::string("Lua error: ") + e.what();
    } catch (...) {
        r->error = "Unknown error";
    }
    r->has_error = true;
    return QUIVER_ERROR;
}

void free_value(quiver_lua_value_t& v) noexcept;

void free_items(quiver_lua_value_t* items, size_t count) noexcept {
    if (!items)
        return;
    for (size_t i = 0; i < count; ++i)
        free_value(items[i]);
    delete[] items;
}

void free_value(quiver_lua_value_t& v) noexcept {
    delete[] v.string;
    v.string = nullptr;
    size_t n = v.type == QUIVER_LUA_TABLE ? v.length * 2 : (v.type == QUIVER_LUA_ARRAY ? v.length : 0);
    free_items(v.items, n);
    v.items = nullptr;
}

// Fills `out` from `in`; on an exception `out` stays freeable with free_value.
void fill_value(quiver_lua_value_t& out, const LuaValue& in) {
    out = quiver_lua_value_t{};
    switch (in.type) {
        case LuaValue::Type::Nil: out.type = QUIVER_LUA_NIL; break;
        case LuaValue::Type::Boolean:
        case LuaValue::Type::Integer:
            out.type = in.type == LuaValue::Type::Boolean ? QUIVER_LUA_BOOLEAN : QUIVER_LUA_INTEGER;
            out.integer = in.integer;
            break;
        case LuaValue::Type::Float:
            out.type = QUIVER_LUA_FLOAT;
            out.number = in.number;
            break;
        case LuaValue::Type::String:
            out.type = QUIVER_LUA_STRING;
            out.string = quiver::c::copy_string(in.string);
            out.length = in.string.size();
            break;
        case LuaValue::Type::Array:
        case LuaValue::Type::Table: {
            bool table = in.type == LuaValue::Type::Table;
            out.type = table ? QUIVER_LUA_TABLE : QUIVER_LUA_ARRAY;
            size_t n = in.items.size();
            if (n == 0)
                break;
            // zero-initialised items free as no-ops, so a failure half-way frees exactly what was filled
            out.items = new quiver_lua_value_t[n]();
            out.length = table ? n / 2 : n;
            for (size_t i = 0; i < n; ++i)
                fill_value(out.items[i], in.items[i]);
            break;
        }
    }
}

// The C value tree (borrowed) as the engine's LuaValue; depth bounded as returns are.
LuaValue from_c_value(const quiver_lua_value_t& in, int depth) {
    if (depth > 200)
        throw quiver::Error("value nested more than 200 deep");
    LuaValue out;
    switch (in.type) {
        case QUIVER_LUA_NIL: break;
        case QUIVER_LUA_BOOLEAN:
            out.type = LuaValue::Type::Boolean;
            out.integer = in.integer != 0;
            break;
        case QUIVER_LUA_INTEGER:
            out.type = LuaValue::Type::Integer;
            out.integer = in.integer;
            break;
        case QUIVER_LUA_FLOAT:
            out.type = LuaValue::Type::Float;
            out.number = in.number;
            break;
        case QUIVER_LUA_STRING:
            if (!in.string && in.length)
                throw quiver::Error("string value without characters");
            out.type = LuaValue::Type::String;
            out.string.assign(in.string ? in.string : "", in.length);
            break;
        case QUIVER_LUA_ARRAY:
        case QUIVER_LUA_TABLE: {
            bool table = in.type == QUIVER_LUA_TABLE;
            out.type = table ? LuaValue::Type::Table : LuaValue::Type::Array;
            size_t n = table ? in.length * 2 : in.length;
            if (n && !in.items)
                throw quiver::Error("list or table value without items");
            out.items.reserve(n);
            for (size_t i = 0; i < n; ++i)
                out.items.push_back(from_c_value(in.items[i], depth + 1));
            break;
        }
        default: throw quiver::Error("unknown value type " + std::to_string(static_cast<int>(in.type)));
    }
    return out;
}

}  // namespace

extern "C" {

QUIVER_C_API quiver_error_t quiver_lua_runner_new(quiver_database_t* db, quiver_lua_runner_t** out_runner) {
    QUIVER_REQUIRE(db, out_runner);
    return quiver::c::guard(
        [&] {
            {
                std::lock_guard<std::recursive_mutex> lock(db->handle->mutex);
                if (!db->handle->db)
                    throw quiver::Error("Database is closed");
            }
            auto r = std::make_unique<quiver_lua_runner>();
            r->runner = std::make_unique<quiver::LuaRunner>(db->handle);
            *out_runner = r.release();
        },
        "Unknown error creating LuaRunner");
}

QUIVER_C_API quiver_error_t quiver_lua_runner_free(quiver_lua_runner_t* runner) {
    delete runner;
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_lua_runner_run(quiver_lua_runner_t* runner, const char* script) {
    QUIVER_REQUIRE(runner, script);
    return run_script(runner, script, std::strlen(script), [](const std::vector<LuaValue>&) {});
}

QUIVER_C_API quiver_error_t quiver_lua_runner_get_error(quiver_lua_runner_t* runner, const char** out_error) {
    QUIVER_REQUIRE(runner, out_error);
    *out_error = runner->has_error ? runner->error.c_str() : nullptr;
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_lua_runner_run_values(quiver_lua_runner_t* runner, const char* script,
                                                         size_t script_length, quiver_lua_value_t** out_values,
                                                         size_t* out_count) {
    return quiver_lua_runner_run_chunk(runner, script, script_length, nullptr, out_values, out_count);
}

QUIVER_C_API quiver_error_t quiver_lua_runner_run_chunk(quiver_lua_runner_t* runner, const char* script,
                                                        size_t script_length, const char* chunk_name,
                                                        quiver_lua_value_t** out_values, size_t* out_count) {
    QUIVER_REQUIRE(runner, script, out_values, out_count);
    *out_values = nullptr;
    *out_count = 0;
    return run_script(
        runner, script, script_length,
        [&](const std::vector<LuaValue>& values) {
            if (values.empty())
                return;
            auto* out = new quiver_lua_value_t[values.size()]();
            try {
                for (size_t i = 0; i < values.size(); ++i)
                    fill_value(out[i], values[i]);
            } catch (...) {
                free_items(out, values.size());
                throw;
            }
            *out_values = out;
            *out_count = values.size();
        },
        chunk_name);
}

QUIVER_C_API quiver_error_t quiver_lua_runner_free_values(quiver_lua_value_t* values, size_t count) {
    free_items(values, count);
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_lua_runner_set_limits(quiver_lua_runner_t* runner, int64_t max_instructions,
                                                         int64_t max_memory, double timeout_seconds) {
    QUIVER_REQUIRE(runner);
    return quiver::c::guard(
        [&] { runner->runner->set_limits(quiver::LuaLimits{max_instructions, max_memory, timeout_seconds}); });
}

QUIVER_C_API quiver_error_t quiver_lua_runner_interrupt(quiver_lua_runner_t* runner) {
    QUIVER_REQUIRE(runner);
    runner->runner->interrupt();
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_lua_runner_set_sigint(quiver_lua_runner_t* runner, int enabled) {
    QUIVER_REQUIRE(runner);
    runner->runner->set_sigint(enabled != 0);
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_lua_runner_was_interrupted(quiver_lua_runner_t* runner, int* out_interrupted) {
    QUIVER_REQUIRE(runner, out_interrupted);
    *out_interrupted = runner->runner->was_interrupted() ? 1 : 0;
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_lua_runner_set_global(quiver_lua_runner_t* runner, const char* name,
                                                         size_t name_length, const quiver_lua_value_t* value) {
    QUIVER_REQUIRE(runner);
    QUIVER_REQUIRE(name);
    QUIVER_REQUIRE(value);
    return quiver::c::guard(
        [&] { runner->runner->set_global(std::string(name, name_length), from_c_value(*value, 0)); });
}

}  // extern "C"
