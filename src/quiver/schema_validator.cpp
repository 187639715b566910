// Schema validation rules V1-V23 (schema.md 4).
// TODO(schema helper): only V1 so far; the full rule set lands with the data-model issue.
#include "quiver/error.hpp"
#include "quiver/schema.hpp"

namespace quiver {

void validate_schema(const Schema& schema) {
    if (!schema.table("Configuration")) {
        throw Error("Schema validation error: Schema must have a 'Configuration' table");
    }
}

}  // namespace quiver
