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

std::vector<std::size_t> call_order(const std::vector<WaitingTicket>& waiting,
                                    const FairnessPolicy& policy, CallHistory history,
                                    std::chrono::system_clock::time_point now) {
    std::vector<WaitingTicket> left = waiting;
    std::vector<std::size_t> index(waiting.size());
    for (std::size_t i = 0; i < index.size(); ++i) index[i] = i;
    std::vector<std::size_t> order;
    while (auto next = choose_next(left, policy, history, now)) {
        order.push_back(index[*next]);
        history = after_call(history, left[*next]);
        left.erase(left.begin() + static_cast<std::ptrdiff_t>(*next));
        index.erase(index.begin() + static_cast<std::ptrdiff_t>(*next));
    }
    return order;
}

}  // namespace ventanilla
