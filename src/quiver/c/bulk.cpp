// bulk.h: query_rows, create_elements, update_time_series_frame.
#include "quiver/c/bulk.h"

#include <cstring>
#include <string>
#include <vector>

#include "quiver/c/internal.hpp"
#include "quiver/database/bulk.hpp"
#include "quiver/database/database.hpp"

using quiver::c::with_db;

namespace {

std::vector<quiver::Value> to_params(const int* param_types, const void* const* param_values, size_t param_count) {
    std::vector<quiver::Value> params;
    if (param_count == 0)
        return params;
    if (!param_types || !param_values)
        throw quiver::Error("Null param_types or param_values with non-zero param_count");
    params.reserve(param_count);
    for (size_t i = 0; i < param_count; ++i) {
        const void* p = param_values[i];
        const std::string at = " in parameter at index " + std::to_string(i);
        switch (param_types[i]) {
            case QUIVER_DATA_TYPE_INTEGER:
                if (!p)
                    throw quiver::Error("Null integer pointer" + at);
                params.emplace_back(*static_cast<const int64_t*>(p));
                break;
            case QUIVER_DATA_TYPE_FLOAT:
                if (!p)
                    throw quiver::Error("Null float pointer" + at);
                params.emplace_back(*static_cast<const double*>(p));
                break;
            case QUIVER_DATA_TYPE_STRING:
                if (!p)
                    throw quiver::Error("Null string pointer" + at);
                params.emplace_back(std::string(static_cast<const char*>(p)));
                break;
            case QUIVER_DATA_TYPE_NULL: params.emplace_back(quiver::Null{}); break;
            default: throw quiver::Error("Unknown parameter type: " + std::to_string(param_types[i]));
        }
    }
    return params;
}

// The C columns as engine columns (views, nothing copied but the text offsets).
std::vector<quiver::bulk::Column> to_columns(const char* op, const quiver_bulk_column_t* columns, size_t column_count,
                                             size_t row_count) {
    const std::string prefix = std::string("Cannot ") + op + ": ";
    std::vector<quiver::bulk::Column> out;
    if (column_count == 0)
        return out;
    if (!columns)
        throw quiver::Error(prefix + "columns must be non-null when column_count > 0");
    out.resize(column_count);
    for (size_t i = 0; i < column_count; ++i) {
        const quiver_bulk_column_t& in = columns[i];
        quiver::bulk::Column& c = out[i];
        if (!in.name)
            throw quiver::Error(prefix + "columns[" + std::to_string(i) + "].name is NULL");
        c.name = in.name;
        c.offsets = in.offsets;
        c.has_value = in.offsets ? nullptr : in.has_value;
        if (in.type < QUIVER_DATA_TYPE_INTEGER || in.type > QUIVER_DATA_TYPE_NULL) {
            throw quiver::Error(prefix + "unknown data type " + std::to_string(in.type) + " for column '" + c.name +
                                "'");
        }
        c.type = quiver::c::data_type_from_c(in.type);
        const size_t items = in.offsets ? static_cast<size_t>(in.offsets[row_count]) : row_count;
        if (!c.type || items == 0)
            continue;
        if (!in.data)
            throw quiver::Error(prefix + "data of column '" + c.name + "' is NULL");
        switch (*c.type) {
            case quiver::DataType::Integer: c.ints = static_cast<const int64_t*>(in.data); break;
            case quiver::DataType::Real: c.floats = static_cast<const double*>(in.data); break;
            default: {
                const char* p = static_cast<const char*>(in.data);
                const char* end = p + in.data_size;
                c.texts.reserve(items);
                while (p < end && c.texts.size() < items) {
                    const void* nul = std::memchr(p, '\0', static_cast<size_t>(end - p));
                    if (!nul)
                        break;
                    const char* q = static_cast<const char*>(nul);
                    c.texts.emplace_back(p, static_cast<size_t>(q - p));
                    p = q + 1;
                }
                if (c.texts.size() != items) {
                    throw quiver::Error(prefix + "column '" + c.name + "' has " + std::to_string(c.texts.size()) +
                                        " texts, expected " + std::to_string(items));
                }
            }
        }
    }
    return out;
}

}  // namespace

