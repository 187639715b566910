// db methods that read: bulk and by-id reads, metadata, time series groups and files
// (docs/reference/lua.md 3.6, 3.7.3-3.7.7). Results are built by pushers behind the barrier (lua/bridge.hpp).

#include "quiver/database/bulk.hpp"
#include "quiver/lua/bridge.hpp"
#include "quiver/lua/db.hpp"

namespace quiver::lua {

namespace {

// ---- bulk and single-attribute by-id reads ----
// Each is one Database member and one pusher (QUIVER_LUA_METHOD, lua/bridge.hpp), so a reader is
// a line. The by-id readers are not in 0.5.0's Lua API (as in Python).

// a list whose items are pushed by `push`
template <class T, void (*push)(lua_State*, const T&)>
void push_each(lua_State* L, const std::vector<T>& list) {
    lua_createtable(L, static_cast<int>(list.size()), 0);
    lua_Integer i = 0;
    for (const T& item : list) {
        push(L, item);
        lua_rawseti(L, -2, ++i);
    }
}

constexpr auto push_nested_integers = push_each<std::vector<int64_t>, push_integers>;
constexpr auto push_nested_floats = push_each<std::vector<double>, push_floats>;
constexpr auto push_nested_strings = push_each<std::vector<std::string>, push_strings>;

QUIVER_LUA_METHOD(read_scalar_integers, push_integers, CollectionArg, AttributeArg)
QUIVER_LUA_METHOD(read_scalar_floats, push_floats, CollectionArg, AttributeArg)
QUIVER_LUA_METHOD(read_scalar_strings, push_strings, CollectionArg, AttributeArg)
QUIVER_LUA_METHOD(read_vector_integers, push_nested_integers, CollectionArg, AttributeArg)
QUIVER_LUA_METHOD(read_vector_floats, push_nested_floats, CollectionArg, AttributeArg)
QUIVER_LUA_METHOD(read_vector_strings, push_nested_strings, CollectionArg, AttributeArg)
QUIVER_LUA_METHOD(read_set_integers, push_nested_integers, CollectionArg, AttributeArg)
QUIVER_LUA_METHOD(read_set_floats, push_nested_floats, CollectionArg, AttributeArg)
QUIVER_LUA_METHOD(read_set_strings, push_nested_strings, CollectionArg, AttributeArg)
QUIVER_LUA_METHOD(read_scalar_integer_by_id, push_optional<int64_t>, CollectionArg, AttributeArg, IdArg)
QUIVER_LUA_METHOD(read_scalar_float_by_id, push_optional<double>, CollectionArg, AttributeArg, IdArg)
QUIVER_LUA_METHOD(read_scalar_string_by_id, push_optional<std::string>, CollectionArg, AttributeArg, IdArg)
QUIVER_LUA_METHOD(read_vector_integers_by_id, push_integers, CollectionArg, AttributeArg, IdArg)
QUIVER_LUA_METHOD(read_vector_floats_by_id, push_floats, CollectionArg, AttributeArg, IdArg)
QUIVER_LUA_METHOD(read_vector_strings_by_id, push_strings, CollectionArg, AttributeArg, IdArg)
QUIVER_LUA_METHOD(read_set_integers_by_id, push_integers, CollectionArg, AttributeArg, IdArg)
QUIVER_LUA_METHOD(read_set_floats_by_id, push_floats, CollectionArg, AttributeArg, IdArg)
QUIVER_LUA_METHOD(read_set_strings_by_id, push_strings, CollectionArg, AttributeArg, IdArg)
QUIVER_LUA_METHOD(read_element_ids, push_integers, CollectionArg)
QUIVER_LUA_METHOD(number_of_elements, push_integer, CollectionArg)

// ---- composite by-id reads ----

// { column = value } without NULL columns
void push_scalars(lua_State* L, const std::vector<std::pair<ScalarMetadata, Value>>& scalars) {
    lua_createtable(L, 0, static_cast<int>(scalars.size()));
    for (const auto& [meta, value] : scalars) {
        if (is_null(value))
            continue;
        push_value(L, value);
        lua_setfield(L, -2, meta.name.c_str());
    }
}

// { column = {values...} } into the table on top
void set_group_columns(lua_State* L, const std::vector<GroupColumn>& columns) {
    for (const GroupColumn& col : columns) {
        push_cells(L, col.values);
        lua_setfield(L, -2, col.name.c_str());
    }
}

// { column = {values...} } of every group
void push_group_table(lua_State* L, const std::vector<GroupColumn>& columns) {
    lua_createtable(L, 0, static_cast<int>(columns.size()));
    set_group_columns(L, columns);
}

QUIVER_LUA_METHOD(read_scalars_by_id, push_scalars, CollectionArg, IdArg)
QUIVER_LUA_METHOD(read_vectors_by_id, push_group_table, CollectionArg, IdArg)
QUIVER_LUA_METHOD(read_sets_by_id, push_group_table, CollectionArg, IdArg)

int read_element_by_id(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "read_element_by_id");
        std::string collection = c.string(1, "collection");
        int64_t id = c.id(2, "id");
        auto db = c.lock();
        auto scalars = db->read_scalars_by_id(collection, id);
        auto vectors = db->read_vectors_by_id(collection, id);
        auto sets = db->read_sets_by_id(collection, id);
        return [s = std::move(scalars), v = std::move(vectors), t = std::move(sets)](lua_State* L) {
            push_scalars(L, s);
            set_group_columns(L, v);
            set_group_columns(L, t);
            return 1;
        };
    });
}

