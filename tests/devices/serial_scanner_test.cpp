#include "devices/serial_scanner.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <thread>

#include "tests/devices/scan_test_files.h"
#include "tests/fakes/fake_serial_scanner.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> texts(const std::vector<ScanLineSplitter::Line>& lines) {
    std::vector<std::string> out;
    for (const auto& l : lines) out.push_back(l.too_long ? "<too long>" : l.text);
    return out;
}

template <typename Predicate>
bool wait_for(Predicate done, std::chrono::milliseconds limit = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

std::vector<std::string> collect(ScanStream& stream, std::size_t count) {
    std::vector<std::string> got;
    wait_for([&] {
        for (auto& s : stream.take_all()) {
            CHECK(s.source == "serial");
            got.push_back(std::move(s.text));
        }
        return got.size() >= count;
    });
    return got;
}

SerialScannerOptions options_for(const std::filesystem::path& device) {
    SerialScannerOptions options;
    options.device = device.string();
    options.baud = 115200;
    options.reconnect_interval = 20ms;
    return options;
}

}  // namespace

TEST_CASE("serial scan lines: CR, LF, CRLF and LFCR each end one line") {
    ScanLineSplitter splitter;
    CHECK(texts(splitter.feed("A1\rB2\nC3\r\nD4\n\rE5\r\n")) ==
          std::vector<std::string>{"A1", "B2", "C3", "D4", "E5"});
    CHECK(splitter.feed("").empty());
}

TEST_CASE("serial scan lines: a line split over many reads is one line") {
    ScanLineSplitter splitter;
    std::vector<std::string> got;
    for (char c : std::string("RR123456785CU\r\nCP000000005CU\r")) {
        for (auto& t : texts(splitter.feed(std::string(1, c)))) got.push_back(t);
    }
    CHECK(got == std::vector<std::string>{"RR123456785CU", "CP000000005CU"});
    CHECK(texts(splitter.feed("\n")).empty());  // the LF of a CRLF cut between two reads
}

TEST_CASE("serial scan lines: a line over the limit is dropped whole, the next one is kept") {
    ScanLineSplitter splitter(512);
    const std::string exactly(512, 'x');
    CHECK(texts(splitter.feed(exactly + "\r\n")) == std::vector<std::string>{exactly});

    auto lines = splitter.feed(std::string(513, 'y') + "\r\nRR123456785CU\r\n");
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].too_long);
    CHECK(lines[0].dropped_bytes == 513);
    CHECK(lines[1].text == "RR123456785CU");

    // Very long, arriving in pieces: still one dropped line.
    lines = splitter.feed(std::string(3000, 'z'));
    CHECK(lines.empty());
    lines = splitter.feed(std::string(3000, 'z') + "\n");
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].dropped_bytes == 6000);
}

TEST_CASE(
    "serial scanner: codes typed into a pseudo-terminal arrive in order, none merged or split") {
    ScratchDir dir;
    FakeSerialScanner scanner(dir / "ttyACM0");
    ScanStream stream;
    SerialScanSource source(stream, options_for(dir / "ttyACM0"));
    REQUIRE(wait_for([&] { return source.connected(); }));

    SUBCASE("one at a time, every line ending") {
        scanner.type("RR123456785CU\r");
        scanner.type("CP000000005CU\n");
        scanner.type("7K3M-Q9XA\r\n");
        scanner.type("Envío — Camagüey\n\r");
        CHECK(collect(stream, 4) == std::vector<std::string>{"RR123456785CU", "CP000000005CU",
                                                             "7K3M-Q9XA", "Envío — Camagüey"});
    }
    SUBCASE("a burst of a thousand scans in one write") {
        std::string burst;
        std::vector<std::string> expected;
        const char* endings[] = {"\r", "\n", "\r\n"};
        for (int i = 0; i < 1000; ++i) {
            expected.push_back("RR" + std::to_string(10000000 + i) + "CU");
            burst += expected.back() + endings[i % 3];
        }
        scanner.type(burst);
        CHECK(collect(stream, expected.size()) == expected);
    }
    SUBCASE("a line over 512 bytes is dropped and reported; the scans around it are not") {
        scanner.type("AAAA1\r\n" + std::string(600, 'B') + "\r\nCCCC3\r\n");
        CHECK(collect(stream, 2) == std::vector<std::string>{"AAAA1", "CCCC3"});
        auto errors = stream.take_errors();
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].code == "serial.line_too_long");
        CHECK(errors[0].args.at("max") == "512");
    }
    std::this_thread::sleep_for(50ms);
    CHECK(stream.take_all().empty());
}

TEST_CASE("serial scanner: reconnects when the device disappears and comes back") {
    ScratchDir dir;
    FakeSerialScanner scanner(dir / "ttyUSB0");
    ScanStream stream;
    SerialScanSource source(stream, options_for(dir / "ttyUSB0"));
    REQUIRE(wait_for([&] { return source.connected(); }));
    scanner.type("BEFORE01\r\n");
    CHECK(collect(stream, 1) == std::vector<std::string>{"BEFORE01"});

    scanner.unplug();
    REQUIRE(wait_for([&] { return !source.connected(); }));
    std::this_thread::sleep_for(100ms);  // a few failed reopens while it is away
    scanner.plug();
    REQUIRE(wait_for([&] { return source.connected() && source.connections() == 2; }));
    scanner.type("AFTER002\r\n");
    CHECK(collect(stream, 1) == std::vector<std::string>{"AFTER002"});

    std::vector<std::string> codes;
    for (const auto& e : stream.take_errors()) codes.push_back(e.code);
    CHECK(codes == std::vector<std::string>{"serial.disconnected", "serial.not_found"});
}

TEST_CASE("serial scanner: a missing device is a clear error, reported once") {
    ScratchDir dir;
    ScanStream stream;
    SerialScanSource source(stream, options_for(dir / "ttyACM9"));
    REQUIRE(wait_for([&] { return !stream.take_errors().empty(); }));
    std::this_thread::sleep_for(100ms);  // several more attempts
    CHECK(stream.take_errors().empty());
    CHECK_FALSE(source.connected());
}

TEST_CASE("serial scanner: the self-test names what is wrong") {
    ScratchDir dir;
    CHECK(probe_serial_scanner(options_for(dir / "ttyACM9")).error().code == "serial.not_found");

    spill(dir / "plain-file", "not a tty");
    CHECK(probe_serial_scanner(options_for(dir / "plain-file")).error().code == "serial.not_a_tty");

    FakeSerialScanner scanner(dir / "ttyACM0");
    CHECK(probe_serial_scanner(options_for(dir / "ttyACM0")).ok());
    SerialScannerOptions odd = options_for(dir / "ttyACM0");
    odd.baud = 12345;
    CHECK(probe_serial_scanner(odd).error().code == "serial.bad_baud");
}
