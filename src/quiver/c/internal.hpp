#pragma once
// Helpers shared by every C entry point: the thread-local last error, the
// NULL-argument check, the exception barrier and the allocation helpers.
// Rule: no C++ exception crosses the C boundary; every entry runs its body in guard().
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quiver/c/database.h"
#include "quiver/c/element.h"
#include "quiver/database/element.hpp"
#include "quiver/core/error.hpp"
#include "quiver/core/handle.hpp"

struct quiver_database {
    std::shared_ptr<quiver::DatabaseHandle> handle;
};

struct quiver_element {
    quiver::Element element;
};

namespace quiver::c {

void set_last_error(std::string_view message);

// Run `body` (returning void) and turn any exception into QUIVER_ERROR + last error.
template <class F>
quiver_error_t guard(F&& body) noexcept {
    try {
        body();
        return QUIVER_OK;
    } catch (const std::bad_alloc&) {
        set_last_error("Memory allocation failed");
    } catch (const std::exception& e) {
        set_last_error(e.what());
    } catch (...) {
        set_last_error("Unknown error");
    }
    return QUIVER_ERROR;
}

// Lock the handle and run `body(Database&)`; a closed handle is an error.
template <class F>
quiver_error_t with_db(quiver_database_t* db, F&& body) noexcept {
    return guard([&] {
        std::lock_guard<std::recursive_mutex> lock(db->handle->mutex);
        if (!db->handle->db) throw quiver::Error("Database is closed");
        body(*db->handle->db);
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
    if (values.empty()) return nullptr;
    T* out = new T[values.size()];
    std::copy(values.begin(), values.end(), out);
    return out;
}

inline char** copy_strings(const std::vector<std::string>& values) {
    if (values.empty()) return nullptr;
    auto out = std::make_unique<char*[]>(values.size());
    size_t i = 0;
    try {
        for (; i < values.size(); ++i) out[i] = copy_string(values[i]);
    } catch (...) {
        while (i > 0) delete[] out[--i];
        throw;
    }
    return out.release();
}

inline void free_strings(char** values, size_t count) {
    if (!values) return;
    for (size_t i = 0; i < count; ++i) delete[] values[i];
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
    if (!type) return QUIVER_DATA_TYPE_NULL;
    switch (*type) {
        case DataType::Integer: return QUIVER_DATA_TYPE_INTEGER;
        case DataType::Real: return QUIVER_DATA_TYPE_FLOAT;
        case DataType::Text: return QUIVER_DATA_TYPE_STRING;
        case DataType::DateTime: return QUIVER_DATA_TYPE_DATE_TIME;
    }
    return QUIVER_DATA_TYPE_NULL;
}

}  // namespace quiver::c

// NULL-argument check: "Null argument: <parameter name>", checked left to right.
#define QUIVER_REQUIRE(arg)                                            \
    do {                                                               \
        if ((arg) == nullptr) {                                        \
            ::quiver::c::set_last_error("Null argument: " #arg);      \
            return QUIVER_ERROR;                                       \
        }                                                              \
    } while (0)
