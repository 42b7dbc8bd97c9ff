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

Result<std::unique_ptr<SqliteGroupCommit>> SqliteGroupCommit::open(const std::string& path) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    std::unique_ptr<SqliteGroupCommit> writers(new SqliteGroupCommit(db));
    if (rc != SQLITE_OK) {
        return make_error("store.open_failed", "cannot open " + path + " for the queue: " +
                                                   (db ? sqlite3_errmsg(db) : "out of memory"));
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);
    // The same durability as the store's own connection (server/sqlite_central_store.cpp).
    if (auto status = execute(db, "PRAGMA synchronous = FULL"); !status) return status.error();
    if (auto status = execute(db, "PRAGMA foreign_keys = ON"); !status) return status.error();
    return writers;
}

SqliteGroupCommit::~SqliteGroupCommit() {
    statements_.clear();
    sqlite3_close_v2(db_);
}

Status SqliteGroupCommit::run(const QueueWork& work) {
    Writer me{&work, std::nullopt, {}};
    bool leading = false;
    {
        std::lock_guard lock(mutex_);
        waiting_.push_back(&me);
        // With nobody committing, nobody waits either: this writer leads at once.
        leading = !committing_;
        committing_ = true;
    }
    if (!leading) {
        me.woken.wait();
        if (me.result) return *me.result;
    }
    // Leading: commit the oldest waiting writers (this one first among them), answer them,
    // and hand the lead to the next waiting writer, if any.
    std::vector<Writer*> batch;
    {
        std::lock_guard lock(mutex_);
        const std::size_t take = std::min(waiting_.size(), kMaxBatch);
        batch.assign(waiting_.begin(), waiting_.begin() + static_cast<std::ptrdiff_t>(take));
        waiting_.erase(waiting_.begin(), waiting_.begin() + static_cast<std::ptrdiff_t>(take));
    }
    commit(batch);
    {
        std::lock_guard lock(mutex_);
        if (waiting_.empty()) {
            committing_ = false;
        } else {
            waiting_.front()->woken.signal();  // the next batch starts while these are told
        }
    }
    for (Writer* writer : batch) {
        if (writer != &me) writer->woken.signal();  // it may return, and `writer` go, at once
    }
    return *me.result;
}

void SqliteGroupCommit::commit(const std::vector<Writer*>& batch) {
    auto fail_all = [&](const Status& status) {
        for (Writer* writer : batch) writer->result = status;
    };
    // IMMEDIATE takes the write lock before the first read, so what the work reads
    // cannot change under it, even from another process on the same file.
    if (auto begun = execute(db_, "BEGIN IMMEDIATE"); !begun) {
        fail_all(begun);
        return;
    }
    SqliteQueueSql sql(db_, &statements_);
    for (Writer* writer : batch) {
        if (auto saved = sql.run("SAVEPOINT queue_writer", {}, "savepoint"); !saved) {
            writer->result = saved;
            continue;
        }
        Status status = (*writer->work)(sql);
        if (!status) {
            (void)sql.run("ROLLBACK TO queue_writer", {}, "roll back to the savepoint");
        }
        (void)sql.run("RELEASE queue_writer", {}, "release the savepoint");
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
