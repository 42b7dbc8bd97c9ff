#include "server/postgres_connection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>

namespace ventanilla {

namespace {

// libpq's messages end with a newline and may span lines; logs want one line.
std::string one_line(const char* message) {
    std::string text = message ? message : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    for (char& c : text) {
        if (c == '\n') {
            c = ' ';
        }
    }
    return text;
}

}  // namespace

std::string sqlstate_of(const Error& error) {
    const auto found = error.args.find("sqlstate");
    return found == error.args.end() ? std::string() : found->second;
}

PgResult::PgResult(pg_result* result) : result_(result) {}

PgResult::~PgResult() {
    PQclear(result_);
}

PgResult::PgResult(PgResult&& other) noexcept : result_(other.result_) {
    other.result_ = nullptr;
}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
    if (this != &other) {
        PQclear(result_);
        result_ = other.result_;
        other.result_ = nullptr;
    }
    return *this;
}

int PgResult::rows() const {
    return result_ ? PQntuples(result_) : 0;
}

int PgResult::columns() const {
    return result_ ? PQnfields(result_) : 0;
}

bool PgResult::is_null(int row, int column) const {
    return PQgetisnull(result_, row, column) != 0;
}

std::string PgResult::text(int row, int column) const {
    return std::string(PQgetvalue(result_, row, column),
                       static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::optional<std::string> PgResult::optional_text(int row, int column) const {
    if (is_null(row, column)) {
        return std::nullopt;
    }
    return text(row, column);
}

std::int64_t PgResult::integer(int row, int column) const {
    const char* value = PQgetvalue(result_, row, column);
    const auto size = static_cast<std::size_t>(PQgetlength(result_, row, column));
    std::int64_t number = 0;
    std::from_chars(value, value + size, number);
    return number;
}

Result<std::unique_ptr<PgConnection>> PgConnection::connect(const std::string& conninfo,
                                                            const std::string& display) {
    // libpq takes the last value given for a keyword: our defaults come before
    // the operator's string so it can change them, the encoding after it
    // because every text we store and answer is UTF-8.
    const char* keywords[] = {"connect_timeout", "application_name", "dbname", "client_encoding",
                              nullptr};
    const char* values[] = {"10", "ventanilla-central", conninfo.c_str(), "UTF8", nullptr};
    pg_conn* connection = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
    if (!connection) {
        return make_error("store.open_failed", "cannot connect to " + display + ": out of memory");
    }
    std::unique_ptr<PgConnection> owned(new PgConnection(connection));
    if (PQstatus(connection) != CONNECTION_OK) {
        return make_error("store.open_failed", "cannot connect to " + display + ": " +
                                                   one_line(PQerrorMessage(connection)));
    }
    return owned;
}

PgConnection::~PgConnection() {
    PQfinish(connection_);
}

bool PgConnection::broken() const {
    return PQstatus(connection_) != CONNECTION_OK;
}

Result<PgResult> PgConnection::query(std::string_view sql, const PgParams& params,
                                     std::string_view what) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) {
        values.push_back(param ? param->c_str() : nullptr);
    }
    const std::string statement(sql);
    pg_result* raw = PQexecParams(connection_, statement.c_str(), static_cast<int>(values.size()),
                                  nullptr, values.data(), nullptr, nullptr, /*text results*/ 0);
    PgResult result(raw);  // owns it from here, whatever happens
    const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        return result;
    }
    const char* sqlstate = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
    const char* message = raw ? PQresultErrorMessage(raw) : nullptr;
    if (!message || !*message) {
        message = PQerrorMessage(connection_);
    }
    return make_error("store.io", std::string(what) + ": " + one_line(message),
                      {{"sqlstate", sqlstate ? sqlstate : ""}});
}

Status PgConnection::run(std::string_view sql, const PgParams& params, std::string_view what) {
    auto result = query(sql, params, what);
    if (!result) {
        return result.error();
    }
    return ok_status();
}

Status PgConnection::run_script(const std::string& sql, std::string_view what) {
    pg_result* raw = PQexec(connection_, sql.c_str());
    const PgResult result(raw);  // frees it
    if (raw && PQresultStatus(raw) == PGRES_COMMAND_OK) {
        return ok_status();
    }
    const char* sqlstate = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
    return make_error("store.io", std::string(what) + ": " + one_line(PQerrorMessage(connection_)),
                      {{"sqlstate", sqlstate ? sqlstate : ""}});
}

PgPool::PgPool(std::string conninfo, std::string display, std::size_t max_connections)
    : conninfo_(std::move(conninfo)),
      display_(std::move(display)),
      max_connections_(max_connections) {}

PgPool::Lease::~Lease() {
    if (pool_ && connection_) {
        pool_->give_back(std::move(connection_));
    }
}

Result<PgPool::Lease> PgPool::acquire(std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    std::unique_ptr<PgConnection> connection;
    bool open_new = false;
    if (waiting_.empty() && !idle_.empty()) {
        connection = std::move(idle_.back());
        idle_.pop_back();
    } else if (waiting_.empty() && open_ < max_connections_) {
        ++open_;
        open_new = true;
    } else {
        Waiter me;
        waiting_.push_back(&me);
        const bool served = me.served.wait_for(lock, wait, [&] { return me.connection || me.may_open; });
        if (!served) {
            waiting_.erase(std::find(waiting_.begin(), waiting_.end(), &me));
            return make_error("store.busy", "no free connection to " + display_ + " within " +
                                                std::to_string(wait.count()) + " ms");
        }
        connection = std::move(me.connection);
        open_new = me.may_open;  // the slot was counted in open_ for us
    }
    lock.unlock();
    if (!open_new) return Lease(this, std::move(connection));
    // Connecting takes a round trip or more; others go on meanwhile.
    auto opened = PgConnection::connect(conninfo_, display_);
    if (!opened) {
        lock.lock();
        --open_;
        grant_free_slots();
        return opened.error();
    }
    return Lease(this, std::move(opened).value());
}

std::size_t PgPool::waiting() {
    std::lock_guard lock(mutex_);
    return waiting_.size();
}

void PgPool::grant_free_slots() {
    while (!waiting_.empty() && open_ < max_connections_) {
        Waiter* next = waiting_.front();
        waiting_.pop_front();
        ++open_;
        next->may_open = true;
        next->served.notify_one();
    }
}

void PgPool::drop_idle() {
    std::vector<std::unique_ptr<PgConnection>> closing;
    {
        std::lock_guard lock(mutex_);
        closing.swap(idle_);
        open_ -= closing.size();
        grant_free_slots();
    }
    // Closed here, outside the lock.
}

void PgPool::give_back(std::unique_ptr<PgConnection> connection) {
    if (connection->broken()) {
        connection.reset();  // closed outside the lock
        std::lock_guard lock(mutex_);
        --open_;
        grant_free_slots();
        return;
    }
    std::lock_guard lock(mutex_);
    if (waiting_.empty()) {
        idle_.push_back(std::move(connection));
        return;
    }
    Waiter* next = waiting_.front();
    waiting_.pop_front();
    next->connection = std::move(connection);
    next->served.notify_one();
}

}  // namespace ventanilla
