// Argument readers and result pushers of the Lua barrier (lua/bridge.hpp).
#include "quiver/lua/bridge.hpp"

#include <cmath>
#include <cstdio>

namespace quiver::lua {

const char kDatabaseMetatableKey = 0;

int push_error_text(lua_State* L) {
    const auto* text = static_cast<const std::string*>(lua_touserdata(L, 1));
    lua_pushlstring(L, text->data(), text->size());
    return 1;
}

void need_stack(lua_State* L, int extra) {
    if (!lua_checkstack(L, extra))
        throw Error("Lua stack overflow");
}

std::string type_name(lua_State* L, int index) {
    int t = lua_type(L, index);
    if (t == LUA_TNUMBER)
        return lua_isinteger(L, index) ? "integer" : "float";
    if (t == LUA_TNONE)
        return "no value";
    return lua_typename(L, t);
}

std::optional<std::string> to_string(lua_State* L, int index) {
    if (lua_type(L, index) != LUA_TSTRING)
        return std::nullopt;
    size_t len = 0;
    const char* s = lua_tolstring(L, index, &len);  // a string already: no conversion, no allocation
    return std::string(s, len);
}

std::string shown(const std::string& s) {
    std::string out;
    out.reserve(s.size() + 2);
    for (char ch : s) {
        if (ch == '\0') {
            out += "\\0";
        } else {
            out += ch;
        }
    }
    return out;
}

// ---- Call ----

Call::Call(lua_State* L, const char* method) : L_(L), method_(method) {
    bool is_db = false;
    if (lua_type(L, 1) == LUA_TUSERDATA && lua_getmetatable(L, 1)) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, &kDatabaseMetatableKey);
        is_db = lua_rawequal(L, -1, -2);
        lua_pop(L, 2);
    }
    if (!is_db) {
        throw Error(std::string(method) + ": expected the database as self (call it as db:" + method +
                    "(...), not db." + method + "(...)), got " + type_name(L, 1));
    }
    handle_ptr_ = static_cast<const std::shared_ptr<DatabaseHandle>*>(lua_touserdata(L, 1));
    handle_ = handle_ptr_->get();
    if (!handle_)
        throw Error("Database is closed");
}

Call::Locked::Locked(DatabaseHandle& handle) : lock_(handle), db_(&lock_.db()) {}

void Call::fail(int n, const char* name, const std::string& what) const {
    throw Error(std::string(method_) + ": argument #" + std::to_string(n) + " '" + name + "' " + what);
}

void Call::fail_type(int n, const char* name, const char* expected) const {
    fail(n, name, std::string("must be ") + expected + ", got " + type_name(L_, index(n)));
}

std::string Call::string(int n, const char* name) const {
    auto s = to_string(L_, index(n));
    if (!s)
        fail_type(n, name, "a string");
    if (has_nul(*s))
        fail(n, name, "contains a NUL character ('" + shown(*s) + "')");
    return std::move(*s);
}

int64_t Call::id(int n, const char* name) const {
    int i = index(n);
    if (lua_type(L_, i) == LUA_TNUMBER) {
        int is_int = 0;
        lua_Integer v = lua_tointegerx(L_, i, &is_int);  // integral floats convert exactly
        if (is_int)
            return v;
        double d = static_cast<double>(lua_tonumber(L_, i));
        char text[64];
        std::snprintf(text, sizeof text, "%.14g", d);  // as Lua prints it
        if (std::floor(d) == d) {                      // whole (or infinite) but not a 64-bit integer
            fail(n, name,
                 std::string("must be an integer id, got the number ") + text + ", outside the 64-bit integer range");
        }
        fail(n, name, std::string("must be an integer id, got the non-integral number ") + text);
    }
    fail_type(n, name, "an integer id");
}

int Call::table(int n, const char* name) const {
    if (lua_type(L_, index(n)) != LUA_TTABLE)
        fail_type(n, name, "a table");
    return index(n);
}

int Call::function(int n, const char* name) const {
    if (lua_type(L_, index(n)) != LUA_TFUNCTION)
        fail_type(n, name, "a function");
    return index(n);
}

// ---- values ----

std::optional<Value> try_value(lua_State* L, int index, bool allow_nil) {
    switch (lua_type(L, index)) {
        case LUA_TNUMBER:
            if (lua_isinteger(L, index))
                return Value(static_cast<int64_t>(lua_tointeger(L, index)));
            return Value(static_cast<double>(lua_tonumber(L, index)));
        case LUA_TSTRING: return Value(*to_string(L, index));
        case LUA_TNIL:
            if (allow_nil)
                return Value(Null{});
            break;
        default: break;
    }
    return std::nullopt;
}

void fail_value(lua_State* L, int index, const std::string& what, bool allow_nil) {
    throw Error(what + ": expected an integer, float or string" + (allow_nil ? " (or nil)" : "") + ", got " +
                type_name(L, index));
}

