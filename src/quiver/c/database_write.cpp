// database.h: create / update / delete elements and the whole-group writers.
#include <string>
#include <vector>

#include "quiver/c/internal.hpp"
#include "quiver/database/database.hpp"

using quiver::c::with_db;

namespace {

// Column-wise C input -> engine columns. Throws quiver::Error with "Cannot <op>: ..." texts.
std::vector<quiver::GroupColumn> group_columns(const char* op, const char* const* column_names, const int* column_types,
                                               const void* const* column_data, const uint8_t* const* column_has_value,
                                               size_t column_count, size_t row_count) {
    const std::string prefix = std::string("Cannot ") + op + ": ";
    std::vector<quiver::GroupColumn> columns;
    if (column_count == 0) {
        if (row_count > 0)
            throw quiver::Error(prefix + "column_count must be > 0 when row_count > 0");
        return columns;
    }
    if (!column_names || !column_types || !column_data) {
        throw quiver::Error(prefix +
                            "column_names, column_types, and column_data must be non-null when column_count > 0");
    }
    columns.resize(column_count);
    for (size_t c = 0; c < column_count; ++c) {
        if (!column_names[c])
            throw quiver::Error(prefix + "column_names[" + std::to_string(c) + "] is NULL");
        auto& col = columns[c];
        col.name = column_names[c];
        const int type = column_types[c];
        col.type = quiver::c::data_type_from_c(type);
        if (type < QUIVER_DATA_TYPE_INTEGER || type > QUIVER_DATA_TYPE_NULL) {
            throw quiver::Error(prefix + "unknown data type " + std::to_string(type) + " for column '" + col.name +
                                "'");
        }
        const void* data = column_data[c];
        if (!data && row_count > 0 && type != QUIVER_DATA_TYPE_NULL) {
            throw quiver::Error(prefix + "column_data for column '" + col.name + "' is NULL");
        }
        const uint8_t* mask = column_has_value ? column_has_value[c] : nullptr;
        col.values.reserve(row_count);
        for (size_t r = 0; r < row_count; ++r) {
            if (type == QUIVER_DATA_TYPE_NULL || (mask && !mask[r])) {
                col.values.emplace_back(quiver::Null{});
                continue;
            }
            switch (type) {
                case QUIVER_DATA_TYPE_INTEGER: col.values.emplace_back(static_cast<const int64_t*>(data)[r]); break;
                case QUIVER_DATA_TYPE_FLOAT: col.values.emplace_back(static_cast<const double*>(data)[r]); break;
                default: {
                    const char* text = static_cast<const char* const*>(data)[r];
                    if (text) {
                        col.values.emplace_back(std::string(text));
                    } else {
                        col.values.emplace_back(quiver::Null{});
                    }
                }
            }
        }
    }
    return columns;
}

}  // namespace

// update_vector_group and update_set_group: one shape, written once and stamped per group kind
// (the parameter names are database.h's; the NULL-argument messages name them)
#define QUIVER_C_UPDATE_GROUP(name)                                                                                    \
    QUIVER_C_API quiver_error_t quiver_database_##name(                                                                \
        quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names, \
        const int* column_types, const void* const* column_data, const uint8_t* const* column_has_value,               \
        size_t column_count, size_t row_count) {                                                                       \
        QUIVER_REQUIRE(db, collection, group);                                                                         \
        return with_db(db, [&](quiver::Database& d) {                                                                  \
            d.name(collection, group, id,                                                                              \
                   group_columns(#name, column_names, column_types, column_data, column_has_value, column_count,       \
                                 row_count));                                                                          \
        });                                                                                                            \
    }

extern "C" {

QUIVER_C_API quiver_error_t quiver_database_create_element(quiver_database_t* db, const char* collection,
                                                           quiver_element_t* element, int64_t* out_id) {
    QUIVER_REQUIRE(db, collection, element, out_id);
    return with_db(db, [&](quiver::Database& d) { *out_id = d.create_element(collection, element->element); });
}

QUIVER_C_API quiver_error_t quiver_database_update_element(quiver_database_t* db, const char* collection, int64_t id,
                                                           const quiver_element_t* element) {
    QUIVER_REQUIRE(db, collection, element);
    return with_db(db, [&](quiver::Database& d) { d.update_element(collection, id, element->element); });
}

QUIVER_C_API quiver_error_t quiver_database_delete_element(quiver_database_t* db, const char* collection, int64_t id) {
    QUIVER_REQUIRE(db, collection);
    return quiver::c::call<&quiver::Database::delete_element>(db, quiver::c::nothing(), collection, id);
}

QUIVER_C_UPDATE_GROUP(update_vector_group)
QUIVER_C_UPDATE_GROUP(update_set_group)

QUIVER_C_API quiver_error_t quiver_database_upsert_time_series_row_columns(
    quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names,
    const int* column_types, const void* const* column_data, const uint8_t* const* column_has_value,
    size_t column_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group);
    return with_db(db, [&](quiver::Database& d) {
        auto columns = group_columns("upsert_time_series_row", column_names, column_types, column_data,
                                     column_has_value, column_count, 1);
        d.upsert_time_series_row(collection, group, id, columns);
    });
}

}  // extern "C"

#undef QUIVER_C_UPDATE_GROUP
