// References of national postal money orders (giros), "GP-1234567890-92": making and reading them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

// Every error code parse_giro_reference can produce, with its message arguments
// (each has a key in assets/i18n). Positions count the twelve digits after "GP", from 1.
inline constexpr std::array<std::string_view, 5> kGiroReferenceErrorCodes{
    "giro.empty",           // nothing but spaces and dashes
    "giro.wrong_prefix",    // prefix: it starts with letters other than GP
    "giro.wrong_length",    // length: not twelve digits after GP
    "giro.digit_expected",  // position, character
    // A digit wrong or two swapped; as for reference codes, the message does not
    // give the "right" check digits.
    "giro.wrong_check_digits",
};

// A valid giro reference: "GP", a ten-digit number and two check digits by
// ISO 7064 MOD 97-10 (the IBAN scheme): the twelve digits read as one number
// leave remainder 1 when divided by 97. Since 97 is prime and 10 has order 96
// modulo 97, every single wrong digit and every swap of two different digits,
// adjacent or not, is detected.
struct GiroReference {
    std::string number;        // "1234567890"
    std::string check_digits;  // "92", from 02 to 98

    // "GP-1234567890-92": the form printed, spoken and encoded in barcodes.
    std::string to_string() const;

    bool operator==(const GiroReference&) const = default;
};

// The reference of giro `number`. Precondition: number < 10'000'000'000
// (throws std::invalid_argument).
GiroReference make_giro_reference(std::uint64_t number);

// The two check digits of ten ASCII digits: 98 − (number × 100 mod 97).
// Precondition: `number` is ten ASCII digits (throws std::invalid_argument).
std::string giro_check_digits(std::string_view number);

// Reads a giro reference as a person types it: lower case, spaces and dashes
// anywhere, and the "GP" may be left out.
Result<GiroReference> parse_giro_reference(std::string_view text);

}  // namespace ventanilla
