// database.h: the 12 metadata functions (docs/reference/c-api-list.md 3.3.12).
// Getters fill a caller-provided struct with new[] strings; list functions return a
// new[] array of structs (NULL with count 0 when empty). The free functions release
// the strings/arrays, reset the pointers to NULL and are safe to call twice.
#include "quiver/c/internal.hpp"

using quiver::Database;
using quiver::GroupMetadata;
using quiver::ScalarMetadata;
using quiver::c::copy_string;
using quiver::c::with_db;

namespace {

void release(const char*& s) {
    delete[] s;
    s = nullptr;
}

void clear_scalar(quiver_scalar_metadata_t& m) {
    release(m.name);
    release(m.default_value);
    release(m.references_collection);
    release(m.references_column);
}

void clear_group(quiver_group_metadata_t& g) {
    release(g.group_name);
    release(g.dimension_column);
    if (g.value_columns) {
        for (size_t i = 0; i < g.value_column_count; ++i) clear_scalar(g.value_columns[i]);
        delete[] g.value_columns;
    }
    g.value_columns = nullptr;
    g.value_column_count = 0;
}

quiver_scalar_metadata_t empty_scalar() {
    return quiver_scalar_metadata_t{nullptr, QUIVER_DATA_TYPE_INTEGER, 0, 0, nullptr, 0, nullptr, nullptr};
}

quiver_group_metadata_t empty_group() { return quiver_group_metadata_t{nullptr, nullptr, nullptr, 0}; }

const char* optional_string(const std::optional<std::string>& s) { return s ? copy_string(*s) : nullptr; }

// Fill `out` (all pointers NULL on entry); on failure the caller clears it.
void fill_scalar(quiver_scalar_metadata_t& out, const ScalarMetadata& m) {
    out.data_type = static_cast<quiver_data_type_t>(static_cast<int>(m.data_type));
    out.not_null = m.not_null ? 1 : 0;
    out.primary_key = m.primary_key ? 1 : 0;
    out.is_foreign_key = m.is_foreign_key ? 1 : 0;
    out.name = copy_string(m.name);
    out.default_value = optional_string(m.default_value);
    out.references_collection = optional_string(m.references_collection);
    out.references_column = optional_string(m.references_column);
}

void fill_group(quiver_group_metadata_t& out, const GroupMetadata& g) {
    out.group_name = copy_string(g.group_name);
    out.dimension_column = g.dimension_column.empty() ? nullptr : copy_string(g.dimension_column);
    if (g.value_columns.empty()) return;
    out.value_columns = new quiver_scalar_metadata_t[g.value_columns.size()];
    for (size_t i = 0; i < g.value_columns.size(); ++i) out.value_columns[i] = empty_scalar();
    out.value_column_count = g.value_columns.size();
    for (size_t i = 0; i < g.value_columns.size(); ++i) fill_scalar(out.value_columns[i], g.value_columns[i]);
}

// Write one struct into the caller's memory only once it is complete.
quiver_error_t scalar_out(quiver_database_t* db, quiver_scalar_metadata_t* out,
                          ScalarMetadata (Database::*get)(const std::string&, const std::string&),
                          const char* collection, const char* attribute) {
    return with_db(db, [&](Database& d) {
        ScalarMetadata m = (d.*get)(collection, attribute);
        quiver_scalar_metadata_t tmp = empty_scalar();
        try {
            fill_scalar(tmp, m);
        } catch (...) {
            clear_scalar(tmp);
            throw;
        }
        *out = tmp;
    });
}

quiver_error_t group_out(quiver_database_t* db, quiver_group_metadata_t* out,
                         GroupMetadata (Database::*get)(const std::string&, const std::string&),
                         const char* collection, const char* group_name) {
    return with_db(db, [&](Database& d) {
        GroupMetadata g = (d.*get)(collection, group_name);
        quiver_group_metadata_t tmp = empty_group();
        try {
            fill_group(tmp, g);
        } catch (...) {
            clear_group(tmp);
            throw;
        }
        *out = tmp;
    });
}

quiver_error_t group_list_out(quiver_database_t* db, const char* collection, quiver_group_metadata_t** out_metadata,
                              size_t* out_count,
                              std::vector<GroupMetadata> (Database::*list)(const std::string&)) {
    return with_db(db, [&](Database& d) {
        std::vector<GroupMetadata> groups = (d.*list)(collection);
        if (groups.empty()) {
            *out_metadata = nullptr;
            *out_count = 0;
            return;
        }
        auto* arr = new quiver_group_metadata_t[groups.size()];
        for (size_t i = 0; i < groups.size(); ++i) arr[i] = empty_group();
        try {
            for (size_t i = 0; i < groups.size(); ++i) fill_group(arr[i], groups[i]);
        } catch (...) {
            for (size_t i = 0; i < groups.size(); ++i) clear_group(arr[i]);
            delete[] arr;
            throw;
        }
        *out_metadata = arr;
        *out_count = groups.size();
    });
}

}  // namespace

