// The clerk's flow at a counter, without a window or a server: log-in, one called ticket at
// most, the server's refusals followed, pause and resume, log-out, late answers dropped.
#include <doctest/doctest.h>

#include "kiosk/counter_flow.h"

using namespace ventanilla;

namespace {

CounterFlow office_flow(bool call_by_number = true) {
    CounterFlow flow;
    flow.set_office({{"envios", "A"}, {"giros", "B"}}, call_by_number);
    return flow;
}

CounterSession session_of(std::string clerk, std::vector<std::string> services) {
    CounterSession session;
    session.token = "token-123";
    session.clerk = std::move(clerk);
    session.services = std::move(services);
    return session;
}

void type_pin(CounterFlow& flow, const std::string& pin) {
    for (char c : pin) flow.press_digit(c);
}

// A flow with ana logged in on both services.
CounterFlow working_flow(bool call_by_number = true) {
    CounterFlow flow = office_flow(call_by_number);
    flow.type_clerk("ana");
    type_pin(flow, "2580");
    auto request = flow.log_in();
    REQUIRE(request);
    flow.on_logged_in(request->id, session_of("ana", {"envios", "giros"}));
    REQUIRE(flow.phase() == CounterPhase::working);
    return flow;
}

ActionOutcome called(std::string number, std::string service = "giros") {
    ActionOutcome outcome;
    outcome.ticket = HeldTicket{std::move(number), std::move(service), false, false};
    outcome.ticket_status = "called";
    return outcome;
}

}  // namespace

TEST_CASE("counter flow: log-in needs a clerk, a PIN of 4 to 8 digits and a service") {
    CounterFlow flow = office_flow();
    CHECK(flow.service_chosen("envios"));
    CHECK(flow.service_chosen("giros"));
    CHECK_FALSE(flow.can_log_in());
    flow.type_clerk("ana");
    type_pin(flow, "258");
    CHECK_FALSE(flow.can_log_in());
    flow.press_digit('0');
    CHECK(flow.can_log_in());
    flow.press_digit('x');  // not a digit
    CHECK(flow.pin_length() == 4);
    type_pin(flow, "123456789");
    CHECK(flow.pin_length() == kMaxPinDigits);
    flow.press_backspace();
    CHECK(flow.pin_length() == kMaxPinDigits - 1);
    flow.toggle_service("envios");
    flow.toggle_service("giros");
    CHECK_FALSE(flow.can_log_in());  // no service chosen
    flow.toggle_service("licencias");  // not served here: ignored
    CHECK_FALSE(flow.service_chosen("licencias"));
    flow.toggle_service("giros");
    auto request = flow.log_in();
    REQUIRE(request);
    CHECK(request->kind == CounterRequest::Kind::log_in);
    CHECK(request->clerk == "ana");
    CHECK(request->pin == "2580123");
    CHECK(request->services == std::vector<std::string>{"giros"});
    CHECK(flow.phase() == CounterPhase::logging_in);
    CHECK(flow.pin_length() == 0);  // the PIN is not kept
    CHECK_FALSE(flow.log_in());     // one at a time
}

TEST_CASE("counter flow: a wrong PIN says how many attempts are left, a lock says until when") {
    CounterFlow flow = office_flow();
    flow.type_clerk("ana");
    type_pin(flow, "1111");
    auto request = flow.log_in();
    REQUIRE(request);
    flow.on_logged_in(request->id, make_error("queue.wrong_pin", "wrong", {{"attempts_left", "3"}}));
    CHECK(flow.phase() == CounterPhase::login);
    REQUIRE(flow.message());
    CHECK(flow.message()->error);
    CHECK(flow.message()->key == "counter.wrong_pin_attempts");
    CHECK(flow.message()->args.at("attempts_left") == "3");
    CHECK(flow.clerk_input() == "ana");  // kept: only the PIN is typed again

    type_pin(flow, "1111");
    request = flow.log_in();
    REQUIRE(request);
    flow.on_logged_in(request->id, make_error("queue.clerk_locked", "locked",
                                              {{"retry_after_s", "300"},
                                               {"until", "2026-03-14T14:35:00Z"}}));
    REQUIRE(flow.message());
    CHECK(flow.message()->key == "counter.clerk_locked_until");
    CHECK(flow.message()->args.at("until") == "2026-03-14T14:35:00Z");

    type_pin(flow, "2580");
    request = flow.log_in();
    REQUIRE(request);
    flow.on_logged_in(request->id, make_error("net.unreachable"));
    CHECK_FALSE(flow.server_reachable());
    CHECK(flow.message()->key == "counter.unreachable");
}

