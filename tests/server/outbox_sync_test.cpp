// The terminal's outbox worker against the real server: enrolment, upload, every kind of answer,
// and faults (kill -9 of the terminal and of the server, a proxy that breaks exchanges).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "kiosk/atomic_file.h"
#include "kiosk/enrolment.h"
#include "kiosk/outbox.h"
#include "kiosk/outbox_worker.h"
#include "kiosk/uuid.h"
#include "tests/support/central.h"
#include "tests/support/enrolled_device.h"
#include "tests/support/fault_proxy.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

struct Terminal {
    TempDir dir{"ventanilla-outbox-"};
    std::string db = dir.file("terminal.db");
    LocalStore store = std::move(LocalStore::open(db).value());
    Outbox outbox{store};
};

OutboxWorkerOptions worker_options(const std::string& db, const std::string& url,
                                   const EnrolledDevice& device) {
    OutboxWorkerOptions options;
    options.db_path = db;
    options.endpoint.base_url = url;
    options.endpoint.device_id = device.device_id;
    options.endpoint.token = device.token;
    options.endpoint.connect_timeout_ms = 1000;
    options.endpoint.total_timeout_ms = 5000;
    options.retry = {std::chrono::milliseconds(10), std::chrono::milliseconds(200)};
    return options;
}

std::int64_t server_records(const CentralServer& central, const std::string& where = "1") {
    return sqlite_integer(central.db_path(), "SELECT count(*) FROM records WHERE " + where);
}

// The ids a driver wrote to its ledger, with "run n" of each.
std::map<std::string, std::string> read_ledger(const std::string& path) {
    std::map<std::string, std::string> ids;
    std::ifstream file(path);
    std::string id, run, n;
    while (file >> id >> run >> n) ids[id] = run + " " + n;
    return ids;
}

std::string driver_path() {
    return std::string(VENTANILLA_BIN_DIR) + "/outbox_driver";
}

Result<Process> start_driver(const std::string& db, const std::string& url,
                             const EnrolledDevice& device, int create, const std::string& run,
                             const std::string& ledger, const std::string& log) {
    return Process::start({.argv = {driver_path(), "--db", db, "--server", url, "--device-id",
                                    device.device_id, "--token", device.token, "--create",
                                    std::to_string(create), "--run", run, "--ledger", ledger,
                                    "--drain-ms", "30000"},
                           .log_path = log});
}

// Every ledger id is at the server once, nothing else of this device is, no conflict, no two
// records of one (run, n), and both files are sound.
void check_exactly_once(const CentralServer& central, const std::string& terminal_db,
                        const std::string& ledger_path, std::int64_t extra_allowed) {
    const auto ledger = read_ledger(ledger_path);
    std::int64_t missing = 0;
    for (const auto& [id, what] : ledger) {
        if (server_records(central, "id = '" + id + "'") != 1) ++missing;
    }
    CHECK_MESSAGE(missing == 0, missing << " of " << ledger.size() << " records lost");
    const std::int64_t stored = server_records(central);
    // A kill between a commit and its ledger line leaves a record the ledger never saw.
    CHECK(stored >= static_cast<std::int64_t>(ledger.size()));
    CHECK(stored <= static_cast<std::int64_t>(ledger.size()) + extra_allowed);
    CHECK(sqlite_integer(central.db_path(),
                         "SELECT count(*) FROM (SELECT json_extract(content, '$.run'), "
                         "json_extract(content, '$.n') FROM records GROUP BY 1, 2 "
                         "HAVING count(*) > 1)") == 0);
    CHECK(sqlite_integer(central.db_path(), "SELECT count(*) FROM record_conflicts") == 0);
    CHECK(sqlite_integer(terminal_db, "SELECT count(*) FROM outbox") == 0);
    CHECK(sqlite_integrity(terminal_db) == "ok");
    CHECK(sqlite_integrity(central.db_path()) == "ok");
}

}  // namespace

