// Whole-group writers (later upstream): update_vector_group / update_set_group replace
// the rows of one element in one named vector/set table. Columns are validated, FK
// labels resolved and types checked before the DELETE; the writes run in one
// WriteTransaction, so a rejected call leaves the group exactly as it was.
#include <set>

#include "quiver/core/date_time.hpp"
#include "quiver/core/error.hpp"
#include "quiver/database/constraint_detail.hpp"
#include "quiver/database/database.hpp"
#include "quiver/database/internal.hpp"
#include "quiver/database/write_pipeline.hpp"

namespace quiver {

namespace {

// The type a caller gave for a column, as the messages spell it (no type: a column of NULLs)
const char* given_type_name(const std::optional<DataType>& type) {
    return type ? writes::group_type_name(*type) : "NULL";
}

void update_group(Database& db, const char* op, TableKind kind, const std::string& collection, const std::string& group,
                  int64_t id, const std::vector<GroupColumn>& columns) {
    const std::string prefix = std::string("Cannot ") + op + ": ";
    db.require_writable(op);
    const Schema& s = db.schema(op);
    const TableInfo& coll = db.require_collection(op, collection);
    const bool vector = kind == TableKind::Vector;
    const TableInfo* table = s.table(collection + (vector ? "_vector_" : "_set_") + group);
    if (!table || table->kind != kind) {
        throw Error(std::string(vector ? "Vector" : "Set") + " group not found: '" + group + "' in collection '" +
                    collection + "'");
    }

    // column names: managed / unknown / repeated
    std::vector<const ColumnInfo*> targets;
    std::set<std::string> seen;
    for (const auto& c : columns) {
        if (c.name == "id" || (vector && c.name == "vector_index")) {
            throw Error(prefix + "column '" + c.name + "' is managed by the group table, not a value column");
        }
        const ColumnInfo* info = table->column(c.name);
        if (!info) {
            throw Error(prefix + "column '" + c.name + "' not found in group '" + group + "' for collection '" +
                        collection + "'");
        }
        if (!seen.insert(c.name).second)
            throw Error(prefix + "column '" + c.name + "' given more than once");
        targets.push_back(info);
    }
    const size_t rows = columns.empty() ? 0 : columns.front().values.size();
    for (const auto& c : columns) {
        if (c.values.size() != rows) {
            throw Error(prefix + "columns in group '" + group + "' must have the same number of rows");
        }
    }
    if (!columns.empty() && rows == 0) {
        std::string names;
        for (const auto& c : columns)
            names += (names.empty() ? "" : ", ") + c.name;
        throw Error(prefix + "columns [" + names + "] contain no rows; pass no columns to clear the group");
    }
    if (!writes::element_exists(db, coll, id)) {
        throw Error("Element not found: " + std::to_string(id) + " in collection '" + collection + "'");
    }

    // resolve labels and check every cell before writing anything
    writes::LabelResolver resolver(db);
    std::vector<std::vector<Value>> cells(columns.size());
    for (size_t c = 0; c < columns.size(); ++c) {
        const ColumnInfo& info = *targets[c];
        const ForeignKey* fk = table->foreign_key(info.name);
        auto& out = cells[c];
        out.reserve(rows);
        auto mismatch = [&] {
            return Error(prefix + "column '" + info.name + "' has type " + writes::group_type_name(info.type) +
                         " but received " + given_type_name(columns[c].type));
        };
        for (const Value& v : columns[c].values) {
            Value cell = v;
            switch (kind_of(cell)) {
                case ValueKind::Null: break;
                case ValueKind::Integer:  // INTEGER, or widened for REAL
                    if (info.type == DataType::Real) {
                        cell = Value(static_cast<double>(std::get<int64_t>(cell)));
                    } else if (info.type != DataType::Integer) {
                        throw mismatch();
                    }
                    break;
                case ValueKind::Real:
                    if (info.type != DataType::Real) {
                        throw mismatch();
                    }
                    break;
                case ValueKind::Text:
                    if (info.type == DataType::Integer) {
                        const auto& label = std::get<std::string>(cell);
                        if (!fk) {
                            throw Error("Cannot resolve attribute: '" + info.name +
                                        "' is INTEGER but received string '" + label + "' (not a foreign key)");
                        }
                        cell = Value(resolver.resolve(*fk, label));
                    } else if (info.type == DataType::Real) {
                        throw mismatch();
                    } else if (info.type == DataType::DateTime && db.strict()) {  // issue 16, item 17
                        cell = Value(require_stored_date_time(std::get<std::string>(cell), info.name, table->name));
                    }
                    break;
            }
            out.push_back(std::move(cell));
        }
    }

    Database::WriteTransaction tx(db);
    try {
        writes::delete_group_rows(db, *table, id);
        if (rows > 0) {
            std::string sql = "INSERT INTO " + quote_identifier(table->name) + " (id";
            std::string params = "?";
            if (vector) {
                sql += ", vector_index";
                params += ", ?";
            }
            for (const ColumnInfo* info : targets) {
                sql += ", " + quote_identifier(info->name);
                params += ", ?";
            }
            sql += ") VALUES (" + params + ")";
            auto stmt = DatabaseInternal::prepare(db, sql);
            const int first = vector ? 3 : 2;
            for (size_t r = 0; r < rows; ++r) {
                sqlite3_reset(stmt.raw());
                stmt.bind_int(1, id);
                if (vector)
                    stmt.bind_int(2, static_cast<int64_t>(r) + 1);
                for (size_t c = 0; c < cells.size(); ++c)
                    stmt.bind(first + static_cast<int>(c), cells[c][r]);
                stmt.run();
            }
        }
    } catch (const Error& e) {
        throw Error(writes::explain_constraint(db, writes::WriteFacts{&coll, nullptr, nullptr, id}, e.what()));
    }
    tx.commit();
    if (db.logger().enabled(LogLevel::Debug)) {
        db.logger().debug(std::string(op) + ": " + table->name + " id " + std::to_string(id) + ", " +
                          std::to_string(rows) + " rows");
    }
}

}  // namespace

void Database::update_vector_group(const std::string& collection, const std::string& group, int64_t id,
                                   const std::vector<GroupColumn>& columns) {
    update_group(*this, "update_vector_group", TableKind::Vector, collection, group, id, columns);
}

void Database::update_set_group(const std::string& collection, const std::string& group, int64_t id,
                                const std::vector<GroupColumn>& columns) {
    update_group(*this, "update_set_group", TableKind::Set, collection, group, id, columns);
}

}  // namespace quiver
