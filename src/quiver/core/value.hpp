#pragma once
// Values exchanged between the layers: a scalar cell (NULL, integer, real, text)
// and a typed array (one list given for a vector, set or time-series column).
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace quiver {

enum class DataType { Integer = 0, Real = 1, Text = 2, DateTime = 3 };

// Upper-case names used in messages (docs/reference/schema.md 5.1).
const char* data_type_name(DataType type);

using Null = std::monostate;
using Value = std::variant<Null, int64_t, double, std::string>;
using ArrayValue = std::variant<std::vector<int64_t>, std::vector<double>, std::vector<std::string>>;

// What a Value (or an array's items) holds, by name: code switches on this, never on
// the variant's index.
enum class ValueKind { Null, Integer, Real, Text };

// The alternatives of Value and ArrayValue are in ValueKind's order (checked here, once).
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<size_t>(ValueKind::Integer), Value>, int64_t> &&
              std::is_same_v<std::variant_alternative_t<static_cast<size_t>(ValueKind::Real), Value>, double> &&
              std::is_same_v<std::variant_alternative_t<static_cast<size_t>(ValueKind::Text), Value>, std::string>);
static_assert(std::is_same_v<std::variant_alternative_t<0, ArrayValue>, std::vector<int64_t>> &&
              std::is_same_v<std::variant_alternative_t<1, ArrayValue>, std::vector<double>> &&
              std::is_same_v<std::variant_alternative_t<2, ArrayValue>, std::vector<std::string>>);

inline ValueKind kind_of(const Value& v) {
    return static_cast<ValueKind>(v.index());
}
// The kind of an array's items (Integer, Real or Text).
inline ValueKind kind_of(const ArrayValue& a) {
    return static_cast<ValueKind>(a.index() + 1);
}

inline bool is_null(const Value& v) {
    return std::holds_alternative<Null>(v);
}

// A kind as messages spell it: INTEGER, REAL, TEXT or NULL.
const char* value_kind_name(ValueKind kind);
inline const char* value_kind_name(const Value& v) {
    return value_kind_name(kind_of(v));
}

size_t array_size(const ArrayValue& a);

// Strings the engine binds are trimmed of ASCII space, tab, CR and LF at both ends.
std::string trim(std::string_view s);
// The same, as a view into `s` (no copy).
std::string_view trim_view(std::string_view s);

}  // namespace quiver
