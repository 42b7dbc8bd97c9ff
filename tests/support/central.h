// CentralServer: a real ventanilla-central on loopback for integration and UI tests.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/result.h"
#include "tests/support/process.h"

namespace ventanilla::testing {

// Where the server under test keeps its data.
enum class StoreBackend { sqlite, postgresql };

// For TEST_CASE_TEMPLATE over both backends: the test's name then ends in
// "<sqlite>" or "<postgresql>", so a failure says which one.
//
//     TEST_CASE_TEMPLATE("…", Backend, OnSqlite, OnPostgresql) {
//         Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
//
// (Name the type: with `auto` it depends on the template parameter, and every
// `.get<T>()` on what it returns would need the `template` keyword.)
struct OnSqlite {
    static constexpr StoreBackend value = StoreBackend::sqlite;
};
struct OnPostgresql {
    static constexpr StoreBackend value = StoreBackend::postgresql;
};

// A --db for a new, empty database: a file in `dir` for SQLite, a database of
// its own on this process's test PostgreSQL server (tests/support/postgres.h).
Result<std::string> new_database(StoreBackend backend, const TempDir& dir);

struct CentralOptions {
    bool demo_data = true;
    // Empty: a fresh database (see new_database), in the server's own
    // temporary directory for SQLite. Give one of your own (a path or a
    // connection string) to restart a server on the same data.
    std::string db_path{};
    StoreBackend backend = StoreBackend::sqlite;  // of the fresh database, when db_path is empty
    std::vector<std::string> extra_args{};        // e.g. {"--max-body-bytes", "1024"}
    std::chrono::milliseconds ready_timeout = 10s;
};

// Starts build/bin/ventanilla-central with "--port 0 --port-file", reads the
// port it chose, and waits until GET /api/v1/health answers 200. The process
// is killed when this object goes away; call stop() to test a clean exit.
//
//     auto central = CentralServer::start();
//     REQUIRE_MESSAGE(central.ok(), central.failure_text());
//     auto reply = central->client().Get("/api/v1/catalog");
class CentralServer {
public:
    // Fails ("central.not_ready") if the server does not come up in time; the
    // error's detail holds the end of its log.
    static Result<CentralServer> start(CentralOptions options = {});

    // The binary the fixture runs.
    static std::string binary_path();

    int port() const { return port_; }
    std::string base_url() const;  // "http://127.0.0.1:<port>"
    const std::string& db_path() const { return db_path_; }
    std::string log() const;  // stdout and stderr so far
    Process& process() { return process_; }

    // A client with short timeouts, aimed at this server.
    httplib::Client client() const;

    // SIGTERM and wait (SIGKILL after `grace`); returns the exit code.
    int stop(std::chrono::milliseconds grace = 5s);

private:
    CentralServer(TempDir dir, Process process, int port, std::string db_path)
        : dir_(std::move(dir)),
          process_(std::move(process)),
          port_(port),
          db_path_(std::move(db_path)) {}

    TempDir dir_;
    Process process_;
    int port_ = 0;
    std::string db_path_;
};

// Runs ventanilla-central to completion (for option and start-up failures)
// and returns its exit code and output, or nullopt if it did not exit within
// `timeout` (it is killed then).
struct Finished {
    int exit_code = -1;
    std::string output;
};
std::optional<Finished> run_central(const std::vector<std::string>& args,
                                    std::chrono::milliseconds timeout = 10s);

// The first column of the first row of `sql` as an integer, read beside a
// running server from its --db (a SQLite file, or a test PostgreSQL database's
// URI); -1 on any failure. For checks on what a test stored.
std::int64_t database_integer(const std::string& database, const std::string& sql);

// Parses a response body, or gives a JSON null when it is not JSON.
nlohmann::json body_json(const httplib::Result& result);

// Checks that `reply` is the server's error answer: `status`, JSON, the error `code`, and a
// message for people.
void check_error(const httplib::Result& reply, int status, const std::string& code);

}  // namespace ventanilla::testing

TYPE_TO_STRING_AS("sqlite", ventanilla::testing::OnSqlite);
TYPE_TO_STRING_AS("postgresql", ventanilla::testing::OnPostgresql);
