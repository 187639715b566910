#pragma once
// Helpers shared by every C entry point: the thread-local last error, the
// NULL-argument check, the exception barrier, the generic engine call with its result
// packers, and the allocation helpers.
// Rule: no C++ exception crosses the C boundary; every entry runs its body in guard().
//
// A typed entry is two statements: the NULL checks, then one call of the engine member
// whose result a packer writes to the caller's out-parameters:
//     QUIVER_REQUIRE(db, collection, out_ids, out_count);
//     return call<&Database::read_element_ids>(db, to_array(out_ids, out_count), collection);
#include <cstring>
#include <initializer_list>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "quiver/c/database.h"
#include "quiver/c/element.h"
#include "quiver/core/error.hpp"
#include "quiver/core/handle.hpp"
#include "quiver/database/database.hpp"
#include "quiver/database/element.hpp"

struct quiver_database {
    std::shared_ptr<quiver::DatabaseHandle> handle;
};

struct quiver_element {
    quiver::Element element;
};

namespace quiver::c {

void set_last_error(std::string_view message);

// The NULL-argument check behind QUIVER_REQUIRE: `names` is the comma-separated list of the
// argument names; the first NULL argument sets "Null argument: <its name>" and returns true.
bool report_null(std::string_view names, std::initializer_list<const void*> args) noexcept;

// Run `body` (returning void) and turn any exception into QUIVER_ERROR + last error
// (`unknown` for one that is not a std::exception).
template <class F>
quiver_error_t guard(F&& body, const char* unknown = "Unknown error") noexcept {
    try {
        body();
        return QUIVER_OK;
    } catch (const std::bad_alloc&) {
        set_last_error("Memory allocation failed");
    } catch (const std::exception& e) {
        set_last_error(e.what());
    } catch (...) {
        set_last_error(unknown);
    }
    return QUIVER_ERROR;
}

// Take the handle's turn (HandleLock: waits while another thread's transaction is open) and
// run `body(Database&)`; a closed handle is an error.
template <class F>
quiver_error_t with_db(quiver_database_t* db, F&& body) noexcept {
    return guard([&] {
        quiver::HandleLock lock(*db->handle);
        body(lock.db());
    });
}

// Lock the handle, call the engine member `Member` with `args` and hand its result to
// `pack` (a void member: `pack()` is called after it). See the packers below.
template <auto Member, class Pack, class... Args>
quiver_error_t call(quiver_database_t* db, Pack pack, const Args&... args) noexcept {
    return with_db(db, [&](quiver::Database& d) {
        if constexpr (std::is_void_v<decltype((d.*Member)(args...))>) {
            (d.*Member)(args...);
            pack();
        } else {
            pack((d.*Member)(args...));
        }
    });
}

// ---- results handed to the caller (freed by the quiver_database_free_* functions) ----
// Allocated with new[] as upstream does; empty arrays are returned as NULL.
inline char* copy_string(std::string_view s) {
    char* out = new char[s.size() + 1];
    std::memcpy(out, s.data(), s.size());
    out[s.size()] = '\0';
    return out;
}

template <class T>
T* copy_array(const std::vector<T>& values) {
    if (values.empty())
        return nullptr;
    T* out = new T[values.size()];
    std::copy(values.begin(), values.end(), out);
    return out;
}

inline char** copy_strings(const std::vector<std::string>& values) {
    if (values.empty())
        return nullptr;
    auto out = std::make_unique<char*[]>(values.size());
    size_t i = 0;
    try {
        for (; i < values.size(); ++i)
            out[i] = copy_string(values[i]);
    } catch (...) {
        while (i > 0)
            delete[] out[--i];
        throw;
    }
    return out.release();
}

inline void free_strings(char** values, size_t count) {
    if (!values)
        return;
    for (size_t i = 0; i < count; ++i)
        delete[] values[i];
    delete[] values;
}

// ---- type codes: QUIVER_DATA_TYPE_* <-> the engine's DataType (the one place they meet) ----
// A code with no DataType (QUIVER_DATA_TYPE_NULL, an unknown code) -> nullopt.
inline std::optional<DataType> data_type_from_c(int code) {
    switch (code) {
        case QUIVER_DATA_TYPE_INTEGER: return DataType::Integer;
        case QUIVER_DATA_TYPE_FLOAT: return DataType::Real;
        case QUIVER_DATA_TYPE_STRING: return DataType::Text;
        case QUIVER_DATA_TYPE_DATE_TIME: return DataType::DateTime;
        default: return std::nullopt;
    }
}

// nullopt -> QUIVER_DATA_TYPE_NULL
inline int data_type_to_c(const std::optional<DataType>& type) {
    if (!type)
        return QUIVER_DATA_TYPE_NULL;
    switch (*type) {
        case DataType::Integer: return QUIVER_DATA_TYPE_INTEGER;
        case DataType::Real: return QUIVER_DATA_TYPE_FLOAT;
        case DataType::Text: return QUIVER_DATA_TYPE_STRING;
        case DataType::DateTime: return QUIVER_DATA_TYPE_DATE_TIME;
    }
    return QUIVER_DATA_TYPE_NULL;
}

// ---- packers for call(): each writes the outputs only once the result is complete ----

template <class T>
struct Flat;  // C representation of std::vector<T>: a new[] array (NULL when empty)

template <>
struct Flat<int64_t> {
    using type = int64_t*;
    static type make(const std::vector<int64_t>& v) { return copy_array(v); }
    static void release(type p, size_t) { delete[] p; }
};

template <>
struct Flat<double> {
    using type = double*;
    static type make(const std::vector<double>& v) { return copy_array(v); }
    static void release(type p, size_t) { delete[] p; }
};

template <>
struct Flat<std::string> {
    using type = char**;
    static type make(const std::vector<std::string>& v) { return copy_strings(v); }
    static void release(type p, size_t n) { free_strings(p, n); }
};

// std::vector<T> -> (array, count)
template <class Out>
auto to_array(Out* out_values, size_t* out_count) {
    return [=](const auto& values) {
        *out_values = Flat<typename std::decay_t<decltype(values)>::value_type>::make(values);
        *out_count = values.size();
    };
}

// std::optional<T> -> (value, has_value). A number is left unwritten without a value (upstream);
// a string is a new[] copy or NULL.
template <class Out>
auto to_optional(Out* out_value, int* out_has_value) {
    return [=](const auto& v) {
        if constexpr (std::is_same_v<Out, char*>) {
            *out_value = v ? copy_string(*v) : nullptr;
        } else if (v) {
            *out_value = *v;
        }
        *out_has_value = v ? 1 : 0;
    };
}

// a plain value (bool -> 0/1 when the output is an int)
template <class Out>
auto to_value(Out* out) {
    return [=](const auto& v) { *out = static_cast<Out>(v); };
}

// a void member: nothing to hand out
inline auto nothing() {
    return [] {};
}

}  // namespace quiver::c

// NULL-argument check of each argument, left to right: the first NULL one sets
// "Null argument: <parameter name>" and the entry returns QUIVER_ERROR.
#define QUIVER_REQUIRE(...)                                        \
    do {                                                           \
        if (::quiver::c::report_null(#__VA_ARGS__, {__VA_ARGS__})) \
            return QUIVER_ERROR;                                   \
    } while (0)
