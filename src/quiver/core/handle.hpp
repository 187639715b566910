#pragma once
// Shared ownership of an open Database between its C handle and the Lua runners
// created on it. Closing the C handle resets `db` under the mutex; a runner that
// still holds the DatabaseHandle then finds `db == nullptr` and fails cleanly
// instead of touching freed memory. The recursive mutex serialises every call on
// one handle (a Lua script's db: calls re-enter it from the same thread).
#include <memory>
#include <mutex>

#include "quiver/database/database.hpp"

namespace quiver {

struct DatabaseHandle {
    std::recursive_mutex mutex;
    std::unique_ptr<Database> db;
};

}  // namespace quiver
