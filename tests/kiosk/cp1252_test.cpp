#include "kiosk/cp1252.h"

#include <doctest/doctest.h>
#include <iconv.h>

#include <cstdint>
#include <ios>
#include <optional>
#include <string>

#include "kiosk/code_text.h"

using namespace ventanilla;

namespace {

// UTF-8 of any code point, surrogates included: the test needs to build ill-formed text too.
std::string encode_utf8(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
    return out;
}

// glibc's own CP1252 table, as an oracle written by someone else.
class Iconv {
public:
    Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
    ~Iconv() {
        if (ok()) iconv_close(cd_);
    }
    Iconv(const Iconv&) = delete;
    Iconv& operator=(const Iconv&) = delete;
    bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }

    std::optional<std::string> convert(std::string input) {
        iconv(cd_, nullptr, nullptr, nullptr, nullptr);
        char out[16];
        char* in_ptr = input.data();
        std::size_t in_left = input.size();
        char* out_ptr = out;
        std::size_t out_left = sizeof out;
        if (iconv(cd_, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1)) {
            return std::nullopt;
        }
        return std::string(out, static_cast<std::size_t>(out_ptr - out));
    }

private:
    iconv_t cd_;
};

}  // namespace

TEST_CASE("cp1252: the Spanish and typographic characters of a receipt") {
    const Cp1252Text text = utf8_to_cp1252("á é í ó ú ü ñ Ñ ¿ ¡ € — – “ ” ‘ ’ … •");
    CHECK(text.bytes ==
          "\xE1 \xE9 \xED \xF3 \xFA \xFC \xF1 \xD1 \xBF \xA1 \x80 \x97 \x96 \x93 \x94 \x91 \x92 "
          "\x85 \x95");
    CHECK(text.replaced() == 0);
    CHECK(utf8_to_cp1252("Envío «urgente» nº 5 · 20 °C ½").bytes ==
          "Env\xEDo \xABurgente\xBB n\xBA 5 \xB7 20 \xB0"
          "C \xBD");
    CHECK(utf8_to_cp1252("Œuvre Š ž Ÿ ™ ‰ † ‡ ƒ ˆ ˜ ‚ „ ‹ ›").replaced() == 0);
    CHECK(utf8_to_cp1252("").bytes.empty());
    CHECK(utf8_to_cp1252(std::string("a\0b", 3)).bytes == std::string("a\0b", 3));
}

TEST_CASE("cp1252: characters without a code become '?' and are counted") {
    Cp1252Text text = utf8_to_cp1252("A-042 → Ventanilla 3 ✓ 𝄞 Ω");
    CHECK(text.bytes == "A-042 ? Ventanilla 3 ? ? ?");
    CHECK(text.unmappable == 4);
    CHECK(text.ill_formed == 0);
    // C1 controls are Unicode characters but CP1252 spends those bytes on € “ ” …
    text = utf8_to_cp1252("\u0080\u0081\u009F");
    CHECK(text.bytes == "???");
    CHECK(text.unmappable == 3);
    CHECK(utf8_to_cp1252("x→y", {.replacement = '_'}).bytes == "x_y");
}

TEST_CASE("cp1252: ill-formed UTF-8, one '?' per maximal subpart, never a crash") {
    // Unicode 15, table 3-8: the standard's own example of maximal subparts.
    Cp1252Text text = utf8_to_cp1252("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64");
    CHECK(text.bytes == "a???b?c??d");
    CHECK(text.ill_formed == 6);
    CHECK(text.unmappable == 0);

    struct Case {
        std::string input;
        std::string expected;
    };
    const Case cases[] = {
        {"ab\xC3", "ab?"},                  // truncated at the end
        {"\xE2\x82", "?"},                  // truncated € at the end: one subpart
        {"\xE2\x82x", "?x"},                // truncated € before ASCII
        {"\xF0\x9D\x84", "?"},              // truncated four-byte sequence
        {"a\xC0\xAF", "a??"},               // overlong "/": C0 never starts anything
        {"a\xE0\x80\xAF", "a???"},          // overlong three bytes: E0 80 is not a start
        {"a\xED\xA0\x80", "a???"},          // surrogate U+D800
        {"a\xF4\x90\x80\x80", "a????"},     // above U+10FFFF
        {"a\xF0\x8F\xBF\xBF", "a????"},     // overlong four bytes
        {"\xF5\xF8\xFC\xFE\xFF", "?????"},  // bytes UTF-8 never uses
        {"\x80\xBF", "??"},                 // lone continuation bytes
        {"\xC3\xC3\xB1", "?\xF1"},          // a lead byte without its continuation
        {"\xEF\xBF\xBD", "?"},              // U+FFFD is well-formed but has no code
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(utf8_to_cp1252(c.input).bytes == c.expected);
    }
    CHECK(utf8_to_cp1252("\xEF\xBF\xBD").unmappable == 1);
    CHECK(utf8_to_cp1252("\xEF\xBF\xBD").ill_formed == 0);
}

