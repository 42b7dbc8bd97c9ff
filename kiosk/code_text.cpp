#include "kiosk/code_text.h"

#include <array>
#include <cstdint>

namespace ventanilla {
namespace {

// Bytes of the well-formed UTF-8 sequence starting text[at], or 0 when there is none
// (Unicode 15, table 3-7).
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
    const std::uint8_t lead = byte(at);
    const std::size_t left = text.size() - at;
    const auto in = [&](std::size_t i, std::uint8_t low, std::uint8_t high) {
        return i < left && byte(at + i) >= low && byte(at + i) <= high;
    };
    if (lead <= 0x7F) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
    if (lead == 0xE0) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (lead == 0xED) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;  // no surrogates
    if (lead >= 0xE1 && lead <= 0xEF) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (lead == 0xF0) {
        return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    }
    if (lead >= 0xF1 && lead <= 0xF3) {
        return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    }
    if (lead == 0xF4) {
        return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
}

// Separators people put in codes and we ignore: whitespace and dashes.
constexpr std::array<std::string_view, 14> kSeparators = {
    " ",      "\t",     "\n",     "\r",     "\v",     "\f",     "-",
    "\u00A0",                                                    // no-break space
    "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212",  // hyphens, dashes, minus
};

bool is_separator(std::string_view character) {
    for (std::string_view separator : kSeparators) {
        if (character == separator) return true;
    }
    return false;
}

}  // namespace

std::size_t valid_utf8_prefix(std::string_view text) {
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t length = utf8_sequence_length(text, at);
        if (length == 0) return at;
        at += length;
    }
    return at;
}

std::vector<std::string_view> split_characters(std::string_view text) {
    std::vector<std::string_view> characters;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t length = utf8_sequence_length(text, at);
        const std::size_t taken = length == 0 ? 1 : length;
        characters.push_back(text.substr(at, taken));
        at += taken;
    }
    return characters;
}

std::string edit_at_end(std::string_view text, int erased, std::string_view typed, std::size_t max_characters) {
    auto characters = split_characters(text);
    for (; erased > 0 && !characters.empty(); --erased) characters.pop_back();
    for (std::string_view character : split_characters(typed)) {
        if (characters.size() >= max_characters) break;
        characters.push_back(character);
    }
    std::string edited;
    for (std::string_view character : characters) edited.append(character);
    return edited;
}

std::string normalize_typed_code(std::string_view text) {
    std::string normalized;
    normalized.reserve(text.size());
    for (std::string_view character : split_characters(text)) {
        if (is_separator(character)) continue;
        if (character.size() == 1 && character[0] >= 'a' && character[0] <= 'z') {
            normalized.push_back(static_cast<char>(character[0] - 'a' + 'A'));
        } else {
            normalized.append(character);
        }
    }
    return normalized;
}

std::string printable_character(std::string_view character) {
    constexpr std::string_view replacement = "\uFFFD";
    if (character.empty() || valid_utf8_prefix(character) != character.size()) {
        return std::string(replacement);
    }
    const auto lead = static_cast<std::uint8_t>(character[0]);
    if (lead < 0x20 || lead == 0x7F) return std::string(replacement);
    // C1 control characters U+0080..U+009F are encoded C2 80..C2 9F.
    if (lead == 0xC2 && static_cast<std::uint8_t>(character[1]) <= 0x9F) {
        return std::string(replacement);
    }
    return std::string(character);
}

void append_utf8(std::string& out, char32_t c) {
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

}  // namespace ventanilla
