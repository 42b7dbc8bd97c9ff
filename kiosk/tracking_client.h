// Asking the central server where a postal item is: one request, and a worker that runs them.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "kiosk/result.h"
#include "kiosk/tracking.h"

namespace ventanilla {

// Every error code fetch_tracking adds to the "net.*" ones of http_send (each has a key in
// assets/i18n).
inline constexpr std::array<std::string_view, 4> kTrackingClientErrorCodes{
    "tracking.not_found",     // item: the server has never heard of it (404)
    "tracking.invalid_id",    // item: the server refused the id (400)
    "tracking.server_error",  // status: 5xx, or any other status we do not expect
    "tracking.bad_answer",    // path, reason: see kTrackingBadAnswerReasons
};

// Timeouts and limits of one look-up; the defaults suit a kiosk on a slow office link.
struct TrackingHttpOptions {
    long connect_timeout_ms = 3000;
    long total_timeout_ms = 10000;
    long low_speed_bytes_per_s = 10;
    long low_speed_time_s = 5;
    const std::atomic<bool>* cancelled = nullptr;  // see HttpRequest::cancel
};

// GET {base_url}/api/v1/tracking/{item_id}. Blocks: call it from a worker.
// `item_id` must be in its stored form ("RR123456785CU"); it is percent-encoded anyway.
Result<TrackingRecord> fetch_tracking(const std::string& base_url, const std::string& item_id,
                                      const TrackingHttpOptions& options = {});

// What a finished look-up hands back to the UI thread.
struct TrackingLookupResult {
    std::uint64_t request_id = 0;
    std::string item_id;
    TrackingAnswer answer;
};

// Runs look-ups on its own thread, one at a time, and queues their results for the UI
// thread to drain at the start of a frame. A newer start() or cancel() makes the running
// look-up's result be dropped when it comes, and its request given up (within about a second),
// so a new look-up never waits behind an abandoned one. `wake` runs on the worker after a result is queued, to end the
// UI loop's wait; it must not block.
class TrackingLookup {
public:
    // Runs on the worker: fetch_tracking, usually with the cache around it (look_up_tracking).
    // `cancelled` turns true when the look-up is abandoned: pass it to the request.
    using Fetch =
        std::function<TrackingAnswer(const std::string& item_id, const std::atomic<bool>& cancelled)>;

    TrackingLookup(Fetch fetch, std::function<void()> wake);
    ~TrackingLookup();  // cancels the running look-up and joins the worker
    TrackingLookup(const TrackingLookup&) = delete;
    TrackingLookup& operator=(const TrackingLookup&) = delete;

    // Starts looking up `item_id`, replacing any look-up not yet handed back; returns the
    // id its result will carry.
    std::uint64_t start(std::string item_id);
    // Forgets the current look-up: its result, when it comes, is dropped.
    void cancel();
    // Results that came since the last call, oldest first. Never blocks on the network.
    std::vector<TrackingLookupResult> drain();
    // True from start() until its result is queued or it is cancelled.
    bool busy() const;

private:
    void run();

    Fetch fetch_;
    std::function<void()> wake_;
    mutable std::mutex mutex_;
    std::condition_variable wanted_;
    std::optional<std::pair<std::uint64_t, std::string>> pending_;  // not yet taken by the worker
    std::uint64_t current_ = 0;  // the id whose result is wanted; 0 = none
    std::uint64_t last_id_ = 0;
    // The running request's flag; replaced for each request so a late cancel of an old one
    // can never stop a new one.
    std::shared_ptr<std::atomic<bool>> running_cancelled_;
    std::vector<TrackingLookupResult> ready_;
    bool stopping_ = false;
    std::thread worker_;  // last: started once everything above exists
};

}  // namespace ventanilla
