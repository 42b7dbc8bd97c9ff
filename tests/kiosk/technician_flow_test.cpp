// The technician mode's way in: a corner held five seconds (not four, not elsewhere), the PIN
// chosen twice on the first start, checked off the frame, the lock shown and ended by its
// clock, and the mode left after two idle minutes.
#include <doctest/doctest.h>

#include "kiosk/technician_flow.h"

using namespace ventanilla;
using namespace std::chrono;

namespace {

const TechnicianTime t0{};

void type(TechnicianFlow& flow, const std::string& digits, TechnicianTime now) {
    for (char d : digits) flow.press_digit(d, now);
}

}  // namespace

TEST_CASE("technician flow: a corner held for five seconds is the gesture, a shorter hold or the middle is not") {
    CornerHold hold;
    hold.observe(true, 10, 10, 1920, 1080, 96, t0);
    REQUIRE(hold.deadline());
    CHECK(*hold.deadline() == t0 + seconds(5));
    CHECK_FALSE(hold.take_fired(t0 + milliseconds(4900)));
    hold.observe(false, 10, 10, 1920, 1080, 96, t0 + milliseconds(4900));  // let go too soon
    CHECK_FALSE(hold.take_fired(t0 + seconds(6)));
    CHECK_FALSE(hold.deadline());

    hold.observe(true, 960, 540, 1920, 1080, 96, t0);  // the middle of the screen
    CHECK_FALSE(hold.take_fired(t0 + seconds(10)));

    hold.observe(true, 1910, 1075, 1920, 1080, 96, t0);  // the bottom right corner
    hold.observe(true, 1905, 1070, 1920, 1080, 96, t0 + seconds(3));  // a finger moves a little
    CHECK(hold.take_fired(t0 + seconds(5)));
    CHECK_FALSE(hold.take_fired(t0 + seconds(7)));  // once per press
}

TEST_CASE("technician flow: the first start asks for a PIN twice and sets it only when both agree") {
    TechnicianFlow flow;
    flow.open(/*needs_pin=*/true, std::nullopt, t0);
    CHECK(flow.phase() == TechnicianPhase::pin);
    CHECK(flow.pin_step() == PinStep::choose);
    type(flow, "480271", t0);
    CHECK(flow.digits_typed() == 6);
    CHECK_FALSE(flow.submit(t0));
    CHECK(flow.pin_step() == PinStep::repeat);
    CHECK(flow.digits_typed() == 0);
    type(flow, "480272", t0);
    CHECK_FALSE(flow.submit(t0));
    CHECK(flow.pin_step() == PinStep::choose);
    REQUIRE(flow.message());
    CHECK(flow.message()->code == "technician.pins_differ");

    type(flow, "480271", t0);
    (void)flow.submit(t0);
    type(flow, "480271", t0);
    auto job = flow.submit(t0);
    REQUIRE(job);
    CHECK(job->kind == PinJob::Kind::set);
    CHECK(job->pin == "480271");
    CHECK(flow.busy());
    flow.press_digit('1', t0);  // ignored while it is checked
    CHECK(flow.digits_typed() == 0);
    flow.on_pin_result(ok_status(), std::nullopt, t0);
    CHECK(flow.phase() == TechnicianPhase::open);
    CHECK(flow.page() == TechnicianPage::menu);
}

TEST_CASE("technician flow: a wrong PIN says so, the fifth locks with the time shown, the lock ends by its clock") {
    TechnicianFlow flow;
    flow.open(false, std::nullopt, t0);
    CHECK(flow.pin_step() == PinStep::enter);
    type(flow, "111", t0);
    flow.erase_digit(t0);
    CHECK(flow.digits_typed() == 2);
    auto job = flow.submit(t0);
    REQUIRE(job);
    CHECK(job->kind == PinJob::Kind::check);
    CHECK(job->pin == "11");
    flow.on_pin_result(make_error("technician.wrong_pin", "", {{"attempts_left", "4"}}), std::nullopt, t0);
    CHECK(flow.phase() == TechnicianPhase::pin);
    CHECK(flow.message()->code == "technician.wrong_pin");

    const auto wall = system_clock::now();
    type(flow, "222222", t0);
    (void)flow.submit(t0);
    flow.on_pin_result(make_error("technician.locked"), wall + minutes(5), t0);
    CHECK(flow.phase() == TechnicianPhase::locked);
    CHECK(flow.locked_until() == wall + minutes(5));
    CHECK(flow.next_deadline(t0) == t0 + seconds(1));  // the minutes left count down on screen
    CHECK_FALSE(flow.tick(t0 + seconds(60), wall + minutes(1)));
    CHECK(flow.tick(t0 + seconds(61), wall + minutes(5)));
    CHECK(flow.phase() == TechnicianPhase::pin);
    CHECK(flow.pin_step() == PinStep::enter);

    TechnicianFlow reopened;  // the gesture made while the lock holds
    reopened.open(false, wall + minutes(3), t0);
    CHECK(reopened.phase() == TechnicianPhase::locked);
}

TEST_CASE("technician flow: two idle minutes close the mode from any page, activity keeps it open") {
    TechnicianFlow flow;
    flow.open(false, std::nullopt, t0);
    (void)flow.submit(t0);
    flow.on_pin_result(ok_status(), std::nullopt, t0);
    flow.show(TechnicianPage::settings_printer, t0 + seconds(100));
    CHECK(flow.page() == TechnicianPage::settings_printer);
    const auto wall = system_clock::now();
    CHECK_FALSE(flow.tick(t0 + seconds(219), wall));
    CHECK(flow.next_deadline(t0 + seconds(219)) == t0 + seconds(220));
    CHECK(flow.tick(t0 + seconds(220), wall));
    CHECK(flow.phase() == TechnicianPhase::closed);
    CHECK_FALSE(flow.next_deadline(t0 + seconds(221)));
}
