#include "server/sqlite_queue_sql.h"

#include <sqlite3.h>

#include <charconv>
#include <map>
#include <memory>

namespace ventanilla {

std::int64_t SqlRows::integer(std::size_t row, std::size_t column) const {
    const auto& cell = cells.at(row).at(column);
    std::int64_t value = 0;
    if (cell) std::from_chars(cell->data(), cell->data() + cell->size(), value);
    return value;
}

bool is_unique_violation(const Error& error) {
    const auto found = error.args.find("sqlstate");
    return found != error.args.end() && found->second == kUniqueViolation;
}

namespace {

Error failure(sqlite3* db, std::string_view what, int rc) {
    std::map<std::string, std::string> args;
    // The same word PostgreSQL uses, so the queue's logic tests for one thing.
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        args["sqlstate"] = std::string(kUniqueViolation);
    }
    return make_error("store.io", std::string(what) + ": " + sqlite3_errmsg(db), std::move(args));
}

}  // namespace

SqliteStatementCache::~SqliteStatementCache() {
    clear();
}

void SqliteStatementCache::clear() {
    for (auto& [sql, statement] : statements) sqlite3_finalize(statement);
    statements.clear();
}

Result<SqlRows> SqliteQueueSql::query(std::string_view sql, const SqlParams& params,
                                      std::string_view what) {
    sqlite3_stmt* raw = nullptr;
    int rc = SQLITE_OK;
    if (cache_) {
        if (const auto found = cache_->statements.find(sql); found != cache_->statements.end()) {
            raw = found->second;
        }
    }
    if (!raw) {
        rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                cache_ ? SQLITE_PREPARE_PERSISTENT : 0, &raw, nullptr);
        if (rc != SQLITE_OK) {
            sqlite3_finalize(raw);
            return failure(db_, what, rc);
        }
        if (cache_) cache_->statements.emplace(std::string(sql), raw);
    }
    // Finalized here when not cached, else reset for its next use, whatever happens below.
    auto release = [this](sqlite3_stmt* statement) {
        if (cache_) {
            sqlite3_reset(statement);
            sqlite3_clear_bindings(statement);
        } else {
            sqlite3_finalize(statement);
        }
    };
    const std::unique_ptr<sqlite3_stmt, decltype(release)> statement(raw, release);
    for (std::size_t i = 0; i < params.size(); ++i) {
        const std::string name = "$" + std::to_string(i + 1);
        const int index = sqlite3_bind_parameter_index(raw, name.c_str());
        if (index == 0) continue;  // not used by this statement
        const SqlValue& value = params[i];
        if (const auto* number = std::get_if<std::int64_t>(&value)) {
            rc = sqlite3_bind_int64(raw, index, *number);
        } else if (const auto* text = std::get_if<std::string>(&value)) {
            rc = sqlite3_bind_text(raw, index, text->data(), static_cast<int>(text->size()),
                                   SQLITE_TRANSIENT);
        } else {
            rc = sqlite3_bind_null(raw, index);
        }
        if (rc != SQLITE_OK) return failure(db_, what, rc);
    }
    SqlRows rows;
    const int columns = sqlite3_column_count(raw);
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        auto& row = rows.cells.emplace_back();
        row.reserve(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c) {
            if (sqlite3_column_type(raw, c) == SQLITE_NULL) {
                row.emplace_back(std::nullopt);
                continue;
            }
            const auto* bytes = sqlite3_column_text(raw, c);
            row.emplace_back(std::string(reinterpret_cast<const char*>(bytes),
                                         static_cast<std::size_t>(sqlite3_column_bytes(raw, c))));
        }
    }
    if (rc != SQLITE_DONE) return failure(db_, what, rc);
    return rows;
}

}  // namespace ventanilla
