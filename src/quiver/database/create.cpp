// create_element (docs/reference/database-api.md 3.2-3.5): scalars into the collection table, arrays
// routed to vector/set/time-series tables. Labels are resolved and every value is
// validated before the first write; the writes run in one WriteTransaction.
#include "quiver/core/error.hpp"
#include "quiver/database/constraint_detail.hpp"
#include "quiver/database/database.hpp"
#include "quiver/database/write_pipeline.hpp"

namespace quiver {

int64_t Database::create_element(const std::string& collection, const Element& element, bool widen_integers) {
    static constexpr const char* op = "create_element";
    require_writable(op);
    const Schema& s = schema(op);
    const TableInfo& table = require_collection(op, collection);
    if (!element.has_scalars())
        throw Error("Cannot create_element: element must have at least one scalar attribute");

    // Scalars are copied only when a value changes: an FK label to resolve, a string in an
    // INTEGER column (an error), or widening. Otherwise the element's own map is used.
    bool plain = !widen_integers && !strict();  // strict: dates are canonicalised in the copy
    if (plain) {
        for (const auto& [name, value] : element.scalars()) {
            if (!std::holds_alternative<std::string>(value))
                continue;
            const ColumnInfo* column = table.column(name);
            if (column && (column->type == DataType::Integer || table.foreign_key(name))) {
                plain = false;
                break;
            }
        }
    }
    writes::Scalars copied;
    if (!plain)
        copied = element.scalars();
    writes::Arrays arrays;
    for (const auto& [name, array] : element.arrays()) {
        if (array_size(array) != 0)
            arrays.emplace(name, array);  // empty lists are ignored on create
    }
    writes::LabelResolver resolver(*this);
    writes::resolve_labels(resolver, s, table, copied, arrays);
    const writes::Scalars& scalars = plain ? element.scalars() : copied;
    if (plain) {
        for (const auto& [name, value] : scalars)
            writes::check_scalar(table, name, value);
    } else {
        for (auto& [name, value] : copied)
            writes::validate_scalar(table, name, value, widen_integers);
    }
    auto groups = writes::plan_group_writes(op, s, table, arrays, /*keep_empty=*/false, widen_integers);
    if (strict()) {
        writes::refuse_floats_for_integers(table, scalars, groups);  // strict mode (later upstream)
        writes::canonicalise_dates(table, copied);                   // issue 16, item 17
        writes::canonicalise_dates(groups);
    }

    std::string sql;
    sql.reserve(64 + 32 * scalars.size());
    sql += "INSERT INTO ";
    append_quoted(sql, table.name);
    sql += " (";
    bool first = true;
    for (const auto& [name, value] : scalars) {
        if (!first)
            sql += ", ";
        first = false;
        append_quoted(sql, table.column(name)->name);
    }
    sql += ") VALUES (?";
    for (size_t i = 1; i < scalars.size(); ++i)
        sql += ", ?";
    sql += ")";

    WriteTransaction tx(*this, op, groups.empty());
    writes::WriteFacts facts{&table, &scalars, &groups, std::nullopt, /*creating=*/true};
    int64_t id = 0;
    try {
        {
            auto stmt = prepare(sql);
            int i = 1;
            for (const auto& [name, value] : scalars)
                stmt.bind(i++, value);
            stmt.run();
        }
        id = last_insert_rowid();
        facts.id = id;
        for (const auto& group : groups)
            writes::insert_group_rows(*this, group, id);
    } catch (const Error& e) {
        // still inside the transaction: the detail is read before it rolls back
        throw Error(writes::explain_constraint(*this, facts, e.what()));
    }
    tx.commit();
    if (logger().enabled(LogLevel::Debug))
        logger().debug("create_element: " + collection + " id " + std::to_string(id));
    return id;
}

}  // namespace quiver
