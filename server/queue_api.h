// QueueApi: the office queue over HTTP: tickets, queue state, counters, the display feed and
// appointment check-in (docs/protocol.md, "Queue").
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <variant>

#include "kiosk/catalog.h"
#include "server/central_api.h"
#include "server/central_store.h"
#include "server/http_router.h"
#include "server/office_cache.h"
#include "server/queue_store.h"
#include "server/sync_api.h"

namespace ventanilla {

struct QueueApiOptions {
    // Inside a long poll of the display feed, how often the database is asked for new
    // calls: what reaches a display polling this process from a call made on another.
    std::chrono::milliseconds feed_poll_interval{200};
    int max_wait_s = 30;  // the longest a display may ask to wait
};

// Holds no queue state of its own: the queue lives in the store, so any process answers
// any request. The one thing kept in memory is a wake-up for the long polls of this
// process when it records a call itself.
class QueueApi {
public:
    QueueApi(CentralStore& store, SyncApi& auth, WallClock clock, QueueApiOptions options = {})
        : store_(store), offices_(store), auth_(auth), clock_(std::move(clock)), options_(options) {}

    void add_routes(HttpRouter& router);

    // Ends every long poll at once (with what it has) and makes new ones answer at once:
    // called on SIGTERM, so shutdown does not wait for displays.
    void stop_waiting();

    ApiResponse post_ticket(const ApiRequest& request);
    ApiResponse post_check_in(const ApiRequest& request);
    ApiResponse get_queue(const ApiRequest& request);
    ApiResponse get_ticket(const ApiRequest& request);
    ApiResponse get_calls(const ApiRequest& request);
    ApiResponse get_appointments(const ApiRequest& request);
    ApiResponse get_figures(const ApiRequest& request);
    ApiResponse post_session(const ApiRequest& request);
    ApiResponse counter_action(const ApiRequest& request, CounterAction action);

private:
    struct Caller {
        Device device;
        Office office;
    };
    // The office of the path and the device of the bearer token, when the device belongs
    // to that office and has one of `roles`; otherwise the answer to give.
    std::variant<Caller, ApiResponse> caller(const ApiRequest& request,
                                             std::initializer_list<std::string_view> roles);
    std::int64_t now_s() const;
    void wake_feeds();

    CentralStore& store_;
    OfficeCache offices_;
    SyncApi& auth_;
    WallClock clock_;
    QueueApiOptions options_;

    std::mutex feed_mutex_;
    std::condition_variable feed_changed_;
    std::uint64_t feed_generation_ = 0;
    std::atomic<bool> stopping_{false};
};

}  // namespace ventanilla
