#pragma once
// The barrier between Lua (built as C: errors longjmp) and the C++ engine, used by every
// db method (lua/db*.cpp):
//   1. the method body runs in C++ under try/catch. It reads its arguments with the readers
//      below, which use only Lua API calls that never raise, and throws quiver::Error for a
//      bad argument. It returns a "pusher": a callable that pushes the results.
//   2. the pusher runs inside lua_pcall, so a memory error while building result tables
//      cannot jump over a live C++ object.
//   3. every C++ object is destroyed, and only then lua_error is called.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

extern "C" {
#include <lauxlib.h>
#include <lua.h>
}

#include "quiver/core/error.hpp"
#include "quiver/core/handle.hpp"
#include "quiver/core/value.hpp"
#include "quiver/database/database.hpp"

namespace quiver::lua {

// Registry key of the db userdata's metatable (its address).
extern const char kDatabaseMetatableKey;

template <class Push>
int run_pusher(lua_State* L) {
    auto* push = static_cast<Push*>(lua_touserdata(L, 1));
    lua_settop(L, 0);
    return (*push)(L);
}

int push_error_text(lua_State* L);
void push_value(lua_State* L, const Value& v);

// The message handler runs are made under: the error text (or, for a non-string error value,
// "An unknown error has triggered the default error handler") followed by Lua's traceback.
int traceback_handler(lua_State* L);

// Runs `body` (returning a pusher `int(lua_State*)`) behind the barrier described above.
template <class Body>
int guarded(lua_State* L, Body&& body) {
    int status = LUA_OK;
    int results = 0;
    {
        using Push = decltype(body());
        std::optional<Push> push;
        std::string error;
        int base = lua_gettop(L);
        try {
            push.emplace(body());
        } catch (const std::bad_alloc&) {
            error = "Memory allocation failed";
        } catch (const std::exception& e) {
            try {
                error = e.what();
            } catch (...) {
                error = "Memory allocation failed";
            }
        } catch (...) {
            error = "Unknown error";
        }
        lua_settop(L, base);
        if (push) {
            lua_pushcfunction(L, run_pusher<Push>);
            lua_pushlightuserdata(L, &*push);
            status = lua_pcall(L, 1, LUA_MULTRET, 0);
            results = lua_gettop(L) - base;
        } else {
            lua_pushcfunction(L, push_error_text);
            lua_pushlightuserdata(L, &error);
            lua_pcall(L, 1, 1, 0);  // on failure the memory error object is raised instead
            status = LUA_ERRRUN;
        }
    }
    if (status != LUA_OK)
        return lua_error(L);
    return results;
}

// Pushes nothing: for methods that return no value.
inline auto no_results() {
    return [](lua_State*) { return 0; };
}

// A pusher for one result, pushed by `push(L, value)`.
template <class T, class Push>
auto pushing(T value, Push push) {
    return [v = std::move(value), push](lua_State* L) {
        push(L, v);
        return 1;
    };
}

// The arguments of one db method call. Argument n is the n-th after `self` (stack index n + 1).
// Every reader throws Error("<method>: ...") naming the argument when it does not fit.
class Call {
public:
    Call(lua_State* L, const char* method);

    lua_State* L() const { return L_; }
    const char* method() const { return method_; }
    int index(int n) const { return n + 1; }
    bool present(int n) const { return lua_type(L_, n + 1) > LUA_TNIL; }  // not none and not nil

    std::string string(int n, const char* name) const;
    int64_t id(int n, const char* name) const;
    // a table argument (stack index), or an error
    int table(int n, const char* name) const;
    // a function argument (stack index), or an error
    int function(int n, const char* name) const;

    // The database behind `self`, locked for the lifetime of the returned guard.
    class Locked {
    public:
        explicit Locked(DatabaseHandle& handle);
        Database& db() { return *db_; }
        Database* operator->() { return db_; }

    private:
        HandleLock lock_;
        Database* db_;
    };
    Locked lock() const { return Locked(*handle_); }
    const std::shared_ptr<DatabaseHandle>& handle() const { return *handle_ptr_; }

