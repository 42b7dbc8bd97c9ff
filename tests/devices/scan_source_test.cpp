#include "devices/scan_source.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

using namespace ventanilla;

TEST_CASE("scan stream: scans pushed from several threads all arrive, each thread's in order") {
    std::atomic<int> wakes{0};
    ScanStream stream([&] { wakes.fetch_add(1); });
    constexpr int per_thread = 2000;
    std::vector<std::thread> pushers;
    for (int t = 0; t < 3; ++t)
        pushers.emplace_back([&stream, t] {
            for (int i = 0; i < per_thread; ++i)
                stream.push(Scan{std::to_string(t) + ":" + std::to_string(i), "serial",
                                 std::chrono::steady_clock::now()});
        });

    std::vector<Scan> all;
    while (all.size() < 3 * per_thread) {
        for (auto& s : stream.take_all()) all.push_back(std::move(s));  // drained while filling
        std::this_thread::yield();
    }
    for (auto& p : pushers) p.join();
    CHECK(stream.take_all().empty());
    CHECK(wakes.load() == 3 * per_thread);

    int next[3] = {0, 0, 0};
    for (const Scan& s : all) {
        const int t = s.text[0] - '0';
        REQUIRE(s.text == std::to_string(t) + ":" + std::to_string(next[t]));
        ++next[t];
    }
}

TEST_CASE("scan stream: errors travel beside scans and wake the loop too") {
    int wakes = 0;
    ScanStream stream([&] { ++wakes; });
    stream.push_error(make_error("serial.line_too_long", "/dev/ttyACM0"));
    stream.push(Scan{"RR123456785CU", "wedge", std::chrono::steady_clock::now()});
    CHECK(wakes == 2);
    auto errors = stream.take_errors();
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "serial.line_too_long");
    CHECK(stream.take_errors().empty());
    auto scans = stream.take_all();
    REQUIRE(scans.size() == 1);
    CHECK(scans[0].source == "wedge");
}

TEST_CASE("scan stream: works without a wake callback") {
    ScanStream stream;
    stream.push(Scan{"A", "image", {}});
    CHECK(stream.take_all().size() == 1);
}
