// PostgresQueueSql: QueueSql on a pooled PostgreSQL connection whose transaction the caller holds.
#pragma once

#include "server/postgres_connection.h"
#include "server/queue_sql.h"

namespace ventanilla {

class PostgresQueueSql final : public QueueSql {
public:
    explicit PostgresQueueSql(PgConnection& connection) : connection_(connection) {}

    Result<SqlRows> query(std::string_view sql, const SqlParams& params,
                          std::string_view what) override;

private:
    PgConnection& connection_;
};

}  // namespace ventanilla
