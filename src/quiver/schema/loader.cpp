// Loading the schema model from sqlite_master and the PRAGMAs (docs/reference/schema.md 2-3),
// and the name-based lookup helpers of docs/reference/schema.md 2.6.
#include <sqlite3.h>

#include <algorithm>

#include "quiver/core/error.hpp"
#include "quiver/core/sqlite.hpp"
#include "quiver/core/suggest.hpp"
#include "quiver/schema/schema.hpp"

namespace quiver {

namespace {

bool contains(std::string_view s, std::string_view needle) {
    return s.find(needle) != std::string_view::npos;
}
bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool safe_identifier(std::string_view name) {
    if (name.empty())
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

DataType map_type(const std::string& declared, const std::string& column, const std::string& table) {
    if (declared == "INTEGER")
        return DataType::Integer;
    if (declared == "REAL")
        return DataType::Real;
    if (declared == "TEXT")
        return starts_with(column, "date_") ? DataType::DateTime : DataType::Text;
    if (declared == "DATE_TIME")
        return DataType::DateTime;
    throw SchemaError("Unknown data type: " + declared, table);
}

std::string text_or_empty(sqlite3_stmt* stmt, int col) {
    const unsigned char* p = sqlite3_column_text(stmt, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt, col)))
             : std::string();
}

void fill_names(TableInfo& t) {
    t.kind = classify_table(t.name);
    if (t.kind == TableKind::Collection)
        return;
    auto us = t.name.find('_');
    t.parent = us == std::string::npos ? t.name : t.name.substr(0, us);
    if (t.kind == TableKind::TimeSeriesFiles)
        return;
    const char* marker = t.kind == TableKind::Vector ? "_vector_"
                         : t.kind == TableKind::Set  ? "_set_"
                                                     : "_time_series_";
    std::string prefix = t.parent + marker;
    if (starts_with(t.name, prefix))
        t.group = t.name.substr(prefix.size());
}

}  // namespace

TableKind classify_table(std::string_view name) {
    if (is_collection_name(name))
        return TableKind::Collection;
    if (contains(name, "_vector_"))
        return TableKind::Vector;
    if (contains(name, "_set_"))
        return TableKind::Set;
    if (ends_with(name, "_time_series_files"))
        return TableKind::TimeSeriesFiles;
    if (contains(name, "_time_series_"))
        return TableKind::TimeSeries;
    return TableKind::Other;
}

bool is_collection_name(std::string_view name) {
    return name == "Configuration" || name.find('_') == std::string_view::npos;
}

const ColumnInfo* TableInfo::column(std::string_view n) const {
    for (const auto& c : columns)
        if (c.name == n)
            return &c;
    return nullptr;
}

std::string TableInfo::did_you_mean_column(std::string_view n) const {
    std::vector<std::string> names;
    names.reserve(columns.size());
    for (const auto& c : columns)
        names.push_back(c.name);
    return did_you_mean(n, names);
}

const ForeignKey* TableInfo::foreign_key(std::string_view col) const {
    for (const auto& fk : foreign_keys)
        if (fk.from == col)
            return &fk;
    return nullptr;
}

std::vector<const ColumnInfo*> TableInfo::sorted_columns() const {
    std::vector<const ColumnInfo*> out;
    out.reserve(columns.size());
    if (sorted_order.size() == columns.size()) {
        for (size_t i : sorted_order)
            out.push_back(&columns[i]);
        return out;
    }
    for (const auto& c : columns)
        out.push_back(&c);
    std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->name < b->name; });
    return out;
}

