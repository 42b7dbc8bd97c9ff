#include "devices/keyboard_wedge.h"

#include <doctest/doctest.h>

using namespace ventanilla;
using namespace std::chrono_literals;
using Kind = WedgeOutput::Kind;

namespace {
const KeyboardWedge::Time t0 = KeyboardWedge::Time{} + 100s;

KeyboardWedge::Time type(KeyboardWedge& wedge, const std::string& text, KeyboardWedge::Time at,
                         std::chrono::milliseconds gap) {
    for (char c : text) {
        wedge.on_char(static_cast<char32_t>(c), at);
        at += gap;
    }
    return at;
}
}  // namespace

TEST_CASE("a fast burst ending in Enter is one scan") {
    KeyboardWedge wedge;
    auto t = type(wedge, "RR123456785CU", t0, 3ms);
    wedge.on_enter(t);
    auto out = wedge.take(t);
    REQUIRE(out.size() == 1);
    CHECK(out[0].kind == Kind::scan);
    CHECK(out[0].text == "RR123456785CU");
    CHECK_FALSE(wedge.holding());
}

TEST_CASE("a person typing is released as text once the burst is over") {
    KeyboardWedge wedge;
    auto t = type(wedge, "Ana", t0, 150ms);
    auto out = wedge.take(t + 100ms);
    std::string typed;
    for (auto& o : out) {
        CHECK(o.kind == Kind::typed_text);
        typed += o.text;
    }
    CHECK(typed == "Ana");
}

TEST_CASE("nothing is held back longer than the key interval") {
    KeyboardWedge wedge;
    wedge.on_char(U'ñ', t0);
    REQUIRE(wedge.next_deadline().has_value());
    CHECK(*wedge.next_deadline() <= t0 + 51ms);
    CHECK(wedge.take(t0 + 10ms).empty());
    auto out = wedge.take(t0 + 51ms);
    REQUIRE(out.size() == 1);
    CHECK(out[0].text == "ñ");
}

TEST_CASE("two scans back to back stay two, in order") {
    KeyboardWedge wedge;
    auto t = type(wedge, "AAAA1", t0, 2ms);
    wedge.on_enter(t);
    t = type(wedge, "BBBB2", t + 2ms, 2ms);
    wedge.on_enter(t);
    auto out = wedge.take(t);
    REQUIRE(out.size() == 2);
    CHECK(out[0].text == "AAAA1");
    CHECK(out[1].text == "BBBB2");
}

TEST_CASE("keys read late because the program was not scheduled are still one scan") {
    KeyboardWedge wedge;
    auto t = type(wedge, "RR1234", t0, 3ms);
    // 80 ms pass with the program stalled: it never saw an empty queue in between.
    t = type(wedge, "56785CU", t + 80ms, 3ms);
    wedge.on_enter(t);
    auto out = wedge.take(t);
    REQUIRE(out.size() == 1);
    CHECK(out[0].kind == Kind::scan);
    CHECK(out[0].text == "RR123456785CU");
}

TEST_CASE("a pause the program saw ends the burst: what came before was typing") {
    KeyboardWedge wedge;
    auto t = type(wedge, "RR1234", t0, 3ms);
    wedge.observe_quiet(t + 60ms);
    t = type(wedge, "56785CU", t + 80ms, 3ms);
    wedge.on_enter(t);
    auto out = wedge.take(t);
    REQUIRE(out.size() == 2);
    CHECK(out[0].kind == Kind::typed_text);
    CHECK(out[0].text == "RR1234");
    CHECK(out[1].kind == Kind::scan);
    CHECK(out[1].text == "56785CU");
}

TEST_CASE("a short burst with Enter is typing followed by Enter") {
    KeyboardWedge wedge;
    auto t = type(wedge, "12", t0, 2ms);
    wedge.on_enter(t);
    auto out = wedge.take(t);
    REQUIRE(out.size() == 2);
    CHECK(out[0].kind == Kind::typed_text);
    CHECK(out[1].kind == Kind::typed_enter);
}

TEST_CASE("a runaway scan of 10,000 characters types nothing and is reported") {
    KeyboardWedge wedge;
    auto t = type(wedge, std::string(10000, 'X'), t0, 1ms);
    wedge.on_enter(t);
    auto out = wedge.take(t);
    REQUIRE(out.size() == 1);
    CHECK(out[0].kind == Kind::scan_too_long);
    CHECK(out[0].text.empty());
}

TEST_CASE("utf-8 encoding of what the keyboard sends") {
    std::string s;
    append_utf8(s, U'á');
    append_utf8(s, U'€');
    append_utf8(s, U'😀');
    append_utf8(s, 0xD800);
    CHECK(s == "á€😀\xEF\xBF\xBD");
}
