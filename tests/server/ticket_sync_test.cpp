// The kiosk's ticket issuer and offline-ticket uploader against the real server: online,
// server down (the kiosk's own numbers, kept across a restart), upload later exactly once,
// and an answer lost after the server stored the ticket.
#include <doctest/doctest.h>

#include "kiosk/ticket_issuer.h"
#include "kiosk/ticket_store.h"
#include "kiosk/ticket_upload_worker.h"
#include "tests/server/queue_support.h"
#include "tests/support/fault_proxy.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using namespace std::chrono_literals;

namespace {

struct Kiosk {
    TempDir dir{"ventanilla-tickets-"};
    std::string db = dir.file("terminal.db");
};

SyncEndpoint endpoint_for(const std::string& url, const EnrolledDevice& device) {
    SyncEndpoint endpoint;
    endpoint.base_url = url;
    endpoint.device_id = device.device_id;
    endpoint.token = device.token;
    return endpoint;
}

TicketIssueOptions issue_options(const std::string& url, const EnrolledDevice& device) {
    TicketIssueOptions options;
    options.endpoint = endpoint_for(url, device);
    options.terminal_number = 9;
    options.timeouts = {500, 2000};
    return options;
}

TicketOrder giros(const std::string& priority = "") {
    return {"hav-plaza", "giros", "B", priority};
}

TicketUploadOptions upload_options(const std::string& db, const std::string& url,
                                   const EnrolledDevice& device) {
    TicketUploadOptions options;
    options.db_path = db;
    options.endpoint = endpoint_for(url, device);
    options.timeouts = {500, 3000};
    options.retry = {10ms, 200ms};
    return options;
}

std::int64_t server_count(const CentralServer& central, const std::string& where) {
    return database_integer(central.db_path(), "SELECT count(*) FROM queue_tickets WHERE " + where);
}

const std::string kToday = kiosk_local_day(std::chrono::system_clock::now());

}  // namespace

TEST_CASE("ticket issuer: online - committed first, numbered by the server") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto device = enrol_device(*central, "kiosk", "hav-plaza", 9);
    REQUIRE(device.ok());
    Kiosk kiosk;
    auto store = LocalStore::open(kiosk.db);
    REQUIRE(store.ok());
    TicketStore tickets(store.value());
    bool reached = false;
    auto ticket = issue_ticket_now(tickets, giros("elderly"), issue_options(central->base_url(), *device),
                                   std::chrono::system_clock::now(), kToday, nullptr, &reached);
    REQUIRE_MESSAGE(ticket.ok(), ticket.failure_text());
    CHECK(reached);
    CHECK(ticket->number == "B-001");
    CHECK_FALSE(ticket->offline);
    CHECK(ticket->people_ahead == 0);
    CHECK(ticket->priority == "elderly");
    auto kept = tickets.find(ticket->id);
    REQUIRE(kept.ok());
    REQUIRE(kept->has_value());
    CHECK((*kept)->state == TicketState::online);
    CHECK((*kept)->ticket.number == "B-001");
    CHECK(server_count(*central, "id = '" + ticket->id + "'") == 1);
    // A refusal (an unknown service) issues nothing, and says why.
    auto refused = issue_ticket_now(tickets, {"hav-plaza", "telegramas", "T", ""},
                                    issue_options(central->base_url(), *device),
                                    std::chrono::system_clock::now(), kToday);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "ticket.refused");
    CHECK(refused.error().args.at("code") == "queue.unknown_service");
}

