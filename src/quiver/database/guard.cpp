// SQL guards (issue 16, items 1, 2, 8): the authorizer every connection runs under and the
// script-run scope that tightens it.
#include <algorithm>
#include <cstring>
#include <string>

#include "quiver/database/database.hpp"

namespace quiver {

namespace {

bool equals_nocase(const char* a, const char* b) {
    return a && sqlite3_stricmp(a, b) == 0;
}

}  // namespace

int Database::authorize(void* self, int action, const char* a1, const char* a2, const char*, const char*) {
    auto* db = static_cast<Database*>(self);
    // statements a script (or anyone on a read-only handle) may not run: they reach files
    // other than this database, or load code
    const char* refused = nullptr;
    bool file_touching = false;
    switch (action) {
        case SQLITE_PRAGMA:
            if (equals_nocase(a1, "writable_schema") && a2 != nullptr) {
                // always: a writable schema lets SQL corrupt the file beyond repair
                db->refusal_ = "PRAGMA writable_schema is not allowed (it can corrupt the database file)";
                return SQLITE_DENY;
            }
            if (equals_nocase(a1, "temp_store_directory") || equals_nocase(a1, "data_store_directory")) {
                file_touching = true;
                refused = "PRAGMA temp_store_directory/data_store_directory is not allowed";
            }
            break;
        case SQLITE_ATTACH:
            // VACUUM's own temporary database is attached with an empty name: harmless
            if (a1 == nullptr || a1[0] == '\0')
                break;
            file_touching = true;
            refused = "ATTACH is not allowed";
            break;
        case SQLITE_DETACH:
            file_touching = true;
            refused = "DETACH is not allowed";
            break;
        case SQLITE_FUNCTION:
            if (equals_nocase(a2, "load_extension")) {
                file_touching = true;
                refused = "load_extension() is not allowed";
            }
            break;
        default: break;
    }
    if (!file_touching)
        return SQLITE_OK;
    if (db->scripts_ == 0 && !db->options_.read_only) {
        db->privileged_cached_ = true;  // prepared for the caller: not reusable by a script
        return SQLITE_OK;
    }
    db->refusal_ = std::string(refused) + (db->options_.read_only ? " on a read-only database" : " in a Lua script") +
                   " (it reaches files other than this database)";
    return SQLITE_DENY;
}

void Database::install_authorizer() {
    sqlite3_set_authorizer(db_, &Database::authorize, this);
}

std::string Database::take_refusal() {
    std::string r;
    r.swap(refusal_);
    return r;
}

void Database::begin_script(int64_t max_value_bytes) {
    if (scripts_++ == 0 && privileged_cached_) {
        // a cached ATTACH the caller prepared must be prepared (and refused) again
        statements_->clear();
        privileged_cached_ = false;
    }
    if (max_value_bytes > 0) {
        if (script_value_caps_.empty())
            default_length_limit_ = sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, -1);
        script_value_caps_.push_back(max_value_bytes);
        int64_t cap = *std::min_element(script_value_caps_.begin(), script_value_caps_.end());
        sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, static_cast<int>(std::min<int64_t>(cap, default_length_limit_)));
    }
}

void Database::end_script(int64_t max_value_bytes) {
    if (scripts_ > 0)
        --scripts_;
    if (max_value_bytes > 0) {
        auto it = std::find(script_value_caps_.begin(), script_value_caps_.end(), max_value_bytes);
        if (it != script_value_caps_.end())
            script_value_caps_.erase(it);
        if (script_value_caps_.empty()) {
            sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, default_length_limit_);
        } else {
            int64_t cap = *std::min_element(script_value_caps_.begin(), script_value_caps_.end());
            sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, static_cast<int>(std::min<int64_t>(cap, default_length_limit_)));
        }
    }
}

}  // namespace quiver
