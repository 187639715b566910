#pragma once
// Shared ownership of an open Database between its C handle and the Lua runners
// created on it. Closing the C handle resets `db` under the mutex; a runner that
// still holds the DatabaseHandle then finds `db == nullptr` and fails cleanly
// instead of touching freed memory. The recursive mutex serialises every call on
// one handle (a Lua script's db: calls re-enter it from the same thread).
//
// A transaction belongs to the thread that began it: while one is open, every call
// of another thread waits for it to end (up to the database's busy timeout, then
// "Database is busy: ..."), so no thread writes into, commits or rolls back another
// thread's transaction. HandleLock is the one way a call takes its turn.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "quiver/core/error.hpp"
#include "quiver/database/database.hpp"

namespace quiver {

struct DatabaseHandle {
    std::recursive_mutex mutex;
    std::unique_ptr<Database> db;
    // the thread whose transaction is open (default id: none); guarded by `mutex`
    std::thread::id tx_owner;
    std::condition_variable_any tx_ended;
    // guards `db` against close for quiver_database_interrupt, which must not take `mutex`
    std::mutex interrupt_mutex;

    // Close: wait for the call in progress, free the Database, wake the waiting threads
    // (they then fail with "Database is closed").
    void close() {
        std::unique_ptr<Database> doomed;
        {
            std::lock_guard<std::recursive_mutex> lock(mutex);
            std::lock_guard<std::mutex> ilock(interrupt_mutex);
            doomed = std::move(db);
            tx_owner = std::thread::id();
        }
        tx_ended.notify_all();
        doomed.reset();
    }

    // Interrupt the statement running on this database, from any thread.
    void interrupt() {
        std::lock_guard<std::mutex> ilock(interrupt_mutex);
        if (db)
            db->interrupt();
    }
};

// One call's turn on a handle: the handle's mutex, taken once no other thread's transaction
// is open. On release it records whether this thread left a transaction open.
class HandleLock {
public:
    explicit HandleLock(DatabaseHandle& handle) : handle_(handle), lock_(handle.mutex) {
        const auto me = std::this_thread::get_id();
        auto free_for_me = [&] {
            return !handle_.db || handle_.tx_owner == std::thread::id() || handle_.tx_owner == me;
        };
        if (!free_for_me()) {
            const int ms = handle_.db->busy_timeout_ms();
            if (!handle_.tx_ended.wait_for(lock_, std::chrono::milliseconds(ms < 0 ? 0 : ms), free_for_me)) {
                throw Error("Database is busy: a transaction begun by another thread is still open (waited " +
                            std::to_string(ms) + " ms)");
            }
        }
        if (!handle_.db)
            throw Error("Database is closed");
    }
    ~HandleLock() {
        if (!handle_.db)
            return;
        const auto before = handle_.tx_owner;
        handle_.tx_owner = handle_.db->sqlite_in_transaction() ? std::this_thread::get_id() : std::thread::id();
        if (before != handle_.tx_owner)
            handle_.tx_ended.notify_all();
    }
    HandleLock(const HandleLock&) = delete;
    HandleLock& operator=(const HandleLock&) = delete;

    Database& db() { return *handle_.db; }

private:
    DatabaseHandle& handle_;
    std::unique_lock<std::recursive_mutex> lock_;
};

}  // namespace quiver
