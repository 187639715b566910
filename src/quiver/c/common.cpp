// common.h: version and the thread-local last error.
#include "quiver/c/common.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "quiver/c/internal.hpp"
#include "quiver/core/log.hpp"

namespace {
thread_local std::string last_error;
}

namespace quiver::c {
void set_last_error(std::string_view message) {
    try {
        last_error.assign(message);
    } catch (...) {
        last_error.clear();  // out of memory while reporting: keep the buffer valid
    }
}

bool report_null(std::string_view names, std::initializer_list<const void*> args) noexcept {
    for (const void* arg : args) {
        const std::string_view name = names.substr(0, names.find(','));
        if (!arg) {
            // the buffer holds the longest parameter name with room to spare; no allocation
            char message[128] = "Null argument: ";
            const size_t used = std::strlen(message);
            const size_t n = std::min(name.size(), sizeof message - used - 1);
            std::memcpy(message + used, name.data(), n);
            set_last_error(std::string_view(message, used + n));
            return true;
        }
        names.remove_prefix(std::min(names.size(), name.size() + 1));
        while (!names.empty() && names.front() == ' ')
            names.remove_prefix(1);
    }
    return false;
}
}  // namespace quiver::c

extern "C" {

QUIVER_C_API const char* quiver_version(void) {
    return QUIVER_VERSION;
}

QUIVER_C_API const char* quiver_get_last_error(void) {
    return last_error.c_str();
}

QUIVER_C_API void quiver_clear_last_error(void) {
    last_error.clear();
}

QUIVER_C_API quiver_error_t quiver_set_log_callback(quiver_log_callback_t callback, void* user_data) {
    quiver::set_log_sink(callback, user_data);
    return QUIVER_OK;
}

}  // extern "C"
