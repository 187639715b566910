// The Lua runner: sandboxed state, running a chunk, limits and interruption, and the
// conversion of a chunk's return values (lua/runner.hpp).
//
// Lua is built as C here, so a Lua error longjmps: code in this file that may raise a Lua
// error (inside protected calls and in the hook) keeps no C++ object with a destructor alive.
#include "quiver/lua/runner.hpp"

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <set>
#include <thread>

#include <sqlite3.h>

#include "quiver/core/windows.hpp"

#include "quiver/core/error.hpp"
#include "quiver/lua/bridge.hpp"

extern "C" {
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
}

namespace quiver {

namespace {

using State = LuaRunner::State;

State* state_of(lua_State* L) {
    return *static_cast<State**>(lua_getextraspace(L));
}

void limit_hook(lua_State* L, lua_Debug*);

// ---- memory: an allocator that counts the bytes of the state and enforces max_memory ----
void* counting_alloc(void* ud, void* ptr, size_t osize, size_t nsize) {
    auto* s = static_cast<State*>(ud);
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        std::free(ptr);
        s->memory_used -= old;
        return nullptr;
    }
    if (s->memory_limit != 0 && nsize > old && s->memory_used - old + nsize > s->memory_limit) {
        // Lua collects garbage and retries once, then raises "not enough memory", which a
        // script's pcall could catch: the limit is recorded and the hook armed, so the run
        // ends at its next instruction unless the retry succeeds
        s->memory_refused = true;
        s->memory_hit = true;
        s->refused_ptr = ptr;
        s->refused_size = nsize;
        lua_State* L = s->L.load(std::memory_order_acquire);
        if (L)
            lua_sethook(L, limit_hook, LUA_MASKCOUNT, 1);
        return nullptr;
    }
    void* p = std::realloc(ptr, nsize);
    if (p) {
        s->memory_used = s->memory_used - old + nsize;
        if (s->memory_hit && ptr == s->refused_ptr && nsize == s->refused_size)
            s->memory_hit = false;  // the retry
    }
    return p;
}

// ---- stopping a run from outside the Lua thread ----
// A count hook makes Lua 5.4 trace every instruction (about 2x slower), so no hook is set
// unless max_instructions asks for one. Interruption, SIGINT and the timeout instead install
// a one-shot hook asynchronously (lua_sethook may be called from a signal handler or another
// thread; lua.c does the same), which raises at the next instruction.
void limit_hook(lua_State* L, lua_Debug*);

void request_stop(State* s, LuaRunner::Stop kind) {
    int expected = 0;
    s->pending.compare_exchange_strong(expected, static_cast<int>(kind));
    lua_State* L = s->L.load(std::memory_order_acquire);
    if (L)
        lua_sethook(L, limit_hook, LUA_MASKCOUNT, 1);
}

// The run's stop check on the connection while it is active (Database::add_stop_check;
// several runs on one database each have their own): SQLite calls it every 1000 VM steps. For
// a statement of this run's thread, the steps count toward max_instructions (as 1000
// instructions) and a stop request ends the statement; another thread's statements are not
// this run's business.
int watch_progress(void* state) {
    auto* s = static_cast<State*>(state);
    if (std::this_thread::get_id() != s->thread)
        return 0;
    if (s->max_instructions != 0 && s->stop == LuaRunner::Stop::None) {
        s->instructions += 1000;
        if (s->instructions >= s->max_instructions)
            request_stop(s, LuaRunner::Stop::Instructions);
    }
    return s->pending.load() != 0 || s->stop != LuaRunner::Stop::None ? 1 : 0;
}

// ---- SIGINT: a process-wide handler installed while interruptible runs are active ----
constexpr int kSigintSlots = 64;
std::atomic<State*> g_sigint_slots[kSigintSlots];
std::atomic<int> g_sigint_handlers_running{0};
std::atomic<uint64_t> g_sigint_count{0};
std::mutex g_sigint_mutex;

// Stops every registered run; true if there was one. Called from the signal handler (POSIX) or
// the console control handler's thread (Windows), so only atomics are touched.
bool stop_registered_runs() {
    g_sigint_handlers_running.fetch_add(1);
    g_sigint_count.fetch_add(1);
    bool stopped_a_run = false;
    for (auto& slot : g_sigint_slots) {
        State* s = slot.load();
        if (s) {
            request_stop(s, LuaRunner::Stop::Interrupt);
            stopped_a_run = true;
        }
    }
    g_sigint_handlers_running.fetch_sub(1);
    return stopped_a_run;
}

#ifdef _WIN32
// Windows has no sigaction: Ctrl-C reaches a console control handler, run on a thread of its
// own. Returning FALSE passes the event on to the handlers installed before (the C runtime's,
// which Python's signal module uses, or the default that ends the process), as the POSIX
// handler passes the signal on; TRUE swallows it.
//
// A Ctrl-C that stopped a script goes on to the C runtime when the host has a SIGINT handler
// there (Python's signal module: KeyboardInterrupt, as on POSIX); otherwise it is swallowed,
// since the next handler would be the default one, which ends the process (POSIX: a stopped run
// is not passed on to SIG_DFL either). Ctrl-Break is the C runtime's SIGBREAK, which Python
// leaves at its default: swallowed when it stopped a script.
std::atomic<bool> g_crt_handles_sigint{false};

BOOL WINAPI on_console_ctrl(DWORD event) {
    if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT)
        return FALSE;
    if (!stop_registered_runs())
        return FALSE;
    return event == CTRL_C_EVENT && g_crt_handles_sigint.load() ? FALSE : TRUE;
}
bool g_console_handler_installed = false;  // guarded by g_sigint_mutex

