// QueueSql: one open transaction on the queue tables, in SQL that SQLite and PostgreSQL both run.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla {

// A bound parameter: SQL NULL, an integer or a text. Never spliced into the SQL.
using SqlValue = std::variant<std::monostate, std::int64_t, std::string>;
using SqlParams = std::vector<SqlValue>;

// The rows of one statement, every cell as text (integers in decimal), NULL as nullopt.
struct SqlRows {
    std::vector<std::vector<std::optional<std::string>>> cells;

    std::size_t size() const { return cells.size(); }
    bool empty() const { return cells.empty(); }
    bool is_null(std::size_t row, std::size_t column) const {
        return !cells.at(row).at(column).has_value();
    }
    std::string text(std::size_t row, std::size_t column) const {
        return cells.at(row).at(column).value_or("");
    }
    std::optional<std::string> optional_text(std::size_t row, std::size_t column) const {
        return cells.at(row).at(column);
    }
    // 0 for NULL or text that is not a number.
    std::int64_t integer(std::size_t row, std::size_t column) const;
};

// The queue's logic (server/queue_store.h) is written once over this, so both backends
// behave alike by construction. The SQL it may use is the dialect the two share:
// placeholders $1, $2, … (bound by number on both), INSERT … ON CONFLICT … RETURNING,
// CAST(… AS bigint), coalesce, integers 0/1 for truth values, no functions of the clock.
class QueueSql {
public:
    virtual ~QueueSql() = default;

    // Runs one statement. Errors are "store.io" with `what` in the message; a broken
    // UNIQUE or PRIMARY KEY constraint carries args["sqlstate"] = "23505" on both backends.
    virtual Result<SqlRows> query(std::string_view sql, const SqlParams& params,
                                  std::string_view what) = 0;

    Status run(std::string_view sql, const SqlParams& params, std::string_view what) {
        auto rows = query(sql, params, what);
        if (!rows) return rows.error();
        return ok_status();
    }
};

// SQLSTATE unique_violation, which the SQLite session reports too.
inline constexpr std::string_view kUniqueViolation = "23505";
bool is_unique_violation(const Error& error);

enum class QueueAccess {
    read,   // a consistent snapshot; writes are not allowed
    write,  // the queue writers of one office take turns, across every server process
};

// Work done inside CentralStore::queue_transaction. It may be run again from the start
// when the database chose it as a deadlock victim, so it sets its outputs afresh each time.
using QueueWork = std::function<Status(QueueSql&)>;

}  // namespace ventanilla
