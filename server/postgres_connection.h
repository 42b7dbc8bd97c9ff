// PgConnection and PgPool: a small RAII layer over libpq for the PostgreSQL central store.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"

struct pg_conn;
struct pg_result;

namespace ventanilla {

// Query parameters in libpq's text format; nullopt is SQL NULL.
using PgParams = std::vector<std::optional<std::string>>;

// SQLSTATEs a transaction is simply run again after: the database chose it as
// the victim of a serialization failure or a deadlock, nothing was stored.
inline constexpr std::string_view kSerializationFailure = "40001";
inline constexpr std::string_view kDeadlockDetected = "40P01";

// The SQLSTATE an error from PgConnection carries ("" when the server sent none,
// e.g. the connection broke).
std::string sqlstate_of(const Error& error);

// The rows of one statement, freed with it.
class PgResult {
public:
    explicit PgResult(pg_result* result);
    ~PgResult();
    PgResult(PgResult&& other) noexcept;
    PgResult& operator=(PgResult&& other) noexcept;
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;

    int rows() const;
    int columns() const;
    bool is_null(int row, int column) const;
    std::string text(int row, int column) const;
    std::optional<std::string> optional_text(int row, int column) const;
    // A column of an integer type; 0 when it is NULL or not a number.
    std::int64_t integer(int row, int column) const;

private:
    pg_result* result_;
};

// One connection to the server. Not shared between threads at the same time
// (libpq allows one thread per connection); PgPool hands them out.
class PgConnection {
public:
    // Connects with `conninfo` (URI or keyword string) and forces UTF-8 on the
    // wire. "store.open_failed" when the server cannot be reached or refuses us;
    // `display` names the database in that message (never with its password).
    static Result<std::unique_ptr<PgConnection>> connect(const std::string& conninfo,
                                                         const std::string& display);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    // Runs one statement with bound parameters (never spliced into the SQL).
    // Errors are "store.io" with `what`, the server's message and the SQLSTATE
    // in args["sqlstate"].
    Result<PgResult> query(std::string_view sql, const PgParams& params, std::string_view what);
    Status run(std::string_view sql, const PgParams& params, std::string_view what);
    // Several statements in one string, no parameters: only for our own
    // constant DDL (the extended protocol takes one statement at a time).
    Status run_script(const std::string& sql, std::string_view what);

    // True once the connection is lost; the pool then drops it.
    bool broken() const;

private:
    explicit PgConnection(pg_conn* connection) : connection_(connection) {}
    pg_conn* connection_;
};

// A fixed-size set of connections, opened on demand and reused, guarded by a
// mutex: every request thread borrows one for the length of a transaction.
// Borrowers who must wait are served in the order they came: a returned
// connection goes straight to the one waiting longest. (With a plain condition
// variable, threads arriving meanwhile took it first: under 64 request threads
// and 8 connections, a few waited past their 10 s, bench/queue_bench.)
class PgPool {
public:
    PgPool(std::string conninfo, std::string display, std::size_t max_connections);
    PgPool(const PgPool&) = delete;
    PgPool& operator=(const PgPool&) = delete;

    // A borrowed connection, back in the pool when this goes away (or closed,
    // when it broke meanwhile).
    class Lease {
    public:
        Lease(PgPool* pool, std::unique_ptr<PgConnection> connection)
            : pool_(pool), connection_(std::move(connection)) {}
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();
        PgConnection& operator*() const { return *connection_; }
        PgConnection* operator->() const { return connection_.get(); }

    private:
        PgPool* pool_;
        std::unique_ptr<PgConnection> connection_;
    };

    // Waits at most `wait` for a free connection; "store.busy" after that, or
    // the error of opening a new one.
    Result<Lease> acquire(std::chrono::milliseconds wait = std::chrono::seconds(10));

    // Closes every idle connection: once one turned out dead (a database
    // restart), the others opened before it most likely are too.
    void drop_idle();

    const std::string& display() const { return display_; }

    // Borrowers waiting for a connection now.
    std::size_t waiting();

private:
    // A borrower in the queue: served with a connection, or with the right to
    // open one (a slot freed by a connection that was closed).
    struct Waiter {
        std::condition_variable served;
        std::unique_ptr<PgConnection> connection;
        bool may_open = false;
    };

    void give_back(std::unique_ptr<PgConnection> connection);
    // With mutex_ held: free slots go to the waiters at the front of the queue.
    void grant_free_slots();

    const std::string conninfo_;
    const std::string display_;
    const std::size_t max_connections_;
    std::mutex mutex_;
    std::deque<Waiter*> waiting_;  // oldest first
    std::vector<std::unique_ptr<PgConnection>> idle_;
    std::size_t open_ = 0;  // idle, lent out, and being opened
};

}  // namespace ventanilla
