// TestPostgres: a real, throw-away PostgreSQL server for the tests of this process.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/result.h"
#include "tests/support/process.h"

namespace ventanilla::testing {

// One PostgreSQL cluster per test process, made on first use (initdb costs
// about a second) in a temporary directory, listening on 127.0.0.1 at a free
// port with trust authentication, and stopped when the process exits. Each
// test asks for a database of its own, so tests stay independent.
//
// Under ctest, which runs each test case in a process of its own, the processes
// share the cluster of the run instead: VENTANILLA_TEST_POSTGRES names its
// directory (tests/support/test_postgres.sh, the "postgresql" fixture).
//
// PostgreSQL refuses to run as root: as root the cluster belongs to the
// `postgres` system user (made by Debian's postgresql package). When the
// machine cannot run PostgreSQL, get() fails ("postgres.unavailable") saying
// why; tests REQUIRE it, so they fail rather than skip. Call it first from
// the test's own thread: the server may die with the thread that started it.
//
//     auto postgres = TestPostgres::get();
//     REQUIRE_MESSAGE(postgres.ok(), postgres.failure_text());
//     auto uri = (*postgres)->create_database();  // "postgresql://postgres@127.0.0.1:…/vt_3"
class TestPostgres {
public:
    static Result<TestPostgres*> get();

    ~TestPostgres();
    TestPostgres(const TestPostgres&) = delete;
    TestPostgres& operator=(const TestPostgres&) = delete;

    int port() const { return port_; }

    // A new, empty database (CREATE DATABASE … TEMPLATE template0); its URI.
    Result<std::string> create_database();

    // The URI of a database of this cluster, as the superuser.
    std::string uri(const std::string& database) const;

    // The server's log so far, for failure messages.
    std::string log() const;

private:
    TestPostgres(std::optional<TempDir> dir, std::optional<Process> server, int port,
                 int watchdog_pid, std::string log_path)
        : dir_(std::move(dir)),
          server_(std::move(server)),
          port_(port),
          watchdog_pid_(watchdog_pid),
          log_path_(std::move(log_path)) {}
    static Result<std::unique_ptr<TestPostgres>> start();
    static Result<std::unique_ptr<TestPostgres>> attach(const std::string& shared_dir);

    std::optional<TempDir> dir_;     // ours: removed at the end
    std::optional<Process> server_;  // ours: stopped at the end; none when shared
    int port_ = 0;
    int watchdog_pid_ = -1;
    std::string log_path_;
    std::mutex mutex_;
    int databases_ = 0;
    std::vector<std::string> created_;  // dropped at the end when the cluster is shared
};

// Test scaffolding, not product code: runs SQL (several statements allowed) on
// a database, to shape it as another release or program would have left it.
Status run_postgres_sql(const std::string& conninfo, const std::string& sql);

// The first column of the first row of a query, as text ("" for NULL).
Result<std::string> postgres_query_text(const std::string& conninfo, const std::string& sql);

// A new database on the test cluster (TestPostgres::get), for one test; the test fails
// when there is none.
std::string fresh_postgres_database();

}  // namespace ventanilla::testing
