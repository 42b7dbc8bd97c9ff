#include "server/sqlite_group_commit.h"

#include <sqlite3.h>

#include <algorithm>
#include <string>

#include "server/sqlite_queue_sql.h"

namespace ventanilla {

namespace {

// Enough to fill a disk flush; a bound so that one batch never holds the database long.
constexpr std::size_t kMaxBatch = 64;

Status execute(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string detail = std::string(sql) + ": " + (message ? message : sqlite3_errmsg(db));
        sqlite3_free(message);
        return make_error("store.io", detail);
    }
    return ok_status();
}

}  // namespace

Status SqliteGroupCommit::run(const QueueWork& work) {
    Writer me{&work, std::nullopt};
    std::unique_lock lock(mutex_);
    waiting_.push_back(&me);
    while (!me.result) {
        if (committing_) {
            finished_.wait(lock);
            continue;
        }
        committing_ = true;
        std::vector<Writer*> batch;
        const std::size_t take = std::min(waiting_.size(), kMaxBatch);
        batch.assign(waiting_.begin(), waiting_.begin() + static_cast<std::ptrdiff_t>(take));
        waiting_.erase(waiting_.begin(), waiting_.begin() + static_cast<std::ptrdiff_t>(take));
        lock.unlock();
        commit(batch);
        lock.lock();
        committing_ = false;
        finished_.notify_all();
    }
    return *me.result;
}

void SqliteGroupCommit::commit(const std::vector<Writer*>& batch) {
    std::lock_guard db_lock(db_mutex_);
    auto fail_all = [&](const Status& status) {
        for (Writer* writer : batch) writer->result = status;
    };
    // IMMEDIATE takes the write lock before the first read, so what the work reads
    // cannot change under it, even from another process on the same file.
    if (auto begun = execute(db_, "BEGIN IMMEDIATE"); !begun) {
        fail_all(begun);
        return;
    }
    SqliteQueueSql sql(db_);
    for (Writer* writer : batch) {
        if (auto saved = execute(db_, "SAVEPOINT queue_writer"); !saved) {
            writer->result = saved;
            continue;
        }
        Status status = (*writer->work)(sql);
        if (!status) {
            (void)execute(db_, "ROLLBACK TO queue_writer");
        }
        (void)execute(db_, "RELEASE queue_writer");
        if (sqlite3_get_autocommit(db_)) {
            // SQLite rolled the whole transaction back itself (a full disk, I/O error):
            // nothing of this batch is stored.
            fail_all(status ? make_error("store.io", "the transaction was rolled back") : status);
            return;
        }
        writer->result = status;
    }
    if (auto committed = execute(db_, "COMMIT"); !committed) {
        (void)execute(db_, "ROLLBACK");
        fail_all(committed);
    }
}

}  // namespace ventanilla
