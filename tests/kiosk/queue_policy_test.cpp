// The order each fairness policy calls a queue in, table by table.
#include "kiosk/queue_policy.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace ventanilla;
using namespace std::chrono_literals;

namespace {

using Time = std::chrono::system_clock::time_point;
const Time kOpening = Time{} + 1'800'000'000s;  // any fixed moment

// "A1", "P2:elderly:10@5" – id, then optionally group, weight and minutes after opening.
struct Spec {
    std::string id;
    std::string priority = "";
    int weight = 0;
    int minute = 0;
};

std::vector<WaitingTicket> queue(const std::vector<Spec>& specs) {
    std::vector<WaitingTicket> out;
    std::int64_t sequence = 0;
    for (const auto& s : specs) {
        out.push_back(WaitingTicket{s.id, "A", s.priority, s.weight, ++sequence,
                                    kOpening + std::chrono::minutes(s.minute)});
    }
    return out;
}

std::vector<std::string> called(const std::vector<Spec>& specs, FairnessPolicy policy, int at_minute,
                                CallHistory history = {}) {
    auto tickets = queue(specs);
    std::vector<std::string> ids;
    for (auto i : call_order(tickets, policy, history, kOpening + std::chrono::minutes(at_minute))) {
        ids.push_back(tickets[i].id);
    }
    return ids;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("queue policy: strict priority calls every priority ticket first, heaviest first") {
    FairnessPolicy strict{FairnessKind::strict};
    struct Row {
        const char* what;
        std::vector<Spec> waiting;
        Ids order;
    };
    const Row rows[] = {
        {"normals only: first come, first served", {{"N1"}, {"N2"}, {"N3"}}, {"N1", "N2", "N3"}},
        {"a late priority ticket still goes first",
         {{"N1"}, {"N2"}, {"P1", "elderly", 10, 30}}, {"P1", "N1", "N2"}},
        {"heavier group first, then order of issue",
         {{"P1", "elderly", 10}, {"P2", "disability", 15}, {"P3", "elderly", 10}, {"N1"}},
         {"P2", "P1", "P3", "N1"}},
        {"empty queue: nobody", {}, {}},
    };
    for (const auto& row : rows) {
        CAPTURE(row.what);
        CHECK(called(row.waiting, strict, 60) == row.order);
    }
}

TEST_CASE("queue policy: interleave calls one priority after every N normal tickets") {
    std::vector<Spec> waiting = {{"N1"}, {"N2"}, {"N3"}, {"N4"}, {"P1", "elderly", 10},
                                 {"P2", "pregnant", 10}, {"P3", "elderly", 10}};
    struct Row {
        int n;
        Ids order;
    };
    const Row rows[] = {
        {1, {"P1", "N1", "P2", "N2", "P3", "N3", "N4"}},  // one and one (Novo SGA #335)
        {2, {"P1", "N1", "N2", "P2", "N3", "N4", "P3"}},
        {10, {"P1", "N1", "N2", "N3", "N4", "P2", "P3"}},  // no normal left: priority goes on
    };
    for (const auto& row : rows) {
        CAPTURE(row.n);
        CHECK(called(waiting, {FairnessKind::interleave, row.n}, 0) == row.order);
    }
    // Mid-day, one normal ticket already called since the last priority one, N = 2:
    CallHistory one_normal_done{1};
    CHECK(called(waiting, {FairnessKind::interleave, 2}, 0, one_normal_done) ==
          Ids{"N1", "P1", "N2", "N3", "P2", "N4", "P3"});
    // An invalid N behaves as 1 rather than starving anyone.
    CHECK(called({{"N1"}, {"N2"}, {"P1", "elderly", 1}}, {FairnessKind::interleave, 0}, 0) ==
          Ids{"P1", "N1", "N2"});
}

TEST_CASE("queue policy: aging gives priority a head start, not the whole day") {
    FairnessPolicy aging{FairnessKind::aging};
    struct Row {
        const char* what;
        std::vector<Spec> waiting;
        int now_minute;
        Ids order;
    };
    const Row rows[] = {
        {"a priority ticket 10 minutes ahead beats a normal that waited 5 minutes more",
         {{"N1", "", 0, 0}, {"P1", "elderly", 10, 5}}, 6, {"P1", "N1"}},
        {"but not one that waited 20 minutes more",
         {{"N1", "", 0, 0}, {"P1", "elderly", 10, 20}}, 21, {"N1", "P1"}},
        {"an exact tie goes to the ticket issued first",
         {{"N1", "", 0, 0}, {"P1", "elderly", 10, 10}}, 12, {"N1", "P1"}},
        {"normals among themselves: first come, first served",
         {{"N1", "", 0, 1}, {"N2", "", 0, 2}, {"N3", "", 0, 3}}, 30, {"N1", "N2", "N3"}},
    };
    for (const auto& row : rows) {
        CAPTURE(row.what);
        CHECK(called(row.waiting, aging, row.now_minute) == row.order);
    }
}

TEST_CASE("queue policy: a terminal clock ahead or behind cannot reorder tickets issued in sequence") {
    // Issue times come from the server; even if two tickets carry the same time, or times
    // out of order, the sequence decides between equals.
    auto tickets = queue({{"N1"}, {"N2"}, {"N3"}});
    tickets[0].issued_at = kOpening + 5min;  // as if stamped by a clock running ahead
    auto order = call_order(tickets, {FairnessKind::strict}, {}, kOpening + 60min);
    CHECK(order == std::vector<std::size_t>{0, 1, 2});
}

TEST_CASE("queue policy: names of the policies round-trip") {
    for (FairnessKind k : {FairnessKind::strict, FairnessKind::aging, FairnessKind::interleave}) {
        CHECK(fairness_kind_from(name_of(k)) == k);
    }
    CHECK_FALSE(fairness_kind_from("random").has_value());
}

// call_order sorts instead of simulating; this is the simulation it must match.
TEST_CASE("queue policy: call_order is choose_next repeated, for random queues of every policy") {
    std::uint32_t state = 12345;
    auto next = [&](std::uint32_t below) {
        state = state * 1664525u + 1013904223u;  // a fixed LCG: the same queues on every run
        return (state >> 8) % below;
    };
    for (int round = 0; round < 300; ++round) {
        std::vector<WaitingTicket> tickets;
        const auto size = next(40);
        for (std::uint32_t i = 0; i < size; ++i) {
            const bool priority = next(3) == 0;
            const int weight = priority ? static_cast<int>(next(3)) * 5 : 0;  // 0 too: a group
            tickets.push_back(WaitingTicket{"t" + std::to_string(i), "A",
                                            priority ? "g" + std::to_string(weight) : "", weight,
                                            // repeated sequences and arrival out of order
                                            static_cast<std::int64_t>(next(30)),
                                            kOpening + std::chrono::minutes(next(90))});
        }
        const FairnessPolicy policy{static_cast<FairnessKind>(next(3)),
                                    static_cast<int>(next(4))};  // 0: treated as 1
        CallHistory history;
        if (next(2) == 0) history.normals_since_priority = static_cast<int>(next(4));
        const Time now = kOpening + std::chrono::minutes(60 + next(60));

        std::vector<std::size_t> expected;
        {
            std::vector<WaitingTicket> left = tickets;
            std::vector<std::size_t> index(tickets.size());
            for (std::size_t i = 0; i < index.size(); ++i) index[i] = i;
            CallHistory h = history;
            while (auto chosen = choose_next(left, policy, h, now)) {
                expected.push_back(index[*chosen]);
                h = after_call(h, left[*chosen]);
                left.erase(left.begin() + static_cast<std::ptrdiff_t>(*chosen));
                index.erase(index.begin() + static_cast<std::ptrdiff_t>(*chosen));
            }
        }
        CAPTURE(round);
        CHECK(call_order(tickets, policy, history, now) == expected);
    }
}

// The server counts instead of ranking the whole queue for every new ticket; the count must
// be the newcomer's place in call_order, whatever the queue, policy and history.
TEST_CASE("queue policy: ahead_of_newcomer is the newcomer's place in call_order") {
    std::uint32_t state = 777;
    auto next = [&](std::uint32_t below) {
        state = state * 1664525u + 1013904223u;
        return (state >> 8) % below;
    };
    for (int round = 0; round < 600; ++round) {
        const Time now = kOpening + std::chrono::minutes(60 + next(60));
        std::vector<WaitingTicket> tickets;
        const auto size = next(30);
        for (std::uint32_t i = 0; i < size; ++i) {
            const bool priority = next(3) == 0;
            const int weight = priority ? static_cast<int>(next(3)) * 5 : 0;
            tickets.push_back(WaitingTicket{"t" + std::to_string(i), "A",
                                            priority ? "g" + std::to_string(weight) : "", weight,
                                            static_cast<std::int64_t>(i),
                                            now - std::chrono::seconds(next(40 * 60))});
        }
        const bool newcomer_priority = next(2) == 0;
        const int newcomer_weight = newcomer_priority ? static_cast<int>(next(3)) * 5 : 0;
        const FairnessPolicy policy{static_cast<FairnessKind>(next(3)), static_cast<int>(next(4))};
        CallHistory history;
        if (next(2) == 0) history.normals_since_priority = static_cast<int>(next(4));

        QueueBeforeNewcomer counts;
        for (const WaitingTicket& t : tickets) {
            (t.priority.empty() ? counts.normals : counts.priorities) += 1;
            const auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - t.issued_at).count();
            const bool urgent = policy.kind == FairnessKind::aging
                                    ? waited + t.weight * 60 >= newcomer_weight * 60
                                    : !t.priority.empty() && t.weight >= newcomer_weight;
            if (urgent) ++counts.at_least_as_urgent;
        }
        tickets.push_back(WaitingTicket{"new", "A", newcomer_priority ? "g" : "", newcomer_weight,
                                        static_cast<std::int64_t>(size), now});
        const auto order = call_order(tickets, policy, history, now);
        const auto place = static_cast<std::size_t>(
            std::find(order.begin(), order.end(), tickets.size() - 1) - order.begin());
        CAPTURE(round);
        CHECK(ahead_of_newcomer(counts, newcomer_priority, policy, history) == place);
    }
}
