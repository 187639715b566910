// db methods that write: create / update / delete elements, the whole-group writers, time
// series groups and files (docs/reference/lua.md 3.5, 3.7.2, 3.7.6, 3.7.7).
//
// Beyond upstream (docs/compatibility.md): a value Lua cannot store (boolean, function, a
// table that is not a list, a list mixing strings and numbers) is an error naming the
// attribute instead of being dropped silently; an empty table is an empty list; an integer
// for a REAL column is stored as a float.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "quiver/database/bulk.hpp"
#include "quiver/lua/bridge.hpp"
#include "quiver/lua/db.hpp"

namespace quiver::lua {

namespace {

// The attribute table of create_element / update_element (argument n).
Element read_element_at(const Call& c, int t);

Element read_element(const Call& c, int n) {
    return read_element_at(c, c.table(n, "attributes"));
}

// The attribute table at stack index t.
Element read_element_at(const Call& c, int t) {
    lua_State* L = c.L();
    need_stack(L, 4);
    Element element;
    auto prefix = [&] { return std::string(c.method()) + ": "; };
    lua_pushnil(L);
    while (lua_next(L, t) != 0) {
        auto name = to_string(L, -2);
        if (!name) {
            throw Error(prefix() + "attribute names must be strings, got a key of type " + type_name(L, -2));
        }
        refuse_nul(*name, [&] { return prefix() + "attribute name"; });
        switch (lua_type(L, -1)) {
            case LUA_TNUMBER:
            case LUA_TSTRING:
                element.set_scalar(*name,
                                   to_value(L, -1, [&] { return prefix() + "attribute '" + *name + "'"; }, false));
                break;
            case LUA_TTABLE:
                element.set_array(*name, to_array(L, -1, [&] { return prefix() + "attribute '" + *name + "'"; }));
                break;
            default:
                throw Error(prefix() + "attribute '" + *name + "' must be a number, a string or a list, got " +
                            type_name(L, -1));
        }
        lua_pop(L, 1);
    }
    return element;
}

int create_element(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "create_element");
        std::string collection = c.string(1, "collection");
        Element element = read_element(c, 2);
        int64_t id = c.lock()->create_element(collection, element, /*widen_integers=*/true);
        return pushing(id, push_integer);
    });
}

// db:create_elements(collection, { {attributes}, ... }) -> { ids } in one transaction
// (bulk::create_elements: all or nothing, the failing element named 0-based).
int create_elements(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "create_elements");
        std::string collection = c.string(1, "collection");
        int rows = c.table(2, "rows");
        need_stack(L, 4);
        lua_Unsigned n = list_length(L, rows, [] { return std::string("create_elements: rows"); });
        std::vector<Element> elements;
        elements.reserve(n);
        for (lua_Unsigned r = 1; r <= n; ++r) {
            lua_rawgeti(L, rows, static_cast<lua_Integer>(r));
            if (lua_type(L, -1) != LUA_TTABLE) {
                throw Error("create_elements: row " + std::to_string(r) + " must be a table of attributes, got " +
                            type_name(L, -1));
            }
            elements.push_back(read_element_at(c, lua_absindex(L, -1)));
            lua_pop(L, 1);
        }
        auto ids = bulk::create_elements(c.lock().db(), collection, elements, /*widen_integers=*/true);
        return [ids = std::move(ids)](lua_State* L) {
            push_integers(L, ids);
            return 1;
        };
    });
}

int update_element(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "update_element");
        std::string collection = c.string(1, "collection");
        int64_t id = c.id(2, "id");
        Element element = read_element(c, 3);
        c.lock()->update_element(collection, id, element, /*widen_integers=*/true);
        return no_results();
    });
}

QUIVER_LUA_METHOD(delete_element, nullptr, CollectionArg, IdArg)

// ---- whole-group writers: { column = {values...}, ... } ----

// The type a list of cells gives its column: its first cell's (none for NULL)
std::optional<DataType> type_of(const Value& v) {
    switch (kind_of(v)) {
        case ValueKind::Integer: return DataType::Integer;
        case ValueKind::Real: return DataType::Real;
        case ValueKind::Text: return DataType::Text;
        case ValueKind::Null: break;
    }
    return std::nullopt;
}

struct ColumnsArg {
    static std::vector<GroupColumn> read(const Call& c, int n);
};

