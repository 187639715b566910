#pragma once
// Engine-internal access to Database's private statement cache, for the helper functions of
// Database's member files that are not members themselves (the read templates of read.cpp,
// the group writers, the write pipeline). Only database/*.cpp include it: the C layer, CSV
// and the Lua binding work through Database's public methods (CSV through members).
#include <string>

#include "quiver/database/database.hpp"

namespace quiver {

struct DatabaseInternal {
    static Statement prepare(Database& db, const std::string& sql) { return db.prepare(sql); }
};

}  // namespace quiver