// The host's SIGINT disposition in the C runtime, read at each run's start (standard C has no
// query-only call: set and put back, on the thread that starts the run).
bool crt_handles_sigint() {
    void (*previous)(int) = std::signal(SIGINT, SIG_IGN);
    if (previous == SIG_ERR)
        return false;
    std::signal(SIGINT, previous);
    return previous != SIG_DFL && previous != SIG_IGN;
}

void install_sigint_handler() {
    g_crt_handles_sigint.store(crt_handles_sigint());
    if (!g_console_handler_installed)
        g_console_handler_installed = SetConsoleCtrlHandler(on_console_ctrl, TRUE) != 0;
}
#else
// The handlers found in place each time on_sigint was (re)installed, oldest first. The newest
// is the one the signal is passed on to. A handler installed over ours that passes the signal
// on itself (e.g. polars' signal-hook, imported after a run) calls on_sigint again from inside
// that chain: each nesting level passes it one handler further down, so two handlers that
// chain to each other never loop (a stack overflow before this).
constexpr int kMaxPrevious = 8;
struct sigaction g_previous[kMaxPrevious];
std::atomic<int> g_previous_count{0};
std::atomic<int> g_sigint_depth{0};
std::atomic<bool> g_sigint_stopped_a_run{false};

bool same_handler(const struct sigaction& a, const struct sigaction& b) {
    if ((a.sa_flags & SA_SIGINFO) != (b.sa_flags & SA_SIGINFO))
        return false;
    return (a.sa_flags & SA_SIGINFO) ? a.sa_sigaction == b.sa_sigaction : a.sa_handler == b.sa_handler;
}

void pass_on(const struct sigaction& prev, int sig, siginfo_t* info, void* context, bool stopped_a_run) {
    if (prev.sa_flags & SA_SIGINFO) {
        if (prev.sa_sigaction)
            prev.sa_sigaction(sig, info, context);
    } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN && prev.sa_handler != nullptr) {
        prev.sa_handler(sig);
    } else if (prev.sa_handler == SIG_DFL && !stopped_a_run) {
        // no script to stop: the host's default action (terminate) as if we were not there
        sigaction(SIGINT, &prev, nullptr);
        raise(SIGINT);
    }
}