TEST_CASE("cp1252: every code point agrees with glibc's CP1252 table") {
    Iconv to_cp1252("CP1252", "UTF-32LE");
    REQUIRE(to_cp1252.ok());
    std::size_t mapped = 0;
    for (char32_t c = 0; c <= 0x10FFFF; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        const std::string utf8 = encode_utf8(c);
        const Cp1252Text text = utf8_to_cp1252(utf8);
        REQUIRE(text.bytes.size() == 1);
        REQUIRE(text.ill_formed == 0);
        const std::optional<unsigned char> byte = cp1252_byte(c);
        std::string utf32(4, '\0');
        for (int i = 0; i < 4; ++i) utf32[i] = static_cast<char>((c >> (8 * i)) & 0xFF);
        const std::optional<std::string> oracle = to_cp1252.convert(utf32);
        if (byte) {
            ++mapped;
            REQUIRE(text.unmappable == 0);
            REQUIRE(static_cast<unsigned char>(text.bytes[0]) == *byte);
            REQUIRE(cp1252_code_point(*byte) == c);
            REQUIRE(oracle == std::string(1, static_cast<char>(*byte)));
        } else {
            REQUIRE(text.unmappable == 1);
            REQUIRE(text.bytes == "?");
            // glibc drops the Unicode tag characters (U+E0000..E007F) instead of failing.
            REQUIRE_MESSAGE((!oracle || oracle->empty()), "glibc maps code point " << c);
        }
    }
    CHECK(mapped == 251);  // 256 bytes less the five CP1252 leaves undefined
}

TEST_CASE("cp1252: every byte decodes as glibc says, and round-trips") {
    Iconv from_cp1252("UTF-8", "CP1252");
    REQUIRE(from_cp1252.ok());
    for (int b = 0; b < 256; ++b) {
        const auto byte = static_cast<unsigned char>(b);
        CAPTURE(b);
        const std::string one(1, static_cast<char>(byte));
        const std::optional<std::string> oracle = from_cp1252.convert(one);
        const bool undefined = b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D;
        CHECK(cp1252_code_point(byte).has_value() == !undefined);
        CHECK(oracle.has_value() == !undefined);
        if (undefined) {
            CHECK(cp1252_to_utf8(one) == "\xEF\xBF\xBD");
            continue;
        }
        CHECK(cp1252_to_utf8(one) == *oracle);
        CHECK(utf8_to_cp1252(*oracle).bytes == one);
    }
}

TEST_CASE("cp1252: every string of up to three bytes converts without surprises") {
    // Ill-formed input is counted exactly when the UTF-8 validator in code_text.h (an
    // independent implementation) rejects it, and nothing ever grows.
    std::string input;
    std::size_t checked = 0;
    auto check = [&] {
        const Cp1252Text text = utf8_to_cp1252(input);
        const bool valid = valid_utf8_prefix(input) == input.size();
        const bool same_length = !valid || text.bytes.size() == split_characters(input).size();
        if ((text.ill_formed == 0) != valid || text.bytes.size() > input.size() || !same_length) {
            FAIL("unexpected conversion of bytes "
                 << std::hex << static_cast<unsigned>(static_cast<unsigned char>(input[0])));
        }
        ++checked;
    };
    for (int a = 0; a < 256; ++a) {
        input.assign(1, static_cast<char>(a));
        check();
        for (int b = 0; b < 256; ++b) {
            input.assign({static_cast<char>(a), static_cast<char>(b)});
            check();
            for (int c = 0; c < 256; ++c) {
                input.assign({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)});
                check();
            }
        }
    }
    CHECK(checked == 256 + 256 * 256 + 256 * 256 * 256);
}
