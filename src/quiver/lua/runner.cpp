// The Lua runner: sandboxed state, running a chunk, limits and interruption, and the
// conversion of a chunk's return values (lua/runner.hpp).
//
// Lua is built as C here, so a Lua error longjmps: code in this file that may raise a Lua
// error (inside protected calls and in the hook) keeps no C++ object with a destructor alive.
#include "quiver/lua/runner.hpp"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <chrono>
#include <condition_variable>
#include <set>
#include <thread>

#include <sqlite3.h>

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

State* state_of(lua_State* L) { return *static_cast<State**>(lua_getextraspace(L)); }

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
        s->memory_refused = true;  // Lua collects garbage and retries once, then raises
        return nullptr;
    }
    void* p = std::realloc(ptr, nsize);
    if (p) s->memory_used = s->memory_used - old + nsize;
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
    if (L) lua_sethook(L, limit_hook, LUA_MASKCOUNT, 1);
}

// Registered as the database's stop check while a chunk runs (Database::add_stop_check): a stop
// request also ends a long statement inside a db: call.
int stop_requested(void* state) { return static_cast<State*>(state)->pending.load() != 0 ? 1 : 0; }

// ---- SIGINT: a process-wide handler installed while interruptible runs are active ----
constexpr int kSigintSlots = 64;
std::atomic<State*> g_sigint_slots[kSigintSlots];
std::atomic<int> g_sigint_handlers_running{0};
std::atomic<uint64_t> g_sigint_count{0};
std::mutex g_sigint_mutex;
struct sigaction g_previous_action;

void on_sigint(int sig, siginfo_t* info, void* context) {
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
    // pass the signal on, so the host (e.g. Python's handler) sees it too
    const struct sigaction& prev = g_previous_action;
    if (prev.sa_flags & SA_SIGINFO) {
        if (prev.sa_sigaction) prev.sa_sigaction(sig, info, context);
    } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN && prev.sa_handler != nullptr) {
        prev.sa_handler(sig);
    } else if (prev.sa_handler == SIG_DFL && !stopped_a_run) {
        // no script to stop: the host's default action (terminate) as if we were not there
        sigaction(SIGINT, &prev, nullptr);
        raise(SIGINT);
    }
}