void on_sigint(int sig, siginfo_t* info, void* context) {
    const int depth = g_sigint_depth.fetch_add(1);
    // only the outermost call counts the signal and stops runs; nested calls only pass it on
    if (depth == 0)
        g_sigint_stopped_a_run.store(stop_registered_runs());
    const int index = g_previous_count.load() - 1 - depth;
    if (index >= 0)
        pass_on(g_previous[index], sig, info, context, g_sigint_stopped_a_run.load());
    g_sigint_depth.fetch_sub(1);
}

// (Re)installs on_sigint unless it is the current handler; called under g_sigint_mutex.
void install_sigint_handler() {
    struct sigaction current;
    std::memset(&current, 0, sizeof current);
    sigaction(SIGINT, nullptr, &current);
    if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == on_sigint)
        return;
    int n = g_previous_count.load();
    for (int i = 0; i < n; ++i) {
        if (same_handler(g_previous[i], current)) {
            n = i;  // an older handler is back in place: the ones recorded after it are gone
            break;
        }
    }
    if (n == kMaxPrevious) {  // keep the newest: drop the oldest
        for (int i = 1; i < kMaxPrevious; ++i)
            g_previous[i - 1] = g_previous[i];
        n = kMaxPrevious - 1;
    }
    g_previous[n] = current;
    g_previous_count.store(n + 1);
    struct sigaction action;
    std::memset(&action, 0, sizeof action);
    action.sa_sigaction = on_sigint;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
}
#endif

// Registers a run for SIGINT for its lifetime. The handler, once installed, stays (it only
// passes the signal on while no run is registered), so a Ctrl-C between two runs or during a
// run's start is still counted; it is installed again when the host replaced it since.
// `started` is the signal count when the run began: a signal since then stops the run at once.
class SigintScope {
public:
    SigintScope(bool enabled, State* state, uint64_t started) {
        if (!enabled)
            return;
        std::lock_guard<std::mutex> lock(g_sigint_mutex);
        for (auto& slot : g_sigint_slots) {
            State* empty = nullptr;
            if (slot.compare_exchange_strong(empty, state)) {
                slot_ = &slot;
                break;
            }
        }
        if (!slot_)
            return;  // more concurrent runs than slots: this one is not interruptible
        install_sigint_handler();
        if (g_sigint_count.load() != started)
            request_stop(state, LuaRunner::Stop::Interrupt);
    }
    ~SigintScope() {
        if (!slot_)
            return;
        std::lock_guard<std::mutex> lock(g_sigint_mutex);
        slot_->store(nullptr);
        // a handler on another thread may still hold the state: wait until it is done
        while (g_sigint_handlers_running.load() != 0)
            std::this_thread::yield();
    }
    SigintScope(const SigintScope&) = delete;
    SigintScope& operator=(const SigintScope&) = delete;

private:
    std::atomic<State*>* slot_ = nullptr;
};

// The timeout: a watchdog thread that stops the run at its deadline (only when a timeout is set).
class Watchdog {
public:
    Watchdog(State* state, double seconds) {
        if (seconds <= 0)
            return;
        auto deadline =
            std::chrono::steady_clock::now() +
            std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
        thread_ = std::thread([this, state, deadline] {
            std::unique_lock<std::mutex> lock(mutex_);
            if (!cv_.wait_until(lock, deadline, [this] { return done_; })) {
                request_stop(state, LuaRunner::Stop::Timeout);
            }
        });
    }
    ~Watchdog() {
        if (!thread_.joinable())
            return;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            done_ = true;
        }
        cv_.notify_one();
        thread_.join();
    }
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

private:
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool done_ = false;
};

// ---- the hook: instruction limit and stop requests (no C++ objects: it may raise) ----
// The stop that applies now, after `instructions` more instructions (None: run on).
LuaRunner::Stop due_stop(State* s, int64_t instructions) {
    if (s->stop != LuaRunner::Stop::None)
        return s->stop;
    int pending = s->pending.load();
    if (pending != 0)
        return static_cast<LuaRunner::Stop>(pending);
    if (s->memory_hit)
        return LuaRunner::Stop::Memory;
    if (s->max_instructions != 0) {
        s->instructions += instructions;
        if (s->instructions >= s->max_instructions)
            return LuaRunner::Stop::Instructions;
    }
    return LuaRunner::Stop::None;
}

