// common.h: version and the thread-local last error.
#include "quiver/c/common.h"

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
}  // namespace quiver::c

extern "C" {

QUIVER_C_API const char* quiver_version(void) { return QUIVER_VERSION; }

QUIVER_C_API const char* quiver_get_last_error(void) { return last_error.c_str(); }

QUIVER_C_API void quiver_clear_last_error(void) { last_error.clear(); }

QUIVER_C_API quiver_error_t quiver_set_log_callback(quiver_log_callback_t callback, void* user_data) {
    quiver::set_log_sink(callback, user_data);
    return QUIVER_OK;
}

}  // extern "C"
