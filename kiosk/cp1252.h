// UTF-8 to Windows-1252 (PDF WinAnsiEncoding) for receipts printed with the base-14 fonts.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ventanilla {

struct Cp1252Options {
    // What stands in for a character the base-14 fonts cannot show.
    char replacement = '?';
};

// The converted text and what could not be kept, so a caller can log it: a
// receipt with "?" in a name is worth a line in the diagnostics.
struct Cp1252Text {
    std::string bytes;           // Windows-1252, one byte per character
    std::size_t unmappable = 0;  // well-formed characters with no CP1252 code
    std::size_t ill_formed = 0;  // ill-formed UTF-8 sequences (each maximal subpart once)

    std::size_t replaced() const { return unmappable + ill_formed; }
};

// Converts UTF-8 to Windows-1252. Every character outside CP1252 becomes one
// `replacement` byte; so does every maximal ill-formed subpart of the input
// (Unicode 15 §3.9, as browsers decode), so "\xE2\x82" before "x" is one "?".
Cp1252Text utf8_to_cp1252(std::string_view utf8, const Cp1252Options& options = {});

// The CP1252 byte of a code point, if it has one. U+0080..U+009F have none:
// those bytes hold the typographic characters (€ “ ” …) in CP1252.
std::optional<unsigned char> cp1252_byte(char32_t code_point);

// The code point of a CP1252 byte; nothing for 0x81, 0x8D, 0x8F, 0x90 and 0x9D,
// which CP1252 leaves undefined.
std::optional<char32_t> cp1252_code_point(unsigned char byte);

// Windows-1252 back to UTF-8 (undefined bytes become U+FFFD); for tests and logs.
std::string cp1252_to_utf8(std::string_view cp1252);

}  // namespace ventanilla