[[noreturn]] void raise_stop(lua_State* L, State* s, LuaRunner::Stop stop) {
    s->stop = stop;
    // fire again at once, so a script's pcall cannot swallow the stop
    s->hook_count = 1;
    lua_sethook(L, limit_hook, LUA_MASKCOUNT, 1);
    luaL_error(L, "script stopped");
    std::abort();  // not reached: luaL_error does not return
}

void limit_hook(lua_State* L, lua_Debug*) {
    State* s = state_of(L);
    LuaRunner::Stop stop = due_stop(s, s->hook_count);
    if (stop == LuaRunner::Stop::None) {
        // a stray asynchronous hook (a request that raced with the end of a run, a memory
        // refusal the retry undid): back to normal
        if (s->max_instructions == 0) {
            lua_sethook(L, nullptr, 0, 0);
        } else {
            lua_sethook(L, limit_hook, LUA_MASKCOUNT, s->hook_count);
        }
        return;
    }
    raise_stop(L, s, stop);
}

// Calls upvalue 1 (the Lua function a guarded one wraps) with the arguments on the stack and returns
// its results: `nresults` of them, or all with LUA_MULTRET.
int call_wrapped(lua_State* L, int nresults) {
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, nresults);
    return nresults == LUA_MULTRET ? lua_gettop(L) : nresults;
}

// xpcall's message handler, wrapped: while a stop is being raised the script's handler is not
// called (Lua runs message handlers with hooks off when the error comes from a hook, so a
// looping handler could never be stopped); the stop's message goes through unchanged.
int guarded_message_handler(lua_State* L) {
    State* s = state_of(L);
    if (s->stop != LuaRunner::Stop::None || s->pending.load() != 0) {
        lua_settop(L, 1);
        return 1;
    }
    return call_wrapped(L, 1);
}

// xpcall(f, msgh, ...) with msgh wrapped by guarded_message_handler (upvalue 1: Lua's xpcall).
int guarded_xpcall(lua_State* L) {
    luaL_checktype(L, 2, LUA_TFUNCTION);  // as Lua's xpcall: "bad argument #2 to 'xpcall'"
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_message_handler, 1);
    lua_replace(L, 2);
    return call_wrapped(L, LUA_MULTRET);
}

// setmetatable refusing a metatable with a __gc field: Lua runs finalizers with hooks off, so
// no limit, timeout or Ctrl-C could stop one, during a run, after it or at close.
int guarded_setmetatable(lua_State* L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        int type = lua_rawget(L, 2);
        lua_pop(L, 1);
        if (type != LUA_TNIL) {
            return luaL_error(L,
                              "setmetatable: __gc metamethods are not allowed in scripts (a finalizer "
                              "runs outside the run's limits)");
        }
    }
    return call_wrapped(L, 1);
}

// `load` with the mode forced to text: binary chunks are not loadable from scripts.
int text_only_load(lua_State* L) {
    if (lua_gettop(L) < 3)
        lua_settop(L, 3);
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    return call_wrapped(L, LUA_MULTRET);
}

// Builds the sandbox (run in protected mode). Argument 1: the DatabaseHandle shared_ptr.
int setup_state(lua_State* L) {
    auto* handle = static_cast<const std::shared_ptr<DatabaseHandle>*>(lua_touserdata(L, 1));
    const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},       {LUA_STRLIBNAME, luaopen_string}, {LUA_TABLIBNAME, luaopen_table},
        {LUA_MATHLIBNAME, luaopen_math}, {LUA_UTF8LIBNAME, luaopen_utf8},
    };
    for (const luaL_Reg& lib : libs) {
        luaL_requiref(L, lib.name, lib.func, 1);
        lua_pop(L, 1);
    }
    lua_pushnil(L);
    lua_setglobal(L, "dofile");
    lua_pushnil(L);
    lua_setglobal(L, "loadfile");
    lua_getglobal(L, "load");
    lua_pushcclosure(L, text_only_load, 1);
    lua_setglobal(L, "load");
    lua_getglobal(L, "xpcall");
    lua_pushcclosure(L, guarded_xpcall, 1);
    lua_setglobal(L, "xpcall");
    lua_getglobal(L, "setmetatable");
    lua_pushcclosure(L, guarded_setmetatable, 1);
    lua_setglobal(L, "setmetatable");
    install_bounded_patterns(L);
    // the registry's loaded-modules table would hand the libraries back to nobody, but keep
    // `package` unreachable all the same
    lua_open_database(L, handle);
    return 0;
}

