#include "kiosk/queue_policy.h"

#include <algorithm>

namespace ventanilla {

namespace {

bool is_priority(const WaitingTicket& t) { return !t.priority.empty(); }

// The first (lowest sequence) ticket that `better` does not beat.
template <typename Better>
std::optional<std::size_t> best(const std::vector<WaitingTicket>& waiting, Better better,
                                bool (*eligible)(const WaitingTicket&)) {
    std::optional<std::size_t> chosen;
    for (std::size_t i = 0; i < waiting.size(); ++i) {
        if (!eligible(waiting[i])) continue;
        if (!chosen || better(waiting[i], waiting[*chosen]) ||
            (!better(waiting[*chosen], waiting[i]) && waiting[i].sequence < waiting[*chosen].sequence)) {
            chosen = i;
        }
    }
    return chosen;
}

bool any(const WaitingTicket&) { return true; }
bool only_priority(const WaitingTicket& t) { return is_priority(t); }
bool only_normal(const WaitingTicket& t) { return !is_priority(t); }

}  // namespace

std::string_view name_of(FairnessKind kind) {
    switch (kind) {
        case FairnessKind::strict: return "strict";
        case FairnessKind::aging: return "aging";
        case FairnessKind::interleave: return "interleave";
    }
    return "?";
}

std::optional<FairnessKind> fairness_kind_from(std::string_view name) {
    for (FairnessKind k : {FairnessKind::strict, FairnessKind::aging, FairnessKind::interleave}) {
        if (name == name_of(k)) return k;
    }
    return std::nullopt;
}

std::optional<std::size_t> choose_next(const std::vector<WaitingTicket>& waiting,
                                       const FairnessPolicy& policy, const CallHistory& history,
                                       std::chrono::system_clock::time_point now) {
    auto by_weight = [](const WaitingTicket& a, const WaitingTicket& b) { return a.weight > b.weight; };
    auto never = [](const WaitingTicket&, const WaitingTicket&) { return false; };
    switch (policy.kind) {
        case FairnessKind::strict:
            if (auto p = best(waiting, by_weight, only_priority)) return p;
            return best(waiting, never, only_normal);
        case FairnessKind::aging: {
            // Score: minutes waited plus the group's head start. Whole seconds keep it exact.
            auto score = [now](const WaitingTicket& t) {
                auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - t.issued_at).count();
                return std::max<std::int64_t>(waited, 0) + std::int64_t{t.weight} * 60;
            };
            return best(waiting, [&](const WaitingTicket& a, const WaitingTicket& b) { return score(a) > score(b); },
                        any);
        }
        case FairnessKind::interleave: {
            auto priority = best(waiting, by_weight, only_priority);
            auto normal = best(waiting, never, only_normal);
            if (!priority) return normal;
            if (!normal) return priority;
            if (history.normals_since_priority >= std::max(1, policy.normals_per_priority)) return priority;
            return normal;
        }
    }
    return std::nullopt;
}

CallHistory after_call(const CallHistory& history, const WaitingTicket& called) {
    CallHistory next = history;
    next.normals_since_priority = is_priority(called) ? 0 : history.normals_since_priority + 1;
    return next;
}

// The same order as calling choose_next and after_call until nobody is left (the
// definition, and what tests/kiosk/queue_policy_test.cpp compares against), in
// O(n log n) rather than O(n²): every kiosk ticket asks for it over the whole queue.
// Each policy's choice depends only on two fixed rankings, so the queue is sorted once.
std::vector<std::size_t> call_order(const std::vector<WaitingTicket>& waiting,
                                    const FairnessPolicy& policy, CallHistory history,
                                    std::chrono::system_clock::time_point now) {
    std::vector<std::size_t> order;
    order.reserve(waiting.size());
    // Ties keep the lower sequence, then the earlier index, as best() does.
    auto by_sequence = [&](std::size_t a, std::size_t b) {
        return waiting[a].sequence < waiting[b].sequence;
    };
    if (policy.kind == FairnessKind::aging) {
        for (std::size_t i = 0; i < waiting.size(); ++i) order.push_back(i);
        auto score = [&](std::size_t i) {
            const WaitingTicket& t = waiting[i];
            auto waited =
                std::chrono::duration_cast<std::chrono::seconds>(now - t.issued_at).count();
            return std::max<std::int64_t>(waited, 0) + std::int64_t{t.weight} * 60;
        };
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            const auto sa = score(a);
            const auto sb = score(b);
            return sa != sb ? sa > sb : by_sequence(a, b);
        });
        return order;
    }
    std::vector<std::size_t> priorities;
    std::vector<std::size_t> normals;
    for (std::size_t i = 0; i < waiting.size(); ++i) {
        (is_priority(waiting[i]) ? priorities : normals).push_back(i);
    }
    std::stable_sort(priorities.begin(), priorities.end(), [&](std::size_t a, std::size_t b) {
        return waiting[a].weight != waiting[b].weight ? waiting[a].weight > waiting[b].weight
                                                      : by_sequence(a, b);
    });
    std::stable_sort(normals.begin(), normals.end(), by_sequence);
    std::size_t p = 0;
    std::size_t n = 0;
    while (p < priorities.size() || n < normals.size()) {
        bool take_priority = false;
        if (p == priorities.size()) {
            take_priority = false;
        } else if (n == normals.size() || policy.kind == FairnessKind::strict) {
            take_priority = true;
        } else {
            take_priority =
                history.normals_since_priority >= std::max(1, policy.normals_per_priority);
        }
        const std::size_t chosen = take_priority ? priorities[p++] : normals[n++];
        history = after_call(history, waiting[chosen]);
        order.push_back(chosen);
    }
    return order;
}

std::size_t ahead_of_newcomer(const QueueBeforeNewcomer& queue, bool newcomer_priority,
                              const FairnessPolicy& policy, CallHistory history) {
    if (policy.kind == FairnessKind::aging) return queue.at_least_as_urgent;
    if (policy.kind == FairnessKind::strict) {
        return newcomer_priority ? queue.at_least_as_urgent : queue.normals + queue.priorities;
    }
    // interleave: the two lines merge as call_order merges them; only the counts matter.
    // A newcomer is the last of its own line: priorities ranked before it, or all normals.
    std::size_t priorities_left = newcomer_priority ? queue.at_least_as_urgent + 1 : queue.priorities;
    std::size_t normals_left = newcomer_priority ? queue.normals : queue.normals + 1;
    const int due_after = std::max(1, policy.normals_per_priority);
    std::size_t ahead = 0;
    for (;;) {
        const bool take_priority =
            priorities_left > 0 &&
            (normals_left == 0 || history.normals_since_priority >= due_after);
        std::size_t& line = take_priority ? priorities_left : normals_left;
        if (--line == 0 && take_priority == newcomer_priority) return ahead;
        history.normals_since_priority = take_priority ? 0 : history.normals_since_priority + 1;
        ++ahead;
    }
}

}  // namespace ventanilla
