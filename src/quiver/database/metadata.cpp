// Attribute and group metadata (docs/reference/schema.md 5.2-5.4). Everything comes from the
// loaded Schema model; no SQL runs here. Ordering quirks kept from upstream 0.5.0:
// columns in byte-wise name order, groups in table-name order, FK information only
// for scalar attributes (group value columns always report is_foreign_key = false).
#include "quiver/core/error.hpp"
#include "quiver/database/database.hpp"

namespace quiver {

namespace {

ScalarMetadata column_metadata(const ColumnInfo& c) {
    ScalarMetadata m;
    m.name = c.name;
    m.data_type = c.type;
    m.not_null = c.not_null;
    m.primary_key = c.primary_key;
    m.default_value = c.default_value;
    return m;
}

ScalarMetadata scalar_metadata(const TableInfo& table, const ColumnInfo& c) {
    ScalarMetadata m = column_metadata(c);
    if (const ForeignKey* fk = table.foreign_key(c.name)) {
        m.is_foreign_key = true;
        m.references_collection = fk->table;
        m.references_column = fk->to;
    }
    return m;
}

// Group metadata of a vector/set/time-series table; `group` is the name reported.
GroupMetadata group_metadata(const TableInfo& table, const std::string& group) {
    GroupMetadata g;
    g.group_name = group;
    if (table.kind == TableKind::TimeSeries) {
        auto dim = Schema::dimension_column(table);
        if (!dim)
            throw Error("Dimension column not found: time series table '" + table.name + "'");
        g.dimension_column = *dim;
    }
    for (const ColumnInfo* c : table.sorted_columns()) {
        if (c->name == "id")
            continue;
        if (table.kind == TableKind::Vector && c->name == "vector_index")
            continue;
        if (table.kind == TableKind::TimeSeries && c->name == g.dimension_column)
            continue;
        g.value_columns.push_back(column_metadata(*c));
    }
    return g;
}

const TableInfo* group_table(const Schema& schema, const std::string& collection, const std::string& group,
                             TableKind kind) {
    const char* marker = kind == TableKind::Vector ? "_vector_" : kind == TableKind::Set ? "_set_" : "_time_series_";
    const TableInfo* t = schema.table(collection + marker + group);
    return t && t->kind == kind ? t : nullptr;
}

GroupMetadata get_group(const Database& db, const char* op, const std::string& collection, const std::string& group,
                        TableKind kind, const char* what) {
    db.require_collection(op, collection);
    const TableInfo* t = group_table(db.schema(op), collection, group, kind);
    if (!t)
        throw Error(std::string(what) + " group not found: '" + group + "' in collection '" + collection + "'");
    return group_metadata(*t, group);
}

std::vector<GroupMetadata> list_groups(const Database& db, const char* op, const std::string& collection,
                                       TableKind kind) {
    std::vector<GroupMetadata> out;
    for (const TableInfo* t : db.schema(op).groups_of(collection, kind))
        out.push_back(group_metadata(*t, t->group));
    return out;
}

}  // namespace

ScalarMetadata Database::get_scalar_metadata(const std::string& collection, const std::string& attribute) {
    const TableInfo& t = require_collection("get_scalar_metadata", collection);
    const ColumnInfo* c = t.column(attribute);
    if (!c)
        throw Error("Scalar attribute not found: '" + attribute + "' in collection '" + collection + "'");
    return scalar_metadata(t, *c);
}

GroupMetadata Database::get_vector_metadata(const std::string& collection, const std::string& group) {
    return get_group(*this, "get_vector_metadata", collection, group, TableKind::Vector, "Vector");
}

GroupMetadata Database::get_set_metadata(const std::string& collection, const std::string& group) {
    return get_group(*this, "get_set_metadata", collection, group, TableKind::Set, "Set");
}

GroupMetadata Database::get_time_series_metadata(const std::string& collection, const std::string& group) {
    return get_group(*this, "get_time_series_metadata", collection, group, TableKind::TimeSeries, "Time series");
}

std::vector<ScalarMetadata> Database::list_scalar_attributes(const std::string& collection) {
    const TableInfo& t = require_collection("list_scalar_attributes", collection);
    std::vector<ScalarMetadata> out;
    for (const ColumnInfo* c : t.sorted_columns())
        out.push_back(scalar_metadata(t, *c));
    return out;
}

std::vector<GroupMetadata> Database::list_vector_groups(const std::string& collection) {
    return list_groups(*this, "list_vector_groups", collection, TableKind::Vector);
}

std::vector<GroupMetadata> Database::list_set_groups(const std::string& collection) {
    return list_groups(*this, "list_set_groups", collection, TableKind::Set);
}

std::vector<GroupMetadata> Database::list_time_series_groups(const std::string& collection) {
    return list_groups(*this, "list_time_series_groups", collection, TableKind::TimeSeries);
}

}  // namespace quiver
