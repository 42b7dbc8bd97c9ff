// What the waiting hall's board shows: the call being made now, the last calls, the
// appointment calls apart, and which calls are to be announced. No clock, no I/O.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "kiosk/queue_calls.h"

namespace ventanilla {

struct CallBoardSettings {
    std::size_t recent_calls = 6;       // walk-in calls listed under "last calls"
    std::size_t appointment_calls = 4;  // appointment calls listed in their own column
    std::chrono::milliseconds highlight{8000};  // a new call stands out this long
};

// A call that came from the feed, and whether the hall should hear it.
struct FeedCall {
    QueueCall call;
    bool announce = false;  // false for calls from before the display (re)joined the feed
};

class CallBoard {
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    explicit CallBoard(CallBoardSettings settings = {}) : settings_(settings) {}

    // Takes calls from the feed, oldest first. Returns those to announce, in the order they
    // were made. A call already taken (same sequence or older) is ignored, so a page that
    // comes twice after a reconnect changes nothing.
    std::vector<QueueCall> take(const std::vector<FeedCall>& calls, TimePoint now);
    // The server's sequence went back (a new database): forget everything shown.
    void clear();

    // The newest call: the big line.
    const std::optional<QueueCall>& current() const { return current_; }
    // The walk-in calls before it, newest first; a ticket appears once (its latest call).
    const std::deque<QueueCall>& recent() const { return recent_; }
    // The appointment calls before it, newest first.
    const std::deque<QueueCall>& appointments() const { return appointments_; }
    // True while the current call was made less than `highlight` ago (and announced).
    bool highlighted(TimePoint now) const { return highlight_until_ && now < *highlight_until_; }
    // When the highlight ends, while it lasts: the screen needs a frame then.
    std::optional<TimePoint> highlight_end(TimePoint now) const {
        return highlighted(now) ? highlight_until_ : std::nullopt;
    }
    std::int64_t last_sequence() const { return last_sequence_; }

private:
    void push_down(const QueueCall& call);

    CallBoardSettings settings_;
    std::optional<QueueCall> current_;
    std::deque<QueueCall> recent_;
    std::deque<QueueCall> appointments_;
    std::optional<TimePoint> highlight_until_;
    std::int64_t last_sequence_ = 0;
};

}  // namespace ventanilla