// Reads argument n, a table keyed by column name, into columns sorted by name (a deterministic
// order: Lua's table order is not); read_values(L, prefix, col) fills col.values and col.type
// from the value at the top of the stack, col.name being set.
template <class ReadValues>
std::vector<GroupColumn> read_named_columns(const Call& c, int n, const char* what, ReadValues&& read_values) {
    lua_State* L = c.L();
    int t = c.table(n, what);
    need_stack(L, 4);
    const std::string prefix = std::string(c.method()) + ": ";
    std::vector<GroupColumn> columns;
    lua_pushnil(L);
    while (lua_next(L, t) != 0) {
        auto name = to_string(L, -2);
        if (!name)
            throw Error(prefix + "column names must be strings, got a key of type " + type_name(L, -2));
        refuse_nul(*name, [&] { return prefix + "column name"; });
        GroupColumn col;
        col.name = *name;
        read_values(L, prefix, col);
        columns.push_back(std::move(col));
        lua_pop(L, 1);
    }
    std::sort(columns.begin(), columns.end(),
              [](const GroupColumn& a, const GroupColumn& b) { return a.name < b.name; });
    return columns;
}

std::vector<GroupColumn> ColumnsArg::read(const Call& c, int n) {
    return read_named_columns(c, n, "columns", [](lua_State* L, const std::string& prefix, GroupColumn& col) {
        const std::string& name = col.name;
        if (lua_type(L, -1) != LUA_TTABLE) {
            throw Error(prefix + "column '" + name + "' must be a list, got " + type_name(L, -1));
        }
        int list = lua_absindex(L, -1);
        lua_Unsigned rows = list_length(L, list, [&] { return prefix + "column '" + name + "'"; });
        col.values.reserve(rows);
        for (lua_Unsigned r = 1; r <= rows; ++r) {
            lua_rawgeti(L, list, static_cast<lua_Integer>(r));
            col.values.push_back(
                to_value(L, -1, [&] { return prefix + "column '" + name + "' item " + std::to_string(r); }, true));
            lua_pop(L, 1);
        }
        col.type = col.values.empty() ? DataType::Integer : type_of(col.values.front());
    });
}

QUIVER_LUA_METHOD(update_vector_group, nullptr, CollectionArg, GroupArg, IdArg, ColumnsArg)
QUIVER_LUA_METHOD(update_set_group, nullptr, CollectionArg, GroupArg, IdArg, ColumnsArg)

// later upstream: db:upsert_time_series_row(collection, group, id, {date_time = ..., col = v, ...})
struct RowArg {
    static std::vector<GroupColumn> read(const Call& c, int n);
};

std::vector<GroupColumn> RowArg::read(const Call& c, int n) {
    return read_named_columns(c, n, "row", [](lua_State* L, const std::string& prefix, GroupColumn& col) {
        col.values.push_back(to_value(L, -1, [&] { return prefix + "column '" + col.name + "'"; }, true));
        col.type = type_of(col.values.front());
    });
}

QUIVER_LUA_METHOD(upsert_time_series_row, nullptr, CollectionArg, GroupArg, IdArg, RowArg)

// ---- time series groups: rows { {date_time = ..., value = ...}, ... } (docs/reference/lua.md 3.7.6) ----