TEST_CASE("ticket issuer: server down - the kiosk's own numbers, kept across a restart, uploaded later once") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto device = enrol_device(*central, "kiosk", "hav-plaza", 9);
    REQUIRE(device.ok());
    Kiosk kiosk;
    const std::string nowhere = "http://127.0.0.1:" + std::to_string(free_port());
    std::vector<std::string> ids;
    {
        auto store = LocalStore::open(kiosk.db);
        REQUIRE(store.ok());
        TicketStore tickets(store.value());
        for (int i = 1; i <= 2; ++i) {
            bool reached = true;
            auto ticket = issue_ticket_now(tickets, giros(), issue_options(nowhere, *device),
                                           std::chrono::system_clock::now(), kToday, nullptr, &reached);
            REQUIRE_MESSAGE(ticket.ok(), ticket.failure_text());
            CHECK_FALSE(reached);
            CHECK(ticket->offline);
            CHECK(ticket->number == "B-9-00" + std::to_string(i));
            CHECK_FALSE(ticket->people_ahead.has_value());
            ids.push_back(ticket->id);
        }
    }
    {
        // A restart: the numbering goes on from the file, never from memory.
        auto store = LocalStore::open(kiosk.db);
        REQUIRE(store.ok());
        TicketStore tickets(store.value());
        CHECK(tickets.last_offline_sequence(kToday).value() == 2);
        auto ticket = issue_ticket_now(tickets, {"hav-plaza", "envios", "A", ""},
                                       issue_options(nowhere, *device),
                                       std::chrono::system_clock::now(), kToday);
        REQUIRE(ticket.ok());
        CHECK(ticket->number == "A-9-003");
        ids.push_back(ticket->id);
        auto counts = tickets.upload_counts();
        REQUIRE(counts.ok());
        CHECK(counts->waiting == 3);
    }
    CHECK(server_count(*central, "1") == 0);

    // The server is reachable again: each goes up once, with its printed number.
    {
        auto worker = TicketUploadWorker::start(upload_options(kiosk.db, central->base_url(), *device));
        REQUIRE(worker.ok());
        REQUIRE((*worker)->wait_until_drained(20s));
        CHECK((*worker)->state().uploaded == 3);
        CHECK((*worker)->state().waiting == 0);
    }
    CHECK(server_count(*central, "offline = 1") == 3);
    CHECK(server_count(*central, "number IN ('B-9-001', 'B-9-002', 'A-9-003')") == 3);
    // A crash after sending and before the answer was stored: the same bytes go again and
    // the server answers as the first time; still one ticket each.
    auto store = LocalStore::open(kiosk.db);
    REQUIRE(store.ok());
    REQUIRE(store->db().exec("UPDATE queue_tickets SET state = 'offline_sending' WHERE number = 'B-9-002'").ok());
    {
        auto worker = TicketUploadWorker::start(upload_options(kiosk.db, central->base_url(), *device));
        REQUIRE(worker.ok());
        REQUIRE((*worker)->wait_until_drained(20s));
        CHECK((*worker)->state().uploaded == 1);
        CHECK((*worker)->state().set_aside == 0);
    }
    CHECK(server_count(*central, "1") == 3);
    TicketStore tickets(store.value());
    for (const auto& id : ids) {
        auto kept = tickets.find(id);
        REQUIRE(kept.ok());
        CHECK((*kept)->state == TicketState::uploaded);
    }
}

TEST_CASE("ticket uploader: a refused offline ticket is set aside for a person, the rest go on") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto device = enrol_device(*central, "kiosk", "hav-plaza", 9);
    REQUIRE(device.ok());
    // Another ticket took B-9-001 today (a kiosk restored from an old backup, say).
    auto taken = ticket_body("giros");
    taken["offline_number"] = "B-9-001";
    REQUIRE(post_ticket(*central, *device, taken)->status == 201);
    Kiosk kiosk;
    const std::string nowhere = "http://127.0.0.1:" + std::to_string(free_port());
    {
        auto store = LocalStore::open(kiosk.db);
        REQUIRE(store.ok());
        TicketStore tickets(store.value());
        for (int i = 0; i < 2; ++i) {
            REQUIRE(issue_ticket_now(tickets, giros(), issue_options(nowhere, *device),
                                     std::chrono::system_clock::now(), kToday).ok());
        }
    }
    auto worker = TicketUploadWorker::start(upload_options(kiosk.db, central->base_url(), *device));
    REQUIRE(worker.ok());
    REQUIRE((*worker)->wait_until_drained(20s));
    const TicketUploadState state = (*worker)->state();
    CHECK(state.uploaded == 1);
    CHECK(state.set_aside == 1);
    auto store = LocalStore::open(kiosk.db);
    REQUIRE(store.ok());
    CHECK(store->db().query_text("SELECT set_aside_reason FROM queue_tickets WHERE number = 'B-9-001'").value() ==
          "queue.offline_number_taken");
    CHECK(server_count(*central, "number = 'B-9-002'") == 1);
}

