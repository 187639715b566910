#pragma once
// The Lua runner: one sandboxed Lua 5.4 state bound to a database handle (global `db`),
// run limits (instructions, memory, time) and interruption (another thread or SIGINT).
//   lua/runner.cpp   state, sandbox, run, limits, conversion of returned values
//   lua/bridge.hpp   the exception barrier and argument readers the db methods use
//   lua/db*.cpp      the db methods (docs/reference/lua.md section 3.7 and the later-upstream additions)
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "quiver/core/handle.hpp"

struct lua_State;

namespace quiver {

// A value a script returned, converted (see quiver_lua_value_t in include/quiver/c/lua_runner.h).
struct LuaValue {
    enum class Type { Nil, Boolean, Integer, Float, String, Array, Table };
    Type type = Type::Nil;
    int64_t integer = 0;
    double number = 0.0;
    std::string string;
    std::vector<LuaValue> items;  // Array: values; Table: key, value, key, value, ...
};

struct LuaLimits {
    int64_t max_instructions = 0;  // 0 = off
    int64_t max_memory = 0;        // bytes; 0 = off
    double timeout_seconds = 0.0;  // 0 = off
};

// Raised by LuaRunner::run; what() is the complete runner error ("Lua error: ...").
class LuaScriptError : public std::runtime_error {
public:
    explicit LuaScriptError(const std::string& message) : std::runtime_error(message) {}
};

class LuaRunner {
public:
    explicit LuaRunner(std::shared_ptr<DatabaseHandle> handle);
    ~LuaRunner();
    LuaRunner(const LuaRunner&) = delete;
    LuaRunner& operator=(const LuaRunner&) = delete;

    // Compiles (text chunks only) and runs `script`; returns what it returned. Failures throw
    // LuaScriptError. Calls from several threads are serialised.
    // `chunk_name`, when given, names the script in error messages as Lua names a file
    // ("name:LINE: ..."); otherwise upstream's first-line name ([string "..."]).
    std::vector<LuaValue> run(std::string_view script, const std::string* chunk_name = nullptr);

    // Sets the global `name` for this and later runs (script parameters), the value converted
    // as returned values are but the other way round (Array -> list 1..n, Table -> key/value
    // pairs). `db` and names with a NUL byte are refused; tables nest at most 200 deep.
    void set_global(const std::string& name, const LuaValue& value);

    void set_limits(const LuaLimits& limits);
    void set_sigint(bool enabled) { sigint_ = enabled; }
    // Thread-safe: the run in progress fails soon with "Lua error: script interrupted".
    void interrupt();
    bool was_interrupted() const { return last_interrupted_; }

    // ---- used by the hook and the allocator (lua/runner.cpp) ----
    enum class Stop { None, Instructions, Memory, Timeout, Interrupt };
    struct State {
        LuaRunner* runner = nullptr;
        size_t memory_used = 0;
        size_t memory_limit = 0;  // 0 = off
        bool memory_refused = false;
        // a refusal not (yet) undone by a successful retry after Lua's emergency collection:
        // the limit is hit, and the run ends at its next instruction even if pcall caught it
        bool memory_hit = false;
        void* refused_ptr = nullptr;
        size_t refused_size = 0;
        std::thread::id thread;  // the thread the run is on (its SQL is charged to it)
        int64_t instructions = 0;
        int64_t max_instructions = 0;  // 0 = off
        int hook_count = 1000;
        // set while a chunk runs: asynchronous stop requests (interrupt, SIGINT, timeout) need it
        std::atomic<lua_State*> L{nullptr};
        std::atomic<int> pending{0};  // a Stop requested from another thread or a signal handler

        Stop stop = Stop::None;
    };

private:
    std::string stop_message() const;

    std::shared_ptr<DatabaseHandle> handle_;
    std::unique_ptr<State> state_;
    lua_State* L_ = nullptr;
    LuaLimits limits_;
    bool sigint_ = false;
    bool last_interrupted_ = false;
    std::mutex run_mutex_;
};

// pattern.cpp: replaces string.find/match/gmatch/gsub with the bounded matcher.
void install_bounded_patterns(lua_State* L);
// runner.cpp: `steps` steps of work done inside one C call (the pattern matcher): counted
// toward max_instructions; raises the run's stop (as the instruction hook does) when the run
// must end. Only called on a runner's state, inside a run or between runs.
void pattern_steps(lua_State* L, int steps);

// lua/db.cpp: pushes the `db` userdata for `handle` and installs its metatable and the
// `Database` method table (a global, as upstream).
// Runs inside a protected call (it may raise a Lua memory error).
void lua_open_database(lua_State* L, const std::shared_ptr<DatabaseHandle>* handle);

}  // namespace quiver