// Registers a run for SIGINT for its lifetime. The handler, once installed, stays (it only
// passes the signal on while no run is registered), so a Ctrl-C between two runs or during a
// run's start is still counted; it is installed again when the host replaced it since.
// `started` is the signal count when the run began: a signal since then stops the run at once.
class SigintScope {
public:
    SigintScope(bool enabled, State* state, uint64_t started) {
        if (!enabled) return;
        std::lock_guard<std::mutex> lock(g_sigint_mutex);
        for (auto& slot : g_sigint_slots) {
            State* empty = nullptr;
            if (slot.compare_exchange_strong(empty, state)) {
                slot_ = &slot;
                break;
            }
        }
        if (!slot_) return;  // more concurrent runs than slots: this one is not interruptible
        struct sigaction current;
        std::memset(&current, 0, sizeof current);
        sigaction(SIGINT, nullptr, &current);
        if (!(current.sa_flags & SA_SIGINFO) || current.sa_sigaction != on_sigint) {
            struct sigaction action;
            std::memset(&action, 0, sizeof action);
            action.sa_sigaction = on_sigint;
            action.sa_flags = SA_SIGINFO;
            sigemptyset(&action.sa_mask);
            sigaction(SIGINT, &action, &g_previous_action);
        }
        if (g_sigint_count.load() != started) request_stop(state, LuaRunner::Stop::Interrupt);
    }
    ~SigintScope() {
        if (!slot_) return;
        std::lock_guard<std::mutex> lock(g_sigint_mutex);
        slot_->store(nullptr);
        // a handler on another thread may still hold the state: wait until it is done
        while (g_sigint_handlers_running.load() != 0) std::this_thread::yield();
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
        if (seconds <= 0) return;
        auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(seconds));
        thread_ = std::thread([this, state, deadline] {
            std::unique_lock<std::mutex> lock(mutex_);
            if (!cv_.wait_until(lock, deadline, [this] { return done_; })) {
                request_stop(state, LuaRunner::Stop::Timeout);
            }
        });
    }
    ~Watchdog() {
        if (!thread_.joinable()) return;
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
void limit_hook(lua_State* L, lua_Debug*) {
    State* s = state_of(L);
    LuaRunner::Stop stop = s->stop;
    if (stop == LuaRunner::Stop::None) {
        int pending = s->pending.load();
        if (pending != 0) {
            stop = static_cast<LuaRunner::Stop>(pending);
        } else if (s->max_instructions != 0) {
            s->instructions += s->hook_count;
            if (s->instructions >= s->max_instructions) stop = LuaRunner::Stop::Instructions;
        }
    }
    if (stop == LuaRunner::Stop::None) {
        // a stray asynchronous hook (a request that raced with the end of a run): back to normal
        if (s->max_instructions == 0) lua_sethook(L, nullptr, 0, 0);
        return;
    }
    s->stop = stop;
    // fire again at once, so a script's pcall cannot swallow the stop
    s->hook_count = 1;
    lua_sethook(L, limit_hook, LUA_MASKCOUNT, 1);
    luaL_error(L, "script stopped");
}

// `load` with the mode forced to text: binary chunks are not loadable from scripts.
int text_only_load(lua_State* L) {
    if (lua_gettop(L) < 3) lua_settop(L, 3);
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
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
    // the registry's loaded-modules table would hand the libraries back to nobody, but keep
    // `package` unreachable all the same
    lua_open_database(L, handle);
    return 0;
}

std::string chunk_name(std::string_view script) {
    // upstream: the first 508 bytes of the script, "..." when longer (docs/reference/lua.md 3.3)
    constexpr size_t kMax = 508;
    std::string name(script.substr(0, kMax));
    if (script.size() > kMax) name += "...";
    return name;
}

// ---- converting returned values (no Lua error can be raised here) ----
constexpr int kMaxDepth = 200;

class Converter {
public:
    explicit Converter(lua_State* L) : L_(L) {}

    LuaValue convert(int index, int depth) {
        index = lua_absindex(L_, index);
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
        if (depth >= kMaxDepth) throw Error("cannot return tables nested deeper than 200 levels");
        const void* id = lua_topointer(L_, index);
        if (!open_.insert(id).second) throw Error("cannot return a table that contains itself");
        if (!lua_checkstack(L_, 4)) throw Error("stack overflow while converting the returned value");
        lua_Unsigned n = lua_rawlen(L_, index);
        size_t entries = 0;
        bool array = true;
        lua_pushnil(L_);
        while (lua_next(L_, index) != 0) {
            ++entries;
            if (array) {
                lua_Integer k = 0;
                int is_int = 0;
                if (lua_type(L_, -2) == LUA_TNUMBER) k = lua_tointegerx(L_, -2, &is_int);
                if (!is_int || k < 1 || static_cast<lua_Unsigned>(k) > n) array = false;
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

    lua_State* L_;
    std::set<const void*> open_;  // tables being converted (cycle check)
};

}  // namespace

LuaRunner::LuaRunner(std::shared_ptr<DatabaseHandle> handle) : handle_(std::move(handle)), state_(new State) {
    state_->runner = this;
    L_ = lua_newstate(counting_alloc, state_.get());
    if (!L_) throw Error("Cannot create LuaRunner: out of memory");
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
    if (L_) lua_close(L_);
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
    if (state_->L.load(std::memory_order_acquire)) request_stop(state_.get(), Stop::Interrupt);
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

std::vector<LuaValue> LuaRunner::run(std::string_view script) {
    const uint64_t sigint_started = g_sigint_count.load();
    std::lock_guard<std::mutex> lock(run_mutex_);
    last_interrupted_ = false;
    State& s = *state_;
    bool started_in_transaction = false;
    {
        std::lock_guard<std::recursive_mutex> db_lock(handle_->mutex);
        if (!handle_->db) throw LuaScriptError("Lua error: Database is closed");
        handle_->db->add_stop_check(stop_requested, &s);
        started_in_transaction = handle_->db->in_transaction();
    }
    s.stop = Stop::None;
    s.instructions = 0;
    s.memory_refused = false;
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
    std::string name = chunk_name(script);
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
            handle_->db->remove_stop_check(stop_requested, &s);
            // a failed run does not leave behind a transaction it opened itself (upstream did:
            // later writes then joined it and were lost when the database closed)
            if (status != LUA_OK && !started_in_transaction) {
                try {
                    if (handle_->db->in_transaction()) handle_->db->rollback();
                } catch (...) {
                }
            }
        }
    }
    lua_sethook(L_, nullptr, 0, 0);  // also undoes a request that came after the chunk ended
    // a request that interrupted a db: call's SQL before the hook could see it
    if (status != LUA_OK && s.stop == Stop::None && s.pending.load() != 0) s.stop = static_cast<Stop>(s.pending.load());
    if (status == LUA_OK && s.stop == Stop::None) {
        std::vector<LuaValue> results;
        try {
            Converter converter(L_);
            int top = lua_gettop(L_);
            results.reserve(static_cast<size_t>(top - 1));
            for (int i = 2; i <= top; ++i) results.push_back(converter.convert(i, 0));
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
    if (s.stop == Stop::None && s.memory_refused &&
        (status == LUA_ERRMEM || status == LUA_ERRERR || message.rfind("not enough memory", 0) == 0)) {
        s.stop = Stop::Memory;
    }
    if (s.stop != Stop::None) {
        last_interrupted_ = s.stop == Stop::Interrupt;
        std::string text = stop_message();
        s.stop = Stop::None;
        lua_gc(L_, LUA_GCCOLLECT);
        throw LuaScriptError(text);
    }
    if (message.empty()) message = "Unknown error";
    throw LuaScriptError("Lua error: " + message);
}

}  // namespace quiver
