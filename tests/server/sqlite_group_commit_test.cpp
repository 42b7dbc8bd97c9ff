// SqliteGroupCommit under many writers at once: every writer is answered once, with its own
// result; a failed writer leaves nothing behind and the others in its batch are kept.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <thread>
#include <vector>

#include "server/sqlite_group_commit.h"
#include "tests/support/process.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

std::int64_t group_commit_count(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    const std::int64_t value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return value;
}

}  // namespace

TEST_CASE("group commit: 16 threads x 200 writers, every third failing, each told its own result") {
    TempDir dir("group-commit-");
    const std::string path = dir.file("queue.db");
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db,
                             "PRAGMA journal_mode = WAL; CREATE TABLE writes (writer INTEGER "
                             "PRIMARY KEY); CREATE TABLE counter (value INTEGER NOT NULL); "
                             "INSERT INTO counter VALUES (0)",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    auto writers = SqliteGroupCommit::open(path);
    REQUIRE_MESSAGE(writers.ok(), writers.failure_text());

    constexpr int kThreads = 16;
    constexpr int kPerThread = 200;
    std::atomic<int> wrong_answers{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const std::int64_t id = t * kPerThread + i;
                const bool fails = id % 3 == 0;
                // Writes, then fails after writing: the savepoint must take the writes back.
                auto status = (*writers)->run([&](QueueSql& sql) -> Status {
                    if (auto stored = sql.run("INSERT INTO writes (writer) VALUES ($1)", {id},
                                              "store the writer");
                        !stored) {
                        return stored;
                    }
                    if (auto counted = sql.run("UPDATE counter SET value = value + 1", {},
                                               "count the writer");
                        !counted) {
                        return counted;
                    }
                    if (fails) return make_error("test.refused", "writer " + std::to_string(id));
                    return ok_status();
                });
                const bool right = fails ? (!status.ok() && status.error().code == "test.refused" &&
                                            status.error().detail == "writer " + std::to_string(id))
                                         : status.ok();
                if (!right) ++wrong_answers;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    writers->reset();

    CHECK(wrong_answers == 0);
    const std::int64_t kept = kThreads * kPerThread - (kThreads * kPerThread + 2) / 3;
    CHECK(group_commit_count(path, "SELECT COUNT(*) FROM writes") == kept);
    CHECK(group_commit_count(path, "SELECT value FROM counter") == kept);
    CHECK(group_commit_count(path, "SELECT COUNT(*) FROM writes WHERE writer % 3 = 0") == 0);
}
