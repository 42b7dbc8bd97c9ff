#include "kiosk/cp1252.h"

#include <array>
#include <cstdint>

namespace ventanilla {
namespace {

// CP1252 0x80..0x9F; 0 marks the five undefined bytes. Everything else in CP1252 is
// Latin-1, i.e. the byte is the code point.
constexpr std::array<char32_t, 32> kHighControls = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80..87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 88..8F
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90..97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 98..9F
};

// One step of decoding: a code point and its length, or (when `valid` is false) the
// length of the maximal ill-formed subpart to replace with one character.
struct Decoded {
    char32_t code_point = 0;
    std::size_t length = 1;
    bool valid = false;
};

Decoded decode_one(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[at + i]); };
    const std::uint8_t lead = byte(0);
    if (lead < 0x80) return {lead, 1, true};

    std::size_t length = 0;
    char32_t code_point = 0;
    // Bounds of the second byte: tighter than 80..BF where Unicode table 3-7 rules out
    // overlong forms (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
    std::uint8_t low = 0x80;
    std::uint8_t high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code_point = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code_point = lead & 0x0Fu;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code_point = lead & 0x07u;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return {};  // 80..C1 and F5..FF never start a character
    }

    for (std::size_t i = 1; i < length; ++i) {
        const bool present = at + i < text.size();
        const std::uint8_t next = present ? byte(i) : 0;
        const std::uint8_t min = i == 1 ? low : 0x80;
        const std::uint8_t max = i == 1 ? high : 0xBF;
        // The bytes so far were a valid beginning: they are replaced together.
        if (!present || next < min || next > max) return {0, i, false};
        code_point = (code_point << 6) | (next & 0x3Fu);
    }
    return {code_point, length, true};
}

}  // namespace

std::optional<unsigned char> cp1252_byte(char32_t code_point) {
    if (code_point < 0x80 || (code_point >= 0xA0 && code_point <= 0xFF)) {
        return static_cast<unsigned char>(code_point);
    }
    for (std::size_t i = 0; i < kHighControls.size(); ++i) {
        if (kHighControls[i] != 0 && kHighControls[i] == code_point) {
            return static_cast<unsigned char>(0x80 + i);
        }
    }
    return std::nullopt;
}

std::optional<char32_t> cp1252_code_point(unsigned char byte) {
    if (byte < 0x80 || byte >= 0xA0) return byte;
    char32_t code_point = kHighControls[byte - 0x80u];
    if (code_point == 0) return std::nullopt;
    return code_point;
}

Cp1252Text utf8_to_cp1252(std::string_view utf8, const Cp1252Options& options) {
    Cp1252Text out;
    out.bytes.reserve(utf8.size());
    std::size_t at = 0;
    while (at < utf8.size()) {
        const Decoded decoded = decode_one(utf8, at);
        at += decoded.length;
        if (!decoded.valid) {
            out.bytes.push_back(options.replacement);
            ++out.ill_formed;
            continue;
        }
        if (auto byte = cp1252_byte(decoded.code_point)) {
            out.bytes.push_back(static_cast<char>(*byte));
        } else {
            out.bytes.push_back(options.replacement);
            ++out.unmappable;
        }
    }
    return out;
}

std::string cp1252_to_utf8(std::string_view cp1252) {
    std::string out;
    out.reserve(cp1252.size() * 2);
    for (char c : cp1252) {
        const char32_t code_point =
            cp1252_code_point(static_cast<unsigned char>(c)).value_or(U'\uFFFD');
        if (code_point < 0x80) {
            out.push_back(static_cast<char>(code_point));
        } else if (code_point < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
            out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
            out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
        }
    }
    return out;
}

}  // namespace ventanilla
