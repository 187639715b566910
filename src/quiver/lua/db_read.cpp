// db methods that read: bulk and by-id reads, metadata, time series groups and files
// (docs/reference/lua.md 3.6, 3.7.3-3.7.7). Results are built by pushers behind the barrier (lua/bridge.hpp).
#include <map>
#include <type_traits>

#include "quiver/lua/bridge.hpp"
#include "quiver/lua/db.hpp"

namespace quiver::lua {

namespace {

// ---- bulk and single-attribute by-id reads ----
// Each is one Database member and one pusher; the wrappers below are instantiated from those, so
// a reader is a line. The by-id readers are not in 0.5.0's Lua API (as in Python).

template <class T>
void push_nested(lua_State* L, const std::vector<std::vector<T>>& values, void (*push)(lua_State*, const std::vector<T>&)) {
    lua_createtable(L, static_cast<int>(values.size()), 0);
    lua_Integer i = 0;
    for (const auto& inner : values) {
        push(L, inner);
        lua_rawseti(L, -2, ++i);
    }
}

void push_nested_integers(lua_State* L, const std::vector<std::vector<int64_t>>& v) { push_nested(L, v, push_integers); }
void push_nested_floats(lua_State* L, const std::vector<std::vector<double>>& v) { push_nested(L, v, push_floats); }
void push_nested_strings(lua_State* L, const std::vector<std::vector<std::string>>& v) {
    push_nested(L, v, push_strings);
}

// db:<method>(collection, attribute) -> list; `method` is a static string naming it in errors
template <const char* method, auto read, auto push>
int bulk_read(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, method);
        std::string collection = c.string(1, "collection");
        std::string attribute = c.string(2, "attribute");
        auto values = (c.lock().db().*read)(collection, attribute);
        return [v = std::move(values)](lua_State* L) {
            push(L, v);
            return 1;
        };
    });
}

// db:<method>(collection, attribute, id) -> the value or nil (scalar) / list (vector, set)
template <const char* method, auto read, auto push>
int read_by_id(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, method);
        std::string collection = c.string(1, "collection");
        std::string attribute = c.string(2, "attribute");
        int64_t id = c.id(3, "id");
        auto values = (c.lock().db().*read)(collection, attribute, id);
        if constexpr (std::is_same_v<decltype(push), std::nullptr_t>) {
            return one_value(opt_value(std::move(values)));
        } else {
            return [v = std::move(values)](lua_State* L) {
                push(L, v);
                return 1;
            };
        }
    });
}

#define QUIVER_LUA_READER(kind, name, push)          \
    constexpr char name##_name[] = #name;            \
    constexpr lua_CFunction name = kind<name##_name, &Database::name, push>;

QUIVER_LUA_READER(bulk_read, read_scalar_integers, push_integers)
QUIVER_LUA_READER(bulk_read, read_scalar_floats, push_floats)
QUIVER_LUA_READER(bulk_read, read_scalar_strings, push_strings)
QUIVER_LUA_READER(bulk_read, read_vector_integers, push_nested_integers)
QUIVER_LUA_READER(bulk_read, read_vector_floats, push_nested_floats)
QUIVER_LUA_READER(bulk_read, read_vector_strings, push_nested_strings)
QUIVER_LUA_READER(bulk_read, read_set_integers, push_nested_integers)
QUIVER_LUA_READER(bulk_read, read_set_floats, push_nested_floats)
QUIVER_LUA_READER(bulk_read, read_set_strings, push_nested_strings)
QUIVER_LUA_READER(read_by_id, read_scalar_integer_by_id, nullptr)
QUIVER_LUA_READER(read_by_id, read_scalar_float_by_id, nullptr)
QUIVER_LUA_READER(read_by_id, read_scalar_string_by_id, nullptr)
QUIVER_LUA_READER(read_by_id, read_vector_integers_by_id, push_integers)
QUIVER_LUA_READER(read_by_id, read_vector_floats_by_id, push_floats)
QUIVER_LUA_READER(read_by_id, read_vector_strings_by_id, push_strings)
QUIVER_LUA_READER(read_by_id, read_set_integers_by_id, push_integers)
QUIVER_LUA_READER(read_by_id, read_set_floats_by_id, push_floats)
QUIVER_LUA_READER(read_by_id, read_set_strings_by_id, push_strings)
#undef QUIVER_LUA_READER

