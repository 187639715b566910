#include "quiver/core/value.hpp"

#include <cstdio>
#include <string>

#include "quiver/database/element.hpp"

namespace quiver {

const char* data_type_name(DataType type) {
    switch (type) {
        case DataType::Integer: return "INTEGER";
        case DataType::Real: return "REAL";
        case DataType::Text: return "TEXT";
        case DataType::DateTime: return "DATE_TIME";
    }
    return "UNKNOWN";
}

const char* value_kind_name(ValueKind kind) {
    switch (kind) {
        case ValueKind::Integer: return "INTEGER";
        case ValueKind::Real: return "REAL";
        case ValueKind::Text: return "TEXT";
        case ValueKind::Null: break;
    }
    return "NULL";
}

size_t array_size(const ArrayValue& a) {
    return std::visit([](const auto& vec) { return vec.size(); }, a);
}

std::string_view trim_view(std::string_view s) {
    auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    size_t b = 0, e = s.size();
    while (b < e && is_ws(s[b]))
        ++b;
    while (e > b && is_ws(s[e - 1]))
        --e;
    return s.substr(b, e - b);
}

std::string trim(std::string_view s) {
    return std::string(trim_view(s));
}

namespace {
std::string scalar_text(const Value& v) {
    switch (kind_of(v)) {
        case ValueKind::Integer: return std::to_string(std::get<int64_t>(v));
        case ValueKind::Real: return std::to_string(std::get<double>(v));
        case ValueKind::Text: return "\"" + std::get<std::string>(v) + "\"";
        case ValueKind::Null: break;
    }
    return "null";
}
}  // namespace

std::string Element::to_string() const {
    std::string out = "Element {\n";
    if (!scalars_.empty()) {
        out += "  scalars:\n";
        for (const auto& [name, v] : scalars_)
            out += "    " + name + ": " + scalar_text(v) + "\n";
    }
    if (!arrays_.empty()) {
        out += "  arrays:\n";
        for (const auto& [name, arr] : arrays_) {
            out += "    " + name + ": [";
            std::visit(
                [&](const auto& vec) {
                    for (size_t i = 0; i < vec.size(); ++i) {
                        if (i)
                            out += ", ";
                        out += scalar_text(Value(vec[i]));
                    }
                },
                arr);
            out += "]\n";
        }
    }
    out += "}";
    return out;
}

}  // namespace quiver
