// SqliteGroupCommit: queue writers that arrive together share one SQLite transaction and so
// one fsync, each in a savepoint of its own.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
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
    // A writer sleeps on its own semaphore until its batch has committed (result set) or
    // it is to commit the next batch (woken without a result): one wake-up per writer,
    // where a shared condition variable woke every waiting writer after each commit.
    struct Writer {
        const QueueWork* work;
        std::optional<Status> result;
        std::binary_semaphore woken{0};
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