// rows of a group read column-wise: { {col = v, ...}, ... } (NULL cells absent); vector rows
// also carry their 1-based `vector_index` (the stored value, and the row's position in the list)
void push_rows(lua_State* L, const std::vector<GroupColumn>& columns, bool with_vector_index) {
    size_t rows = columns.empty() ? 0 : columns.front().values.size();
    lua_createtable(L, static_cast<int>(rows), 0);
    for (size_t r = 0; r < rows; ++r) {
        lua_createtable(L, 0, static_cast<int>(columns.size()) + (with_vector_index ? 1 : 0));
        if (with_vector_index) {
            lua_pushinteger(L, static_cast<lua_Integer>(r) + 1);
            lua_setfield(L, -2, "vector_index");
        }
        for (const GroupColumn& col : columns) {
            const Value& v = col.values[r];
            if (is_null(v))
                continue;
            push_value(L, v);
            lua_setfield(L, -2, col.name.c_str());
        }
        lua_rawseti(L, -2, static_cast<lua_Integer>(r) + 1);
    }
}

void push_vector_rows(lua_State* L, const std::vector<GroupColumn>& columns) {
    push_rows(L, columns, true);
}
void push_plain_rows(lua_State* L, const std::vector<GroupColumn>& columns) {
    push_rows(L, columns, false);
}

QUIVER_LUA_METHOD(read_vector_group_by_id, push_vector_rows, CollectionArg, GroupArg, IdArg)
QUIVER_LUA_METHOD(read_set_group_by_id, push_plain_rows, CollectionArg, GroupArg, IdArg)
QUIVER_LUA_METHOD(read_time_series_group, push_plain_rows, CollectionArg, GroupArg, IdArg)

// later upstream: one element's values at a dimension value, { column = value } (NULL absent)
struct DimensionArg {
    static std::string read(const Call& c, int n) { return c.string(n, "dimension"); }
};
void push_row(lua_State* L, const std::vector<GroupColumn>& columns) {
    lua_createtable(L, 0, static_cast<int>(columns.size()));
    for (const GroupColumn& col : columns) {
        if (col.values.empty() || is_null(col.values.front()))
            continue;
        push_value(L, col.values.front());
        lua_setfield(L, -2, col.name.c_str());
    }
}
QUIVER_LUA_METHOD(read_time_series_row, push_row, CollectionArg, GroupArg, IdArg, DimensionArg)

// ---- metadata (docs/reference/lua.md 3.7.5) ----

