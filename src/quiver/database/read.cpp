// Reads: scalar, vector and set attributes (bulk and by element id), element ids,
// element counts and the composite one-element readers (docs/reference/database-api.md 4).
//
// Every name a caller gives is resolved against the Schema first; only resolved,
// known identifiers reach SQL text (quoted), ids are bound. Statements come from the
// per-connection cache, so a repeated read re-uses its prepared statement.
//
// Cell typing ("type filtering, not conversion", docs/reference/database-api.md 4.1): an integer
// reader keeps INTEGER cells, a string reader TEXT cells, and a float reader REAL
// cells plus INTEGER cells widened to double (later-upstream fix adopted here).
// Everything else (NULL, other storage classes) is "no value": skipped by list
// readers, std::nullopt for single-value readers.
#include <algorithm>
#include <string>
#include <type_traits>

#include "quiver/core/error.hpp"
#include "quiver/database/database.hpp"
#include "quiver/database/internal.hpp"

namespace quiver {

namespace {

// ---- cell extraction per reader type ----

bool cell(const Statement& s, int i, int64_t& out) {
    if (s.column_type(i) != SQLITE_INTEGER)
        return false;
    out = s.column_int(i);
    return true;
}

bool cell(const Statement& s, int i, double& out) {
    int t = s.column_type(i);
    if (t == SQLITE_FLOAT) {
        out = s.column_double(i);
        return true;
    }
    if (t == SQLITE_INTEGER) {  // widened (later upstream)
        out = static_cast<double>(s.column_int(i));
        return true;
    }
    return false;
}

bool cell(const Statement& s, int i, std::string& out) {
    if (s.column_type(i) != SQLITE_TEXT)
        return false;
    out.assign(s.column_text(i));
    return true;
}

// A cell typed by column metadata (the composite readers): mistyped and NULL -> Null.
Value typed_cell(const Statement& s, int i, DataType type) {
    switch (type) {
        case DataType::Integer: {
            int64_t v = 0;
            return cell(s, i, v) ? Value(v) : Value(Null{});
        }
        case DataType::Real: {
            double v = 0;
            return cell(s, i, v) ? Value(v) : Value(Null{});
        }
        case DataType::Text:
        case DataType::DateTime: {
            std::string v;
            return cell(s, i, v) ? Value(std::move(v)) : Value(Null{});
        }
    }
    return Value(Null{});
}

// strict databases: a typed reader on a column of another declared type is an error (upstream
// 0.5.0 filtered: [] / None). Floats read INTEGER columns (widening), strings DATE_TIME ones.
template <class T>
void check_reader_type(const Database& db, const char* op, const TableInfo& t, const std::string& attribute) {
    if (!db.strict())
        return;
    const ColumnInfo* c = t.column(attribute);
    if (!c)
        return;
    bool ok = false;
    const char* reader = "";
    if constexpr (std::is_same_v<T, int64_t>) {
        ok = c->type == DataType::Integer;
        reader = "INTEGER";
    } else if constexpr (std::is_same_v<T, double>) {
        ok = c->type == DataType::Real || c->type == DataType::Integer;
        reader = "FLOAT";
    } else {
        ok = c->type == DataType::Text || c->type == DataType::DateTime;
        reader = "STRING";
    }
    if (!ok) {
        throw Error(std::string("Cannot ") + op + ": column '" + attribute + "' of table '" + t.name + "' is " +
                    data_type_name(c->type) + ", not " + reader + " (use the reader of its type)");
    }
}

// ---- name resolution ----

// The collection table and the scalar column `attribute` of it.
const TableInfo& scalar_table(const Database& db, const char* op, const std::string& collection,
                              const std::string& attribute) {
    const TableInfo& t = db.require_collection(op, collection);
    if (!t.column(attribute)) {
        throw Error(std::string("Cannot ") + op + ": column '" + attribute + "' not found in table '" + t.name + "'" +
                    t.did_you_mean_column(attribute));
    }
    return t;
}

// The vector (or set) table holding value column `attribute` (docs/reference/database-api.md 4.5).
const TableInfo& group_table(const Database& db, const char* op, const std::string& collection,
                             const std::string& attribute, TableKind kind) {
    const Schema& schema = db.schema(op);
    db.require_collection(op, collection);
    const TableInfo* t = kind == TableKind::Vector ? schema.vector_table_for_attribute(collection, attribute)
                                                   : schema.set_table_for_attribute(collection, attribute);
    if (!t) {
        throw Error(std::string(kind == TableKind::Vector ? "Vector" : "Set") + " attribute '" + attribute +
                    "' not found for collection '" + collection + "'");
    }
    if (!t->column(attribute)) {
        throw Error(std::string("Cannot ") + op + ": column '" + attribute + "' not found in table '" + t->name + "'");
    }
    return *t;
}

// Bulk scalar reads follow element id order whatever indexes exist (fix of the label
// quirk). Collection tables have `id INTEGER PRIMARY KEY`, so rowid order = id order.
std::string scalar_bulk_sql(const TableInfo& t, const std::string& attribute) {
    std::string sql = "SELECT " + quote_identifier(attribute) + " FROM " + quote_identifier(t.name);
    if (t.kind == TableKind::Collection)
        sql += " ORDER BY rowid";
    return sql;
}

template <class T>
std::vector<T> read_scalars(Database& db, const char* op, const std::string& collection, const std::string& attribute) {
    const TableInfo& t = scalar_table(db, op, collection, attribute);
    check_reader_type<T>(db, op, t, attribute);
    auto stmt = DatabaseInternal::prepare(db, scalar_bulk_sql(t, attribute));
    std::vector<T> out;
    T v{};
    while (stmt.step()) {
        if (cell(stmt, 0, v))
            out.push_back(std::move(v));
    }
    return out;
}

template <class T>
std::optional<T> read_scalar_by_id(Database& db, const char* op, const std::string& collection,
                                   const std::string& attribute, int64_t id) {
    const TableInfo& t = scalar_table(db, op, collection, attribute);
    check_reader_type<T>(db, op, t, attribute);
    auto stmt = DatabaseInternal::prepare(
        db, "SELECT " + quote_identifier(attribute) + " FROM " + quote_identifier(t.name) + " WHERE id = ?");
    stmt.bind_int(1, id);
    T v{};
    if (stmt.step() && cell(stmt, 0, v))
        return v;
    return std::nullopt;
}

// Bulk group reads: one inner list per element that has rows, elements by id.
template <class T>
std::vector<std::vector<T>> read_groups(Database& db, const char* op, const std::string& collection,
                                        const std::string& attribute, TableKind kind) {
    const TableInfo& t = group_table(db, op, collection, attribute, kind);
    check_reader_type<T>(db, op, t, attribute);
    const std::string col = quote_identifier(attribute);
    // set values inside an element come back in ascending value order
    const std::string order = kind == TableKind::Vector ? "id, vector_index" : "id, " + col;
    auto stmt =
        DatabaseInternal::prepare(db, "SELECT id, " + col + " FROM " + quote_identifier(t.name) + " ORDER BY " + order);
    std::vector<std::vector<T>> out;
    bool first = true;
    int64_t current = 0;
    T v{};
    while (stmt.step()) {
        int64_t id = stmt.column_int(0);
        if (first || id != current) {
            out.emplace_back();
            current = id;
            first = false;
        }
        if (cell(stmt, 1, v))
            out.back().push_back(std::move(v));
    }
    return out;
}

template <class T>
std::vector<T> read_group_by_id(Database& db, const char* op, const std::string& collection,
                                const std::string& attribute, int64_t id, TableKind kind) {
    const TableInfo& t = group_table(db, op, collection, attribute, kind);
    check_reader_type<T>(db, op, t, attribute);
    const std::string col = quote_identifier(attribute);
    const std::string order = kind == TableKind::Vector ? "vector_index" : col;
    auto stmt = DatabaseInternal::prepare(
        db, "SELECT " + col + " FROM " + quote_identifier(t.name) + " WHERE id = ? ORDER BY " + order);
    stmt.bind_int(1, id);
    std::vector<T> out;
    T v{};
    while (stmt.step()) {
        if (cell(stmt, 0, v))
            out.push_back(std::move(v));
    }
    return out;
}

// Value columns of a vector/set group table, by name (id and vector_index excluded).
std::vector<const ColumnInfo*> value_columns(const TableInfo& t) {
    std::vector<const ColumnInfo*> out;
    for (const ColumnInfo* c : t.sorted_columns()) {
        if (c->name == "id")
            continue;
        if (t.kind == TableKind::Vector && c->name == "vector_index")
            continue;
        out.push_back(c);
    }
    return out;
}

// One element's rows of one group table, column-wise; NULL / mistyped cells are Null.
void append_group_rows(Database& db, const TableInfo& t, int64_t id, std::vector<GroupColumn>& out) {
    const auto cols = value_columns(t);
    if (cols.empty())
        return;
    std::string select;
    std::string order;
    for (const ColumnInfo* c : cols) {
        if (!select.empty())
            select += ", ";
        select += quote_identifier(c->name);
    }
    order = t.kind == TableKind::Vector ? "vector_index" : select;
    auto stmt = DatabaseInternal::prepare(
        db, "SELECT " + select + " FROM " + quote_identifier(t.name) + " WHERE id = ? ORDER BY " + order);
    stmt.bind_int(1, id);
    const size_t base = out.size();
    for (const ColumnInfo* c : cols)
        out.push_back(GroupColumn{c->name, c->type, {}});
    while (stmt.step()) {
        for (size_t i = 0; i < cols.size(); ++i) {
            out[base + i].values.push_back(typed_cell(stmt, static_cast<int>(i), cols[i]->type));
        }
    }
}

const TableInfo& named_group(const Database& db, const std::string& collection, const std::string& group,
                             TableKind kind) {
    const bool vec = kind == TableKind::Vector;
    const char* op = vec ? "get_vector_metadata" : "get_set_metadata";
    const Schema& schema = db.schema(op);
    db.require_collection(op, collection);
    const TableInfo* t = schema.table(collection + (vec ? "_vector_" : "_set_") + group);
    if (!t || t->kind != kind) {
        throw Error(std::string(vec ? "Vector" : "Set") + " group not found: '" + group + "' in collection '" +
                    collection + "'");
    }
    return *t;
}

}  // namespace

// ---- scalars, all elements ----

std::vector<int64_t> Database::read_scalar_integers(const std::string& collection, const std::string& attribute) {
    return read_scalars<int64_t>(*this, "read_scalar_integers", collection, attribute);
}

std::vector<double> Database::read_scalar_floats(const std::string& collection, const std::string& attribute) {
    return read_scalars<double>(*this, "read_scalar_floats", collection, attribute);
}

std::vector<std::string> Database::read_scalar_strings(const std::string& collection, const std::string& attribute) {
    return read_scalars<std::string>(*this, "read_scalar_strings", collection, attribute);
}

size_t Database::read_scalar_strings_packed(const std::string& collection, const std::string& attribute,
                                            std::string& out) {
    const TableInfo& t = scalar_table(*this, "read_scalar_strings", collection, attribute);
    auto stmt = prepare(scalar_bulk_sql(t, attribute));
    size_t count = 0;
    while (stmt.step()) {
        if (stmt.column_type(0) != SQLITE_TEXT)
            continue;
        std::string_view v = stmt.column_text(0);
        if (size_t nul = v.find('\0'); nul != std::string_view::npos)
            v = v.substr(0, nul);  // C strings end there
        out.append(v);
        out.push_back('\0');
        ++count;
    }
    return count;
}

// ---- vectors and sets, all elements ----

std::vector<std::vector<int64_t>> Database::read_vector_integers(const std::string& collection,
                                                                 const std::string& attribute) {
    return read_groups<int64_t>(*this, "read_vector_integers", collection, attribute, TableKind::Vector);
}

std::vector<std::vector<double>> Database::read_vector_floats(const std::string& collection,
                                                              const std::string& attribute) {
    return read_groups<double>(*this, "read_vector_floats", collection, attribute, TableKind::Vector);
}

std::vector<std::vector<std::string>> Database::read_vector_strings(const std::string& collection,
                                                                    const std::string& attribute) {
    return read_groups<std::string>(*this, "read_vector_strings", collection, attribute, TableKind::Vector);
}

std::vector<std::vector<int64_t>> Database::read_set_integers(const std::string& collection,
                                                              const std::string& attribute) {
    return read_groups<int64_t>(*this, "read_set_integers", collection, attribute, TableKind::Set);
}

std::vector<std::vector<double>> Database::read_set_floats(const std::string& collection,
                                                           const std::string& attribute) {
    return read_groups<double>(*this, "read_set_floats", collection, attribute, TableKind::Set);
}

std::vector<std::vector<std::string>> Database::read_set_strings(const std::string& collection,
                                                                 const std::string& attribute) {
    return read_groups<std::string>(*this, "read_set_strings", collection, attribute, TableKind::Set);
}

// ---- scalars of one element ----

std::optional<int64_t> Database::read_scalar_integer_by_id(const std::string& collection, const std::string& attribute,
                                                           int64_t id) {
    return read_scalar_by_id<int64_t>(*this, "read_scalar_integer_by_id", collection, attribute, id);
}

std::optional<double> Database::read_scalar_float_by_id(const std::string& collection, const std::string& attribute,
                                                        int64_t id) {
    return read_scalar_by_id<double>(*this, "read_scalar_float_by_id", collection, attribute, id);
}

std::optional<std::string> Database::read_scalar_string_by_id(const std::string& collection,
                                                              const std::string& attribute, int64_t id) {
    return read_scalar_by_id<std::string>(*this, "read_scalar_string_by_id", collection, attribute, id);
}

// ---- vectors and sets of one element ----

std::vector<int64_t> Database::read_vector_integers_by_id(const std::string& collection, const std::string& attribute,
                                                          int64_t id) {
    return read_group_by_id<int64_t>(*this, "read_vector_integers_by_id", collection, attribute, id, TableKind::Vector);
}

std::vector<double> Database::read_vector_floats_by_id(const std::string& collection, const std::string& attribute,
                                                       int64_t id) {
    return read_group_by_id<double>(*this, "read_vector_floats_by_id", collection, attribute, id, TableKind::Vector);
}

std::vector<std::string> Database::read_vector_strings_by_id(const std::string& collection,
                                                             const std::string& attribute, int64_t id) {
    return read_group_by_id<std::string>(*this, "read_vector_strings_by_id", collection, attribute, id,
                                         TableKind::Vector);
}

std::vector<int64_t> Database::read_set_integers_by_id(const std::string& collection, const std::string& attribute,
                                                       int64_t id) {
    return read_group_by_id<int64_t>(*this, "read_set_integers_by_id", collection, attribute, id, TableKind::Set);
}

std::vector<double> Database::read_set_floats_by_id(const std::string& collection, const std::string& attribute,
                                                    int64_t id) {
    return read_group_by_id<double>(*this, "read_set_floats_by_id", collection, attribute, id, TableKind::Set);
}

std::vector<std::string> Database::read_set_strings_by_id(const std::string& collection, const std::string& attribute,
                                                          int64_t id) {
    return read_group_by_id<std::string>(*this, "read_set_strings_by_id", collection, attribute, id, TableKind::Set);
}

// ---- ids and counts ----

std::vector<int64_t> Database::read_element_ids(const std::string& collection) {
    const TableInfo& t = require_collection("read_element_ids", collection);
    auto stmt = prepare("SELECT id FROM " + quote_identifier(t.name) + " ORDER BY rowid");
    std::vector<int64_t> out;
    while (stmt.step())
        out.push_back(stmt.column_int(0));
    return out;
}

std::vector<Value> Database::read_scalar_values(const std::string& collection, const std::string& attribute,
                                                DataType as, const char* op) {
    const TableInfo& t = scalar_table(*this, op, collection, attribute);
    // ORDER BY rowid: the order of read_element_ids, one entry per element
    auto stmt =
        prepare("SELECT " + quote_identifier(attribute) + " FROM " + quote_identifier(t.name) + " ORDER BY rowid");
    std::vector<Value> out;
    while (stmt.step())
        out.push_back(typed_cell(stmt, 0, as));
    return out;
}

int64_t Database::number_of_elements(const std::string& collection) {
    const TableInfo& t = require_collection("number_of_elements", collection);
    auto stmt = prepare("SELECT COUNT(*) FROM " + quote_identifier(t.name));
    return stmt.step() ? stmt.column_int(0) : 0;
}

// ---- composite readers ----

std::vector<std::pair<ScalarMetadata, Value>> Database::read_scalars_by_id(const std::string& collection, int64_t id) {
    // upstream composes this from list_scalar_attributes, whose message the caller sees
    const TableInfo& t = require_collection("list_scalar_attributes", collection);
    const auto cols = t.sorted_columns();
    std::vector<std::pair<ScalarMetadata, Value>> out;
    out.reserve(cols.size());
    std::string select;
    for (const ColumnInfo* c : cols) {
        out.emplace_back();
        ScalarMetadata& m = out.back().first;
        m.name = c->name;
        m.data_type = c->type;
        m.not_null = c->not_null;
        m.primary_key = c->primary_key;
        m.default_value = c->default_value;
        if (const ForeignKey* fk = t.foreign_key(c->name)) {
            m.is_foreign_key = true;
            m.references_collection = fk->table;
            m.references_column = fk->to.empty() ? std::string("id") : fk->to;
        }
        if (!select.empty())
            select += ", ";
        select += quote_identifier(c->name);
    }
    if (cols.empty())
        return out;
    auto stmt = prepare("SELECT " + select + " FROM " + quote_identifier(t.name) + " WHERE id = ?");
    stmt.bind_int(1, id);
    if (stmt.step()) {
        for (size_t i = 0; i < cols.size(); ++i)
            out[i].second = typed_cell(stmt, static_cast<int>(i), cols[i]->type);
    }
    return out;
}

std::vector<GroupColumn> Database::read_vector_group_by_id(const std::string& collection, const std::string& group,
                                                           int64_t id) {
    const TableInfo& t = named_group(*this, collection, group, TableKind::Vector);
    std::vector<GroupColumn> out;
    append_group_rows(*this, t, id, out);
    return out;
}

std::vector<GroupColumn> Database::read_set_group_by_id(const std::string& collection, const std::string& group,
                                                        int64_t id) {
    const TableInfo& t = named_group(*this, collection, group, TableKind::Set);
    std::vector<GroupColumn> out;
    append_group_rows(*this, t, id, out);
    return out;
}

std::vector<GroupColumn> Database::read_vectors_by_id(const std::string& collection, int64_t id) {
    const Schema& s = schema("list_vector_groups");  // upstream composes this from list_vector_groups
    require_collection("read_vectors_by_id", collection);
    std::vector<GroupColumn> out;
    for (const TableInfo* t : s.groups_of(collection, TableKind::Vector))
        append_group_rows(*this, *t, id, out);
    return out;
}

std::vector<GroupColumn> Database::read_sets_by_id(const std::string& collection, int64_t id) {
    const Schema& s = schema("list_set_groups");  // upstream composes this from list_set_groups
    require_collection("read_sets_by_id", collection);
    std::vector<GroupColumn> out;
    for (const TableInfo* t : s.groups_of(collection, TableKind::Set))
        append_group_rows(*this, *t, id, out);
    return out;
}

}  // namespace quiver
