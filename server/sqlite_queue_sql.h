// SqliteQueueSql: QueueSql on an SQLite connection whose transaction the caller holds.
#pragma once

#include <map>
#include <string>

#include "server/queue_sql.h"

struct sqlite3;
struct sqlite3_stmt;

namespace ventanilla {

// Prepared statements kept by SQL text for one connection: the queue runs the same few
// statements thousands of times, and preparing one costs more than running it.
class SqliteStatementCache {
public:
    SqliteStatementCache() = default;
    ~SqliteStatementCache();
    SqliteStatementCache(const SqliteStatementCache&) = delete;
    SqliteStatementCache& operator=(const SqliteStatementCache&) = delete;

    void clear();  // finalizes them all: before the connection closes

    std::map<std::string, sqlite3_stmt*, std::less<>> statements;
};

class SqliteQueueSql final : public QueueSql {
public:
    // `cache`, when given, must belong to `db` and outlive this.
    explicit SqliteQueueSql(sqlite3* db, SqliteStatementCache* cache = nullptr)
        : db_(db), cache_(cache) {}

    // $N is bound by name, so a statement may use its parameters in any order.
    Result<SqlRows> query(std::string_view sql, const SqlParams& params,
                          std::string_view what) override;

private:
    sqlite3* db_;
    SqliteStatementCache* cache_;
};

}  // namespace ventanilla