const char* data_type_text(DataType t) {
    switch (t) {
        case DataType::Integer: return "integer";
        case DataType::Real: return "real";
        case DataType::Text: return "text";
        case DataType::DateTime: return "date_time";
    }
    return "text";
}

void push_scalar_metadata(lua_State* L, const ScalarMetadata& m) {
    lua_createtable(L, 0, 8);
    lua_pushlstring(L, m.name.data(), m.name.size());
    lua_setfield(L, -2, "name");
    lua_pushstring(L, data_type_text(m.data_type));
    lua_setfield(L, -2, "data_type");
    lua_pushboolean(L, m.not_null);
    lua_setfield(L, -2, "not_null");
    lua_pushboolean(L, m.primary_key);
    lua_setfield(L, -2, "primary_key");
    if (m.default_value) {
        lua_pushlstring(L, m.default_value->data(), m.default_value->size());
        lua_setfield(L, -2, "default_value");
    }
    // later upstream: foreign-key information
    lua_pushboolean(L, m.is_foreign_key);
    lua_setfield(L, -2, "is_foreign_key");
    if (m.references_collection) {
        lua_pushlstring(L, m.references_collection->data(), m.references_collection->size());
        lua_setfield(L, -2, "references_collection");
    }
    if (m.references_column) {
        lua_pushlstring(L, m.references_column->data(), m.references_column->size());
        lua_setfield(L, -2, "references_column");
    }
}

void push_group_metadata(lua_State* L, const GroupMetadata& g, bool with_dimension) {
    lua_createtable(L, 0, 3);
    lua_pushlstring(L, g.group_name.data(), g.group_name.size());
    lua_setfield(L, -2, "group_name");
    if (with_dimension) {
        lua_pushlstring(L, g.dimension_column.data(), g.dimension_column.size());
        lua_setfield(L, -2, "dimension_column");
    }
    lua_createtable(L, static_cast<int>(g.value_columns.size()), 0);
    lua_Integer i = 0;
    for (const ScalarMetadata& m : g.value_columns) {
        push_scalar_metadata(L, m);
        lua_rawseti(L, -2, ++i);
    }
    lua_setfield(L, -2, "value_columns");
}

void push_vector_metadata(lua_State* L, const GroupMetadata& g) {
    push_group_metadata(L, g, false);
}
void push_time_series_metadata(lua_State* L, const GroupMetadata& g) {
    push_group_metadata(L, g, true);
}

QUIVER_LUA_METHOD(get_scalar_metadata, push_scalar_metadata, CollectionArg, AttributeArg)
QUIVER_LUA_METHOD(get_vector_metadata, push_vector_metadata, CollectionArg, GroupArg)
QUIVER_LUA_METHOD(get_set_metadata, push_vector_metadata, CollectionArg, GroupArg)
QUIVER_LUA_METHOD(get_time_series_metadata, push_time_series_metadata, CollectionArg, GroupArg)
QUIVER_LUA_METHOD(list_scalar_attributes, (push_each<ScalarMetadata, push_scalar_metadata>), CollectionArg)
QUIVER_LUA_METHOD(list_vector_groups, (push_each<GroupMetadata, push_vector_metadata>), CollectionArg)
QUIVER_LUA_METHOD(list_set_groups, (push_each<GroupMetadata, push_vector_metadata>), CollectionArg)
QUIVER_LUA_METHOD(list_time_series_groups, (push_each<GroupMetadata, push_time_series_metadata>), CollectionArg)

// ---- time series files (docs/reference/lua.md 3.7.7) ----

// { column = path } without the columns that have no path
void push_paths(lua_State* L, const std::vector<std::pair<std::string, std::optional<std::string>>>& paths) {
    lua_createtable(L, 0, static_cast<int>(paths.size()));
    for (const auto& [column, path] : paths) {
        if (!path)
            continue;
        lua_pushlstring(L, path->data(), path->size());
        lua_setfield(L, -2, column.c_str());
    }
}

QUIVER_LUA_METHOD(has_time_series_files, push_boolean, CollectionArg)
QUIVER_LUA_METHOD(list_time_series_files_columns, push_strings, CollectionArg)
QUIVER_LUA_METHOD(list_time_series_files_columns_declared, push_strings, CollectionArg)
QUIVER_LUA_METHOD(read_time_series_files, push_paths, CollectionArg)

}  // namespace

