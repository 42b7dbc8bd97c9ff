// The kiosk's own record of its tickets: committed before the server is asked, its own
// numbers of the day kept across restarts, frozen once given.
#include "kiosk/ticket_store.h"

#include <doctest/doctest.h>

#include "tests/support/process.h"

using namespace ventanilla;
using namespace ventanilla::testing;

TEST_CASE("ticket store: offline numbers go on across a reopen and restart each day") {
    TempDir dir;
    const std::string db = dir.file("terminal.db");
    std::string first_id;
    {
        auto store = LocalStore::open(db);
        REQUIRE(store.ok());
        TicketStore tickets(store.value());
        auto asked = tickets.create("hav-plaza", "giros", "", std::chrono::system_clock::now());
        REQUIRE(asked.ok());
        first_id = asked->id;
        auto found = tickets.find(asked->id);
        REQUIRE(found.ok());
        CHECK((*found)->state == TicketState::asking);
        auto offline = tickets.issue_offline(asked->id, "B", 9, "2026-11-23");
        REQUIRE_MESSAGE(offline.ok(), offline.failure_text());
        CHECK(offline->number == "B-9-001");
        CHECK(offline->offline);
        // Not twice: the ticket is no longer asking.
        CHECK_FALSE(tickets.issue_offline(asked->id, "B", 9, "2026-11-23").ok());
    }
    auto store = LocalStore::open(db);
    REQUIRE(store.ok());
    TicketStore tickets(store.value());
    auto second = tickets.create("hav-plaza", "envios", "elderly", std::chrono::system_clock::now());
    REQUIRE(second.ok());
    CHECK(tickets.issue_offline(second->id, "A", 9, "2026-11-23")->number == "A-9-002");
    auto next_day = tickets.create("hav-plaza", "envios", "", std::chrono::system_clock::now());
    CHECK(tickets.issue_offline(next_day->id, "A", 9, "2026-11-24")->number == "A-9-001");

    auto due = tickets.uploads_due(10);
    REQUIRE(due.ok());
    REQUIRE(due->size() == 3);
    CHECK(due->front().ticket.id == first_id);
    CHECK(due->front().upload_body.find("\"offline_number\":\"B-9-001\"") != std::string::npos);
    // What was printed never changes.
    CHECK_FALSE(store->db().exec("UPDATE queue_tickets SET number = 'B-9-099' WHERE id = '" + first_id + "'").ok());
    CHECK_FALSE(store->db().exec("UPDATE queue_tickets SET service_id = 'envios'").ok());
    auto counts = tickets.upload_counts();
    REQUIRE(counts.ok());
    CHECK(counts->waiting == 3);
    CHECK(counts->oldest_created_at.has_value());
    REQUIRE(tickets.set_aside(first_id, "queue.offline_ticket_stale", "earlier day").ok());
    CHECK(tickets.upload_counts()->set_aside == 1);
    CHECK(tickets.upload_counts()->waiting == 2);
}

TEST_CASE("ticket store: a request left asking by a crash is abandoned at the next start") {
    TempDir dir;
    auto store = LocalStore::open(dir.file("terminal.db"));
    REQUIRE(store.ok());
    TicketStore tickets(store.value());
    auto asked = tickets.create("hav-plaza", "giros", "", std::chrono::system_clock::now());
    REQUIRE(asked.ok());
    auto answered = tickets.create("hav-plaza", "giros", "", std::chrono::system_clock::now());
    Ticket online = *answered;
    online.number = "B-001";
    online.people_ahead = 0;
    REQUIRE(tickets.record_online(online).ok());
    CHECK(tickets.abandon_unanswered().value() == 1);
    CHECK(tickets.find(asked->id).value()->state == TicketState::abandoned);
    CHECK(tickets.find(answered->id).value()->state == TicketState::online);
    CHECK(tickets.find(answered->id).value()->ticket.number == "B-001");
}
