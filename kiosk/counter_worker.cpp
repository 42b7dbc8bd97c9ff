#include "kiosk/counter_worker.h"

namespace ventanilla {

CounterWorker::CounterWorker(CounterEndpoint endpoint, std::function<void()> wake,
                             CounterWorkerOptions options)
    : endpoint_(std::move(endpoint)), wake_(std::move(wake)), options_(options) {
    endpoint_.cancelled = &stopping_;
    requests_thread_ = std::thread([this] { run_requests(); });
    refresh_thread_ = std::thread([this] { run_refresh(); });
}

CounterWorker::~CounterWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    requests_changed_.notify_all();
    refresh_wanted_.notify_all();
    requests_thread_.join();
    refresh_thread_.join();
}

void CounterWorker::submit(CounterRequest request) {
    {
        std::lock_guard lock(mutex_);
        requests_.push_back(std::move(request));
    }
    requests_changed_.notify_all();
}

void CounterWorker::want_figures(bool wanted) {
    {
        std::lock_guard lock(mutex_);
        if (figures_wanted_ == wanted) return;
        figures_wanted_ = wanted;
        refresh_requested_ = true;
    }
    refresh_wanted_.notify_all();
}

void CounterWorker::refresh_soon() {
    {
        std::lock_guard lock(mutex_);
        refresh_requested_ = true;
    }
    refresh_wanted_.notify_all();
}

std::vector<CounterReply> CounterWorker::drain_replies() {
    std::lock_guard lock(mutex_);
    std::vector<CounterReply> out;
    out.swap(replies_);
    return out;
}

std::vector<CounterRefresh> CounterWorker::drain_refreshes() {
    std::lock_guard lock(mutex_);
    std::vector<CounterRefresh> out;
    out.swap(refreshes_);
    return out;
}

CounterReply CounterWorker::carry_out(const CounterRequest& request) const {
    CounterReply reply{request, std::nullopt, std::nullopt};
    reply.request.pin.clear();  // not kept beyond the request
    switch (request.kind) {
        case CounterRequest::Kind::log_in:
            reply.session = open_counter_session(endpoint_, request.clerk, request.pin, request.services);
            break;
        case CounterRequest::Kind::action:
            reply.outcome =
                run_clerk_action(endpoint_, request.session_token, request.action, request.argument);
            break;
        case CounterRequest::Kind::log_out:
            (void)end_counter_session(endpoint_, request.session_token);
            break;
    }
    return reply;
}

void CounterWorker::run_requests() {
    std::unique_lock lock(mutex_);
    while (true) {
        requests_changed_.wait(lock, [this] { return stopping_ || !requests_.empty(); });
        if (stopping_) return;
        CounterRequest request = std::move(requests_.front());
        requests_.pop_front();
        lock.unlock();
        CounterReply reply = carry_out(request);
        lock.lock();
        replies_.push_back(std::move(reply));
        refresh_requested_ = true;  // the queue and the figures changed
        lock.unlock();
        refresh_wanted_.notify_all();
        if (wake_) wake_();
        lock.lock();
    }
}

void CounterWorker::run_refresh() {
    using Clock = std::chrono::steady_clock;
    std::optional<Clock::time_point> figures_due;
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        refresh_wanted_.wait_for(lock, options_.queue_interval,
                                 [this] { return stopping_ || refresh_requested_; });
        if (stopping_) return;
        const bool requested = refresh_requested_;
        refresh_requested_ = false;
        const bool figures = figures_wanted_ &&
                             (requested || !figures_due || Clock::now() >= *figures_due);
        lock.unlock();
        CounterRefresh refresh;
        refresh.queue = fetch_queue_snapshot(endpoint_);
        if (figures) {
            refresh.figures = fetch_day_figures(endpoint_);
            figures_due = Clock::now() + options_.figures_interval;
        }
        lock.lock();
        refreshes_.push_back(std::move(refresh));
        lock.unlock();
        if (wake_) wake_();
        lock.lock();
    }
}

}  // namespace ventanilla