namespace {

// db:read_columns(collection [, {attributes...}]) -> { id = {...}, <attribute> = {...}, ... }:
// one table per attribute (every scalar attribute when the list is omitted) and the ids, in one
// scan; row i of every table is the same element, a NULL cell is a nil hole.
int read_columns(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "read_columns");
        std::string collection = c.string(1, "collection");
        std::vector<std::string> attributes;
        if (c.present(2)) {
            int t = c.table(2, "attributes");
            lua_Unsigned n = list_length(L, t, [] { return std::string("read_columns: attributes"); });
            for (lua_Unsigned i = 1; i <= n; ++i) {
                lua_rawgeti(L, t, static_cast<lua_Integer>(i));
                auto name = lua_type(L, -1) == LUA_TSTRING ? to_string(L, -1) : std::nullopt;
                if (!name)
                    throw Error("read_columns: attribute " + std::to_string(i) + " must be a string");
                attributes.push_back(*name);
                lua_pop(L, 1);
            }
        }
        auto columns = bulk::read_columns(c.lock().db(), collection, attributes);
        return [cols = std::move(columns)](lua_State* L) {
            lua_createtable(L, 0, static_cast<int>(cols.names.size()));
            for (size_t i = 0; i < cols.names.size(); ++i) {
                push_cells(L, cols.values[i]);
                lua_setfield(L, -2, cols.names[i].c_str());
            }
            return 1;
        };
    });
}

}  // namespace

const luaL_Reg kReadMethods[] = {
    {"read_columns", read_columns},
    {"read_scalar_integers", read_scalar_integers},
    {"read_scalar_floats", read_scalar_floats},
    {"read_scalar_strings", read_scalar_strings},
    {"read_vector_integers", read_vector_integers},
    {"read_vector_floats", read_vector_floats},
    {"read_vector_strings", read_vector_strings},
    {"read_set_integers", read_set_integers},
    {"read_set_floats", read_set_floats},
    {"read_set_strings", read_set_strings},
    {"read_element_ids", read_element_ids},
    {"number_of_elements", number_of_elements},
    {"read_scalar_integer_by_id", read_scalar_integer_by_id},
    {"read_scalar_float_by_id", read_scalar_float_by_id},
    {"read_scalar_string_by_id", read_scalar_string_by_id},
    {"read_vector_integers_by_id", read_vector_integers_by_id},
    {"read_vector_floats_by_id", read_vector_floats_by_id},
    {"read_vector_strings_by_id", read_vector_strings_by_id},
    {"read_set_integers_by_id", read_set_integers_by_id},
    {"read_set_floats_by_id", read_set_floats_by_id},
    {"read_set_strings_by_id", read_set_strings_by_id},
    {"read_scalars_by_id", read_scalars_by_id},
    {"read_vectors_by_id", read_vectors_by_id},
    {"read_sets_by_id", read_sets_by_id},
    {"read_element_by_id", read_element_by_id},
    {"read_vector_group_by_id", read_vector_group_by_id},
    {"read_set_group_by_id", read_set_group_by_id},
    {"read_time_series_group", read_time_series_group},
    {"read_time_series_row", read_time_series_row},
    {"get_scalar_metadata", get_scalar_metadata},
    {"get_vector_metadata", get_vector_metadata},
    {"get_set_metadata", get_set_metadata},
    {"get_time_series_metadata", get_time_series_metadata},
    {"list_scalar_attributes", list_scalar_attributes},
    {"list_vector_groups", list_vector_groups},
    {"list_set_groups", list_set_groups},
    {"list_time_series_groups", list_time_series_groups},
    {"has_time_series_files", has_time_series_files},
    {"list_time_series_files_columns", list_time_series_files_columns},
    {"list_time_series_files_columns_declared", list_time_series_files_columns_declared},
    {"read_time_series_files", read_time_series_files},
    {nullptr, nullptr},
};

}  // namespace quiver::lua