std::string chunk_name(std::string_view script, const std::string* given) {
    if (given)
        return "@" + *given;  // Lua's file form: "name:LINE: message"
    // upstream: the first 508 bytes of the script, "..." when longer (docs/reference/lua.md 3.3)
    constexpr size_t kMax = 508;
    std::string name(script.substr(0, kMax));
    if (script.size() > kMax)
        name += "...";
    return name;
}

// ---- converting returned values (no Lua error can be raised here) ----
constexpr int kMaxDepth = 200;

class Converter {
public:
    // `max_bytes` > 0 (max_memory): the converted values may not take more than that
    Converter(lua_State* L, size_t max_bytes) : L_(L), max_bytes_(max_bytes) {}

    LuaValue convert(int index, int depth) {
        index = lua_absindex(L_, index);
        count(sizeof(LuaValue));
        LuaValue v;
        switch (lua_type(L_, index)) {
            case LUA_TNIL: v.type = LuaValue::Type::Nil; break;
            case LUA_TBOOLEAN:
                v.type = LuaValue::Type::Boolean;
                v.integer = lua_toboolean(L_, index);
                break;
            case LUA_TNUMBER:
                if (lua_isinteger(L_, index)) {
                    v.type = LuaValue::Type::Integer;
                    v.integer = lua_tointeger(L_, index);
                } else {
                    v.type = LuaValue::Type::Float;
                    v.number = lua_tonumber(L_, index);
                }
                break;
            case LUA_TSTRING: {
                size_t len = 0;
                const char* s = lua_tolstring(L_, index, &len);
                count(len);
                v.type = LuaValue::Type::String;
                v.string.assign(s, len);
                break;
            }
            case LUA_TTABLE: convert_table(index, depth, v); break;
            default:
                throw Error(std::string("cannot return a ") + lua_typename(L_, lua_type(L_, index)) +
                            " value from a script (only nil, booleans, numbers, strings and tables)");
        }
        return v;
    }

private:
    void convert_table(int index, int depth, LuaValue& v) {
        if (depth >= kMaxDepth)
            throw Error("cannot return tables nested deeper than 200 levels");
        const void* id = lua_topointer(L_, index);
        if (!open_.insert(id).second)
            throw Error("cannot return a table that contains itself");
        // a table met twice is refused rather than copied again: shared sub-tables would
        // otherwise grow exponentially ({t, t} forty times over is 2^40 tables)
        if (!seen_.insert(id).second) {
            open_.erase(id);
            throw Error(
                "cannot return a table more than once (a table shared by several places in the "
                "returned value; return a copy of it)");
        }
        if (!lua_checkstack(L_, 4))
            throw Error("stack overflow while converting the returned value");
        lua_Unsigned n = lua_rawlen(L_, index);
        size_t entries = 0;
        bool array = true;
        lua_pushnil(L_);
        while (lua_next(L_, index) != 0) {
            ++entries;
            if (array) {
                lua_Integer k = 0;
                int is_int = 0;
                if (lua_type(L_, -2) == LUA_TNUMBER)
                    k = lua_tointegerx(L_, -2, &is_int);
                if (!is_int || k < 1 || static_cast<lua_Unsigned>(k) > n)
                    array = false;
            }
            lua_pop(L_, 1);
        }
        if (array && entries == n) {
            v.type = LuaValue::Type::Array;
            v.items.reserve(n);
            for (lua_Unsigned i = 1; i <= n; ++i) {
                lua_rawgeti(L_, index, static_cast<lua_Integer>(i));
                v.items.push_back(convert(-1, depth + 1));
                lua_pop(L_, 1);
            }
        } else {
            v.type = LuaValue::Type::Table;
            v.items.reserve(entries * 2);
            lua_pushnil(L_);
            while (lua_next(L_, index) != 0) {
                int kt = lua_type(L_, -2);
                if (kt != LUA_TSTRING && kt != LUA_TNUMBER && kt != LUA_TBOOLEAN) {
                    lua_pop(L_, 2);
                    throw Error(std::string("cannot return a table with a ") + lua_typename(L_, kt) +
                                " key (keys must be booleans, numbers or strings)");
                }
                // copy the key before converting: lua_tolstring must not touch the key next() uses
                lua_pushvalue(L_, -2);
                LuaValue key = convert(-1, depth + 1);
                lua_pop(L_, 1);
                LuaValue value = convert(-1, depth + 1);
                v.items.push_back(std::move(key));
                v.items.push_back(std::move(value));
                lua_pop(L_, 1);
            }
        }
        open_.erase(id);
    }

