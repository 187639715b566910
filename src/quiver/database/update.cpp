// update_element (docs/reference/database-api.md 3.6): partial scalar update; each list replaces the
// element's rows in every table it routes to ([] clears). Everything is resolved and
// validated before the first write (a rejected call never clears a group), and the
// writes run in one WriteTransaction (a savepoint inside the caller's transaction).
#include "quiver/core/error.hpp"
#include "quiver/database/constraint_detail.hpp"
#include "quiver/database/database.hpp"
#include "quiver/database/write_pipeline.hpp"

namespace quiver {

void Database::update_element(const std::string& collection, int64_t id, const Element& element, bool widen_integers) {
    static constexpr const char* op = "update_element";
    require_writable(op);
    const Schema& s = schema(op);
    const TableInfo& table = require_collection(op, collection);
    if (!element.has_scalars() && !element.has_arrays()) {
        throw Error("Cannot update_element: element must have at least one attribute to update");
    }

    writes::Scalars scalars = element.scalars();
    writes::Arrays arrays = element.arrays();
    writes::LabelResolver resolver(*this);
    writes::resolve_labels(resolver, s, table, scalars, arrays);
    for (auto& [name, value] : scalars)
        writes::validate_scalar(table, name, value, widen_integers);
    auto groups = writes::plan_group_writes(op, s, table, arrays, /*keep_empty=*/true, widen_integers);
    if (strict()) {
        writes::refuse_floats_for_integers(table, scalars, groups);  // later upstream (issue 17)
        writes::canonicalise_dates(table, scalars);                  // issue 16, item 17
        writes::canonicalise_dates(groups);
    }

    WriteTransaction tx(*this);
    if (strict())
        require_element(op, table, id);
    writes::WriteFacts facts{&table, &scalars, &groups, id};
    try {
        if (!scalars.empty()) {
            std::string sql = "UPDATE " + quote_identifier(table.name) + " SET ";
            bool first = true;
            for (const auto& [name, value] : scalars) {
                if (!first)
                    sql += ", ";
                first = false;
                sql += quote_identifier(table.column(name)->name) + " = ?";
            }
            sql += " WHERE id = ?";
            auto stmt = prepare(sql);
            int i = 1;
            for (const auto& [name, value] : scalars)
                stmt.bind(i++, value);
            stmt.bind_int(i, id);
            stmt.run();
        }
        for (const auto& group : groups) {
            writes::delete_group_rows(*this, *group.table, id);
            writes::insert_group_rows(*this, group, id);
        }
    } catch (const Error& e) {
        // still inside the transaction: the detail is read before it rolls back
        throw Error(writes::explain_constraint(*this, facts, e.what()));
    }
    tx.commit();
    if (logger().enabled(LogLevel::Debug))
        logger().debug("update_element: " + collection + " id " + std::to_string(id));
}

}  // namespace quiver