TEST_CASE("counter flow: one called ticket at most, the buttons that cannot apply are off") {
    CounterFlow flow = working_flow();
    CHECK(flow.can(ClerkAction::call_next));
    CHECK(flow.can(ClerkAction::call_number));
    CHECK(flow.can(ClerkAction::pause));
    CHECK_FALSE(flow.can(ClerkAction::recall));
    CHECK_FALSE(flow.can(ClerkAction::served));
    CHECK_FALSE(flow.can(ClerkAction::no_show));
    CHECK_FALSE(flow.can(ClerkAction::transfer));
    CHECK_FALSE(flow.can(ClerkAction::resume));

    auto request = flow.act(ClerkAction::call_next);
    REQUIRE(request);
    CHECK(request->session_token == "token-123");
    CHECK(flow.busy());
    CHECK_FALSE(flow.can(ClerkAction::call_next));  // a double tap sends nothing
    CHECK_FALSE(flow.act(ClerkAction::call_next));
    flow.on_action_done(request->id, called("B-042"));
    CHECK(flow.ticket_in_hand()->number == "B-042");
    CHECK_FALSE(flow.can(ClerkAction::call_next));
    CHECK_FALSE(flow.can(ClerkAction::call_number));
    CHECK(flow.can(ClerkAction::recall));
    CHECK(flow.can(ClerkAction::served));
    CHECK(flow.can(ClerkAction::no_show));
    CHECK(flow.can(ClerkAction::transfer));

    request = flow.act(ClerkAction::served);
    REQUIRE(request);
    ActionOutcome served = called("B-042");
    served.ticket_status = "served";
    flow.on_action_done(request->id, served);
    CHECK_FALSE(flow.ticket_in_hand());
    CHECK(flow.message()->key == "counter.done_served");
    CHECK(flow.message()->args.at("number") == "B-042");
    CHECK(flow.can(ClerkAction::call_next));

    request = flow.act(ClerkAction::call_next);
    REQUIRE(request);
    flow.on_action_done(request->id, ActionOutcome{});
    CHECK_FALSE(flow.ticket_in_hand());
    CHECK(flow.message()->key == "counter.nobody_waiting");
}

TEST_CASE("counter flow: the server's 409s put the buttons right") {
    CounterFlow flow = working_flow();
    // A call whose answer was lost: the retry learns the counter holds B-044.
    auto request = flow.act(ClerkAction::call_next);
    REQUIRE(request);
    flow.on_action_done(request->id, make_error("queue.ticket_in_hand", "held", {{"number", "B-044"}}));
    REQUIRE(flow.ticket_in_hand());
    CHECK(flow.ticket_in_hand()->number == "B-044");
    CHECK(flow.message()->key == "error.queue.ticket_in_hand");
    CHECK(flow.can(ClerkAction::served));

    // Finished elsewhere (another login at this counter served it): nothing in hand.
    request = flow.act(ClerkAction::served);
    REQUIRE(request);
    flow.on_action_done(request->id, make_error("queue.no_ticket_in_hand", "none", {{"counter", "2"}}));
    CHECK_FALSE(flow.ticket_in_hand());
    CHECK(flow.can(ClerkAction::call_next));

    request = flow.act(ClerkAction::call_next);
    REQUIRE(request);
    flow.on_action_done(request->id, make_error("queue.counter_paused", "paused", {{"counter", "2"}}));
    CHECK(flow.paused());
    CHECK(flow.can(ClerkAction::resume));
    CHECK_FALSE(flow.can(ClerkAction::call_next));
}

TEST_CASE("counter flow: an ended session goes back to log-in, token forgotten") {
    CounterFlow flow = working_flow();
    auto request = flow.act(ClerkAction::call_next);
    REQUIRE(request);
    flow.on_action_done(request->id, make_error("queue.session_ended", "ended"));
    CHECK(flow.phase() == CounterPhase::login);
    CHECK_FALSE(flow.session());
    CHECK(flow.message()->key == "error.queue.session_ended");
}

