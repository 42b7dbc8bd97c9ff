#include "kiosk/citizen_flow.h"

#include <doctest/doctest.h>

using namespace ventanilla;
using namespace std::chrono_literals;

namespace {
const SteadyTime t0 = SteadyTime{} + 1000s;
CitizenFlow make_flow() { return CitizenFlow(IdleSettings{60, 30}, Preferences{}, t0); }
}  // namespace

TEST_CASE("a clean home screen never times out, so an idle kiosk has no timer to wake for") {
    CitizenFlow flow = make_flow();
    CHECK_FALSE(flow.next_deadline(t0).has_value());
    CHECK_FALSE(flow.tick(t0 + 10h));
    CHECK(flow.idle_phase() == IdlePhase::active);
    CHECK(flow.screen() == Screen::home);
}

TEST_CASE("after the idle timeout the citizen is asked, and one tap gives them more time") {
    CitizenFlow flow = make_flow();
    flow.open(Screen::track, t0);
    flow.set_typed_text("RR1234", t0 + 1s);
    REQUIRE(flow.next_deadline(t0 + 1s) == t0 + 61s);

    CHECK_FALSE(flow.tick(t0 + 60s));
    CHECK(flow.idle_phase() == IdlePhase::active);
    CHECK(flow.tick(t0 + 61s));
    CHECK(flow.idle_phase() == IdlePhase::asking);
    CHECK(flow.countdown_left_s(t0 + 61s) == 30);
    CHECK(flow.countdown_left_s(t0 + 71500ms) == 20);

    flow.on_activity(t0 + 80s);
    CHECK(flow.idle_phase() == IdlePhase::active);
    CHECK(flow.session().typed_text == "RR1234");
    CHECK(flow.screen() == Screen::track);
    CHECK(flow.next_deadline(t0 + 80s) == t0 + 140s);
}

TEST_CASE("when the countdown runs out everything the citizen entered is wiped") {
    CitizenFlow flow = make_flow();
    flow.open(Screen::procedure, t0);
    flow.set_typed_text("Juana", t0);
    flow.add_scan("RR123456785CU", t0);
    flow.set_language("en", t0);
    flow.toggle_large_text(t0);

    flow.tick(t0 + 60s);
    REQUIRE(flow.idle_phase() == IdlePhase::asking);
    flow.tick(t0 + 89s);
    CHECK(flow.screen() == Screen::procedure);
    CHECK(flow.tick(t0 + 90s));
    CHECK(flow.screen() == Screen::home);
    CHECK(flow.session().empty());
    CHECK(flow.preferences() == Preferences{});
    CHECK(flow.sessions_timed_out() == 1);
    CHECK(flow.idle_phase() == IdlePhase::active);
    CHECK_FALSE(flow.next_deadline(t0 + 90s).has_value());
}

TEST_CASE("a loop that slept through the whole countdown still wipes the session") {
    CitizenFlow flow = make_flow();
    flow.open(Screen::ticket, t0);
    CHECK(flow.tick(t0 + 5h));
    CHECK(flow.screen() == Screen::home);
    CHECK(flow.sessions_timed_out() == 1);
}

TEST_CASE("the countdown wakes the loop once a second, not more") {
    CitizenFlow flow = make_flow();
    flow.open(Screen::ticket, t0);
    CHECK(flow.tick(t0 + 60s));
    // Within one second of the countdown nothing on screen changes: no redraw owed.
    CHECK_FALSE(flow.tick(t0 + 60s + 300ms));
    CHECK_FALSE(flow.tick(t0 + 60s + 900ms));
    CHECK(flow.tick(t0 + 61s));
    CHECK_FALSE(flow.tick(t0 + 61s + 10ms));
    CHECK(flow.next_deadline(t0 + 60s) == t0 + 61s);
    CHECK(flow.next_deadline(t0 + 60400ms) == t0 + 61s);
    CHECK(flow.next_deadline(t0 + 89500ms) == t0 + 90s);
}

TEST_CASE("a changed language alone is a session to wipe, going home resets it") {
    CitizenFlow flow = make_flow();
    flow.set_language("en", t0);
    CHECK(flow.next_deadline(t0).has_value());
    flow.finish_session(t0 + 1s);
    CHECK(flow.preferences().language == "es");
    CHECK_FALSE(flow.next_deadline(t0 + 1s).has_value());
}

TEST_CASE("changing screen clears the typed field of the previous one") {
    CitizenFlow flow = make_flow();
    flow.open(Screen::track, t0);
    flow.set_typed_text("RR", t0);
    flow.open(Screen::track, t0);
    CHECK(flow.session().typed_text == "RR");
    flow.open(Screen::ticket, t0);
    CHECK(flow.session().typed_text.empty());
}

TEST_CASE("the on-screen keyboard stays with its screen and its session") {
    CitizenFlow flow = make_flow();
    flow.open(Screen::track, t0);
    flow.start_typing(t0);
    flow.open(Screen::track, t0);
    CHECK(flow.session().typing);
    flow.open(Screen::ticket, t0);
    CHECK_FALSE(flow.session().typing);
    flow.start_typing(t0);
    flow.finish_session(t0);
    CHECK_FALSE(flow.session().typing);
    flow.open(Screen::track, t0);
    flow.start_typing(t0);
    flow.tick(t0 + 60s);
    flow.tick(t0 + 90s);
    CHECK_FALSE(flow.session().typing);
}
