// A thin owning SQLite wrapper for the storage layer: connection, statements, transactions.
#pragma once

// Statements finalize themselves, transactions roll back unless committed, errors are values,
// and parameters are always bound, never pasted into SQL.

#include <array>
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace ventanilla {

// Every error code the wrapper can produce (each has a key in assets/i18n). All carry args
// path (the database file) and reason (SQLite's message, English).
inline constexpr std::array<std::string_view, 8> kSqliteErrorCodes{
    "store.open_failed",  // the file could not be opened or created
    "store.busy",         // another connection held the lock past the busy timeout
    "store.corrupt",      // not a database, or a damaged one
    "store.disk_full",   "store.io_error",
    "store.read_only",   // no permission to write the file or its directory
    "store.constraint",  // a UNIQUE, NOT NULL, CHECK or FOREIGN KEY rule refused the change
    "store.sql_error",   // anything else: usually a bug in our SQL
};

// An error value for SQLite result `result_code` on `db`; `context` says what was being done.
Error sqlite_error(sqlite3* db, int result_code, std::string_view context);

class SqliteStatement {
public:
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    ~SqliteStatement();

    // Parameters are 1-based, as in SQLite. A failed bind is reported by the next step().
    SqliteStatement& bind(int index, std::int64_t value);
    SqliteStatement& bind(int index, double value);
    SqliteStatement& bind(int index, std::string_view text);
    SqliteStatement& bind(int index, const char* text) {
        return bind(index, std::string_view(text));
    }
    SqliteStatement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    template <std::integral T>
    SqliteStatement& bind(int index, T value) {
        return bind(index, static_cast<std::int64_t>(value));
    }
    SqliteStatement& bind_null(int index);
    template <typename T>
    SqliteStatement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    // true: a row is ready to read; false: the statement has finished.
    Result<bool> step();
    // Steps to the end, for statements that return no rows.
    Status run();
    // Makes the statement ready to run again; bindings are cleared.
    void reset();

    int column_count() const;
    bool column_is_null(int column) const;  // columns are 0-based, as in SQLite
    std::int64_t column_int64(int column) const;
    double column_double(int column) const;
    std::string column_text(int column) const;

private:
    friend class SqliteDb;
    SqliteStatement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}
    void note_bind_result(int result_code, int index);

    sqlite3* db_ = nullptr;
    sqlite3_stmt* statement_ = nullptr;
    std::optional<Error> bind_error_;
};

class SqliteDb {
public:
    enum class OpenMode {
        existing_only,  // fail with store.open_failed if the file does not exist
        create_if_missing,
    };

    static Result<SqliteDb> open(const std::filesystem::path& path, OpenMode mode);

    SqliteDb(SqliteDb&& other) noexcept;
    SqliteDb& operator=(SqliteDb&& other) noexcept;
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;
    ~SqliteDb();

    Result<SqliteStatement> prepare(std::string_view sql);
    // Runs SQL without parameters (schema steps, pragmas); may hold several statements.
    Status exec(std::string_view sql);
    // The first column of the first row: for pragmas and counts.
    Result<std::int64_t> query_int(std::string_view sql);
    Result<std::string> query_text(std::string_view sql);

    std::int64_t changes() const;  // rows changed by the last statement
    const std::filesystem::path& path() const { return path_; }
    sqlite3* handle() const { return db_; }

private:
    SqliteDb(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}

    sqlite3* db_ = nullptr;
    std::filesystem::path path_;
};

// BEGIN IMMEDIATE ... COMMIT. Taking the write lock at the start means a busy database is
// reported before any work is done, never half-way. Rolled back if destroyed uncommitted.
class SqliteTransaction {
public:
    static Result<SqliteTransaction> begin(SqliteDb& db);

    SqliteTransaction(SqliteTransaction&& other) noexcept;
    SqliteTransaction& operator=(SqliteTransaction&&) = delete;
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;
    ~SqliteTransaction();

    Status commit();

private:
    explicit SqliteTransaction(SqliteDb& db) : db_(&db) {}
    SqliteDb* db_;  // null once committed or rolled back
};

}  // namespace ventanilla