TEST_CASE("enrolment, terminal side: credentials kept 0600 beside the config") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto code = issue_enrolment_code(*central, "kiosk", "hav-plaza");
    REQUIRE(code.ok());
    TempDir dir;
    const auto config = std::filesystem::path(dir.path()) / "kiosk.json";
    const auto secrets = secrets_path_for(config);
    CHECK(secrets == std::filesystem::path(dir.path()) / "kiosk.secrets.json");
    CHECK_FALSE(load_credentials(secrets)->has_value());

    EnrolmentRequest request;
    request.server_url = central->base_url();
    request.code = *code;
    request.terminal_number = 4;
    request.name = "Quiosco 4";
    request.code[2] = request.code[2] == 'A' ? 'B' : 'A';  // a typo never leaves the terminal
    CHECK(enrol_terminal(request).error().code == "enrolment.code_check_failed");
    request.code = *code;
    auto credentials = enrol_terminal(request);
    REQUIRE_MESSAGE(credentials.ok(), credentials.failure_text());
    CHECK(credentials->role == "kiosk");
    CHECK(credentials->office_id == "hav-plaza");
    CHECK(enrol_terminal(request).error().code == "enrolment.code_used");

    REQUIRE(write_file_atomically(secrets, R"({"pins": {"tech": "hash"}})", 0600).ok());
    REQUIRE(save_credentials(secrets, *credentials).ok());
    struct stat info {};
    REQUIRE(::stat(secrets.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    auto loaded = load_credentials(secrets);
    REQUIRE(loaded.ok());
    CHECK(**loaded == *credentials);
    CHECK(read_file(secrets.string())->find("\"pins\"") != std::string::npos);  // kept
    ::chmod(secrets.c_str(), 0644);
    CHECK(load_credentials(secrets).error().code == "secrets.too_open");

    // Plain http to another machine is refused unless the configuration allows it.
    request.server_url = "http://192.0.2.1:8080";
    CHECK(enrol_terminal(request).error().code == "net.plain_http_refused");
}

TEST_CASE("outbox worker: uploads, repeats answered as accepted, conflicts and rejections kept aside") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto device = enrol_device(*central);
    REQUIRE_MESSAGE(device.ok(), device.failure_text());
    Terminal terminal;

    auto a = terminal.outbox.enqueue("ticket", {{"service", "A"}, {"number", 1}});
    auto b = terminal.outbox.enqueue("hologram", {{"x", 1}});  // a kind the server does not know
    auto c = terminal.outbox.enqueue("ticket", {{"service", "A"}, {"number", 2}});
    auto d = terminal.outbox.enqueue("complaint", {{"text", "La cola es muy larga"}});
    REQUIRE(a.ok());
    // a reached the server before, but its answer was lost: the worker sends it again.
    auto first = terminal.outbox.next_batch(1, 1 << 20);
    REQUIRE(terminal.outbox.mark_sending(*first).ok());
    SyncEndpoint endpoint = worker_options(terminal.db, central->base_url(), *device).endpoint;
    CHECK(upload_records(endpoint, *first).kind == UploadOutcome::Kind::answered);
    // c's id is already taken at the server by other content (a bug somewhere else).
    {
        OutboxRecord other = *terminal.outbox.find(*c).value();
        other.content = R"({"number":99})";
        CHECK(upload_records(endpoint, std::vector<OutboxRecord>{other}).kind ==
              UploadOutcome::Kind::answered);
    }

    auto worker = OutboxWorker::start(worker_options(terminal.db, central->base_url(), *device));
    REQUIRE(worker.ok());
    REQUIRE((*worker)->wait_until_drained(std::chrono::seconds(10)));
    const SyncState state = (*worker)->state();
    CHECK(state.link == SyncState::Link::online);
    CHECK(state.last_success.has_value());
    CHECK(state.records_waiting == 0);
    CHECK(state.records_set_aside == 2);
    CHECK(state.records_acknowledged == 2);  // a (duplicate) and d
    CHECK(state.clock_offset.has_value());
    CHECK_FALSE(terminal.outbox.find(*a)->has_value());
    CHECK_FALSE(terminal.outbox.find(*d)->has_value());
    CHECK((*terminal.outbox.find(*b))->set_aside_reason == "unknown_kind");
    CHECK((*terminal.outbox.find(*c))->set_aside_reason == "conflict");
    CHECK(server_records(*central) == 3);  // a, d and the other c
    CHECK(sqlite_integer(central->db_path(), "SELECT count(*) FROM record_conflicts") == 1);
}