TEST_CASE("ticket issuer: the server stored the ticket but its answer was lost - one ticket, the printed number") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto device = enrol_device(*central, "kiosk", "hav-plaza", 9);
    REQUIRE(device.ok());
    FaultProxy proxy(central->port(), [] { return Fault::lost_answer; });
    Kiosk kiosk;
    auto store = LocalStore::open(kiosk.db);
    REQUIRE(store.ok());
    TicketStore tickets(store.value());
    auto ticket = issue_ticket_now(tickets, giros("pregnant"), issue_options(proxy.base_url(), *device),
                                   std::chrono::system_clock::now(), kToday);
    REQUIRE_MESSAGE(ticket.ok(), ticket.failure_text());
    CHECK(ticket->offline);
    CHECK(ticket->number == "B-9-001");
    // The server has it under its own number, which nobody holds.
    CHECK(server_count(*central, "id = '" + ticket->id + "' AND number = 'B-001'") == 1);

    auto worker = TicketUploadWorker::start(upload_options(kiosk.db, central->base_url(), *device));
    REQUIRE(worker.ok());
    REQUIRE((*worker)->wait_until_drained(20s));
    CHECK((*worker)->state().uploaded == 1);
    CHECK((*worker)->state().set_aside == 0);
    CHECK(server_count(*central, "1") == 1);
    CHECK(server_count(*central, "id = '" + ticket->id + "' AND number = 'B-9-001' AND offline = 1 "
                                 "AND status = 'waiting'") == 1);
    CHECK(tickets.find(ticket->id).value()->state == TicketState::uploaded);
}

TEST_CASE("ticket issuer worker: results come back through drain, one per request, restart abandons the unanswered") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto device = enrol_device(*central, "kiosk", "hav-plaza", 9);
    REQUIRE(device.ok());
    Kiosk kiosk;
    {
        // A crash between the commit and the answer leaves a row "asking".
        auto store = LocalStore::open(kiosk.db);
        REQUIRE(store.ok());
        TicketStore tickets(store.value());
        REQUIRE(tickets.create("hav-plaza", "giros", "", std::chrono::system_clock::now()).ok());
    }
    TicketIssuerOptions options;
    options.db_path = kiosk.db;
    options.issue = issue_options(central->base_url(), *device);
    std::atomic<int> woken{0};
    options.on_result = [&] { ++woken; };
    auto issuer = TicketIssuer::start(options);
    REQUIRE(issuer.ok());
    const auto first = (*issuer)->issue(giros());
    const auto second = (*issuer)->issue(giros());
    std::vector<TicketWork> done;
    for (int i = 0; i < 200 && done.size() < 2; ++i) {
        for (auto& work : (*issuer)->drain()) done.push_back(std::move(work));
        std::this_thread::sleep_for(20ms);
    }
    REQUIRE(done.size() == 2);
    CHECK(done[0].order == first);
    CHECK(done[1].order == second);
    CHECK(done[0].ticket.value().number == "B-001");
    CHECK(done[1].ticket.value().number == "B-002");
    CHECK(woken >= 2);

    const auto looked = (*issuer)->look_up("hav-plaza", done[1].ticket.value().id);
    std::optional<TicketWork> status;
    for (int i = 0; i < 200 && !status; ++i) {
        for (auto& work : (*issuer)->drain()) status = std::move(work);
        std::this_thread::sleep_for(20ms);
    }
    REQUIRE(status);
    CHECK(status->order == looked);
    REQUIRE_MESSAGE(status->status.ok(), status->status.failure_text());
    CHECK(status->status->status == "waiting");
    CHECK(status->status->people_ahead == 1);
    auto store = LocalStore::open(kiosk.db);
    CHECK(store->db().query_int("SELECT count(*) FROM queue_tickets WHERE state = 'abandoned'").value() == 1);
}