int read_element_ids(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "read_element_ids");
        std::string collection = c.string(1, "collection");
        auto ids = c.lock()->read_element_ids(collection);
        return [v = std::move(ids)](lua_State* L) {
            push_integers(L, v);
            return 1;
        };
    });
}

int number_of_elements(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "number_of_elements");
        std::string collection = c.string(1, "collection");
        int64_t n = c.lock()->number_of_elements(collection);
        return [n](lua_State* L) {
            lua_pushinteger(L, n);
            return 1;
        };
    });
}

// ---- composite by-id reads ----

// { column = value } without NULL columns
void push_scalars(lua_State* L, const std::vector<std::pair<ScalarMetadata, Value>>& scalars) {
    lua_createtable(L, 0, static_cast<int>(scalars.size()));
    for (const auto& [meta, value] : scalars) {
        if (is_null(value)) continue;
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

int read_scalars_by_id(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "read_scalars_by_id");
        std::string collection = c.string(1, "collection");
        int64_t id = c.id(2, "id");
        auto scalars = c.lock()->read_scalars_by_id(collection, id);
        return [s = std::move(scalars)](lua_State* L) {
            push_scalars(L, s);
            return 1;
        };
    });
}

template <class Read>
int groups_by_id(lua_State* L, const char* method, Read read) {
    return guarded(L, [&] {
        Call c(L, method);
        std::string collection = c.string(1, "collection");
        int64_t id = c.id(2, "id");
        auto columns = read(c.lock().db(), collection, id);
        return [cols = std::move(columns)](lua_State* L) {
            lua_createtable(L, 0, static_cast<int>(cols.size()));
            set_group_columns(L, cols);
            return 1;
        };
    });
}

int read_vectors_by_id(lua_State* L) {
    return groups_by_id(L, "read_vectors_by_id",
                        [](Database& db, const std::string& c, int64_t id) { return db.read_vectors_by_id(c, id); });
}
int read_sets_by_id(lua_State* L) {
    return groups_by_id(L, "read_sets_by_id",
                        [](Database& db, const std::string& c, int64_t id) { return db.read_sets_by_id(c, id); });
}

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

int read_vector_group_by_id(lua_State* L);
int read_set_group_by_id(lua_State* L);

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
            if (is_null(v)) continue;
            push_value(L, v);
            lua_setfield(L, -2, col.name.c_str());
        }
        lua_rawseti(L, -2, static_cast<lua_Integer>(r) + 1);
    }
}

template <class Read>
int group_rows_by_id(lua_State* L, const char* method, bool with_vector_index, Read read) {
    return guarded(L, [&] {
        Call c(L, method);
        std::string collection = c.string(1, "collection");
        std::string group = c.string(2, "group");
        int64_t id = c.id(3, "id");
        auto columns = read(c.lock().db(), collection, group, id);
        return [cols = std::move(columns), with_vector_index](lua_State* L) {
            push_rows(L, cols, with_vector_index);
            return 1;
        };
    });
}

int read_vector_group_by_id(lua_State* L) {
    return group_rows_by_id(L, "read_vector_group_by_id", true, [](Database& db, auto& c, auto& g, int64_t id) {
        return db.read_vector_group_by_id(c, g, id);
    });
}
int read_set_group_by_id(lua_State* L) {
    return group_rows_by_id(L, "read_set_group_by_id", false, [](Database& db, auto& c, auto& g, int64_t id) {
        return db.read_set_group_by_id(c, g, id);
    });
}
int read_time_series_group(lua_State* L) {
    return group_rows_by_id(L, "read_time_series_group", false, [](Database& db, auto& c, auto& g, int64_t id) {
        return db.read_time_series_group(c, g, id);
    });
}

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

int get_scalar_metadata(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "get_scalar_metadata");
        std::string collection = c.string(1, "collection");
        std::string attribute = c.string(2, "attribute");
        ScalarMetadata m = c.lock()->get_scalar_metadata(collection, attribute);
        return [m = std::move(m)](lua_State* L) {
            push_scalar_metadata(L, m);
            return 1;
        };
    });
}

