#include "quiver/database/write_pipeline.hpp"

#include <algorithm>

#include "quiver/core/date_time.hpp"
#include "quiver/core/error.hpp"
#include "quiver/database/database.hpp"
#include "quiver/database/internal.hpp"

namespace quiver::writes {

int64_t LabelResolver::resolve(const ForeignKey& fk, const std::string& label) {
    std::string key = trim(label);
    auto it = cache_.find({fk.table, key});
    if (it != cache_.end())
        return it->second;
    auto stmt = DatabaseInternal::prepare(db_, "SELECT id FROM " + quote_identifier(fk.table) + " WHERE label = ?");
    stmt.bind_text(1, key);
    if (!stmt.step() || stmt.column_type(0) != SQLITE_INTEGER) {
        throw Error("Failed to resolve label '" + label + "' to ID in table '" + fk.table + "'");
    }
    int64_t id = stmt.column_int(0);
    cache_.emplace(std::make_pair(fk.table, std::move(key)), id);
    return id;
}

namespace {

[[noreturn]] void not_a_foreign_key(const std::string& column, const std::string& value) {
    throw Error("Cannot resolve attribute: '" + column + "' is INTEGER but received string '" + value +
                "' (not a foreign key)");
}

}  // namespace

void resolve_labels(LabelResolver& resolver, const Schema& schema, const TableInfo& collection, Scalars& scalars,
                    Arrays& arrays) {
    for (auto& [name, value] : scalars) {
        auto* text = std::get_if<std::string>(&value);
        if (!text)
            continue;
        const ColumnInfo* column = collection.column(name);
        if (!column)
            continue;  // reported by validate_scalar
        if (const ForeignKey* fk = collection.foreign_key(name)) {
            value = Value(resolver.resolve(*fk, *text));
        } else if (column->type == DataType::Integer) {
            not_a_foreign_key(name, *text);
        }
    }
    for (auto& [name, array] : arrays) {
        auto* texts = std::get_if<std::vector<std::string>>(&array);
        if (!texts || texts->empty())
            continue;
        auto tables = schema.tables_for_array(collection.name, name);
        if (tables.empty())
            continue;  // reported by routing
        const ColumnInfo* column = tables.front()->column(name);
        if (!column)
            continue;
        if (const ForeignKey* fk = tables.front()->foreign_key(name)) {
            std::vector<int64_t> ids;
            ids.reserve(texts->size());
            for (const auto& label : *texts)
                ids.push_back(resolver.resolve(*fk, label));
            array = ArrayValue(std::move(ids));
        } else if (column->type == DataType::Integer) {
            not_a_foreign_key(name, texts->front());
        }
    }
}

namespace {

bool kind_accepted(DataType column, ValueKind kind) {
    switch (column) {
        case DataType::Integer: return true;  // floats pass (SQLite decides), strings were resolved
        case DataType::Real: return kind == ValueKind::Real;
        case DataType::Text:
        case DataType::DateTime: return kind == ValueKind::Text;
    }
    return false;
}

}  // namespace

void check_scalar(const TableInfo& table, const std::string& name, const Value& value) {
    const ColumnInfo* column = table.column(name);
    if (!column)
        throw Error("Column '" + name + "' not found in table '" + table.name + "'" + table.did_you_mean_column(name));
    if (is_null(value))
        return;
    if (kind_accepted(column->type, kind_of(value)))
        return;
    throw Error("Type mismatch for column '" + name + "': expected " + data_type_name(column->type) + ", got " +
                value_kind_name(value));
}

void validate_scalar(const TableInfo& table, const std::string& name, Value& value, bool widen_integers) {
    if (widen_integers && kind_of(value) == ValueKind::Integer) {
        const ColumnInfo* column = table.column(name);
        if (column && column->type == DataType::Real) {
            value = Value(static_cast<double>(std::get<int64_t>(value)));
            return;
        }
    }
    check_scalar(table, name, value);
}

void validate_array(const ColumnInfo& column, ArrayValue& values, bool widen_integers) {
    if (array_size(values) == 0)
        return;
    const ValueKind kind = kind_of(values);
    if (kind_accepted(column.type, kind))
        return;
    if (widen_integers && column.type == DataType::Real && kind == ValueKind::Integer) {
        const auto& ints = std::get<std::vector<int64_t>>(values);
        values = ArrayValue(std::vector<double>(ints.begin(), ints.end()));
        return;
    }
    throw Error("Type mismatch for array '" + column.name + "' index 0: expected " + data_type_name(column.type) +
                ", got " + value_kind_name(kind));
}

const char* group_type_name(DataType type) {
    if (type == DataType::Real)
        return "FLOAT";
    if (type == DataType::Text)
        return "STRING";
    return data_type_name(type);  // INTEGER, DATE_TIME
}

const char* group_kind_name(TableKind kind) {
    switch (kind) {
        case TableKind::Vector: return "vector";
        case TableKind::Set: return "set";
        case TableKind::TimeSeries: return "time series";
        default: return "group";
    }
}

namespace {

int kind_rank(TableKind kind) {
    switch (kind) {
        case TableKind::Vector: return 0;
        case TableKind::Set: return 1;
        default: return 2;
    }
}

}  // namespace

std::vector<GroupWrite> plan_group_writes(const char* op, const Schema& schema, const TableInfo& collection,
                                          Arrays& arrays, bool keep_empty, bool widen_integers) {
    // 1. every array must route somewhere (all names checked before anything else)
    std::vector<GroupWrite> writes;
    for (auto& [name, array] : arrays) {
        if (!keep_empty && array_size(array) == 0)
            continue;
        auto tables = schema.tables_for_array(collection.name, name);
        if (tables.empty()) {
            throw Error(std::string("Cannot ") + op + ": array '" + name +
                        "' does not match any vector, set, or time series table in collection '" + collection.name +
                        "'");
        }
        for (const TableInfo* table : tables) {
            auto it = std::find_if(writes.begin(), writes.end(), [&](const GroupWrite& w) { return w.table == table; });
            if (it == writes.end()) {
                writes.push_back(GroupWrite{table, {}, 0});
                it = writes.end() - 1;
            }
            const ColumnInfo* column = table->column(name);
            if (!column)
                throw Error("Column '" + name + "' not found in table '" + table->name + "'");
            it->columns.emplace_back(column, &array);
        }
    }
    std::sort(writes.begin(), writes.end(), [](const GroupWrite& a, const GroupWrite& b) {
        int ra = kind_rank(a.table->kind), rb = kind_rank(b.table->kind);
        return ra != rb ? ra < rb : a.table->name < b.table->name;
    });
    // 2. per table, per column (name order): type, then length against the first column
    for (auto& w : writes) {
        std::sort(w.columns.begin(), w.columns.end(),
                  [](const auto& a, const auto& b) { return a.first->name < b.first->name; });
        for (size_t i = 0; i < w.columns.size(); ++i) {
            auto& [column, array] = w.columns[i];
            validate_array(*column, *array, widen_integers);
            size_t n = array_size(*array);
            if (i == 0) {
                w.rows = n;
            } else if (n != w.rows) {
                throw Error(std::string("Cannot ") + op + ": " + group_kind_name(w.table->kind) +
                            " columns in table '" + w.table->name + "' must have the same length");
            }
        }
    }
    return writes;
}

void delete_group_rows(Database& db, const TableInfo& table, int64_t id) {
    auto stmt = DatabaseInternal::prepare(db, "DELETE FROM " + quote_identifier(table.name) + " WHERE id = ?");
    stmt.bind_int(1, id);
    stmt.run();
}

void insert_group_rows(Database& db, const GroupWrite& write, int64_t id) {
    if (write.rows == 0)
        return;
    const bool vector = write.table->kind == TableKind::Vector;
    std::string sql = "INSERT INTO " + quote_identifier(write.table->name) + " (id";
    std::string params = "?";
    if (vector) {
        sql += ", vector_index";
        params += ", ?";
    }
    for (const auto& [column, array] : write.columns) {
        sql += ", " + quote_identifier(column->name);
        params += ", ?";
    }
    sql += ") VALUES (" + params + ")";
    auto stmt = DatabaseInternal::prepare(db, sql);
    const int first = vector ? 3 : 2;
    for (size_t row = 0; row < write.rows; ++row) {
        sqlite3_reset(stmt.raw());
        stmt.bind_int(1, id);
        if (vector)
            stmt.bind_int(2, static_cast<int64_t>(row) + 1);
        for (size_t c = 0; c < write.columns.size(); ++c) {
            int index = first + static_cast<int>(c);
            std::visit(
                [&](const auto& vec) {
                    using T = typename std::decay_t<decltype(vec)>::value_type;
                    if constexpr (std::is_same_v<T, int64_t>) {
                        stmt.bind_int(index, vec[row]);
                    } else if constexpr (std::is_same_v<T, double>) {
                        stmt.bind_double(index, vec[row]);
                    } else {
                        stmt.bind_text(index, trim(vec[row]));
                    }
                },
                *write.columns[c].second);
        }
        stmt.run();
    }
}

void canonicalise_dates(const TableInfo& table, Scalars& scalars) {
    for (auto& [name, value] : scalars) {
        const ColumnInfo* column = table.column(name);
        auto* text = std::get_if<std::string>(&value);
        if (column && text && column->type == DataType::DateTime)
            *text = require_stored_date_time(*text, column->name, table.name);
    }
}

void canonicalise_dates(const std::vector<GroupWrite>& groups) {
    for (const GroupWrite& w : groups) {
        for (const auto& [column, array] : w.columns) {
            auto* texts = std::get_if<std::vector<std::string>>(array);
            if (column->type != DataType::DateTime || !texts)
                continue;
            for (auto& text : *texts)
                text = require_stored_date_time(text, column->name, w.table->name);
        }
    }
}

bool element_exists(Database& db, const TableInfo& collection, int64_t id) {
    auto stmt = DatabaseInternal::prepare(db, "SELECT 1 FROM " + quote_identifier(collection.name) + " WHERE id = ?");
    stmt.bind_int(1, id);
    return stmt.step();
}

void refuse_floats_for_integers(const TableInfo& table, const Scalars& scalars, const std::vector<GroupWrite>& groups) {
    for (const auto& [name, value] : scalars) {
        const ColumnInfo* column = table.column(name);
        if (column && column->type == DataType::Integer && kind_of(value) == ValueKind::Real) {
            throw Error("Type mismatch for column '" + name + "': expected INTEGER, got REAL");
        }
    }
    for (const GroupWrite& w : groups) {
        for (const auto& [column, array] : w.columns) {
            if (column->type == DataType::Integer && array_size(*array) != 0 && kind_of(*array) == ValueKind::Real) {
                throw Error("Type mismatch for array '" + column->name + "' index 0: expected INTEGER, got REAL");
            }
        }
    }
}

}  // namespace quiver::writes
