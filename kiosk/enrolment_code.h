// One-time enrolment codes ("K7M3-Q9XA-2RHF"): made by the server, typed by a technician.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

// Every error code parse_enrolment_code can produce (each has a key in assets/i18n).
inline constexpr std::array<std::string_view, 3> kEnrolmentCodeErrorCodes{
    "enrolment.code_wrong_length",      // length: not 12 symbols
    "enrolment.code_character",         // position, character: not in the alphabet
    "enrolment.code_check_failed",      // a symbol mistyped or two swapped
};

// Eleven random symbols of kReferenceAlphabet (no 0/O, 1/I; 55 bits) and one check symbol:
// Σ α^(12−k)·s_k = 0 in GF(32), the same field as receipt references, so every single wrong
// symbol and every swap of two different symbols is caught before the code leaves the
// terminal. Printed in three groups of four.
struct EnrolmentCode {
    std::string symbols;  // "K7M3Q9XA2RHF"

    std::string to_string() const;  // "K7M3-Q9XA-2RHF"
    bool operator==(const EnrolmentCode&) const = default;
};

// `random` must give 32 uniformly random bits per call (randombytes_random in production).
EnrolmentCode generate_enrolment_code(const std::function<std::uint32_t()>& random);

// Reads a code as a technician types it: lower case, spaces and dashes anywhere are fine.
Result<EnrolmentCode> parse_enrolment_code(std::string_view text);

}  // namespace ventanilla
