#pragma once
// What a SQLite constraint failure of an element write was about (issue 18): SQLite says
// `UNIQUE constraint failed: Plant.label` or just `FOREIGN KEY constraint failed`; these
// helpers append " (<detail>)" naming the collection, the attribute and the offending value
// or id. The upstream text stays the message's prefix (docs/compatibility.md), so code that
// matches it keeps working. Any other message is returned unchanged.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "quiver/database/write_pipeline.hpp"

namespace quiver {

class Database;

namespace writes {

// What the failing call was writing.
struct WriteFacts {
    const TableInfo* collection = nullptr;
    const Scalars* scalars = nullptr;                 // values of the collection row (may be null)
    const std::vector<GroupWrite>* groups = nullptr;  // group rows (may be null)
    std::optional<int64_t> id;                        // the element, when it already has one
    bool creating = false;                            // a new element (its id is rolled back)
};

// `message` with the detail of a failed create/update appended, when it is a constraint failure.
std::string explain_constraint(Database& db, const WriteFacts& facts, const std::string& message);

}  // namespace writes
}  // namespace quiver
