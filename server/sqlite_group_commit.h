// SqliteGroupCommit: queue writers that arrive together share one SQLite transaction and so
// one fsync, each in a savepoint of its own.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/queue_sql.h"
#include "server/sqlite_queue_sql.h"

struct sqlite3;

namespace ventanilla {

// With synchronous=FULL every commit waits for the disk (about 4 ms here), which would
// cap ticket issue near 250 a second. Writers queue up while a commit is under way; the
// next one to go takes them all and runs them one after another in one transaction, so
// each sees the ones before it exactly as if they had committed alone. A writer whose
// work fails is rolled back to its savepoint and told so; the others are unaffected. A
// writer is answered only after the commit that holds its writes, so an acknowledged
// ticket survives a power cut as before.
//
// The writers have a connection of their own: while it waits for the disk, the store's
// connection goes on answering reads (a token, an office), which WAL allows. Sharing one
// connection made every request wait behind each commit, and batches stayed tiny.
class SqliteGroupCommit {
public:
    // Opens its connection to the store's file, already created and migrated.
    static Result<std::unique_ptr<SqliteGroupCommit>> open(const std::string& path);
    ~SqliteGroupCommit();
    SqliteGroupCommit(const SqliteGroupCommit&) = delete;
    SqliteGroupCommit& operator=(const SqliteGroupCommit&) = delete;

    Status run(const QueueWork& work);

private:
    // One writer's wake-up. Not std::binary_semaphore: libstdc++'s spins on sched_yield
    // before it sleeps, and those spins took the CPU the committing thread needed.
    class Wakeup {
    public:
        void signal() {
            std::lock_guard lock(mutex_);
            woken_ = true;
            woken_changed_.notify_one();  // under the lock: the sleeper may go once it is free
        }
        void wait() {
            std::unique_lock lock(mutex_);
            woken_changed_.wait(lock, [this] { return woken_; });
        }

    private:
        std::mutex mutex_;
        std::condition_variable woken_changed_;
        bool woken_ = false;
    };

    // A writer sleeps on its own wake-up until its batch has committed (result set) or it
    // is to commit the next batch (woken without a result): one wake-up per writer, where
    // a shared condition variable woke every waiting writer after each commit.
    struct Writer {
        const QueueWork* work;
        std::optional<Status> result;
        Wakeup woken;
    };
    explicit SqliteGroupCommit(sqlite3* db) : db_(db) {}
    void commit(const std::vector<Writer*>& batch);

    sqlite3* db_;  // used by one committing thread at a time
    SqliteStatementCache statements_;
    std::mutex mutex_;
    std::vector<Writer*> waiting_;
    bool committing_ = false;  // a leader is at work; the waiting writers sleep
};

}  // namespace ventanilla
