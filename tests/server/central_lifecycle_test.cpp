// ventanilla-central as a process: options, start-up refusals, restarts and clean shutdown.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "kiosk/version.h"
#include "server/sqlite_central_store.h"
#include "tests/support/central.h"
#include "tests/support/loopback_socket.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    REQUIRE(out.good());
}

std::vector<std::string> directory_listing(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

// Test scaffolding, not product code: shapes a database file the way another
// release or another program would have left it.
void run_sql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const std::string error = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, error);
}

std::string query_text(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    std::string value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return value;
}

// A database written by a stopped ventanilla-central, with the demo data.
void make_database(const std::string& path) {
    auto central = CentralServer::start({.db_path = path});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    REQUIRE(central->stop() == 0);
}

// Runs the server on a file it must refuse and checks it left the file alone.
void check_refused(const std::string& db, const std::string& expected_message) {
    const std::string dir = std::filesystem::path(db).parent_path().string();
    const auto before = read_file(db);
    REQUIRE(before.has_value());
    const auto listing = directory_listing(dir);

    const auto result = run_central({"--db", db, "--port", "0"});
    REQUIRE(result.has_value());
    CHECK(result->exit_code == 1);
    CHECK_MESSAGE(result->output.find(expected_message) != std::string::npos, result->output);
    CHECK_MESSAGE(result->output.find("was left untouched") != std::string::npos, result->output);
    CHECK(result->output.find("listening") == std::string::npos);

    CHECK(read_file(db) == before);  // byte for byte
    CHECK(directory_listing(dir) == listing);
}

}  // namespace

TEST_CASE("SIGTERM stops the server within 2 s with exit code 0 and says so") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    REQUIRE(central->client().Get("/api/v1/catalog"));

    const auto sent = std::chrono::steady_clock::now();
    REQUIRE(central->process().send_signal(SIGTERM));
    const auto code = central->process().wait_exit(2s);
    const auto took = std::chrono::steady_clock::now() - sent;
    REQUIRE_MESSAGE(code.has_value(), "still running 2 s after SIGTERM; log:\n" << central->log());
    CHECK(*code == 0);
    CHECK(took < 2s);
    const std::string log = central->log();
    CHECK_MESSAGE(log.find("received SIGTERM, shutting down") != std::string::npos, log);
    CHECK(log.find("shutdown complete") != std::string::npos);
    CHECK_FALSE(central->client().Get("/api/v1/health"));  // nobody listens any more
}

TEST_CASE("a request in flight when SIGTERM arrives still gets its whole answer") {
    auto central = CentralServer::start({.demo_data = false});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());

    // Half a body is on the wire when the signal comes; the rest follows later.
    const std::string body(20000, ' ');
    LoopbackSocket socket(central->port());
    REQUIRE(socket.connected());
    REQUIRE(
        socket.send("POST /api/v1/catalog HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    "Content-Type: application/json\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 10000)));
    std::this_thread::sleep_for(100ms);
    REQUIRE(central->process().send_signal(SIGTERM));
    REQUIRE(
        wait_until([&] { return central->log().find("shutting down") != std::string::npos; }, 2s));
    // New connections are refused by now…
    CHECK_FALSE(LoopbackSocket(central->port()).connected());
    // …but the one in flight is served to the end.
    REQUIRE(socket.send(body.substr(10000)));
    const std::string answer = socket.receive_response();
    CHECK_MESSAGE(answer.starts_with("HTTP/1.1 405"), answer);
    CHECK(nlohmann::json::parse(http_body(answer))["error"]["code"] == "method_not_allowed");

    const auto code = central->process().wait_exit(2s);
    REQUIRE(code.has_value());
    CHECK(*code == 0);
}