TEST_CASE("outbox worker: offline, then back at once on wake - revoked stops it") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto device = enrol_device(*central);
    REQUIRE(device.ok());
    const int port = central->port();
    const std::string db_path = central->db_path();
    Terminal terminal;
    auto options = worker_options(terminal.db, central->base_url(), *device);
    options.retry = {std::chrono::seconds(30), std::chrono::seconds(60)};  // a long backoff
    auto worker = OutboxWorker::start(options);
    REQUIRE(worker.ok());

    TempDir keep;
    const std::string kept_db = keep.file("central.db");
    CHECK(central->stop() == 0);
    std::filesystem::copy_file(db_path, kept_db);
    REQUIRE(terminal.outbox.enqueue("event", {{"n", 1}}).ok());
    (*worker)->wake();
    CHECK(wait_until([&] { return (*worker)->state().link == SyncState::Link::offline; }, 5s));
    CHECK((*worker)->state().records_waiting == 1);
    CHECK_FALSE((*worker)->state().last_error_code.empty());

    auto again = CentralServer::start(
        {.demo_data = false, .db_path = kept_db, .extra_args = {"--port", std::to_string(port)}});
    REQUIRE_MESSAGE(again.ok(), again.failure_text());
    (*worker)->wake();  // the network is back: no waiting out the 30 s backoff
    CHECK((*worker)->wait_until_drained(5s));
    CHECK(server_records(*again) == 1);

    auto revoke = run_central({"--db", kept_db, "--revoke-device", device->device_id});
    REQUIRE(revoke);
    REQUIRE(revoke->exit_code == 0);
    REQUIRE(terminal.outbox.enqueue("event", {{"n", 2}}).ok());
    (*worker)->wake();
    CHECK(wait_until([&] { return (*worker)->state().revoked; }, 5s));
    CHECK((*worker)->state().last_error_code == "sync.revoked");
    CHECK((*worker)->state().records_waiting == 1);  // kept, not sent, not lost
    REQUIRE(terminal.outbox.enqueue("event", {{"n", 3}}).ok());
    (*worker)->wake();
    std::this_thread::sleep_for(200ms);
    CHECK(server_records(*again) == 1);
}

TEST_CASE("faults: kill -9 of the terminal at random moments, 200+ times - nothing lost or doubled") {
    auto server = CentralServer::start();
    REQUIRE_MESSAGE(server.ok(), server.failure_text());
    auto enrolled = enrol_device(*server);
    REQUIRE_MESSAGE(enrolled.ok(), enrolled.failure_text());

    TempDir dir("ventanilla-kill-");
    const std::string db = dir.file("terminal.db");
    const std::string ledger = dir.file("ledger.txt");
    std::mt19937 random(20260314);
    int kills = 0;
    const auto started = std::chrono::steady_clock::now();
    for (int trial = 0; kills < 200; ++trial) {
        auto driver = start_driver(db, server->base_url(), *enrolled, 8, "t" + std::to_string(trial),
                                   ledger, dir.file("driver.log"));
        REQUIRE(driver.ok());
        // A run lasts ~150 ms (start-up with its integrity check, eight durable commits, the
        // uploads): kill anywhere in it.
        std::this_thread::sleep_for(std::chrono::microseconds(random() % 120000));
        if (driver->is_running()) {
            driver->kill_hard();
            ++kills;
        } else {
            CHECK_MESSAGE(driver->exit_code() == 0, read_file(dir.file("driver.log")).value_or(""));
        }
        if (trial % 25 == 0 && std::filesystem::exists(db)) {
            REQUIRE(sqlite_integrity(db) == "ok");
            REQUIRE(sqlite_integrity(server->db_path()) == "ok");
        }
        REQUIRE(std::chrono::steady_clock::now() - started < std::chrono::seconds(90));
    }
    auto drain = start_driver(db, server->base_url(), *enrolled, 0, "drain", ledger,
                              dir.file("driver.log"));
    REQUIRE(drain.ok());
    const auto code = drain->wait_exit(30s);
    REQUIRE_MESSAGE(code == 0, read_file(dir.file("driver.log")).value_or(""));
    MESSAGE("kills: " << kills << ", records in the ledger: " << read_ledger(ledger).size()
                      << ", at the server: " << server_records(*server));
    check_exactly_once(*server, db, ledger, kills);
}

