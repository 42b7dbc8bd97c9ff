// The waiting hall's board: what it shows and what it has announced, call by call.
#include "kiosk/call_board.h"

#include <doctest/doctest.h>

using namespace ventanilla;
using namespace std::chrono_literals;

namespace {

using TimePoint = CallBoard::TimePoint;

QueueCall call(std::int64_t sequence, std::string number, int counter, bool recall = false,
               bool appointment = false) {
    return QueueCall{sequence, std::move(number), "giros", counter, recall, appointment, {}};
}

FeedCall fresh(QueueCall c) { return FeedCall{std::move(c), true}; }
FeedCall old(QueueCall c) { return FeedCall{std::move(c), false}; }

std::vector<std::string> numbers(const std::deque<QueueCall>& calls) {
    std::vector<std::string> out;
    for (const auto& c : calls) out.push_back(c.number);
    return out;
}

}  // namespace

TEST_CASE("call board: the newest call is the big one, the earlier ones listed newest first") {
    CallBoard board;
    TimePoint t0{};
    auto said = board.take({fresh(call(1, "A-001", 1)), fresh(call(2, "B-001", 2)),
                            fresh(call(3, "A-002", 3))},
                           t0);
    REQUIRE(said.size() == 3);
    CHECK(said[0].number == "A-001");  // announced in the order they were made
    CHECK(said[2].number == "A-002");
    REQUIRE(board.current());
    CHECK(board.current()->number == "A-002");
    CHECK(numbers(board.recent()) == std::vector<std::string>{"B-001", "A-001"});
    CHECK(board.last_sequence() == 3);
}

TEST_CASE("call board: a new call stands out for a few seconds, then the board settles") {
    CallBoard board(CallBoardSettings{.highlight = 8s});
    TimePoint t0{};
    CHECK_FALSE(board.highlighted(t0));
    CHECK_FALSE(board.highlight_end(t0));
    board.take({fresh(call(1, "A-001", 1))}, t0);
    CHECK(board.highlighted(t0 + 7s));
    CHECK(board.highlight_end(t0 + 1s) == t0 + 8s);
    CHECK_FALSE(board.highlighted(t0 + 8s));
    CHECK_FALSE(board.highlight_end(t0 + 9s));
    // The next call starts its own highlight.
    board.take({fresh(call(2, "A-002", 2))}, t0 + 20s);
    CHECK(board.highlighted(t0 + 27s));
}

TEST_CASE("call board: calls from before the display joined are shown, not announced or lit") {
    CallBoard board;
    TimePoint t0{};
    auto said = board.take({old(call(7, "A-007", 1)), old(call(8, "A-008", 2))}, t0);
    CHECK(said.empty());
    CHECK(board.current()->number == "A-008");
    CHECK_FALSE(board.highlighted(t0));
    CHECK(numbers(board.recent()) == std::vector<std::string>{"A-007"});
}

TEST_CASE("call board: a recall is announced again and the ticket is listed once") {
    CallBoard board;
    TimePoint t0{};
    board.take({fresh(call(1, "B-044", 3)), fresh(call(2, "A-010", 1))}, t0);
    auto said = board.take({fresh(call(3, "B-044", 3, /*recall=*/true))}, t0 + 30s);
    REQUIRE(said.size() == 1);
    CHECK(said[0].recall);
    CHECK(board.current()->number == "B-044");
    CHECK(board.current()->recall);
    CHECK(numbers(board.recent()) == std::vector<std::string>{"A-010"});
    CHECK(board.highlighted(t0 + 31s));
    // Recalled again while it is the big one: still one line.
    board.take({fresh(call(4, "B-044", 3, true))}, t0 + 60s);
    CHECK(numbers(board.recent()) == std::vector<std::string>{"A-010"});
}

TEST_CASE("call board: a call that comes twice (a page read again after a reconnect) is ignored") {
    CallBoard board;
    TimePoint t0{};
    board.take({fresh(call(5, "A-005", 1)), fresh(call(6, "A-006", 1))}, t0);
    auto said = board.take({fresh(call(5, "A-005", 1)), fresh(call(6, "A-006", 1))}, t0 + 1s);
    CHECK(said.empty());
    CHECK(numbers(board.recent()) == std::vector<std::string>{"A-005"});
}

TEST_CASE("call board: appointment calls are listed apart from the walk-in ones") {
    CallBoard board;
    TimePoint t0{};
    board.take({fresh(call(1, "B-001", 2)), fresh(call(2, "B-002", 3, false, true)),
                fresh(call(3, "A-001", 1)), fresh(call(4, "A-002", 1))},
               t0);
    CHECK(numbers(board.recent()) == std::vector<std::string>{"A-001", "B-001"});
    CHECK(numbers(board.appointments()) == std::vector<std::string>{"B-002"});
    // An appointment called now is the big one like any other, and marked as one.
    board.take({fresh(call(5, "E-003", 2, false, true))}, t0);
    CHECK(board.current()->appointment);
    CHECK(numbers(board.recent()) == std::vector<std::string>{"A-002", "A-001", "B-001"});
}

TEST_CASE("call board: the lists keep only the last calls") {
    CallBoard board(CallBoardSettings{.recent_calls = 3, .appointment_calls = 2});
    TimePoint t0{};
    std::vector<FeedCall> calls;
    for (int i = 1; i <= 10; ++i) {
        calls.push_back(fresh(call(i, "A-" + std::to_string(100 + i), 1, false, i % 2 == 0)));
    }
    board.take(calls, t0);
    CHECK(board.current()->number == "A-110");
    CHECK(numbers(board.recent()) == std::vector<std::string>{"A-109", "A-107", "A-105"});
    CHECK(numbers(board.appointments()) == std::vector<std::string>{"A-108", "A-106"});
}

TEST_CASE("call board: cleared when the server starts over, then takes its low sequences") {
    CallBoard board;
    TimePoint t0{};
    board.take({fresh(call(40, "A-040", 1))}, t0);
    board.clear();
    CHECK_FALSE(board.current());
    CHECK_FALSE(board.highlighted(t0));
    auto said = board.take({fresh(call(1, "A-001", 1))}, t0);
    CHECK(said.size() == 1);
}
