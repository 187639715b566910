#pragma once
// Shared by the element writers (create_element, update_element, the group writers):
// FK label resolution, the type validator of docs/reference/schema.md 6, routing of arrays to group
// tables (docs/reference/schema.md 2.6) and the row writers of the group tables.
//
// Order contract (docs/reference/database-api.md 3.5 / 3.6): labels are resolved (scalars, then
// arrays) and every value is validated before the caller deletes or inserts anything.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "quiver/core/value.hpp"
#include "quiver/schema/schema.hpp"

namespace quiver {

class Database;

namespace writes {

using Scalars = std::map<std::string, Value>;
using Arrays = std::map<std::string, ArrayValue>;

// Memoises label -> id lookups within one write call.
class LabelResolver {
public:
    explicit LabelResolver(Database& db) : db_(db) {}
    // SELECT id FROM <fk.table> WHERE label = ? (label trimmed);
    // unknown -> "Failed to resolve label '<v>' to ID in table '<T>'"
    int64_t resolve(const ForeignKey& fk, const std::string& label);

private:
    Database& db_;
    std::map<std::pair<std::string, std::string>, int64_t> cache_;
};

// docs/reference/schema.md 6.1 step 1: strings for FK columns become ids, scalars (name order) then
// arrays (FK metadata of the first table the array routes to). A string for a non-FK
// INTEGER column -> "Cannot resolve attribute: '<c>' is INTEGER but received string '<v>' (not a foreign key)".
void resolve_labels(LabelResolver& resolver, const Schema& schema, const TableInfo& collection, Scalars& scalars,
                    Arrays& arrays);

// One value for column `column` of `table`: converts it to the stored form when needed
// (with `widen_integers`, an integer for a REAL column becomes a float).
// "Column '<c>' not found in table '<T>'" / "Type mismatch for column '<c>': expected <T>, got <K>"
void validate_scalar(const TableInfo& table, const std::string& name, Value& value, bool widen_integers);
// validate_scalar without widening: checks only, same messages.
void check_scalar(const TableInfo& table, const std::string& name, const Value& value);

// A non-empty list for one column: "Type mismatch for array '<c>' index 0: expected <T>, got <K>"
void validate_array(const ColumnInfo& column, ArrayValue& values, bool widen_integers);

// All lists routed to one group table of one element, columns in name order.
struct GroupWrite {
    const TableInfo* table = nullptr;
    std::vector<std::pair<const ColumnInfo*, ArrayValue*>> columns;
    size_t rows = 0;
};

// Routes every array (an empty one too when `keep_empty`) to its tables and validates
// type and length per table. `op` names the operation in the messages. Returned in write
// order: vector tables, set tables, time-series tables, each by table name.
std::vector<GroupWrite> plan_group_writes(const char* op, const Schema& schema, const TableInfo& collection,
                                          Arrays& arrays, bool keep_empty, bool widen_integers);

// "vector", "set", "time series" (messages)
const char* group_kind_name(TableKind kind);

// A column type as the group writers' messages spell it (the C API's names): INTEGER, FLOAT,
// STRING or DATE_TIME.
const char* group_type_name(DataType type);

void delete_group_rows(Database& db, const TableInfo& table, int64_t id);
void insert_group_rows(Database& db, const GroupWrite& write, int64_t id);

// Strict mode (later upstream): a float for an INTEGER column, scalar or list, is refused
// ("Type mismatch for column '<c>': expected INTEGER, got REAL").
void refuse_floats_for_integers(const TableInfo& table, const Scalars& scalars, const std::vector<GroupWrite>& groups);

// Strict mode (docs/reference/schema.md, "Date-time columns"): every text for a DATE_TIME column
// is checked and replaced by its canonical form (require_stored_date_time's message).
void canonicalise_dates(const TableInfo& table, Scalars& scalars);
void canonicalise_dates(const std::vector<GroupWrite>& groups);

// True when `collection` has a row with this id.
bool element_exists(Database& db, const TableInfo& collection, int64_t id);

}  // namespace writes
}  // namespace quiver
