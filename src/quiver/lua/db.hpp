#pragma once
// The method tables of the Lua `db` object, one per file of methods:
//   lua/db.cpp        info, transactions, queries, describe, CSV (and the registration)
//   lua/db_read.cpp   reads, metadata, time series reads, time series files reads
//   lua/db_write.cpp  create / update / delete, group writers, time series and files writes
extern "C" {
#include <lauxlib.h>
}

namespace quiver::lua {

extern const luaL_Reg kCoreMethods[];
extern const luaL_Reg kReadMethods[];
extern const luaL_Reg kWriteMethods[];

}  // namespace quiver::lua