Schema Schema::load(sqlite3* db) {
    Schema schema;
    std::vector<std::string> names;
    {
        // Only SQLite's own tables (reserved prefix "sqlite_", any case) are skipped. Upstream's
        // NOT LIKE 'sqlite_%' also hid user tables such as "SqliteData" (LIKE's '_' is a
        // wildcard), which were then neither validated nor usable; see docs/compatibility.md.
        auto stmt = prepare_uncached(
            db, "SELECT name FROM sqlite_master WHERE type = 'table' AND lower(substr(name, 1, 7)) != 'sqlite_'");
        while (stmt.step())
            names.emplace_back(stmt.column_text(0));
    }
    for (const auto& name : names) {
        if (!safe_identifier(name))
            throw SchemaError("Cannot query columns: invalid table name: " + name, name);
        TableInfo t;
        t.name = name;
        fill_names(t);
        const std::string q = quote_identifier(name);
        {
            auto stmt = prepare_uncached(db, "PRAGMA table_info(" + q + ")");
            while (stmt.step()) {
                ColumnInfo c;
                c.name = text_or_empty(stmt.raw(), 1);
                c.declared_type = text_or_empty(stmt.raw(), 2);
                c.type = map_type(c.declared_type, c.name, name);
                c.not_null = sqlite3_column_int(stmt.raw(), 3) != 0;
                if (sqlite3_column_type(stmt.raw(), 4) != SQLITE_NULL)
                    c.default_value = text_or_empty(stmt.raw(), 4);
                c.primary_key = sqlite3_column_int(stmt.raw(), 5) != 0;
                t.columns.push_back(std::move(c));
            }
        }
        {
            auto stmt = prepare_uncached(db, "PRAGMA foreign_key_list(" + q + ")");
            while (stmt.step()) {
                ForeignKey fk;
                fk.table = text_or_empty(stmt.raw(), 2);
                fk.from = text_or_empty(stmt.raw(), 3);
                fk.to = text_or_empty(stmt.raw(), 4);
                fk.on_update = text_or_empty(stmt.raw(), 5);
                fk.on_delete = text_or_empty(stmt.raw(), 6);
                t.foreign_keys.push_back(std::move(fk));
            }
        }
        {
            std::vector<IndexInfo> indexes;
            auto stmt = prepare_uncached(db, "PRAGMA index_list(" + q + ")");
            while (stmt.step()) {
                IndexInfo idx;
                idx.name = text_or_empty(stmt.raw(), 1);
                idx.unique = sqlite3_column_int(stmt.raw(), 2) != 0;
                indexes.push_back(std::move(idx));
            }
            for (auto& idx : indexes) {
                // (quirk) an index whose name is not a safe identifier is skipped
                if (!safe_identifier(idx.name))
                    continue;
                auto info = prepare_uncached(db, "PRAGMA index_info(" + quote_identifier(idx.name) + ")");
                while (info.step()) {
                    if (sqlite3_column_type(info.raw(), 2) == SQLITE_NULL)
                        continue;  // expression part
                    idx.columns.push_back(text_or_empty(info.raw(), 2));
                }
                t.indexes.push_back(std::move(idx));
            }
        }
        t.sorted_order.resize(t.columns.size());
        for (size_t i = 0; i < t.columns.size(); ++i)
            t.sorted_order[i] = i;
        std::sort(t.sorted_order.begin(), t.sorted_order.end(),
                  [&t](size_t a, size_t b) { return t.columns[a].name < t.columns[b].name; });
        schema.by_name_[t.name] = schema.tables_.size();
        schema.tables_.push_back(std::move(t));
    }
    // by_name_ iterates in byte-wise name order already
    schema.sorted_.reserve(schema.tables_.size());
    for (const auto& [name, index] : schema.by_name_)
        schema.sorted_.push_back(index);
    return schema;
}

std::vector<const TableInfo*> Schema::sorted_tables() const {
    std::vector<const TableInfo*> out;
    out.reserve(sorted_.size());
    for (size_t i : sorted_)
        out.push_back(&tables_[i]);
    return out;
}

const TableInfo* Schema::table(std::string_view name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : &tables_[it->second];
}

std::vector<const TableInfo*> Schema::collections() const {
    std::vector<const TableInfo*> out;
    for (auto* t : sorted_tables())
        if (t->kind == TableKind::Collection)
            out.push_back(t);
    return out;
}

std::vector<const TableInfo*> Schema::groups_of(std::string_view collection, TableKind kind) const {
    const char* marker = kind == TableKind::Vector ? "_vector_" : kind == TableKind::Set ? "_set_" : "_time_series_";
    std::string prefix = std::string(collection) + marker;
    std::vector<const TableInfo*> out;
    for (auto* t : sorted_tables()) {
        if (t->kind == kind && t->parent == collection && starts_with(t->name, prefix))
            out.push_back(t);
    }
    return out;
}

namespace {
const TableInfo* table_for_attribute(const Schema& s, std::string_view collection, std::string_view attribute,
                                     TableKind kind, const char* marker) {
    std::string exact = std::string(collection) + marker + std::string(attribute);
    if (const TableInfo* t = s.table(exact); t && t->kind == kind)
        return t;
    for (auto* t : s.sorted_tables()) {
        if (t->kind == kind && t->parent == collection && t->column(attribute))
            return t;
    }
    return nullptr;
}
}  // namespace

const TableInfo* Schema::vector_table_for_attribute(std::string_view c, std::string_view a) const {
    return table_for_attribute(*this, c, a, TableKind::Vector, "_vector_");
}

const TableInfo* Schema::set_table_for_attribute(std::string_view c, std::string_view a) const {
    return table_for_attribute(*this, c, a, TableKind::Set, "_set_");
}

const TableInfo* Schema::time_series_table(std::string_view collection, std::string_view group) const {
    const TableInfo* t = table(std::string(collection) + "_time_series_" + std::string(group));
    return t && t->kind == TableKind::TimeSeries ? t : nullptr;
}

const TableInfo* Schema::files_table(std::string_view collection) const {
    const TableInfo* t = table(std::string(collection) + "_time_series_files");
    return t && t->kind == TableKind::TimeSeriesFiles ? t : nullptr;
}

std::vector<const TableInfo*> Schema::tables_for_array(std::string_view collection, std::string_view name) const {
    std::vector<const TableInfo*> out;
    const TableInfo* exact = table(std::string(collection) + "_vector_" + std::string(name));
    if (exact && exact->kind == TableKind::Vector)
        out.push_back(exact);
    for (auto* t : sorted_tables()) {
        if (t == exact || t->parent != collection)
            continue;
        if (t->kind != TableKind::Vector && t->kind != TableKind::Set && t->kind != TableKind::TimeSeries)
            continue;
        if (t->column(name))
            out.push_back(t);
    }
    return out;
}

std::optional<std::string> Schema::dimension_column(const TableInfo& table) {
    for (auto* c : table.sorted_columns()) {
        if (c->name == "id")
            continue;
        if (c->type == DataType::DateTime || starts_with(c->name, "date_"))
            return c->name;
    }
    return std::nullopt;
}

}  // namespace quiver