    void count(size_t bytes) {
        bytes_ += bytes;
        if (max_bytes_ != 0 && bytes_ > max_bytes_) {
            throw Error("memory limit exceeded (max_memory=" + std::to_string(max_bytes_) +
                        " bytes) converting the returned values");
        }
    }

    lua_State* L_;
    size_t max_bytes_;
    size_t bytes_ = 0;
    std::set<const void*> open_;  // tables being converted (cycle check)
    std::set<const void*> seen_;  // every table converted so far
};

}  // namespace

LuaRunner::LuaRunner(std::shared_ptr<DatabaseHandle> handle) : handle_(std::move(handle)), state_(new State) {
    state_->runner = this;
    L_ = lua_newstate(counting_alloc, state_.get());
    if (!L_)
        throw Error("Cannot create LuaRunner: out of memory");
    *static_cast<State**>(lua_getextraspace(L_)) = state_.get();
    lua_pushcfunction(L_, setup_state);
    lua_pushlightuserdata(L_, &handle_);
    if (lua_pcall(L_, 1, 0, 0) != LUA_OK) {
        std::string message = lua_type(L_, -1) == LUA_TSTRING ? lua_tostring(L_, -1) : "unknown error";
        lua_close(L_);
        L_ = nullptr;
        throw Error("Cannot create LuaRunner: " + message);
    }
}

LuaRunner::~LuaRunner() {
    if (L_)
        lua_close(L_);
}

void LuaRunner::set_limits(const LuaLimits& limits) {
    if (limits.max_instructions < 0 || limits.max_memory < 0 || limits.timeout_seconds < 0 ||
        limits.timeout_seconds != limits.timeout_seconds) {
        throw Error("Cannot set_limits: limits must be >= 0 (0 switches a limit off)");
    }
    std::lock_guard<std::mutex> lock(run_mutex_);
    limits_ = limits;
}

void LuaRunner::interrupt() {
    // only while a run is active (State::L is set for its duration): otherwise dropped
    if (state_->L.load(std::memory_order_acquire))
        request_stop(state_.get(), Stop::Interrupt);
}

std::string LuaRunner::stop_message() const {
    switch (state_->stop) {
        case Stop::Instructions:
            return "Lua error: instruction limit exceeded (max_instructions=" +
                   std::to_string(limits_.max_instructions) + ")";
        case Stop::Memory:
            return "Lua error: memory limit exceeded (max_memory=" + std::to_string(limits_.max_memory) + " bytes)";
        case Stop::Timeout: {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%g", limits_.timeout_seconds);
            return std::string("Lua error: timeout exceeded (timeout=") + buf + " s)";
        }
        case Stop::Interrupt: return "Lua error: script interrupted";
        case Stop::None: break;
    }
    return "";
}

