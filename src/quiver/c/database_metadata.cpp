// database.h: the 12 metadata functions (docs/reference/c-api-list.md 3.3.12).
// Getters fill a caller-provided struct with new[] strings; list functions return a
// new[] array of structs (NULL with count 0 when empty). The free functions release
// the strings/arrays, reset the pointers to NULL and are safe to call twice.
#include "quiver/c/internal.hpp"

using quiver::Database;
using quiver::GroupMetadata;
using quiver::ScalarMetadata;
using namespace quiver::c;

namespace {

void release(const char*& s) {
    delete[] s;
    s = nullptr;
}

void clear(quiver_scalar_metadata_t& m) {
    release(m.name);
    release(m.default_value);
    release(m.references_collection);
    release(m.references_column);
}

void clear(quiver_group_metadata_t& g) {
    release(g.group_name);
    release(g.dimension_column);
    if (g.value_columns) {
        for (size_t i = 0; i < g.value_column_count; ++i)
            clear(g.value_columns[i]);
        delete[] g.value_columns;
    }
    g.value_columns = nullptr;
    g.value_column_count = 0;
}

// the C struct of each engine metadata type, all pointers NULL
quiver_scalar_metadata_t empty(const ScalarMetadata&) {
    return quiver_scalar_metadata_t{nullptr, QUIVER_DATA_TYPE_INTEGER, 0, 0, nullptr, 0, nullptr, nullptr};
}

quiver_group_metadata_t empty(const GroupMetadata&) {
    return quiver_group_metadata_t{nullptr, nullptr, nullptr, 0};
}

const char* optional_string(const std::optional<std::string>& s) {
    return s ? copy_string(*s) : nullptr;
}

// Fill `out` (all pointers NULL on entry); on failure the caller clears it.
void fill(quiver_scalar_metadata_t& out, const ScalarMetadata& m) {
    out.data_type = static_cast<quiver_data_type_t>(data_type_to_c(m.data_type));
    out.not_null = m.not_null ? 1 : 0;
    out.primary_key = m.primary_key ? 1 : 0;
    out.is_foreign_key = m.is_foreign_key ? 1 : 0;
    out.name = copy_string(m.name);
    out.default_value = optional_string(m.default_value);
    out.references_collection = optional_string(m.references_collection);
    out.references_column = optional_string(m.references_column);
}

void fill(quiver_group_metadata_t& out, const GroupMetadata& g);

// new[] array of `items` as C structs (NULL when empty); throws with nothing left allocated
template <class Item>
auto make_array(const std::vector<Item>& items) {
    using Out = decltype(empty(Item{}));
    if (items.empty())
        return static_cast<Out*>(nullptr);
    auto* arr = new Out[items.size()];
    for (size_t i = 0; i < items.size(); ++i)
        arr[i] = empty(items[i]);
    try {
        for (size_t i = 0; i < items.size(); ++i)
            fill(arr[i], items[i]);
    } catch (...) {
        for (size_t i = 0; i < items.size(); ++i)
            clear(arr[i]);
        delete[] arr;
        throw;
    }
    return arr;
}

void fill(quiver_group_metadata_t& out, const GroupMetadata& g) {
    out.group_name = copy_string(g.group_name);
    out.dimension_column = g.dimension_column.empty() ? nullptr : copy_string(g.dimension_column);
    out.value_columns = make_array(g.value_columns);
    out.value_column_count = g.value_columns.size();
}

// packer: one struct, written into the caller's memory only once it is complete
template <class Out>
auto to_struct(Out* out_metadata) {
    return [=](const auto& m) {
        Out tmp = empty(m);
        try {
            fill(tmp, m);
        } catch (...) {
            clear(tmp);
            throw;
        }
        *out_metadata = tmp;
    };
}

// packer: an array of structs and its length
template <class Out>
auto to_struct_array(Out** out_metadata, size_t* out_count) {
    return [=](const auto& items) {
        *out_metadata = make_array(items);
        *out_count = items.size();
    };
}

template <class Out>
quiver_error_t free_struct_array(Out* metadata, size_t count) {
    QUIVER_REQUIRE(metadata);
    for (size_t i = 0; i < count; ++i)
        clear(metadata[i]);
    delete[] metadata;
    return QUIVER_OK;
}

}  // namespace

// The group getters and lists come in families of one shape, each written once and stamped per
// group kind; the parameter names are database.h's (the NULL-argument messages name them).

// (collection, group_name) -> one group's metadata
#define QUIVER_C_GROUP_METADATA(name)                                                                 \
    QUIVER_C_API quiver_error_t quiver_database_##name(quiver_database_t* db, const char* collection, \
                                                       const char* group_name,                        \
                                                       quiver_group_metadata_t* out_metadata) {       \
        QUIVER_REQUIRE(db, collection, group_name, out_metadata);                                     \
        return call<&Database::name>(db, to_struct(out_metadata), collection, group_name);            \
    }

// (collection) -> the metadata of every group of one kind
#define QUIVER_C_GROUP_LIST(name)                                                                                   \
    QUIVER_C_API quiver_error_t quiver_database_##name(quiver_database_t* db, const char* collection,               \
                                                       quiver_group_metadata_t** out_metadata, size_t* out_count) { \
        QUIVER_REQUIRE(db, collection, out_metadata, out_count);                                                    \
        return call<&Database::name>(db, to_struct_array(out_metadata, out_count), collection);                     \
    }

extern "C" {

QUIVER_C_API quiver_error_t quiver_database_get_scalar_metadata(quiver_database_t* db, const char* collection,
                                                                const char* attribute,
                                                                quiver_scalar_metadata_t* out_metadata) {
    QUIVER_REQUIRE(db, collection, attribute, out_metadata);
    return call<&Database::get_scalar_metadata>(db, to_struct(out_metadata), collection, attribute);
}

QUIVER_C_GROUP_METADATA(get_vector_metadata)
QUIVER_C_GROUP_METADATA(get_set_metadata)
QUIVER_C_GROUP_METADATA(get_time_series_metadata)

QUIVER_C_API quiver_error_t quiver_database_free_scalar_metadata(quiver_scalar_metadata_t* metadata) {
    QUIVER_REQUIRE(metadata);
    clear(*metadata);
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_free_group_metadata(quiver_group_metadata_t* metadata) {
    QUIVER_REQUIRE(metadata);
    clear(*metadata);
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_list_scalar_attributes(quiver_database_t* db, const char* collection,
                                                                   quiver_scalar_metadata_t** out_metadata,
                                                                   size_t* out_count) {
    QUIVER_REQUIRE(db, collection, out_metadata, out_count);
    return call<&Database::list_scalar_attributes>(db, to_struct_array(out_metadata, out_count), collection);
}

QUIVER_C_GROUP_LIST(list_vector_groups)
QUIVER_C_GROUP_LIST(list_set_groups)
QUIVER_C_GROUP_LIST(list_time_series_groups)

QUIVER_C_API quiver_error_t quiver_database_free_scalar_metadata_array(quiver_scalar_metadata_t* metadata,
                                                                       size_t count) {
    return free_struct_array(metadata, count);
}

QUIVER_C_API quiver_error_t quiver_database_free_group_metadata_array(quiver_group_metadata_t* metadata, size_t count) {
    return free_struct_array(metadata, count);
}

}  // extern "C"

#undef QUIVER_C_GROUP_METADATA
#undef QUIVER_C_GROUP_LIST
