// element.h: the element builder (docs/reference/c-api-list.md 3.4). Values are copied verbatim;
// names and types are checked later, by the database call that consumes the element.
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "quiver/c/internal.hpp"

using quiver::c::guard;

namespace {

// count < 0, or values == NULL with count > 0 -> "Invalid values/count combination"
bool valid_count(const void* values, int32_t count) {
    return count >= 0 && (values != nullptr || count == 0);
}

quiver_error_t set_scalar(quiver_element_t* element, const char* name, quiver::Value value) {
    QUIVER_REQUIRE(element, name);
    return guard([&] { element->element.set_scalar(name, std::move(value)); });
}

// set_array_<type>: `values[0..count)` as an array of T
template <class T, class In>
quiver_error_t set_array(quiver_element_t* element, const char* name, const In* values, int32_t count) {
    QUIVER_REQUIRE(element, name);
    if (!valid_count(values, count)) {
        quiver::c::set_last_error("Invalid values/count combination");
        return QUIVER_ERROR;
    }
    return guard([&] {
        std::vector<T> v;
        v.reserve(static_cast<size_t>(count));
        for (int32_t i = 0; i < count; ++i) {
            if constexpr (std::is_same_v<T, std::string>) {
                v.emplace_back(values[i] ? values[i] : "");  // (quirk kept) a NULL entry is stored as ""
            } else {
                v.push_back(values[i]);
            }
        }
        element->element.set_array(name, quiver::ArrayValue(std::move(v)));
    });
}

}  // namespace

// The four queries of the builder's contents share one shape, written once and stamped per query;
// `out` is database.h's parameter name (the NULL-argument message names it). They cannot throw.
#define QUIVER_C_ELEMENT_QUERY(name, Out, out, value)                                        \
    QUIVER_C_API quiver_error_t quiver_element_##name(quiver_element_t* element, Out* out) { \
        QUIVER_REQUIRE(element, out);                                                        \
        *out = value;                                                                        \
        return QUIVER_OK;                                                                    \
    }

extern "C" {

QUIVER_C_API quiver_error_t quiver_element_create(quiver_element_t** out_element) {
    QUIVER_REQUIRE(out_element);
    return guard([&] { *out_element = new quiver_element(); });
}

QUIVER_C_API quiver_error_t quiver_element_destroy(quiver_element_t* element) {
    QUIVER_REQUIRE(element);
    delete element;
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_element_clear(quiver_element_t* element) {
    QUIVER_REQUIRE(element);
    element->element.clear();
    return QUIVER_OK;
}

QUIVER_C_API quiver_error_t quiver_element_set_integer(quiver_element_t* element, const char* name, int64_t value) {
    return set_scalar(element, name, quiver::Value(value));
}

QUIVER_C_API quiver_error_t quiver_element_set_float(quiver_element_t* element, const char* name, double value) {
    return set_scalar(element, name, quiver::Value(value));
}

QUIVER_C_API quiver_error_t quiver_element_set_string(quiver_element_t* element, const char* name, const char* value) {
    QUIVER_REQUIRE(element, name, value);
    return guard([&] { element->element.set_scalar(name, quiver::Value(std::string(value))); });
}

QUIVER_C_API quiver_error_t quiver_element_set_null(quiver_element_t* element, const char* name) {
    return set_scalar(element, name, quiver::Value(quiver::Null{}));
}

QUIVER_C_API quiver_error_t quiver_element_set_scalars_packed(quiver_element_t* element, const char* data,
                                                              size_t size) {
    QUIVER_REQUIRE(element);
    if (size == 0)
        return QUIVER_OK;
    QUIVER_REQUIRE(data);
    return guard([&] {
        // parse everything first so a malformed buffer sets nothing
        std::vector<std::pair<std::string_view, quiver::Value>> values;
        size_t pos = 0;
        auto bad = [&](size_t at) { throw quiver::Error("Invalid packed scalars at byte " + std::to_string(at)); };
        // errors name the offset of the record that is malformed
        auto text = [&](size_t at, size_t record) -> std::string_view {
            const void* end = std::memchr(data + at, '\0', size - at);
            if (!end)
                bad(record);
            return std::string_view(data + at, static_cast<const char*>(end) - (data + at));
        };
        while (pos < size) {
            const size_t record = pos;
            std::string_view name = text(pos, record);
            pos += name.size() + 1;
            if (pos >= size)
                bad(record);
            const int type = static_cast<unsigned char>(data[pos++]);
            switch (type) {
                case QUIVER_DATA_TYPE_INTEGER:
                case QUIVER_DATA_TYPE_FLOAT: {
                    if (size - pos < 8)
                        bad(record);
                    if (type == QUIVER_DATA_TYPE_INTEGER) {
                        int64_t v;
                        std::memcpy(&v, data + pos, 8);
                        values.emplace_back(name, quiver::Value(v));
                    } else {
                        double v;
                        std::memcpy(&v, data + pos, 8);
                        values.emplace_back(name, quiver::Value(v));
                    }
                    pos += 8;
                    break;
                }
                case QUIVER_DATA_TYPE_STRING: {
                    std::string_view v = text(pos, record);
                    values.emplace_back(name, quiver::Value(std::string(v)));
                    pos += v.size() + 1;
                    break;
                }
                case QUIVER_DATA_TYPE_NULL: values.emplace_back(name, quiver::Null{}); break;
                default: bad(record);
            }
        }
        for (auto& [name, value] : values)
            element->element.set_scalar(std::string(name), std::move(value));
    });
}

QUIVER_C_API quiver_error_t quiver_element_set_array_integer(quiver_element_t* element, const char* name,
                                                             const int64_t* values, int32_t count) {
    return set_array<int64_t>(element, name, values, count);
}

QUIVER_C_API quiver_error_t quiver_element_set_array_float(quiver_element_t* element, const char* name,
                                                           const double* values, int32_t count) {
    return set_array<double>(element, name, values, count);
}

QUIVER_C_API quiver_error_t quiver_element_set_array_string(quiver_element_t* element, const char* name,
                                                            const char* const* values, int32_t count) {
    return set_array<std::string>(element, name, values, count);
}

QUIVER_C_ELEMENT_QUERY(has_scalars, int, out_result, element->element.has_scalars() ? 1 : 0)
QUIVER_C_ELEMENT_QUERY(has_arrays, int, out_result, element->element.has_arrays() ? 1 : 0)
QUIVER_C_ELEMENT_QUERY(scalar_count, size_t, out_count, element->element.scalars().size())
QUIVER_C_ELEMENT_QUERY(array_count, size_t, out_count, element->element.arrays().size())

QUIVER_C_API quiver_error_t quiver_element_to_string(quiver_element_t* element, char** out_string) {
    QUIVER_REQUIRE(element, out_string);
    return guard([&] { *out_string = quiver::c::copy_string(element->element.to_string()); });
}

}  // extern "C"

#undef QUIVER_C_ELEMENT_QUERY