namespace {

struct GlobalToSet {
    const std::string* name;
    const LuaValue* value;
};

// Runs inside lua_pcall: a memory error longjmps over these frames, which own nothing.
void push_lua_value(lua_State* L, const LuaValue& v, int depth) {
    if (depth > 200)
        luaL_error(L, "value nested more than 200 deep");
    luaL_checkstack(L, 3, "value too deep");
    switch (v.type) {
        case LuaValue::Type::Nil: lua_pushnil(L); return;
        case LuaValue::Type::Boolean: lua_pushboolean(L, v.integer != 0); return;
        case LuaValue::Type::Integer: lua_pushinteger(L, static_cast<lua_Integer>(v.integer)); return;
        case LuaValue::Type::Float: lua_pushnumber(L, v.number); return;
        case LuaValue::Type::String: lua_pushlstring(L, v.string.data(), v.string.size()); return;
        case LuaValue::Type::Array: {
            lua_createtable(L, static_cast<int>(v.items.size()), 0);
            lua_Integer i = 0;
            for (const LuaValue& item : v.items) {
                push_lua_value(L, item, depth + 1);
                lua_rawseti(L, -2, ++i);
            }
            return;
        }
        case LuaValue::Type::Table: {
            lua_createtable(L, 0, static_cast<int>(v.items.size() / 2));
            for (size_t i = 0; i + 1 < v.items.size(); i += 2) {
                if (v.items[i].type == LuaValue::Type::Nil)
                    luaL_error(L, "a table key is nil");
                push_lua_value(L, v.items[i], depth + 1);
                push_lua_value(L, v.items[i + 1], depth + 1);
                lua_rawset(L, -3);
            }
            return;
        }
    }
    lua_pushnil(L);
}

int set_global_protected(lua_State* L) {
    auto* g = static_cast<GlobalToSet*>(lua_touserdata(L, 1));
    push_lua_value(L, *g->value, 0);
    lua_setglobal(L, g->name->c_str());
    return 0;
}

}  // namespace

void LuaRunner::set_global(const std::string& name, const LuaValue& value) {
    std::lock_guard<std::mutex> lock(run_mutex_);
    if (name.empty() || name.find('\0') != std::string::npos) {
        throw LuaScriptError("Lua error: a global name must be a non-empty string without NUL characters");
    }
    if (name == "db")
        throw LuaScriptError("Lua error: the global 'db' is the database and cannot be set");
    GlobalToSet g{&name, &value};
    lua_settop(L_, 0);
    lua_pushcfunction(L_, set_global_protected);
    lua_pushlightuserdata(L_, &g);
    if (lua_pcall(L_, 1, 0, 0) != LUA_OK) {
        std::string msg = lua_type(L_, -1) == LUA_TSTRING ? lua_tostring(L_, -1) : "unknown error";
        lua_settop(L_, 0);
        throw LuaScriptError("Lua error: cannot set global '" + name + "': " + msg);
    }
}

void pattern_steps(lua_State* L, int steps) {
    State* s = state_of(L);
    if (s->L.load(std::memory_order_acquire) == nullptr)
        return;  // no run in progress
    LuaRunner::Stop stop = due_stop(s, steps);
    if (stop != LuaRunner::Stop::None)
        raise_stop(L, s, stop);
}

