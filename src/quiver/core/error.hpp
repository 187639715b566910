#pragma once
// The one exception type the engine throws. Its text is the user-facing message:
// the C layer copies it into the thread-local last error unchanged.
#include <stdexcept>
#include <string>

namespace quiver {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace quiver
