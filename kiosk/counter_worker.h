// Runs the counter's requests off the UI thread: the clerk's requests one at a time, in
// order, and a refresh of the queue (every second or two) and of the day's figures, so the
// waiting counts update by themselves (novosga#318). Results wait in queues for the UI
// thread to drain; `wake` ends the UI loop's wait.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "kiosk/counter_client.h"
#include "kiosk/counter_flow.h"

namespace ventanilla {

struct CounterReply {
    CounterRequest request;
    std::optional<Result<CounterSession>> session;  // log_in
    std::optional<Result<ActionOutcome>> outcome;   // action
};

struct CounterRefresh {
    std::optional<Result<QueueSnapshot>> queue;
    std::optional<Result<DayFigures>> figures;
};

struct CounterWorkerOptions {
    std::chrono::milliseconds queue_interval{1500};
    std::chrono::milliseconds figures_interval{10000};
};

class CounterWorker {
public:
    CounterWorker(CounterEndpoint endpoint, std::function<void()> wake,
                  CounterWorkerOptions options = {});
    ~CounterWorker();  // gives up running requests (within about a second) and joins
    CounterWorker(const CounterWorker&) = delete;
    CounterWorker& operator=(const CounterWorker&) = delete;

    void submit(CounterRequest request);
    // Figures are fetched only while a clerk is logged in.
    void want_figures(bool wanted);
    // Refresh the queue (and figures) now: an operation just changed them.
    void refresh_soon();
    std::vector<CounterReply> drain_replies();
    std::vector<CounterRefresh> drain_refreshes();

private:
    void run_requests();
    void run_refresh();
    CounterReply carry_out(const CounterRequest& request) const;

    CounterEndpoint endpoint_;
    std::function<void()> wake_;
    CounterWorkerOptions options_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable requests_changed_;
    std::condition_variable refresh_wanted_;
    std::deque<CounterRequest> requests_;
    std::vector<CounterReply> replies_;
    std::vector<CounterRefresh> refreshes_;
    bool figures_wanted_ = false;
    bool refresh_requested_ = true;
    std::thread requests_thread_;  // last: started once everything above exists
    std::thread refresh_thread_;
};

}  // namespace ventanilla
