// Who is called next: the waiting tickets of the services a counter serves, ordered by the
// office's fairness policy. Pure functions: the server and the tests call them alike.
#pragma once

// What users of queue systems fight about (Novo SGA #281, #299, #335, #431): priority tickets
// that jump everyone forever, or that wait behind a long normal queue. Each office picks:
//   strict    – a priority ticket always goes first (the law in some offices);
//   aging     – priority is a head start in minutes, so a long-waiting normal ticket
//               eventually goes before a fresh priority one;
//   interleave – one priority ticket after every N normal ones (N = 1: one and one).

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla {

enum class FairnessKind { strict, aging, interleave };

// "strict", "aging", "interleave", for configuration and logs.
std::string_view name_of(FairnessKind kind);
std::optional<FairnessKind> fairness_kind_from(std::string_view name);

struct FairnessPolicy {
    FairnessKind kind = FairnessKind::interleave;
    int normals_per_priority = 1;  // interleave: N normal calls, then one priority call

    bool operator==(const FairnessPolicy&) const = default;
};

// A group a citizen declares at the kiosk: elderly, pregnant, disability, appointment.
struct PriorityGroup {
    std::string id;   // "elderly"
    int weight = 1;   // strict/interleave: higher first; aging: minutes of head start
};

// One ticket still waiting, as the queue knows it.
struct WaitingTicket {
    std::string id;        // the ticket's UUID
    std::string service;   // the service's id
    std::string priority;  // a PriorityGroup id; empty for a normal ticket
    int weight = 0;        // the group's weight when issued (0: normal)
    // The order of issue in the office, from the server's sequence: never a terminal's
    // clock, so clock skew cannot reorder tickets.
    std::int64_t sequence = 0;
    std::chrono::system_clock::time_point issued_at;  // for aging only (server time)
};

// What the office remembers between calls of one counter's queue.
struct CallHistory {
    // interleave: normal calls since the last priority one. A day starts as if a priority
    // ticket were due: the person who declared it is called first.
    int normals_since_priority = kPriorityDue;
    static constexpr int kPriorityDue = 1 << 20;
};

// The ticket to call next among `waiting` (those of the served services only), or nullopt
// when none waits. Ties always go to the lower sequence. Deterministic: the same inputs give
// the same choice, on every server process.
std::optional<std::size_t> choose_next(const std::vector<WaitingTicket>& waiting,
                                       const FairnessPolicy& policy, const CallHistory& history,
                                       std::chrono::system_clock::time_point now);

// After calling `called`: the history the next choice starts from.
CallHistory after_call(const CallHistory& history, const WaitingTicket& called);

// The order in which the whole queue would be called if nobody else arrived: for the
// "people ahead of you" on a ticket and for the tests of each policy.
std::vector<std::size_t> call_order(const std::vector<WaitingTicket>& waiting,
                                    const FairnessPolicy& policy, CallHistory history,
                                    std::chrono::system_clock::time_point now);

// The queue a newcomer joins, as counts of the tickets waiting before it came: all a policy
// needs to tell how many are called before it (the newcomer has the highest sequence).
struct QueueBeforeNewcomer {
    std::size_t normals = 0;            // normal tickets waiting
    std::size_t priorities = 0;         // priority tickets waiting
    // strict, interleave: priority tickets of at least the newcomer's weight (its equals
    // came first). aging: tickets whose score is at least the newcomer's (weight × 60 s).
    std::size_t at_least_as_urgent = 0;
};

// How many of the waiting tickets are called before a newcomer of `weight` (0: normal):
// its position in call_order, without reading the queue ticket by ticket, since every
// kiosk ticket asks. tests/kiosk/queue_policy_test.cpp checks it against call_order.
std::size_t ahead_of_newcomer(const QueueBeforeNewcomer& queue, bool newcomer_priority,
                              const FairnessPolicy& policy, CallHistory history);

}  // namespace ventanilla
