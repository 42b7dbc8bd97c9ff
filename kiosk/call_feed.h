// Follows the office's calls from a worker thread: a long poll that hands every new call to
// the UI thread within a second, starts from the recent past, and backs off while the server
// cannot be reached.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/call_board.h"
#include "kiosk/outbox_retry.h"
#include "kiosk/queue_calls.h"

namespace ventanilla {

// Where the calls come from: the server (http_call_source) or a test's stand-in. Both run
// on the feed's worker and must give up when `cancel` turns true.
struct CallSource {
    std::function<Result<std::int64_t>(const std::atomic<bool>& cancel)> last_sequence;
    std::function<Result<CallsPage>(std::int64_t after, int wait_s, const std::atomic<bool>& cancel)>
        calls_after;
};

CallSource http_call_source(CallsEndpoint endpoint);

struct CallFeedOptions {
    int wait_s = 25;  // how long the server holds a poll open (it takes at most 30)
    // At start the board shows up to this many of the office's latest calls, without
    // announcing them: a restarted display does not replay the day.
    std::int64_t history_calls = 10;
    // … and only those made in the last hour (by the server's clock).
    std::chrono::seconds history_max_age = std::chrono::hours(1);
    // A call that reaches the display later than this after it was made (the display was
    // away) is shown, not announced: the person has gone to the counter already.
    std::chrono::seconds announce_max_age = std::chrono::seconds(60);
    RetryPolicy retry{std::chrono::seconds(1), std::chrono::seconds(30)};
};

// What the feed hands back, in order.
struct CallFeedUpdate {
    bool reset = false;  // the server's sequence went back: forget what the board shows
    std::vector<FeedCall> calls;
};

struct CallFeedStatus {
    enum class State { starting, online, offline };
    State state = State::starting;
    std::string error_code;  // of the last failure while offline ("net.unreachable", …)
    int failures = 0;        // in a row
    std::int64_t last_sequence = 0;

    bool operator==(const CallFeedStatus&) const = default;
};

class CallFeed {
public:
    // `wake` runs on the worker after an update or a change of status; it must not block.
    CallFeed(CallSource source, CallFeedOptions options, std::function<void()> wake);
    ~CallFeed();  // gives up the running poll (HttpRequest::cancel) and joins: never waits it out
    CallFeed(const CallFeed&) = delete;
    CallFeed& operator=(const CallFeed&) = delete;

    // Updates since the last call, oldest first. Never blocks on the network.
    std::vector<CallFeedUpdate> drain();
    CallFeedStatus status() const;

private:
    void run();
    // One step of the worker: false when it should wait before the next.
    bool step();
    void publish(CallFeedUpdate update);
    void set_status(CallFeedStatus status);
    void failed(const Error& error);

    CallSource source_;
    CallFeedOptions options_;
    std::function<void()> wake_;
    RetrySchedule retry_;
    std::optional<std::int64_t> after_;  // worker only; empty: (re)join from the recent past
    bool check_after_outage_ = false;    // worker only: the last request failed

    mutable std::mutex mutex_;
    std::condition_variable stop_wanted_;
    bool stopping_ = false;
    std::atomic<bool> cancel_{false};
    std::vector<CallFeedUpdate> ready_;
    CallFeedStatus status_;
    std::thread worker_;  // last: started once everything above exists
};

}  // namespace ventanilla