std::vector<LuaValue> LuaRunner::run(std::string_view script, const std::string* given_name) {
    const uint64_t sigint_started = g_sigint_count.load();
    std::lock_guard<std::mutex> lock(run_mutex_);
    last_interrupted_ = false;
    State& s = *state_;
    bool started_in_transaction = false;
    bool started_in_dry_run = false;
    {
        std::lock_guard<std::recursive_mutex> db_lock(handle_->mutex);
        if (!handle_->db)
            throw LuaScriptError("Lua error: Database is closed");
        // interruption and SQL limits compose with other runs on this database (database.cpp, guard.cpp)
        handle_->db->add_stop_check(watch_progress, &s);
        handle_->db->begin_script(limits_.max_memory);
        started_in_transaction = handle_->db->in_transaction();
        started_in_dry_run = handle_->db->in_dry_run();
    }
    const int64_t script_cap = limits_.max_memory;
    s.thread = std::this_thread::get_id();
    s.stop = Stop::None;
    s.instructions = 0;
    s.memory_refused = false;
    s.memory_hit = false;
    s.memory_limit = static_cast<size_t>(limits_.max_memory);
    s.max_instructions = limits_.max_instructions;
    s.pending.store(0);
    if (limits_.max_instructions != 0) {
        int64_t every = limits_.max_instructions / 100;
        s.hook_count = static_cast<int>(every < 1 ? 1 : (every > 1000 ? 1000 : every));
        lua_sethook(L_, limit_hook, LUA_MASKCOUNT, s.hook_count);
    } else {
        lua_sethook(L_, nullptr, 0, 0);
    }
    lua_settop(L_, 0);
    lua_pushcfunction(L_, lua::traceback_handler);
    std::string name = chunk_name(script, given_name);
    int status = luaL_loadbufferx(L_, script.data(), script.size(), name.c_str(), "t");
    if (status == LUA_OK) {
        s.L.store(L_, std::memory_order_release);  // stop requests are taken from here on
        SigintScope sigint(sigint_, &s, sigint_started);
        Watchdog watchdog(&s, limits_.timeout_seconds);
        status = lua_pcall(L_, 0, LUA_MULTRET, 1);
    }  // the watchdog has joined and no SIGINT handler holds the state any more
    s.L.store(nullptr, std::memory_order_release);
    {
        std::lock_guard<std::recursive_mutex> db_lock(handle_->mutex);
        if (handle_->db) {
            handle_->db->remove_stop_check(watch_progress, &s);
            handle_->db->end_script(script_cap);
            // a failed run does not leave behind a transaction it opened itself (upstream did:
            // later writes then joined it and were lost when the database closed)
            // (only this thread's: another thread's transaction is never touched, handle.hpp)
            if (status != LUA_OK && !started_in_transaction && handle_->tx_owner == std::this_thread::get_id()) {
                try {
                    if (handle_->db->in_transaction())
                        handle_->db->rollback();
                } catch (...) {
                }
                handle_->tx_owner = std::thread::id();
                handle_->tx_ended.notify_all();
            }
            // likewise a dry run it began itself ends (rolled back, as every dry run)
            if (status != LUA_OK && !started_in_dry_run && handle_->db->in_dry_run()) {
                try {
                    handle_->db->end_dry_run();
                } catch (...) {
                }
            }
        }
    }
    lua_sethook(L_, nullptr, 0, 0);  // also undoes a request that came after the chunk ended
    // a request that interrupted a db: call's SQL before the hook could see it
    if (status != LUA_OK && s.stop == Stop::None && s.pending.load() != 0)
        s.stop = static_cast<Stop>(s.pending.load());
    if (status == LUA_OK && s.stop == Stop::None && s.memory_hit)
        s.stop = Stop::Memory;  // caught, then returned
    if (status == LUA_OK && s.stop == Stop::None) {
        std::vector<LuaValue> results;
        try {
            Converter converter(L_, static_cast<size_t>(limits_.max_memory));
            int top = lua_gettop(L_);
            results.reserve(static_cast<size_t>(top - 1));
            for (int i = 2; i <= top; ++i)
                results.push_back(converter.convert(i, 0));
        } catch (const std::exception& e) {
            lua_settop(L_, 0);
            throw LuaScriptError(std::string("Lua error: ") + e.what());
        }
        lua_settop(L_, 0);
        return results;
    }

    std::string message;
    if (lua_type(L_, -1) == LUA_TSTRING) {
        size_t len = 0;
        const char* text = lua_tolstring(L_, -1, &len);
        message.assign(text, len);
    }
    lua_settop(L_, 0);
    if (s.stop == Stop::None && (s.memory_hit || (s.memory_refused && (status == LUA_ERRMEM || status == LUA_ERRERR ||
                                                                       message.rfind("not enough memory", 0) == 0)))) {
        s.stop = Stop::Memory;
    }
    if (s.stop != Stop::None) {
        last_interrupted_ = s.stop == Stop::Interrupt;
        std::string text = stop_message();
        s.stop = Stop::None;
        lua_gc(L_, LUA_GCCOLLECT);
        throw LuaScriptError(text);
    }
    if (message.empty())
        message = "Unknown error";
    throw LuaScriptError("Lua error: " + message);
}

}  // namespace quiver
