#include "kiosk/outbox_retry.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>

namespace ventanilla {

RandomUpTo system_random_up_to() {
    return [](std::uint64_t max) -> std::uint64_t {
        if (sodium_init() < 0) std::abort();
        // randombytes_uniform takes 32 bits; waits are capped far below 2^32 ms.
        const auto bound = static_cast<std::uint32_t>(std::min<std::uint64_t>(max, 0xFFFFFFFEu));
        return randombytes_uniform(bound + 1);
    };
}

std::chrono::milliseconds RetrySchedule::ceiling(int failures) const {
    if (failures <= 0) return std::chrono::milliseconds(0);
    std::chrono::milliseconds wait = policy_.first;
    for (int i = 1; i < failures && wait < policy_.cap; ++i) wait *= 2;
    return std::min(wait, policy_.cap);
}

RetrySchedule::TimePoint RetrySchedule::failed(TimePoint now, std::chrono::milliseconds at_least) {
    ++failures_;
    const auto top = static_cast<std::uint64_t>(ceiling(failures_).count());
    const auto wait = std::chrono::milliseconds(static_cast<std::int64_t>(random_(top)));
    next_try_ = now + std::max(wait, at_least);
    return next_try_;
}

void RetrySchedule::succeeded() {
    failures_ = 0;
    next_try_ = TimePoint{};
}

}  // namespace ventanilla