template <class Read>
int group_metadata(lua_State* L, const char* method, bool with_dimension, Read read) {
    return guarded(L, [&] {
        Call c(L, method);
        std::string collection = c.string(1, "collection");
        std::string group = c.string(2, "group");
        GroupMetadata g = read(c.lock().db(), collection, group);
        return [g = std::move(g), with_dimension](lua_State* L) {
            push_group_metadata(L, g, with_dimension);
            return 1;
        };
    });
}

int get_vector_metadata(lua_State* L) {
    return group_metadata(L, "get_vector_metadata", false,
                          [](Database& db, auto& c, auto& g) { return db.get_vector_metadata(c, g); });
}
int get_set_metadata(lua_State* L) {
    return group_metadata(L, "get_set_metadata", false,
                          [](Database& db, auto& c, auto& g) { return db.get_set_metadata(c, g); });
}
int get_time_series_metadata(lua_State* L) {
    return group_metadata(L, "get_time_series_metadata", true,
                          [](Database& db, auto& c, auto& g) { return db.get_time_series_metadata(c, g); });
}

int list_scalar_attributes(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "list_scalar_attributes");
        std::string collection = c.string(1, "collection");
        auto list = c.lock()->list_scalar_attributes(collection);
        return [list = std::move(list)](lua_State* L) {
            lua_createtable(L, static_cast<int>(list.size()), 0);
            lua_Integer i = 0;
            for (const ScalarMetadata& m : list) {
                push_scalar_metadata(L, m);
                lua_rawseti(L, -2, ++i);
            }
            return 1;
        };
    });
}

template <class Read>
int list_groups(lua_State* L, const char* method, bool with_dimension, Read read) {
    return guarded(L, [&] {
        Call c(L, method);
        std::string collection = c.string(1, "collection");
        auto list = read(c.lock().db(), collection);
        return [list = std::move(list), with_dimension](lua_State* L) {
            lua_createtable(L, static_cast<int>(list.size()), 0);
            lua_Integer i = 0;
            for (const GroupMetadata& g : list) {
                push_group_metadata(L, g, with_dimension);
                lua_rawseti(L, -2, ++i);
            }
            return 1;
        };
    });
}

int list_vector_groups(lua_State* L) {
    return list_groups(L, "list_vector_groups", false,
                       [](Database& db, const std::string& c) { return db.list_vector_groups(c); });
}
int list_set_groups(lua_State* L) {
    return list_groups(L, "list_set_groups", false,
                       [](Database& db, const std::string& c) { return db.list_set_groups(c); });
}
int list_time_series_groups(lua_State* L) {
    return list_groups(L, "list_time_series_groups", true,
                       [](Database& db, const std::string& c) { return db.list_time_series_groups(c); });
}

// ---- time series files (docs/reference/lua.md 3.7.7) ----

int has_time_series_files(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "has_time_series_files");
        std::string collection = c.string(1, "collection");
        bool has = c.lock()->has_time_series_files(collection);
        return [has](lua_State* L) {
            lua_pushboolean(L, has);
            return 1;
        };
    });
}

int list_time_series_files_columns(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "list_time_series_files_columns");
        std::string collection = c.string(1, "collection");
        auto columns = c.lock()->list_time_series_files_columns(collection);
        return [v = std::move(columns)](lua_State* L) {
            push_strings(L, v);
            return 1;
        };
    });
}

int read_time_series_files(lua_State* L) {
    return guarded(L, [&] {
        Call c(L, "read_time_series_files");
        std::string collection = c.string(1, "collection");
        auto paths = c.lock()->read_time_series_files(collection);
        return [p = std::move(paths)](lua_State* L) {
            lua_createtable(L, 0, static_cast<int>(p.size()));
            for (const auto& [column, path] : p) {
                if (!path) continue;
                lua_pushlstring(L, path->data(), path->size());
                lua_setfield(L, -2, column.c_str());
            }
            return 1;
        };
    });
}

}  // namespace

const luaL_Reg kReadMethods[] = {
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
    {"read_time_series_files", read_time_series_files},
    {nullptr, nullptr},
};

}  // namespace quiver::lua