// A burst of terminals connecting at once (all of an office's after a restart of the server)
// while the server is too busy to accept: each connection waits in the kernel's queue and is
// answered. With cpp-httplib's backlog of 5, the handshakes beyond it were dropped, and
// their clients waited for TCP's retransmission a second later or lost their request.
TEST_CASE("64 connections made while the server cannot accept are all completed and answered") {
    auto central = CentralServer::start({.demo_data = false});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    REQUIRE(central->process().send_signal(SIGSTOP));  // accepts nothing until SIGCONT

    constexpr int kConnections = 64;
    std::vector<int> sockets;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(central->port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < kConnections; ++i) {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        REQUIRE(fd >= 0);
        sockets.push_back(fd);
        ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);  // EINPROGRESS
    }
    // The kernel completes a handshake at once when the queue has room.
    std::this_thread::sleep_for(300ms);
    int completed = 0;
    for (int fd : sockets) {
        pollfd ready{fd, POLLOUT, 0};
        int error = 0;
        socklen_t length = sizeof error;
        if (::poll(&ready, 1, 0) == 1 && (ready.revents & POLLOUT) &&
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0) {
            ++completed;
        }
    }
    CHECK(completed == kConnections);

    const std::string request = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    for (int fd : sockets) {
        CHECK(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
    }
    REQUIRE(central->process().send_signal(SIGCONT));
    int answered = 0;
    for (int fd : sockets) {
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        timeval timeout{10, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        std::string answer;
        char buffer[4096];
        for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) answer.append(buffer, static_cast<std::size_t>(n));
        if (answer.starts_with("HTTP/1.1 200")) ++answered;
        ::close(fd);
    }
    CHECK(answered == kConnections);
}

TEST_CASE("SIGINT stops the server cleanly too") {
    auto central = CentralServer::start({.demo_data = false});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    REQUIRE(central->process().send_signal(SIGINT));
    const auto code = central->process().wait_exit(2s);
    REQUIRE(code.has_value());
    CHECK(*code == 0);
    CHECK(central->log().find("received SIGINT, shutting down") != std::string::npos);
}

TEST_CASE("a restart on the same database keeps the data and demo data loads idempotently") {
    TempDir dir("central-restart-");
    const std::string db = dir.file("central.db");

    std::string etag;
    {
        auto first = CentralServer::start({.db_path = db});
        REQUIRE_MESSAGE(first.ok(), first.failure_text());
        auto reply = first->client().Get("/api/v1/catalog");
        REQUIRE(reply);
        etag = reply->get_header_value("ETag");
        REQUIRE(first->stop() == 0);
    }
    {
        auto again = CentralServer::start({.demo_data = false, .db_path = db});
        REQUIRE_MESSAGE(again.ok(), again.failure_text());
        auto reply = again->client().Get("/api/v1/catalog");
        REQUIRE(reply);
        CHECK(reply->get_header_value("ETag") == etag);
        CHECK(body_json(reply)["offices"].size() == 3);
        REQUIRE(again->stop() == 0);
    }
    {
        auto reloaded = CentralServer::start({.demo_data = true, .db_path = db});
        REQUIRE_MESSAGE(reloaded.ok(), reloaded.failure_text());
        auto reply = reloaded->client().Get("/api/v1/catalog", {{"If-None-Match", etag}});
        REQUIRE(reply);
        CHECK(reply->status == 304);  // loading the demo again changed nothing
        REQUIRE(reloaded->stop() == 0);
    }
    CHECK(query_text(db, "SELECT count(*) FROM services") == "13");
}

TEST_CASE("a new database is created in WAL mode at the latest schema version") {
    TempDir dir("central-fresh-");
    const std::string db = dir.file("fresh.db");
    make_database(db);
    CHECK(query_text(db, "PRAGMA journal_mode") == "wal");
    CHECK(query_text(db, "PRAGMA user_version") ==
          std::to_string(SqliteCentralStore::latest_schema_version()));
}

TEST_CASE("a file that is not a database is refused, named, and left byte for byte") {
    TempDir dir("central-corrupt-");
    const std::string db = dir.file("central.db");
    std::string garbage;
    while (garbage.size() < 8192) {
        garbage += "esto no es una base de datos SQLite\n";
    }
    write_bytes(db, garbage);
    check_refused(db, db + " is not an SQLite database or is damaged");
}

TEST_CASE("a database with a damaged page is refused and left byte for byte") {
    TempDir dir("central-damaged-");
    const std::string db = dir.file("central.db");
    make_database(db);
    auto bytes = read_file(db);
    REQUIRE(bytes.has_value());
    REQUIRE(bytes->size() >= 3 * 4096);
    // Overwrite the second page (the first table's root) with noise.
    for (std::size_t i = 4096; i < 8192; ++i) {
        (*bytes)[i] = static_cast<char>((i * 7919) & 0xff);
    }
    write_bytes(db, *bytes);
    check_refused(db, "damaged");
}