extern "C" {

QUIVER_C_API quiver_error_t quiver_database_query_rows(quiver_database_t* db, const char* sql, const int* param_types,
                                                       const void* const* param_values, size_t param_count,
                                                       quiver_rows_t* out_rows) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(sql);
    QUIVER_REQUIRE(out_rows);
    std::memset(out_rows, 0, sizeof *out_rows);
    return with_db(db, [&](quiver::Database& d) {
        auto params = to_params(param_types, param_values, param_count);
        quiver::bulk::Rows rows = quiver::bulk::query_rows(d, sql, params);
        const size_t ncols = rows.columns.size(), nrows = rows.row_count();
        quiver_rows_t out{};
        try {
            out.column_count = ncols;
            out.row_count = nrows;
            out.column_names = quiver::c::copy_strings(rows.columns);
            const size_t cells = ncols * nrows;
            if (cells > 0) {
                out.types = new uint8_t[cells];
                out.integers = new int64_t[cells];
                out.floats = new double[cells];
                std::string text;
                for (size_t c = 0; c < ncols; ++c) {
                    for (size_t r = 0; r < nrows; ++r) {
                        const quiver::Value& v = rows.cells[r * ncols + c];
                        const size_t at = c * nrows + r;
                        out.integers[at] = 0;
                        out.floats[at] = 0.0;
                        switch (quiver::kind_of(v)) {
                            case quiver::ValueKind::Integer:
                                out.types[at] = QUIVER_DATA_TYPE_INTEGER;
                                out.integers[at] = std::get<int64_t>(v);
                                break;
                            case quiver::ValueKind::Real:
                                out.types[at] = QUIVER_DATA_TYPE_FLOAT;
                                out.floats[at] = std::get<double>(v);
                                break;
                            case quiver::ValueKind::Text: {
                                out.types[at] = QUIVER_DATA_TYPE_STRING;
                                out.integers[at] = static_cast<int64_t>(text.size());
                                const std::string& s = std::get<std::string>(v);
                                text.append(s.c_str());  // cut at a first NUL
                                text.push_back('\0');
                                break;
                            }
                            default: out.types[at] = QUIVER_DATA_TYPE_NULL;
                        }
                    }
                }
                if (!text.empty()) {
                    out.text = new char[text.size()];
                    std::memcpy(out.text, text.data(), text.size());
                    out.text_size = text.size();
                }
            }
        } catch (...) {
            quiver_database_free_rows(&out);
            throw;
        }
        *out_rows = out;
    });
}

QUIVER_C_API quiver_error_t quiver_database_free_rows(quiver_rows_t* rows) {
    QUIVER_REQUIRE(rows);
    quiver::c::free_strings(rows->column_names, rows->column_count);
    delete[] rows->types;
    delete[] rows->integers;
    delete[] rows->floats;
    delete[] rows->text;
    std::memset(rows, 0, sizeof *rows);
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_database_create_elements(quiver_database_t* db, const char* collection,
                                                            const quiver_bulk_column_t* columns, size_t column_count,
                                                            size_t row_count, int64_t* out_ids) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    if (column_count > 0)
        QUIVER_REQUIRE(columns);
    if (row_count > 0)
        QUIVER_REQUIRE(out_ids);
    return with_db(db, [&](quiver::Database& d) {
        auto cols = to_columns("create_elements", columns, column_count, row_count);
        auto ids = quiver::bulk::create_elements(d, collection, cols, row_count);
        if (!ids.empty())
            std::memcpy(out_ids, ids.data(), ids.size() * sizeof(int64_t));
    });
}

