// SqliteQueueSql: QueueSql on an SQLite connection whose transaction the caller holds.
#pragma once

#include "server/queue_sql.h"

struct sqlite3;

namespace ventanilla {

class SqliteQueueSql final : public QueueSql {
public:
    explicit SqliteQueueSql(sqlite3* db) : db_(db) {}

    // $N is bound by name, so a statement may use its parameters in any order.
    Result<SqlRows> query(std::string_view sql, const SqlParams& params,
                          std::string_view what) override;

private:
    sqlite3* db_;
};

}  // namespace ventanilla
