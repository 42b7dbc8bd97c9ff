// Cuban identity card numbers (carné de identidad): validity, birth date, sex, masking.
#pragma once

#include <array>
#include <chrono>
#include <string>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

// Every error code parse_cuban_id can produce, with its message arguments (each
// has a key in assets/i18n). No argument or detail repeats any part of the number.
inline constexpr std::array<std::string_view, 6> kCubanIdErrorCodes{
    "cuban_id.empty",                 // nothing but spaces and dashes
    "cuban_id.wrong_length",          // length: not eleven digits
    "cuban_id.digit_expected",        // position, character
    "cuban_id.impossible_month",      // digits 3–4 are not 01–12
    "cuban_id.impossible_day",        // digits 5–6 are not a day of that month
                                      // (29 February only in leap years: not 1900, 2000 yes)
    "cuban_id.birth_date_in_future",  // after `today`
};

enum class Sex { male, female };

// A valid number and what it says. Personal data: keep it in the citizen's
// session and the encrypted submission, never in logs or error details.
struct CubanId {
    std::string digits;                      // the eleven digits
    std::chrono::year_month_day birth_date;  // from YYMMDD and the century digit
    Sex sex = Sex::male;                     // from the parity of the tenth digit

    bool operator==(const CubanId&) const = default;
};

// Reads a carné de identidad number: eleven digits, YYMMDD first; the seventh
// digit gives the century (9 → 1800s, 0–5 → 1900s, 6–8 → 2000s), the tenth the
// sex (even male, odd female). There is no published check-digit rule, so the
// last digit is never a reason to refuse a number. Spaces and dashes are
// ignored. Precondition: today.ok() (throws std::invalid_argument).
Result<CubanId> parse_cuban_id(std::string_view text, std::chrono::year_month_day today);

// The number as receipts print it: only the last three digits, "********123".
// Anything that is not eleven digits (spaces and dashes aside) is masked
// entirely, "***********", so a malformed value never leaks either.
std::string mask_cuban_id(std::string_view digits);
std::string mask_cuban_id(const CubanId& id);

}  // namespace ventanilla