QUIVER_C_API quiver_error_t quiver_database_update_time_series_frame(quiver_database_t* db, const char* collection,
                                                                     const char* group, const int64_t* ids,
                                                                     const char* const* labels,
                                                                     const quiver_bulk_column_t* columns,
                                                                     size_t column_count, size_t row_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group);
    if (column_count > 0)
        QUIVER_REQUIRE(columns);
    return with_db(db, [&](quiver::Database& d) {
        const char* op = "update_time_series_frame";
        auto cols = to_columns(op, columns, column_count, row_count);
        std::vector<int64_t> id_list;
        std::vector<std::string_view> label_list;
        if (row_count > 0) {
            if (ids) {
                id_list.assign(ids, ids + row_count);
            } else if (labels) {
                label_list.reserve(row_count);
                for (size_t r = 0; r < row_count; ++r) {
                    if (!labels[r])
                        throw quiver::Error(std::string("Cannot ") + op + ": labels[" + std::to_string(r) +
                                            "] is NULL");
                    label_list.emplace_back(labels[r]);
                }
            } else {
                throw quiver::Error(std::string("Cannot ") + op +
                                    ": ids or labels must be non-null when row_count > 0");
            }
        }
        quiver::bulk::update_time_series_frame(d, collection, group, id_list, label_list, cols, row_count);
    });
}

QUIVER_C_API quiver_error_t quiver_database_read_scalars_row(quiver_database_t* db, const char* collection, int64_t id,
                                                             int* types, uint8_t* has_value, int64_t* integers,
                                                             double* floats, size_t capacity, char* text,
                                                             size_t text_capacity, size_t* out_count,
                                                             size_t* out_text_size) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_count);
    QUIVER_REQUIRE(out_text_size);
    return with_db(db, [&](quiver::Database& d) {
        auto row = d.read_scalars_by_id(collection, id);
        // the cell rules of read_scalars_by_id's columns (fill_column): INTEGER takes integers,
        // FLOAT floats and integers (widened), the text types texts; anything else is NULL
        auto text_of = [](const quiver::ScalarMetadata& meta, const quiver::Value& value) -> const std::string* {
            const int type = quiver::c::data_type_to_c(meta.data_type);
            if (type == QUIVER_DATA_TYPE_INTEGER || type == QUIVER_DATA_TYPE_FLOAT)
                return nullptr;
            return std::get_if<std::string>(&value);
        };
        size_t text_size = 0;
        for (const auto& [meta, value] : row) {
            if (const std::string* s = text_of(meta, value))
                text_size += std::strlen(s->c_str()) + 1;
        }
        *out_count = row.size();
        *out_text_size = text_size;
        if (row.size() > capacity || text_size > text_capacity)
            return;
        if (!row.empty() && (!types || !has_value || !integers || !floats)) {
            throw quiver::Error("Null argument: types, has_value, integers and floats are needed");
        }
        if (text_size > 0 && !text)
            throw quiver::Error("Null argument: text");
        size_t at = 0;
        for (size_t i = 0; i < row.size(); ++i) {
            const auto& [meta, value] = row[i];
            const int type = quiver::c::data_type_to_c(meta.data_type);
            types[i] = type;
            has_value[i] = 0;
            integers[i] = 0;
            floats[i] = 0.0;
            if (type == QUIVER_DATA_TYPE_INTEGER) {
                if (const auto* p = std::get_if<int64_t>(&value)) {
                    integers[i] = *p;
                    has_value[i] = 1;
                }
            } else if (type == QUIVER_DATA_TYPE_FLOAT) {
                if (const auto* p = std::get_if<double>(&value)) {
                    floats[i] = *p;
                    has_value[i] = 1;
                } else if (const auto* q = std::get_if<int64_t>(&value)) {
                    floats[i] = static_cast<double>(*q);
                    has_value[i] = 1;
                }
            } else if (const std::string* s = text_of(meta, value)) {
                const size_t n = std::strlen(s->c_str()) + 1;
                std::memcpy(text + at, s->c_str(), n);
                at += n;
                has_value[i] = 1;
            }
        }
    });
}

}  // extern "C"