TEST_CASE("counter flow: pause with a reason, resume, transfer and call by number need their argument") {
    CounterFlow flow = working_flow();
    flow.open_panel(CounterPanel::transfer);  // nothing in hand: refused
    CHECK(flow.panel() == CounterPanel::none);
    flow.open_panel(CounterPanel::pause);
    CHECK(flow.panel() == CounterPanel::pause);
    CHECK_FALSE(flow.act(ClerkAction::pause, ""));
    auto request = flow.act(ClerkAction::pause, "Almuerzo");
    REQUIRE(request);
    CHECK(request->argument == "Almuerzo");
    CHECK(flow.panel() == CounterPanel::none);
    flow.on_action_done(request->id, ActionOutcome{});
    CHECK(flow.paused());
    CHECK(flow.session()->pause_reason == "Almuerzo");
    CHECK_FALSE(flow.can(ClerkAction::call_next));
    CHECK_FALSE(flow.can(ClerkAction::call_number));
    request = flow.act(ClerkAction::resume);
    REQUIRE(request);
    flow.on_action_done(request->id, ActionOutcome{});
    CHECK_FALSE(flow.paused());

    CHECK_FALSE(flow.act(ClerkAction::call_number, ""));
    request = flow.act(ClerkAction::call_number, "B-044");
    REQUIRE(request);
    flow.on_action_done(request->id, called("B-044"));
    CHECK(flow.ticket_in_hand()->number == "B-044");
    request = flow.act(ClerkAction::transfer, "envios");
    REQUIRE(request);
    ActionOutcome moved = called("B-044", "envios");
    moved.ticket_status = "waiting";
    flow.on_action_done(request->id, moved);
    CHECK_FALSE(flow.ticket_in_hand());
    CHECK(flow.message()->key == "counter.done_transfer");
    CHECK(flow.message()->args.at("service") == "envios");

    CounterFlow no_numbers = working_flow(/*call_by_number=*/false);
    CHECK_FALSE(no_numbers.can(ClerkAction::call_number));
}

TEST_CASE("counter flow: log-out forgets the session at once, a late answer is dropped") {
    CounterFlow flow = working_flow();
    auto call_request = flow.act(ClerkAction::call_next);
    REQUIRE(call_request);
    auto out = flow.log_out();
    REQUIRE(out);
    CHECK(out->kind == CounterRequest::Kind::log_out);
    CHECK(out->session_token == "token-123");
    CHECK(flow.phase() == CounterPhase::login);
    CHECK_FALSE(flow.session());
    CHECK_FALSE(flow.busy());
    flow.on_action_done(call_request->id, called("B-050"));  // too late: ignored
    CHECK_FALSE(flow.ticket_in_hand());
    CHECK_FALSE(flow.log_out());
}

TEST_CASE("counter flow: the queue's waiting counts, an unreachable server and its return") {
    CounterFlow flow = working_flow();
    CHECK_FALSE(flow.waiting("giros"));
    QueueSnapshot snapshot;
    snapshot.services.push_back(ServiceQueue{"giros", "B", 3, {"B-044", "B-041", "B-043"}, {}});
    flow.on_queue(snapshot);
    CHECK(flow.waiting("giros") == 3);
    flow.on_queue(make_error("net.unreachable"));
    CHECK_FALSE(flow.server_reachable());
    CHECK(flow.waiting("giros") == 3);  // the last known counts stay
    snapshot.services[0].waiting = 4;
    flow.on_queue(snapshot);
    CHECK(flow.server_reachable());
    CHECK(flow.waiting("giros") == 4);
}

TEST_CASE("counter client: the queue and the figures as the server sends them") {
    auto queue = parse_queue_snapshot(R"({"office": "hav-plaza", "day": "2026-03-14",
        "services": [{"id": "giros", "prefix": "B", "waiting": 2, "queue": ["B-044", "B-041"],
                      "serving": [{"number": "B-040", "counter": 2, "called_at": "x"}]}],
        "counters": [{"counter": 2, "clerk": "ana", "services": ["giros"], "paused": true,
                      "pause_reason": "almuerzo"}]})");
    REQUIRE_MESSAGE(queue.ok(), queue.failure_text());
    REQUIRE(queue->services.size() == 1);
    CHECK(queue->services[0].waiting == 2);
    CHECK(queue->services[0].next == std::vector<std::string>{"B-044", "B-041"});
    CHECK(queue->services[0].serving[0].counter == 2);
    CHECK(queue->counters[0].pause_reason == "almuerzo");
    CHECK(parse_queue_snapshot("[]").error().code == "counter.bad_answer");

    auto figures = parse_day_figures(R"({"day": "2026-03-14",
        "totals": {"issued": 5, "waiting": 1, "in_hand": 1, "served": 2, "no_shows": 1,
                   "wait_s": {"count": 4, "mean": 465, "p90": 900},
                   "service_s": {"count": 0, "mean": null, "p90": null}},
        "clerks": [{"clerk": "ana", "served": 1, "no_shows": 1, "in_hand": 1,
                    "wait_s": {"count": 3, "mean": 320, "p90": 600},
                    "service_s": {"count": 1, "mean": 120, "p90": 120}}]})");
    REQUIRE_MESSAGE(figures.ok(), figures.failure_text());
    CHECK(figures->office.issued == 5);
    CHECK(figures->office.wait_p90_s == 900);
    CHECK_FALSE(figures->office.service_mean_s);
    REQUIRE(figures->clerk("ana"));
    CHECK(figures->clerk("ana")->service_mean_s == 120);
    CHECK_FALSE(figures->clerk("luis"));
}
