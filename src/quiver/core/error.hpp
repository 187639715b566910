#pragma once
// The exception type the engine throws (SchemaError below only adds where). Its text is the
// user-facing message: the C layer copies it into the thread-local last error unchanged.
#include <stdexcept>
#include <string>
#include <utility>

namespace quiver {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// An Error about one table of a schema (loading or validating it): from_schema and migrations
// catch it to add where the table is declared (schema/source_line.hpp).
class SchemaError : public Error {
public:
    SchemaError(const std::string& message, std::string table) : Error(message), table_(std::move(table)) {}
    const std::string& table() const { return table_; }

private:
    std::string table_;
};

}  // namespace quiver