extern "C" {

QUIVER_C_API quiver_error_t quiver_database_get_scalar_metadata(quiver_database_t* db, const char* collection, const char* attribute, quiver_scalar_metadata_t* out_metadata) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_metadata);
    return scalar_out(db, out_metadata, &Database::get_scalar_metadata, collection, attribute);
}

QUIVER_C_API quiver_error_t quiver_database_get_vector_metadata(quiver_database_t* db, const char* collection, const char* group_name, quiver_group_metadata_t* out_metadata) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group_name);
    QUIVER_REQUIRE(out_metadata);
    return group_out(db, out_metadata, &Database::get_vector_metadata, collection, group_name);
}

QUIVER_C_API quiver_error_t quiver_database_get_set_metadata(quiver_database_t* db, const char* collection, const char* group_name, quiver_group_metadata_t* out_metadata) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group_name);
    QUIVER_REQUIRE(out_metadata);
    return group_out(db, out_metadata, &Database::get_set_metadata, collection, group_name);
}

QUIVER_C_API quiver_error_t quiver_database_get_time_series_metadata(quiver_database_t* db, const char* collection, const char* group_name, quiver_group_metadata_t* out_metadata) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group_name);
    QUIVER_REQUIRE(out_metadata);
    return group_out(db, out_metadata, &Database::get_time_series_metadata, collection, group_name);
}

QUIVER_C_API quiver_error_t quiver_database_free_scalar_metadata(quiver_scalar_metadata_t* metadata) {
    QUIVER_REQUIRE(metadata);
    clear_scalar(*metadata);
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_free_group_metadata(quiver_group_metadata_t* metadata) {
    QUIVER_REQUIRE(metadata);
    clear_group(*metadata);
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_list_scalar_attributes(quiver_database_t* db, const char* collection, quiver_scalar_metadata_t** out_metadata, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_metadata);
    QUIVER_REQUIRE(out_count);
    return with_db(db, [&](Database& d) {
        std::vector<ScalarMetadata> attrs = d.list_scalar_attributes(collection);
        if (attrs.empty()) {
            *out_metadata = nullptr;
            *out_count = 0;
            return;
        }
        auto* arr = new quiver_scalar_metadata_t[attrs.size()];
        for (size_t i = 0; i < attrs.size(); ++i) arr[i] = empty_scalar();
        try {
            for (size_t i = 0; i < attrs.size(); ++i) fill_scalar(arr[i], attrs[i]);
        } catch (...) {
            for (size_t i = 0; i < attrs.size(); ++i) clear_scalar(arr[i]);
            delete[] arr;
            throw;
        }
        *out_metadata = arr;
        *out_count = attrs.size();
    });
}

QUIVER_C_API quiver_error_t quiver_database_list_vector_groups(quiver_database_t* db, const char* collection, quiver_group_metadata_t** out_metadata, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_metadata);
    QUIVER_REQUIRE(out_count);
    return group_list_out(db, collection, out_metadata, out_count, &Database::list_vector_groups);
}

QUIVER_C_API quiver_error_t quiver_database_list_set_groups(quiver_database_t* db, const char* collection, quiver_group_metadata_t** out_metadata, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_metadata);
    QUIVER_REQUIRE(out_count);
    return group_list_out(db, collection, out_metadata, out_count, &Database::list_set_groups);
}

QUIVER_C_API quiver_error_t quiver_database_list_time_series_groups(quiver_database_t* db, const char* collection, quiver_group_metadata_t** out_metadata, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_metadata);
    QUIVER_REQUIRE(out_count);
    return group_list_out(db, collection, out_metadata, out_count, &Database::list_time_series_groups);
}

QUIVER_C_API quiver_error_t quiver_database_free_scalar_metadata_array(quiver_scalar_metadata_t* metadata, size_t count) {
    QUIVER_REQUIRE(metadata);
    for (size_t i = 0; i < count; ++i) clear_scalar(metadata[i]);
    delete[] metadata;
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_free_group_metadata_array(quiver_group_metadata_t* metadata, size_t count) {
    QUIVER_REQUIRE(metadata);
    for (size_t i = 0; i < count; ++i) clear_group(metadata[i]);
    delete[] metadata;
    return QUIVER_OK;
}

}  // extern "C"