TEST_CASE("faults: the server killed mid-batch and dying between its commit and its answer") {
    TempDir dir("ventanilla-server-kill-");
    const std::string central_db = dir.file("central.db");
    auto first = CentralServer::start({.db_path = central_db});
    REQUIRE_MESSAGE(first.ok(), first.failure_text());
    auto device = enrol_device(*first);
    REQUIRE(device.ok());
    const int port = first->port();
    const std::string url = first->base_url();
    REQUIRE(first->stop() == 0);

    // The server dies right after its first commit: the terminal never hears of that batch.
    {
        const std::string port_file = dir.file("fault.port");
        auto faulty = Process::start({.argv = {CentralServer::binary_path(), "--db", central_db,
                                               "--port", std::to_string(port), "--port-file",
                                               port_file},
                                      .env = {{"VENTANILLA_FAULT", "exit_after_commit"}},
                                      .log_path = dir.file("fault.log")});
        REQUIRE(faulty.ok());
        REQUIRE(wait_until([&] { return read_file(port_file).has_value(); }, 10s));
        const std::string db = dir.file("terminal-a.db");
        auto driver = start_driver(db, url, *device, 150, "commit", dir.file("ledger-a.txt"),
                                   dir.file("driver-a.log"));
        REQUIRE(driver.ok());
        CHECK(faulty->wait_exit(10s) == 70);
        CHECK(read_file(dir.file("fault.log"))->find("exit_after_commit") != std::string::npos);
        const std::int64_t committed =
            sqlite_integer(central_db, "SELECT count(*) FROM records");
        CHECK(committed > 0);
        auto server = CentralServer::start(
            {.demo_data = false, .db_path = central_db,
             .extra_args = {"--port", std::to_string(port)}});
        REQUIRE_MESSAGE(server.ok(), server.failure_text());
        CHECK_MESSAGE(driver->wait_exit(30s) == 0, read_file(dir.file("driver-a.log")).value_or(""));
        check_exactly_once(*server, db, dir.file("ledger-a.txt"), 0);
        REQUIRE(server->stop() == 0);
    }

    // SIGKILL at random moments while a terminal uploads, ten times, restarting each time.
    const std::string db = dir.file("terminal-b.db");
    auto driver = start_driver(db, url, *device, 1000, "kill", dir.file("ledger-b.txt"),
                               dir.file("driver-b.log"));
    REQUIRE(driver.ok());
    std::mt19937 random(42);
    for (int kill = 0; kill < 10; ++kill) {
        auto server = CentralServer::start(
            {.demo_data = false, .db_path = central_db,
             .extra_args = {"--port", std::to_string(port)}});
        REQUIRE_MESSAGE(server.ok(), server.failure_text());
        std::this_thread::sleep_for(std::chrono::milliseconds(20 + random() % 150));
        server->process().kill_hard();
        REQUIRE(sqlite_integrity(central_db) == "ok");
    }
    auto server = CentralServer::start(
        {.demo_data = false, .db_path = central_db, .extra_args = {"--port", std::to_string(port)}});
    REQUIRE_MESSAGE(server.ok(), server.failure_text());
    CHECK_MESSAGE(driver->wait_exit(60s) == 0, read_file(dir.file("driver-b.log")).value_or(""));
    const auto ledger = read_ledger(dir.file("ledger-b.txt"));
    CHECK(ledger.size() == 1000);
    for (const auto& [id, what] : ledger) {
        REQUIRE_MESSAGE(server_records(*server, "id = '" + id + "'") == 1, what);
    }
    CHECK(sqlite_integer(central_db, "SELECT count(*) FROM record_conflicts") == 0);
    CHECK(sqlite_integrity(db) == "ok");
}

TEST_CASE("faults: a proxy that drops, delays, truncates, answers 500 or garbage - all arrive once") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto device = enrol_device(*central);
    REQUIRE(device.ok());
    std::mt19937 random(7);
    const std::vector<Fault> faults = {Fault::pass,     Fault::drop,        Fault::drop_request,
                                       Fault::delay,    Fault::http_500,    Fault::garbage,
                                       Fault::garbage_200, Fault::truncate, Fault::lost_answer};
    std::mutex random_mutex;
    FaultProxy proxy(central->port(), [&] {
        std::lock_guard lock(random_mutex);
        // Half the exchanges pass; the other half get one of the eight faults.
        return random() % 2 == 0 ? Fault::pass : faults[1 + random() % (faults.size() - 1)];
    });
    Terminal terminal;
    auto options = worker_options(terminal.db, proxy.base_url(), *device);
    options.max_records = 10;  // more exchanges, more faults
    auto worker = OutboxWorker::start(options);
    REQUIRE(worker.ok());
    std::set<std::string> ids;
    for (int n = 0; n < 300; ++n) {
        auto id = terminal.outbox.enqueue("event", {{"run", "proxy"}, {"n", n}});
        REQUIRE(id.ok());
        ids.insert(*id);
        if (n % 20 == 0) (*worker)->wake();
    }
    (*worker)->wake();
    REQUIRE((*worker)->wait_until_drained(60s));
    for (const auto& [fault, count] : proxy.counts()) {
        MESSAGE(std::string(name_of(fault)) << ": " << count);
        CHECK(count > 0);
    }
    CHECK(proxy.counts().size() == faults.size());
    CHECK(server_records(*central) == 300);
    for (const std::string& id : ids) {
        REQUIRE(server_records(*central, "id = '" + id + "'") == 1);
    }
    CHECK((*worker)->state().records_set_aside == 0);
    CHECK(sqlite_integer(central->db_path(), "SELECT count(*) FROM record_conflicts") == 0);
}
