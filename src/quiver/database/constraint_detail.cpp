// The detail appended to SQLite constraint failures of element writes (constraint_detail.hpp).
// Everything here only reads, inside the failing call's still-open transaction, and never
// throws: if a lookup fails the original message is returned as it was.
#include "quiver/database/constraint_detail.hpp"

#include <cstdio>
#include <set>
#include <string_view>

#include "quiver/core/ascii.hpp"
#include "quiver/core/error.hpp"
#include "quiver/database/database.hpp"
#include "quiver/database/internal.hpp"

namespace quiver::writes {

namespace {

constexpr std::string_view kExecute = "Failed to execute statement: ";
constexpr std::string_view kUnique = "UNIQUE constraint failed: ";
constexpr std::string_view kNotNull = "NOT NULL constraint failed: ";
constexpr std::string_view kForeignKey = "FOREIGN KEY constraint failed";

std::string show(const Value& value) {
    switch (kind_of(value)) {
        case ValueKind::Integer: return std::to_string(std::get<int64_t>(value));
        case ValueKind::Real: {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.17g", std::get<double>(value));
            return buf;
        }
        case ValueKind::Text: {
            // a long text is cut (at a UTF-8 character boundary): the message names it, not copies it
            const std::string& text = std::get<std::string>(value);
            constexpr size_t kShown = 60;
            if (text.size() <= kShown)
                return "'" + text + "'";
            size_t cut = kShown;
            while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
                --cut;
            return "'" + text.substr(0, cut) + "...' (" + std::to_string(text.size()) + " bytes)";
        }
        case ValueKind::Null: break;
    }
    return "NULL";
}

Value item(const ArrayValue& values, size_t i) {
    return std::visit([i](const auto& v) -> Value { return Value(v[i]); }, values);
}

// "T.a, T.b" -> ("T", {"a", "b"})
std::pair<std::string, std::vector<std::string>> split_columns(std::string_view list) {
    std::pair<std::string, std::vector<std::string>> out;
    while (!list.empty()) {
        size_t comma = list.find(", ");
        std::string_view one = list.substr(0, comma);
        size_t dot = one.find('.');
        if (dot != std::string_view::npos) {
            out.first = std::string(one.substr(0, dot));
            out.second.emplace_back(one.substr(dot + 1));
        }
        if (comma == std::string_view::npos)
            break;
        list.remove_prefix(comma + 2);
    }
    return out;
}

const Value* given_scalar(const WriteFacts& facts, std::string_view column) {
    if (!facts.scalars)
        return nullptr;
    for (const auto& [name, value] : *facts.scalars) {
        if (ascii_iequal(name, column))
            return &value;
    }
    return nullptr;
}

const GroupWrite* group_for(const WriteFacts& facts, std::string_view table) {
    if (!facts.groups)
        return nullptr;
    for (const GroupWrite& g : *facts.groups) {
        if (g.table && ascii_iequal(g.table->name, table))
            return &g;
    }
    return nullptr;
}

// "Plant element 5: ", or for a new element "new Plant 'p2': " (its id is rolled back)
std::string element_of(const WriteFacts& facts) {
    const std::string& name = facts.collection->name;
    if (facts.creating || !facts.id) {
        const Value* label = given_scalar(facts, "label");
        if (label && kind_of(*label) == ValueKind::Text)
            return "new " + name + " " + show(*label) + ": ";
        return "new " + name + " element: ";
    }
    return name + " element " + std::to_string(*facts.id) + ": ";
}

// the first id of `table` whose `column` holds `value` (other than `except`)
std::optional<int64_t> holder(Database& db, const std::string& table, const std::string& column, const Value& value,
                              std::optional<int64_t> except) {
    std::string sql = "SELECT id FROM " + quote_identifier(table) + " WHERE " + quote_identifier(column) + " = ?";
    if (except)
        sql += " AND id != ?";
    sql += " LIMIT 1";
    auto stmt = DatabaseInternal::prepare(db, sql);
    stmt.bind(1, value);
    if (except)
        stmt.bind_int(2, *except);
    if (!stmt.step())
        return std::nullopt;
    return stmt.column_int(0);
}

bool target_exists(Database& db, const ForeignKey& fk, const Value& value) {
    const std::string to = fk.to.empty() ? "id" : fk.to;
    auto stmt = DatabaseInternal::prepare(
        db, "SELECT 1 FROM " + quote_identifier(fk.table) + " WHERE " + quote_identifier(to) + " = ? LIMIT 1");
    stmt.bind(1, value);
    return stmt.step();
}

std::string unique_detail(Database& db, const WriteFacts& facts, std::string_view list) {
    auto [table, columns] = split_columns(list);
    const TableInfo& coll = *facts.collection;
    if (ascii_iequal(table, coll.name) && columns.size() == 1) {
        const Value* value = given_scalar(facts, columns[0]);
        if (!value)
            return "";
        std::string detail = coll.name + " '" + columns[0] + "' = " + show(*value) + " is already used";
        if (auto other = holder(db, coll.name, columns[0], *value, facts.creating ? std::nullopt : facts.id))
            detail += " by element " + std::to_string(*other);
        return detail;
    }
    // a group table: the same value (or dimension) twice for one element
    const GroupWrite* group = group_for(facts, table);
    if (!group)
        return "";
    std::vector<std::pair<const ColumnInfo*, const ArrayValue*>> keys;
    for (const std::string& c : columns) {
        if (ascii_iequal(c, "id"))
            continue;
        for (const auto& [info, values] : group->columns) {
            if (ascii_iequal(info->name, c))
                keys.emplace_back(info, values);
        }
    }
    if (keys.empty())
        return "";
    std::set<std::vector<std::string>> seen;
    for (size_t r = 0; r < group->rows; ++r) {
        std::vector<std::string> row;
        for (const auto& [info, values] : keys)
            row.push_back(show(item(*values, r)));
        if (seen.insert(row).second)
            continue;
        std::string detail = element_of(facts);
        for (size_t k = 0; k < keys.size(); ++k)
            detail += (k ? ", '" : "'") + keys[k].first->name + "' = " + row[k];
        return detail + " given more than once (row " + std::to_string(r + 1) + ")";
    }
    return "";
}

std::string not_null_detail(const WriteFacts& facts, std::string_view list) {
    auto [table, columns] = split_columns(list);
    if (columns.size() != 1)
        return "";
    if (ascii_iequal(table, facts.collection->name))
        return element_of(facts) + "'" + columns[0] + "' needs a value";
    const std::string& coll = facts.collection->name;
    if (table.size() > coll.size() && ascii_iequal(std::string_view(table).substr(0, coll.size() + 1), coll + "_"))
        return element_of(facts) + "'" + columns[0] + "' needs a value in every row of '" + table + "'";
    return "";
}

std::string foreign_key_detail(Database& db, const WriteFacts& facts) {
    const TableInfo& coll = *facts.collection;
    if (facts.scalars) {
        for (const auto& [name, value] : *facts.scalars) {
            const ColumnInfo* column = coll.column(name);
            const ForeignKey* fk = column ? coll.foreign_key(column->name) : nullptr;
            if (fk && kind_of(value) != ValueKind::Null && !target_exists(db, *fk, value)) {
                return coll.name + " '" + column->name + "' = " + show(value) + ": no " + fk->table + " has id " +
                       show(value);
            }
        }
    }
    // group rows point at their element: a write to an id that does not exist
    if (!facts.creating && facts.id && !holder(db, coll.name, "id", Value(*facts.id), std::nullopt))
        return "no " + coll.name + " has id " + std::to_string(*facts.id);
    if (!facts.groups)
        return "";
    for (const GroupWrite& g : *facts.groups) {
        for (const auto& [info, values] : g.columns) {
            const ForeignKey* fk = g.table->foreign_key(info->name);
            if (!fk)
                continue;
            for (size_t r = 0; r < g.rows; ++r) {
                Value v = item(*values, r);
                if (kind_of(v) != ValueKind::Null && !target_exists(db, *fk, v)) {
                    return element_of(facts) + "'" + info->name + "' row " + std::to_string(r + 1) + " = " + show(v) +
                           ": no " + fk->table + " has id " + show(v);
                }
            }
        }
    }
    return "";
}

}  // namespace

std::string explain_constraint(Database& db, const WriteFacts& facts, const std::string& message) {
    std::string_view m = message;
    if (!facts.collection || m.substr(0, kExecute.size()) != kExecute)
        return message;
    m.remove_prefix(kExecute.size());
    try {
        std::string detail;
        if (m.substr(0, kUnique.size()) == kUnique)
            detail = unique_detail(db, facts, m.substr(kUnique.size()));
        else if (m.substr(0, kNotNull.size()) == kNotNull)
            detail = not_null_detail(facts, m.substr(kNotNull.size()));
        else if (m == kForeignKey)
            detail = foreign_key_detail(db, facts);
        return detail.empty() ? message : message + " (" + detail + ")";
    } catch (const std::exception&) {
        return message;  // the detail is a courtesy: never replace the real error
    }
}

}  // namespace quiver::writes