lua_Unsigned list_length_impl(lua_State* L, int index) {
    index = lua_absindex(L, index);
    need_stack(L, 3);
    lua_Unsigned n = lua_rawlen(L, index);
    lua_pushnil(L);
    while (lua_next(L, index) != 0) {
        int is_int = 0;
        lua_Integer k = lua_type(L, -2) == LUA_TNUMBER ? lua_tointegerx(L, -2, &is_int) : 0;
        if (!is_int || k < 1 || static_cast<lua_Unsigned>(k) > n) {
            std::string key = lua_type(L, -2) == LUA_TSTRING ? "'" + *to_string(L, -2) + "'"
                              : is_int                       ? std::to_string(k)
                                                             : "of type " + type_name(L, -2);
            lua_pop(L, 2);
            throw Error("expected a list (a table with keys 1.." + std::to_string(n) + "), got the key " + key);
        }
        lua_pop(L, 1);
    }
    return n;
}

namespace {
// Items 1..n of the list at `index`, each read from the top of the stack by `item(L)`.
template <class T, class Item>
std::vector<T> list_items(lua_State* L, int index, lua_Unsigned n, Item item) {
    std::vector<T> out(n);
    for (lua_Unsigned i = 1; i <= n; ++i) {
        lua_rawgeti(L, index, static_cast<lua_Integer>(i));
        out[i - 1] = item(L);
        lua_pop(L, 1);
    }
    return out;
}
}  // namespace

ArrayValue to_array_impl(lua_State* L, int index) {
    index = lua_absindex(L, index);
    need_stack(L, 3);
    lua_Unsigned n = lua_rawlen(L, index);
    // only the keys 1..n: a table with other keys is not a list
    size_t entries = 0;
    lua_pushnil(L);
    while (lua_next(L, index) != 0) {
        ++entries;
        lua_pop(L, 1);
    }
    if (entries != n) {
        throw Error("expected a list (a table with keys 1.." + std::to_string(n) + "), got a table with " +
                    std::to_string(entries) + " entries");
    }
    if (n == 0)
        return ArrayValue(std::vector<int64_t>{});
    // the element kinds: all integers, all numbers (some floats), or all strings
    bool all_int = true, all_num = true, all_str = true;
    for (lua_Unsigned i = 1; i <= n; ++i) {
        int t = lua_rawgeti(L, index, static_cast<lua_Integer>(i));
        if (t == LUA_TNUMBER) {
            all_str = false;
            if (!lua_isinteger(L, -1))
                all_int = false;
        } else if (t == LUA_TSTRING) {
            all_int = all_num = false;
        } else {
            std::string got = type_name(L, -1);
            lua_pop(L, 1);
            throw Error("item " + std::to_string(i) + " must be a number or a string, got " + got);
        }
        lua_pop(L, 1);
        if (!all_num && !all_str) {
            throw Error("a list must hold only numbers or only strings (item " + std::to_string(i) +
                        " differs from item 1)");
        }
    }
    if (all_int)
        return ArrayValue(list_items<int64_t>(L, index, n, [](lua_State* L) { return lua_tointeger(L, -1); }));
    if (all_num)
        return ArrayValue(list_items<double>(L, index, n, [](lua_State* L) { return lua_tonumber(L, -1); }));
    return ArrayValue(list_items<std::string>(L, index, n, [](lua_State* L) {
        size_t len = 0;
        const char* s = lua_tolstring(L, -1, &len);
        return std::string(s, len);
    }));
}

// ---- pushers ----

void push_value(lua_State* L, const Value& v) {
    switch (kind_of(v)) {
        case ValueKind::Integer: lua_pushinteger(L, std::get<int64_t>(v)); break;
        case ValueKind::Real: lua_pushnumber(L, std::get<double>(v)); break;
        case ValueKind::Text: {
            const std::string& s = std::get<std::string>(v);
            lua_pushlstring(L, s.data(), s.size());
            break;
        }
        case ValueKind::Null: lua_pushnil(L); break;
    }
}

void push_boolean(lua_State* L, bool value) {
    lua_pushboolean(L, value);
}
void push_integer(lua_State* L, int64_t value) {
    lua_pushinteger(L, value);
}
void push_string(lua_State* L, const std::string& value) {
    lua_pushlstring(L, value.data(), value.size());
}

namespace {
template <class T, class Push>
void push_list(lua_State* L, const std::vector<T>& values, Push push) {
    lua_createtable(L, static_cast<int>(values.size()), 0);
    lua_Integer i = 0;
    for (const T& v : values) {
        push(L, v);
        lua_rawseti(L, -2, ++i);
    }
}
}  // namespace

void push_integers(lua_State* L, const std::vector<int64_t>& values) {
    push_list(L, values, push_integer);
}

void push_floats(lua_State* L, const std::vector<double>& values) {
    push_list(L, values, [](lua_State* L, double v) { lua_pushnumber(L, v); });
}

void push_strings(lua_State* L, const std::vector<std::string>& values) {
    push_list(L, values, push_string);
}

void push_cells(lua_State* L, const std::vector<Value>& values) {
    lua_createtable(L, static_cast<int>(values.size()), 0);
    lua_Integer i = 0;
    for (const Value& v : values) {
        ++i;
        if (is_null(v))
            continue;
        push_value(L, v);
        lua_rawseti(L, -2, i);
    }
}

}  // namespace quiver::lua
