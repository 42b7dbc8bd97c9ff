#include "kiosk/call_feed.h"

#include <algorithm>

namespace ventanilla {

CallSource http_call_source(CallsEndpoint endpoint) {
    auto shared = std::make_shared<const CallsEndpoint>(std::move(endpoint));
    return CallSource{
        [shared](const std::atomic<bool>& cancel) { return fetch_last_call_sequence(*shared, &cancel); },
        [shared](std::int64_t after, int wait_s, const std::atomic<bool>& cancel) {
            return fetch_calls(*shared, after, wait_s, &cancel);
        }};
}

CallFeed::CallFeed(CallSource source, CallFeedOptions options, std::function<void()> wake)
    : source_(std::move(source)),
      options_(options),
      wake_(std::move(wake)),
      retry_(options.retry),
      worker_([this] { run(); }) {}

CallFeed::~CallFeed() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cancel_ = true;
    stop_wanted_.notify_all();
    worker_.join();
}

std::vector<CallFeedUpdate> CallFeed::drain() {
    std::lock_guard lock(mutex_);
    std::vector<CallFeedUpdate> out;
    out.swap(ready_);
    return out;
}

CallFeedStatus CallFeed::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

void CallFeed::publish(CallFeedUpdate update) {
    {
        std::lock_guard lock(mutex_);
        ready_.push_back(std::move(update));
    }
    wake_();
}

void CallFeed::set_status(CallFeedStatus status) {
    bool changed;
    {
        std::lock_guard lock(mutex_);
        changed = !(status_ == status);
        status_ = std::move(status);
    }
    if (changed) wake_();
}

void CallFeed::failed(const Error& error) {
    CallFeedStatus status = this->status();
    status.state = CallFeedStatus::State::offline;
    status.error_code = error.code;
    status.failures += 1;
    set_status(std::move(status));
}

void CallFeed::run() {
    while (true) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        if (step()) continue;
        check_after_outage_ = true;
        // A failure: wait out the backoff, or until told to stop.
        auto next_try = retry_.failed(std::chrono::steady_clock::now());
        std::unique_lock lock(mutex_);
        stop_wanted_.wait_until(lock, next_try, [this] { return stopping_; });
    }
}

bool CallFeed::step() {
    auto online = [&](std::int64_t last_sequence) {
        retry_.succeeded();
        set_status(CallFeedStatus{CallFeedStatus::State::online, {}, 0, last_sequence});
    };
    auto too_old = [](const QueueCall& call, const CallsPage& page, std::chrono::seconds limit) {
        // Without the server's clock the call is taken as new: silence would be worse.
        return page.server_time && *page.server_time - call.called_at > limit;
    };

    if (!after_) {
        // (Re)joining: the latest calls, shown without a sound.
        auto last = source_.last_sequence(cancel_);
        if (!last) {
            if (!cancel_) failed(last.error());
            return false;
        }
        std::int64_t from = std::max<std::int64_t>(0, *last - options_.history_calls);
        auto page = source_.calls_after(from, 0, cancel_);
        if (!page) {
            if (!cancel_) failed(page.error());
            return false;
        }
        CallFeedUpdate update;
        update.reset = true;
        for (const QueueCall& call : page->calls) {
            if (!too_old(call, *page, options_.history_max_age)) update.calls.push_back({call, false});
        }
        publish(std::move(update));
        after_ = page->last_sequence;
        online(*after_);
        return true;
    }

    if (check_after_outage_) {
        // Back after an outage: the server may have been restored from an older copy, and
        // it would answer every poll after our sequence with nothing, forever.
        auto last = source_.last_sequence(cancel_);
        if (!last) {
            if (!cancel_) failed(last.error());
            return false;
        }
        check_after_outage_ = false;
        if (*last < *after_) {
            after_.reset();
            return true;
        }
    }
    auto page = source_.calls_after(*after_, options_.wait_s, cancel_);
    if (!page) {
        if (!cancel_) failed(page.error());
        return false;
    }
    if (page->last_sequence < *after_) {
        // Fewer calls than we saw: the server runs on another database now. Join afresh.
        after_.reset();
        return true;
    }
    if (!page->calls.empty()) {
        CallFeedUpdate update;
        for (const QueueCall& call : page->calls) {
            update.calls.push_back({call, !too_old(call, *page, options_.announce_max_age)});
        }
        publish(std::move(update));
    }
    after_ = page->last_sequence;
    online(*after_);
    return true;
}

}  // namespace ventanilla