TEST_CASE("a database from a newer release is refused with its version and left untouched") {
    TempDir dir("central-newer-");
    const std::string db = dir.file("central.db");
    make_database(db);
    const int newer = SqliteCentralStore::latest_schema_version() + 1;
    run_sql(db, "PRAGMA user_version = " + std::to_string(newer));
    check_refused(db, "has schema version " + std::to_string(newer) + ", newer than version " +
                          std::to_string(SqliteCentralStore::latest_schema_version()));
}

TEST_CASE("someone else's SQLite database is refused and left untouched") {
    TempDir dir("central-foreign-");
    SUBCASE("tables without a schema version") {
        const std::string db = dir.file("other.db");
        run_sql(db, "CREATE TABLE tickets (id TEXT PRIMARY KEY)");
        check_refused(db, "holds tables but no ventanilla-central schema");
    }
    SUBCASE("a versioned schema of another program, such as a terminal's") {
        const std::string db = dir.file("terminal.db");
        run_sql(db, "CREATE TABLE outbox (id TEXT PRIMARY KEY); PRAGMA user_version = 3");
        check_refused(db, "is not a ventanilla-central database");
    }
}

TEST_CASE("command line: --version, --help, and clear refusals of bad options") {
    const auto version = run_central({"--version"});
    REQUIRE(version.has_value());
    CHECK(version->exit_code == 0);
    CHECK(version->output == std::string("ventanilla-central ") + kVersion + "\n");

    const auto help = run_central({"--help"});
    REQUIRE(help.has_value());
    CHECK(help->exit_code == 0);
    for (const char* option : {"--db", "--listen", "--port", "--port-file", "--demo-data",
                               "--max-body-bytes", "--version"}) {
        CHECK_MESSAGE(help->output.find(option) != std::string::npos, option);
    }

    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const std::vector<Case> refusals = {
        {{"--port", "0"}, "--db is required"},
        {{"--db", "x.db", "--port", "70000"}, "--port must be a number from 0 to 65535"},
        {{"--db", "x.db", "--port=eighty"}, "--port must be a number"},
        {{"--db", "x.db", "--max-body-bytes", "0"}, "--max-body-bytes must be a number"},
        {{"--db", "x.db", "--colour"}, "unknown option --colour"},
        {{"--db"}, "--db needs a value"},
    };
    for (const Case& refusal : refusals) {
        const auto result = run_central(refusal.args);
        REQUIRE(result.has_value());
        CHECK(result->exit_code == 2);
        CHECK_MESSAGE(result->output.find(refusal.message) != std::string::npos, result->output);
    }
}

TEST_CASE("start-up failures: an unusable database path, a port already taken") {
    TempDir dir("central-startup-");
    const auto no_dir = run_central({"--db", dir.file("missing/dir/central.db"), "--port", "0"});
    REQUIRE(no_dir.has_value());
    CHECK(no_dir->exit_code == 1);
    CHECK_MESSAGE(no_dir->output.find("cannot open") != std::string::npos, no_dir->output);

    auto first = CentralServer::start({.demo_data = false});
    REQUIRE_MESSAGE(first.ok(), first.failure_text());
    const auto taken =
        run_central({"--db", dir.file("second.db"), "--port", std::to_string(first->port())});
    REQUIRE(taken.has_value());
    CHECK(taken->exit_code == 1);
    CHECK_MESSAGE(taken->output.find("cannot listen on 127.0.0.1:" +
                                     std::to_string(first->port())) != std::string::npos,
                  taken->output);
}

TEST_CASE("--port N listens on that port and --port-file reports it") {
    TempDir dir("central-port-");
    const int port = free_port();
    REQUIRE(port > 0);
    auto process =
        Process::start({.argv = {CentralServer::binary_path(), "--db", dir.file("central.db"),
                                 "--port", std::to_string(port), "--port-file", dir.file("port")},
                        .log_path = dir.file("log")});
    REQUIRE_MESSAGE(process.ok(), process.failure_text());
    REQUIRE(wait_until([&] { return read_file(dir.file("port")).has_value(); }, 5s));
    CHECK(read_file(dir.file("port")) == std::to_string(port) + "\n");
    httplib::Client client("127.0.0.1", port);
    auto health = client.Get("/api/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(process->terminate() == 0);
    CHECK_FALSE(read_file(dir.file("port")).has_value());  // gone with the server
}
