#include "kiosk/sqlite_db.h"

#include <sqlite3.h>

#include <utility>

namespace ventanilla {
namespace {

std::string_view code_for(int result_code) {
    switch (result_code & 0xFF) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return "store.busy";
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return "store.corrupt";
        case SQLITE_FULL:
            return "store.disk_full";
        case SQLITE_IOERR:
            return "store.io_error";
        case SQLITE_CANTOPEN:
            return "store.open_failed";
        case SQLITE_READONLY:
        case SQLITE_PERM:
            return "store.read_only";
        case SQLITE_CONSTRAINT:
            return "store.constraint";
        default:
            return "store.sql_error";
    }
}

std::string file_of(sqlite3* db) {
    const char* name = db == nullptr ? nullptr : sqlite3_db_filename(db, "main");
    return name == nullptr ? std::string() : std::string(name);
}

}  // namespace

Error sqlite_error(sqlite3* db, int result_code, std::string_view context) {
    // The connection's message is more precise than the code's, if it is about this code.
    bool about_this = db != nullptr && (sqlite3_extended_errcode(db) == result_code ||
                                        sqlite3_errcode(db) == result_code);
    std::string reason = about_this ? sqlite3_errmsg(db) : sqlite3_errstr(result_code);
    std::string path = file_of(db);
    return make_error(std::string(code_for(result_code)),
                      std::string(context) + ": " + reason + " (" + path + ")",
                      {{"path", path}, {"reason", reason}});
}

// --- SqliteStatement ---

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      statement_(std::exchange(other.statement_, nullptr)),
      bind_error_(std::move(other.bind_error_)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(statement_);
        db_ = std::exchange(other.db_, nullptr);
        statement_ = std::exchange(other.statement_, nullptr);
        bind_error_ = std::move(other.bind_error_);
    }
    return *this;
}

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(statement_);
}

void SqliteStatement::note_bind_result(int result_code, int index) {
    if (result_code != SQLITE_OK && !bind_error_) {
        bind_error_ = sqlite_error(db_, result_code,
                                   "binding parameter " + std::to_string(index) + " of " +
                                       std::string(sqlite3_sql(statement_)));
    }
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
    note_bind_result(sqlite3_bind_int64(statement_, index, value), index);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
    note_bind_result(sqlite3_bind_double(statement_, index, value), index);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
    // SQLITE_TRANSIENT: SQLite copies the text, so the caller's buffer may go away.
    note_bind_result(sqlite3_bind_text64(statement_, index, text.data(), text.size(),
                                         SQLITE_TRANSIENT, SQLITE_UTF8),
                     index);
    return *this;
}

SqliteStatement& SqliteStatement::bind_null(int index) {
    note_bind_result(sqlite3_bind_null(statement_, index), index);
    return *this;
}

Result<bool> SqliteStatement::step() {
    if (bind_error_) return *bind_error_;
    int result = sqlite3_step(statement_);
    if (result == SQLITE_ROW) return true;
    if (result == SQLITE_DONE) return false;
    Error error = sqlite_error(db_, result, sqlite3_sql(statement_));
    // The statement must be reset before it can run again; the error is already taken.
    sqlite3_reset(statement_);
    return error;
}

Status SqliteStatement::run() {
    while (true) {
        auto row = step();
        if (!row) return row.error();
        if (!row.value()) return ok_status();
    }
}

void SqliteStatement::reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
    bind_error_.reset();
}

int SqliteStatement::column_count() const {
    return sqlite3_column_count(statement_);
}

bool SqliteStatement::column_is_null(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::int64_t SqliteStatement::column_int64(int column) const {
    return sqlite3_column_int64(statement_, column);
}

double SqliteStatement::column_double(int column) const {
    return sqlite3_column_double(statement_, column);
}

std::string SqliteStatement::column_text(int column) const {
    const unsigned char* text = sqlite3_column_text(statement_, column);
    if (text == nullptr) return {};
    auto size = static_cast<size_t>(sqlite3_column_bytes(statement_, column));
    return std::string(reinterpret_cast<const char*>(text), size);
}

// --- SqliteDb ---

Result<SqliteDb> SqliteDb::open(const std::filesystem::path& path, OpenMode mode) {
    int flags = SQLITE_OPEN_READWRITE;
    if (mode == OpenMode::create_if_missing) flags |= SQLITE_OPEN_CREATE;
    sqlite3* db = nullptr;
    int result = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (result != SQLITE_OK) {
        std::string reason = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(result);
        sqlite3_close_v2(db);
        return make_error("store.open_failed", path.string() + ": " + reason,
                          {{"path", path.string()}, {"reason", reason}});
    }
    sqlite3_extended_result_codes(db, 1);
    return SqliteDb(db, path);
}

SqliteDb::SqliteDb(SqliteDb&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

SqliteDb& SqliteDb::operator=(SqliteDb&& other) noexcept {
    if (this != &other) {
        sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

SqliteDb::~SqliteDb() {
    sqlite3_close_v2(db_);
}

Result<SqliteStatement> SqliteDb::prepare(std::string_view sql) {
    sqlite3_stmt* statement = nullptr;
    int result =
        sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
    if (result != SQLITE_OK) {
        sqlite3_finalize(statement);
        return sqlite_error(db_, result, "preparing " + std::string(sql));
    }
    return SqliteStatement(db_, statement);
}

Status SqliteDb::exec(std::string_view sql) {
    std::string text(sql);  // sqlite3_exec wants a terminated string
    int result = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
    if (result != SQLITE_OK) return sqlite_error(db_, result, text);
    return ok_status();
}

Result<std::int64_t> SqliteDb::query_int(std::string_view sql) {
    auto statement = prepare(sql);
    if (!statement) return statement.error();
    auto row = statement->step();
    if (!row) return row.error();
    if (!row.value())
        return make_error("store.sql_error", std::string(sql) + ": no row",
                          {{"path", path_.string()}, {"reason", "no row"}});
    return statement->column_int64(0);
}

Result<std::string> SqliteDb::query_text(std::string_view sql) {
    auto statement = prepare(sql);
    if (!statement) return statement.error();
    auto row = statement->step();
    if (!row) return row.error();
    if (!row.value())
        return make_error("store.sql_error", std::string(sql) + ": no row",
                          {{"path", path_.string()}, {"reason", "no row"}});
    return statement->column_text(0);
}

std::int64_t SqliteDb::changes() const {
    return sqlite3_changes64(db_);
}

// --- SqliteTransaction ---

Result<SqliteTransaction> SqliteTransaction::begin(SqliteDb& db) {
    Status begun = db.exec("BEGIN IMMEDIATE");
    if (!begun) return begun.error();
    return SqliteTransaction(db);
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

SqliteTransaction::~SqliteTransaction() {
    // Nothing to report from a destructor: a failed rollback leaves SQLite to roll back
    // the journal on the next open, which is what a crash here would do too.
    if (db_ != nullptr && !sqlite3_get_autocommit(db_->handle())) {
        (void)db_->exec("ROLLBACK");
    }
}

Status SqliteTransaction::commit() {
    SqliteDb* db = std::exchange(db_, nullptr);
    if (db == nullptr) {
        return make_error("store.sql_error", "commit of a finished transaction",
                          {{"path", ""}, {"reason", "transaction already finished"}});
    }
    Status committed = db->exec("COMMIT");
    if (!committed && !sqlite3_get_autocommit(db->handle())) (void)db->exec("ROLLBACK");
    return committed;
}

}  // namespace ventanilla