    [[noreturn]] void fail(int n, const char* name, const std::string& what) const;
    [[noreturn]] void fail_type(int n, const char* name, const char* expected) const;

private:
    lua_State* L_;
    const char* method_;
    DatabaseHandle* handle_ = nullptr;
    const std::shared_ptr<DatabaseHandle>* handle_ptr_ = nullptr;
};

// ---- db methods made from one Database member ----

// Argument readers for method<>: each reads argument n (Call's readers) and names it in errors.
struct CollectionArg {
    static std::string read(const Call& c, int n) { return c.string(n, "collection"); }
};
struct AttributeArg {
    static std::string read(const Call& c, int n) { return c.string(n, "attribute"); }
};
struct GroupArg {
    static std::string read(const Call& c, int n) { return c.string(n, "group"); }
};
struct IdArg {
    static int64_t read(const Call& c, int n) { return c.id(n, "id"); }
};
struct VersionArg {
    static int64_t read(const Call& c, int n) { return c.id(n, "version"); }
};

template <auto member, auto push, class... Args, size_t... I>
auto call_member(const Call& c, std::index_sequence<I...>) {
    // a braced list is evaluated left to right: argument 1 is checked first
    std::tuple<decltype(Args::read(c, 1))...> args{Args::read(c, static_cast<int>(I) + 1)...};
    auto db = c.lock();
    auto call = [&](auto&... a) { return (db.db().*member)(a...); };
    if constexpr (std::is_void_v<decltype(std::apply(call, args))>) {
        std::apply(call, args);
        return no_results();
    } else {
        return pushing(std::apply(call, args), push);
    }
}

// db:<name>(arguments) -> the result of Database member `member` called with the arguments
// read by `Args` (argument 1 first), pushed as one value by `push`; a member returning void
// returns nothing (`push` nullptr). `name` is a static string naming the method in errors.
template <const char* name, auto member, auto push, class... Args>
int method(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, name);
        return call_member<member, push, Args...>(c, std::index_sequence_for<Args...>{});
    });
}

// Defines the lua_CFunction `name` for db:name(...), made from Database::name by method<>.
#define QUIVER_LUA_METHOD(name, push, ...) \
    constexpr char name##_name[] = #name;  \
    constexpr lua_CFunction name = method<name##_name, &Database::name, push __VA_OPT__(, ) __VA_ARGS__>;

// ---- readers of Lua values (never raise a Lua error) ----

// The Lua type name of the value at `index` ("nil", "boolean", "integer", "float", ...).
std::string type_name(lua_State* L, int index);
// A string value (no number conversion); nullopt when the value is not a string.
std::optional<std::string> to_string(lua_State* L, int index);
// Names (collections, attributes, columns, SQL, paths) reach C strings, where a NUL byte
// would cut them short (and the error message with them): such a name is refused.
inline bool has_nul(const std::string& s) {
    return s.find('\0') != std::string::npos;
}
// `s` with its NUL bytes written as \0, for messages.
std::string shown(const std::string& s);
// Throws Error("<label()> '<name>' contains a NUL character") for a name holding a NUL byte;
// `label` (e.g. "create_element: attribute name") is built only then.
template <class Label>
void refuse_nul(const std::string& name, Label&& label) {
    if (has_nul(name))
        throw Error(label() + " '" + shown(name) + "' contains a NUL character");
}
// `read()`, its Error prefixed with "<what()>: "; `what` is called only on failure (no cost on
// the fast path).
template <class Read, class What>
auto prefixed(Read&& read, What&& what) {
    try {
        return read();
    } catch (const Error& e) {
        throw Error(what() + ": " + e.what());
    }
}

// One list (table with keys 1..n) as a typed array: integers (all integers), floats (numbers,
// at least one float), strings (all strings); empty table -> empty integer array.
// Throws Error(<what()>: <why>).
ArrayValue to_array_impl(lua_State* L, int index);
template <class What>
ArrayValue to_array(lua_State* L, int index, What&& what) {
    return prefixed([&] { return to_array_impl(L, index); }, what);
}

// The length n of a list whose keys are all integers in 1..n (nil holes allowed); any other
// key is an error ("expected a list ..."), so no entry is silently ignored.
lua_Unsigned list_length_impl(lua_State* L, int index);
template <class What>
lua_Unsigned list_length(lua_State* L, int index, What&& what) {
    return prefixed([&] { return list_length_impl(L, index); }, what);
}

// A scalar cell: integer, float or string (nil -> Null when `allow_nil`); nullopt otherwise.
std::optional<Value> try_value(lua_State* L, int index, bool allow_nil);
[[noreturn]] void fail_value(lua_State* L, int index, const std::string& what, bool allow_nil);
template <class What>
Value to_value(lua_State* L, int index, What&& what, bool allow_nil) {
    auto v = try_value(L, index, allow_nil);
    if (!v)
        fail_value(L, index, what(), allow_nil);
    return std::move(*v);
}
// Makes sure `extra` more stack slots are available.
void need_stack(lua_State* L, int extra);

// ---- pushers' helpers (run inside the protected pusher) ----
void push_boolean(lua_State* L, bool value);
void push_integer(lua_State* L, int64_t value);
void push_string(lua_State* L, const std::string& value);
// nullopt -> nil
template <class T>
void push_optional(lua_State* L, const std::optional<T>& value) {
    if (value) {
        push_value(L, Value(*value));
    } else {
        lua_pushnil(L);
    }
}
void push_strings(lua_State* L, const std::vector<std::string>& values);
void push_integers(lua_State* L, const std::vector<int64_t>& values);
void push_floats(lua_State* L, const std::vector<double>& values);
// A list of cells: a NULL cell leaves a hole (nil) at its position.
void push_cells(lua_State* L, const std::vector<Value>& values);

}  // namespace quiver::lua
