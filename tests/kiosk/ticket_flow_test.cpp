// The kiosk's ticket flow, step by step, without a window.
#include "kiosk/ticket_flow.h"

#include <doctest/doctest.h>

using namespace ventanilla;

namespace {
const std::vector<std::string> kGroups{"elderly", "pregnant", "disability"};

Ticket issued(const std::string& number) {
    Ticket t;
    t.id = "0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a";
    t.number = number;
    return t;
}
}  // namespace

TEST_CASE("ticket flow: an office without priority groups gives the ticket on the first tap") {
    TicketFlow flow;
    CHECK(flow.choose_service("giros", {}));
    CHECK(flow.service_id() == "giros");
    flow.on_issuing();
    CHECK(flow.phase() == TicketPhase::issuing);
    // A second tap while issuing asks for nothing.
    CHECK_FALSE(flow.choose_service("envios", {}));
    flow.on_issued(issued("B-042"));
    REQUIRE(flow.phase() == TicketPhase::issued);
    CHECK(flow.ticket()->number == "B-042");
}

TEST_CASE("ticket flow: the priority question, its answers and going back") {
    TicketFlow flow;
    CHECK_FALSE(flow.choose_service("giros", kGroups));
    CHECK(flow.phase() == TicketPhase::asking_priority);
    CHECK_FALSE(flow.choose_priority("vip", kGroups));  // not one of the office's
    CHECK(flow.phase() == TicketPhase::asking_priority);
    flow.back();
    CHECK(flow.phase() == TicketPhase::choosing_service);
    CHECK_FALSE(flow.choose_service("envios", kGroups));
    CHECK(flow.choose_priority("elderly", kGroups));
    CHECK(flow.priority() == "elderly");
    CHECK(flow.service_id() == "envios");

    TicketFlow none;
    none.choose_service("giros", kGroups);
    CHECK(none.choose_priority("", kGroups));  // "No"
    CHECK(none.priority().empty());
}

TEST_CASE("ticket flow: a failure is kept to be said, an answer after the citizen left is dropped") {
    TicketFlow flow;
    flow.choose_service("giros", {});
    flow.on_issuing();
    flow.on_issued(make_error("store.disk_full"));
    CHECK(flow.phase() == TicketPhase::failed);
    CHECK(flow.error()->code == "store.disk_full");

    TicketFlow left;
    left.choose_service("giros", {});
    left.on_issuing();
    left.reset();
    left.on_issued(issued("B-043"));
    CHECK(left.phase() == TicketPhase::choosing_service);
    CHECK_FALSE(left.ticket().has_value());
}

TEST_CASE("ticket flow: an appointment's code, a refusal with the way back to the code") {
    TicketFlow flow;
    flow.start_check_in();
    CHECK(flow.phase() == TicketPhase::entering_code);
    CHECK(flow.checking_in());
    CHECK(flow.submit_code());
    CHECK(flow.phase() == TicketPhase::issuing);
    CHECK_FALSE(flow.submit_code());  // a second scan while checking in asks for nothing
    flow.on_issued(make_error("queue.appointment_too_early"));
    CHECK(flow.phase() == TicketPhase::failed);
    flow.back();
    CHECK(flow.phase() == TicketPhase::entering_code);
    CHECK_FALSE(flow.error().has_value());
    flow.back();
    CHECK(flow.phase() == TicketPhase::choosing_service);
    CHECK_FALSE(flow.checking_in());
}

TEST_CASE("ticket flow: a scanned ticket is looked up from anywhere, only its own answer counts") {
    TicketFlow flow;
    flow.choose_service("giros", kGroups);
    flow.look_up("0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a");
    CHECK(flow.phase() == TicketPhase::looking_up);
    CHECK(flow.service_id().empty());
    TicketStatus status;
    status.id = "0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a";
    status.number = "B-042";
    status.status = "waiting";
    flow.on_status("11111111-4a9f-4c1e-9d2b-1f2e3d4c5b6a", status);  // a look-up given up
    CHECK(flow.phase() == TicketPhase::looking_up);
    flow.on_status(status.id, status);
    REQUIRE(flow.phase() == TicketPhase::showing_status);
    CHECK(flow.status()->number == "B-042");
    flow.back();
    CHECK(flow.phase() == TicketPhase::choosing_service);
}
