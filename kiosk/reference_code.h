// Short references printed on receipts ("7K3M-Q9XC"): generating, reading back, check character.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

// The 32 symbols of a reference: the digits 2–9 and the letters A–Z without I
// and O. 0, O, 1 and I never appear, so nobody has to tell them apart (DESIGN.md,
// "no O/0, I/1"). L and U stay: there is no 32-symbol alphabet in 0–9 A–Z
// without 0 O 1 I L U (that leaves 30), L's look-alikes 1 and I are gone, and
// U is left out of Crockford's base32 for English words, not for its shape.
inline constexpr std::string_view kReferenceAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

// Every error code parse_reference_code can produce, with its message arguments
// (each has a key in assets/i18n). Positions count the symbols without spaces and dashes.
inline constexpr std::array<std::string_view, 5> kReferenceCodeErrorCodes{
    "reference.empty",                  // nothing but spaces and dashes
    "reference.wrong_length",           // length: not 8 symbols
    "reference.never_contains",         // position, character: 0, O, 1 or I
    "reference.character_not_allowed",  // position, character: any other character
    // One symbol wrong or two swapped. The message does not say which symbol
    // "should" come last, so nobody turns a typo into another valid reference.
    "reference.wrong_check_character",
};

// A valid reference: seven random symbols and one check symbol.
//
// The check symbol makes Σ α^(8−k)·s_k = 0, computed in the field GF(32)
// (symbol values are the index in the alphabet, addition is XOR, α = x modulo
// x⁵ + x² + 1, whose powers α⁰…α³⁰ are all different). The weights are
// non-zero and pairwise different, so every single wrong symbol and every swap
// of two different symbols, adjacent or not, changes the sum: all are detected.
struct ReferenceCode {
    std::string symbols;  // "7K3MQ9XC": eight symbols of kReferenceAlphabet

    // "7K3M-Q9XC": the form printed, spoken and encoded.
    std::string to_string() const;

    bool operator==(const ReferenceCode&) const = default;
};

// A new reference from `random`, called seven times; each call must give 32
// uniformly random bits (libsodium's randombytes_random in production, a
// seeded generator in tests). The top five bits pick each symbol. 35 random
// bits: the server, not this function, makes sure a reference is not reused.
ReferenceCode generate_reference_code(const std::function<std::uint32_t()>& random);

// The check symbol that completes seven symbols of the alphabet.
// Precondition: `seven_symbols` is seven symbols of kReferenceAlphabet
// (throws std::invalid_argument).
char reference_check_symbol(std::string_view seven_symbols);

// Reads a reference as a person types it: lower case, spaces and a missing or
// misplaced dash are fine. Only letter case is mapped: 0, O, 1 and I are not
// look-alikes of one symbol we could pick (an O may be a misread D or Q, a 1
// an L or a 7), and a guess would spend the check symbol on our guess; the
// error says instead that references never contain that character.
Result<ReferenceCode> parse_reference_code(std::string_view text);

}  // namespace ventanilla
