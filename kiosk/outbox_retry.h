// When the outbox worker tries again: exponential backoff with full jitter and a cap.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace ventanilla {

struct RetryPolicy {
    std::chrono::milliseconds first = std::chrono::seconds(1);  // ceiling after one failure
    std::chrono::milliseconds cap = std::chrono::minutes(5);    // the ceiling never exceeds this
};

// A uniformly random whole number from 0 to `max` inclusive. Production uses libsodium's
// randombytes_uniform; tests pass their own.
using RandomUpTo = std::function<std::uint64_t(std::uint64_t max)>;
RandomUpTo system_random_up_to();

// Clock-free: callers pass `now`, so tests move time by hand and never sleep.
//
// After n consecutive failures the next try waits a random time from 0 to
// min(cap, first·2^(n−1)) ("full jitter", AWS Architecture Blog 2015): a fleet of terminals
// that lost the server together does not come back in lock step. A Retry-After from the
// server is a floor. Success, or the network coming back, makes the next try due at once.
class RetrySchedule {
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    explicit RetrySchedule(RetryPolicy policy = {}, RandomUpTo random = system_random_up_to())
        : policy_(policy), random_(std::move(random)) {}

    // Records a failure at `now`; returns when to try next.
    TimePoint failed(TimePoint now,
                     std::chrono::milliseconds at_least = std::chrono::milliseconds(0));
    void succeeded();
    // The network is back (or a record was just made): try at once. The failure count stays,
    // so if this try fails too the wait goes on growing from where it was.
    void retry_now(TimePoint now) { next_try_ = now; }

    bool due(TimePoint now) const { return now >= next_try_; }
    TimePoint next_try() const { return next_try_; }
    int failures() const { return failures_; }
    // The longest wait after `failures` consecutive failures: min(cap, first·2^(failures−1)).
    std::chrono::milliseconds ceiling(int failures) const;

private:
    RetryPolicy policy_;
    RandomUpTo random_;
    int failures_ = 0;
    TimePoint next_try_{};
};

}  // namespace ventanilla