int update_time_series_group(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "update_time_series_group");
        std::string collection = c.string(1, "collection");
        std::string group = c.string(2, "group");
        int64_t id = c.id(3, "id");
        int rows_index = c.table(4, "rows");
        need_stack(L, 6);
        const std::string prefix = "Cannot update_time_series_group: ";
        auto db = c.lock();
        lua_Unsigned rows = list_length(L, rows_index, [] { return std::string("update_time_series_group: rows"); });
        if (rows == 0) {
            db->update_time_series_group(collection, group, id, {}, 0);
            return no_results();
        }
        GroupMetadata meta = db->get_time_series_metadata(collection, group);
        // every column named by any row (upstream took the first row's keys only and dropped the rest)
        std::vector<GroupColumn> columns;
        std::map<std::string, size_t> position;
        auto column_for = [&](const std::string& name) -> GroupColumn& {
            auto it = position.find(name);
            if (it != position.end())
                return columns[it->second];
            GroupColumn col;
            col.name = name;
            // no type: not a column of the group; the engine rejects it by name (not a type error here)
            col.type = std::nullopt;
            if (name == meta.dimension_column) {
                col.type = DataType::Text;
            } else {
                for (const ScalarMetadata& m : meta.value_columns) {
                    if (m.name == name)
                        col.type = m.data_type;
                }
            }
            col.values.assign(rows, Value(Null{}));
            position.emplace(name, columns.size());
            columns.push_back(std::move(col));
            return columns.back();
        };
        column_for(meta.dimension_column);
        for (lua_Unsigned r = 1; r <= rows; ++r) {
            const std::string where = "row " + std::to_string(r);
            if (lua_rawgeti(L, rows_index, static_cast<lua_Integer>(r)) != LUA_TTABLE) {
                throw Error(std::string("update_time_series_group: ") + where + " must be a table, got " +
                            type_name(L, -1));
            }
            int row = lua_absindex(L, -1);
            bool has_dimension = false;
            lua_pushnil(L);
            while (lua_next(L, row) != 0) {
                auto name = to_string(L, -2);
                if (!name) {
                    throw Error(std::string("update_time_series_group: ") + where +
                                ": column names must be strings, got a key of type " + type_name(L, -2));
                }
                refuse_nul(*name, [&] { return "update_time_series_group: " + where + ": column name"; });
                GroupColumn& col = column_for(*name);
                Value v = to_value(
                    L, -1,
                    [&] { return std::string("update_time_series_group: ") + where + " column '" + *name + "'"; },
                    false);
                // the column's type decides: integers widen for REAL, whole floats narrow for INTEGER
                const ValueKind kind = kind_of(v);
                if (col.type == DataType::Real && kind == ValueKind::Integer) {
                    v = Value(static_cast<double>(std::get<int64_t>(v)));
                }
                if (col.type == DataType::Integer && kind == ValueKind::Real) {
                    double d = std::get<double>(v);
                    int is_int = 0;
                    lua_Integer i = lua_tointegerx(L, -1, &is_int);
                    if (!is_int) {
                        char text[64];
                        std::snprintf(text, sizeof text, "%.14g", d);  // as Lua prints it
                        throw Error(prefix + where + " column '" + *name + "': expected INTEGER, got the float " +
                                    text);
                    }
                    v = Value(static_cast<int64_t>(i));
                }
                const bool textual = col.type == DataType::Text || col.type == DataType::DateTime;
                if (col.type && textual != (kind == ValueKind::Text)) {
                    throw Error(prefix + where + " column '" + *name + "': expected " +
                                data_type_name(textual ? DataType::Text : *col.type) + ", got " + type_name(L, -1));
                }
                if (*name == meta.dimension_column)
                    has_dimension = true;
                col.values[r - 1] = std::move(v);
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
            if (!has_dimension)
                throw Error(prefix + "row missing required '" + meta.dimension_column + "' column");
        }
        db->update_time_series_group(collection, group, id, columns, rows);
        return no_results();
    });
}

// ---- time series files: { column = "path", ... } ----

using Paths = std::vector<std::pair<std::string, std::optional<std::string>>>;

struct PathsArg {
    static Paths read(const Call& c, int n);
};

Paths PathsArg::read(const Call& c, int n) {
    lua_State* L = c.L();
    int t = c.table(n, "paths");
    need_stack(L, 4);
    Paths paths;
    lua_pushnil(L);
    while (lua_next(L, t) != 0) {
        auto column = to_string(L, -2);
        if (!column) {
            throw Error("update_time_series_files: column names must be strings, got a key of type " +
                        type_name(L, -2));
        }
        refuse_nul(*column, [] { return std::string("update_time_series_files: column name"); });
        auto path = to_string(L, -1);
        if (!path) {
            throw Error("update_time_series_files: the path of column '" + *column + "' must be a string, got " +
                        type_name(L, -1));
        }
        paths.emplace_back(std::move(*column), std::move(*path));
        lua_pop(L, 1);
    }
    std::sort(paths.begin(), paths.end());
    return paths;
}

QUIVER_LUA_METHOD(update_time_series_files, nullptr, CollectionArg, PathsArg)

}  // namespace

const luaL_Reg kWriteMethods[] = {
    {"create_element", create_element},
    {"create_elements", create_elements},
    {"update_element", update_element},
    {"delete_element", delete_element},
    {"update_vector_group", update_vector_group},
    {"update_set_group", update_set_group},
    {"update_time_series_group", update_time_series_group},
    {"upsert_time_series_row", upsert_time_series_row},
    {"update_time_series_files", update_time_series_files},
    {nullptr, nullptr},
};

}  // namespace quiver::lua
