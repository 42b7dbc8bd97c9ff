#include "kiosk/cuban_id.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "kiosk/code_text.h"

namespace ventanilla {
namespace {

constexpr std::size_t kIdLength = 11;

bool is_ascii_digit(std::string_view character) {
    return character.size() == 1 && character[0] >= '0' && character[0] <= '9';
}

int two_digits(std::string_view digits, std::size_t at) {
    return (digits[at] - '0') * 10 + (digits[at + 1] - '0');
}

int century_of(char digit) {
    if (digit == '9') return 1800;
    if (digit >= '6') return 2000;
    return 1900;
}

bool is_eleven_digits(std::string_view text) {
    return text.size() == kIdLength &&
           std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<CubanId> parse_cuban_id(std::string_view text, std::chrono::year_month_day today) {
    if (!today.ok()) throw std::invalid_argument("parse_cuban_id: today is not a date");
    const std::string normalized = normalize_typed_code(text);
    const std::vector<std::string_view> characters = split_characters(normalized);
    if (characters.empty()) return make_error("cuban_id.empty", "no characters");
    if (characters.size() != kIdLength) {
        const std::string length = std::to_string(characters.size());
        return make_error("cuban_id.wrong_length", length + " characters, 11 expected",
                          {{"length", length}});
    }
    for (std::size_t i = 0; i < characters.size(); ++i) {
        if (is_ascii_digit(characters[i])) continue;
        const std::string position = std::to_string(i + 1);
        return make_error(
            "cuban_id.digit_expected", "position " + position,
            {{"position", position}, {"character", printable_character(characters[i])}});
    }
    // Eleven ASCII digits: byte offsets are positions from here on.
    const std::chrono::year year{century_of(normalized[6]) + two_digits(normalized, 0)};
    const std::chrono::month month{static_cast<unsigned>(two_digits(normalized, 2))};
    const std::chrono::day day{static_cast<unsigned>(two_digits(normalized, 4))};
    if (!month.ok()) return make_error("cuban_id.impossible_month", "month out of range");
    const std::chrono::year_month_day birth_date{year, month, day};
    if (!birth_date.ok()) return make_error("cuban_id.impossible_day", "day out of range");
    if (birth_date > today) {
        return make_error("cuban_id.birth_date_in_future", "birth date after today");
    }
    const Sex sex = (normalized[9] - '0') % 2 == 0 ? Sex::male : Sex::female;
    return CubanId{normalized, birth_date, sex};
}

std::string mask_cuban_id(std::string_view digits) {
    const std::string normalized = normalize_typed_code(digits);
    if (!is_eleven_digits(normalized)) return std::string(kIdLength, '*');
    return std::string(kIdLength - 3, '*') + normalized.substr(kIdLength - 3);
}

std::string mask_cuban_id(const CubanId& id) {
    return mask_cuban_id(id.digits);
}

}  // namespace ventanilla
