#pragma once
// Values exchanged between the layers: a scalar cell (NULL, integer, real, text)
// and a typed array (one list given for a vector, set or time-series column).
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace quiver {

enum class DataType { Integer = 0, Real = 1, Text = 2, DateTime = 3 };

// Upper-case names used in messages (docs/reference/schema.md 5.1).
const char* data_type_name(DataType type);

using Null = std::monostate;
using Value = std::variant<Null, int64_t, double, std::string>;
using ArrayValue = std::variant<std::vector<int64_t>, std::vector<double>, std::vector<std::string>>;

inline bool is_null(const Value& v) { return std::holds_alternative<Null>(v); }

// Kind of a value as messages spell it: INTEGER, REAL or TEXT (NULL for Null).
const char* value_kind_name(const Value& v);

size_t array_size(const ArrayValue& a);

// Strings the engine binds are trimmed of ASCII space, tab, CR and LF at both ends.
std::string trim(std::string_view s);
// The same, as a view into `s` (no copy).
std::string_view trim_view(std::string_view s);

}  // namespace quiver
