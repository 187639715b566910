// common.h: version and the thread-local last error.
#include "quiver/c/common.h"

#include <string>

#include "quiver/c/internal.hpp"

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

}  // extern "C"
