// UPU S10 postal item identifiers ("RR123456785CU"): parsing typed or scanned ids, check digit.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

// A valid S10 id, in its parts.
struct S10Id {
    std::string service_indicator;  // "RR": two letters, the kind of item; never J… or K…
    std::string serial;             // "12345678": eight digits
    int check_digit = 0;            // 0–9, computed from the serial
    std::string country;            // "CU": ISO 3166-1 alpha-2 code of the post that issued it

    // "RR123456785CU": the form to store, send and encode in barcodes.
    std::string to_string() const;
    // "RR 123 456 785 CU": the form printed on labels, easier to read aloud.
    std::string to_display_string() const;

    bool operator==(const S10Id&) const = default;
};

// Every error code parse_s10 can produce, with its message arguments (each has a
// key in assets/i18n). Positions count the characters without spaces and dashes, from 1.
inline constexpr std::array<std::string_view, 7> kS10ErrorCodes{
    "s10.empty",              // nothing but spaces and dashes
    "s10.wrong_length",       // length: not 13 characters
    "s10.letter_expected",    // position, character: 1–2 and 12–13 are letters A–Z
    "s10.digit_expected",     // position, character: 3–11 are digits
    "s10.reserved_service",   // service: indicators starting with J or K are never issued
    "s10.unknown_country",    // country: not an ISO 3166-1 alpha-2 code
    "s10.wrong_check_digit",  // expected, actual
};

// Reads an S10 id as a person types it or a scanner sends it: spaces, dashes and
// lower case are accepted anywhere.
Result<S10Id> parse_s10(std::string_view text);

// The check digit of an eight-digit serial: weights 8 6 4 2 3 5 9 7,
// c = 11 − (sum mod 11), then 10 → 0 and 11 → 5. It catches every wrong check
// digit, and every single wrong digit or swap of two unequal neighbours in the
// serial except one kind: 11 residues map onto 10 digits, residues 0 and 6 both
// give 5, so an error that moves the sum between them goes unnoticed
// (RB123456785GB → RB323456785GB). tests/kiosk/s10_test.cpp enumerates it.
// Precondition: `serial` is exactly eight ASCII digits (throws std::invalid_argument).
int s10_check_digit(std::string_view serial);

// Every officially assigned ISO 3166-1 alpha-2 code, sorted: the countries an
// S10 id may name.
std::span<const std::string_view> iso_3166_alpha2_codes();

}  // namespace ventanilla
