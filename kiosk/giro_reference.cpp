#include "kiosk/giro_reference.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "kiosk/code_text.h"

namespace ventanilla {
namespace {

constexpr std::string_view kPrefix = "GP";
constexpr std::size_t kNumberLength = 10;
constexpr std::size_t kDigitsLength = kNumberLength + 2;

bool is_ascii_digit(std::string_view character) {
    return character.size() == 1 && character[0] >= '0' && character[0] <= '9';
}

bool is_ascii_letter(std::string_view character) {
    return character.size() == 1 && character[0] >= 'A' && character[0] <= 'Z';
}

// The remainder mod 97 of a string of ASCII digits, one digit at a time.
int remainder_97(std::string_view digits) {
    int remainder = 0;
    for (char digit : digits) remainder = (remainder * 10 + (digit - '0')) % 97;
    return remainder;
}

std::string two_digits(int value) {
    return std::string{static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

}  // namespace

std::string GiroReference::to_string() const {
    return std::string(kPrefix) + "-" + number + "-" + check_digits;
}

std::string giro_check_digits(std::string_view number) {
    if (number.size() != kNumberLength ||
        !std::ranges::all_of(number, [](char c) { return c >= '0' && c <= '9'; })) {
        throw std::invalid_argument("giro_check_digits: ten ASCII digits expected");
    }
    return two_digits(98 - remainder_97(std::string(number) + "00"));
}

GiroReference make_giro_reference(std::uint64_t number) {
    if (number >= 10'000'000'000ULL) {
        throw std::invalid_argument("make_giro_reference: more than ten digits");
    }
    std::string digits = std::to_string(number);
    digits.insert(0, kNumberLength - digits.size(), '0');
    std::string check = giro_check_digits(digits);
    return GiroReference{std::move(digits), std::move(check)};
}

Result<GiroReference> parse_giro_reference(std::string_view text) {
    const std::string normalized = normalize_typed_code(text);
    std::vector<std::string_view> characters = split_characters(normalized);
    if (characters.empty()) return make_error("giro.empty", "no characters");

    const auto first_non_letter = std::ranges::find_if_not(characters, is_ascii_letter);
    const std::size_t letters = static_cast<std::size_t>(first_non_letter - characters.begin());
    if (letters > 0) {
        const std::string leading = normalized.substr(0, letters);  // ASCII: bytes are characters
        if (leading != kPrefix) {
            return make_error("giro.wrong_prefix", "starts with " + leading, {{"prefix", leading}});
        }
        characters.erase(characters.begin(), first_non_letter);
    }
    if (characters.size() != kDigitsLength) {
        const std::string length = std::to_string(characters.size());
        return make_error("giro.wrong_length", length + " digits, 12 expected",
                          {{"length", length}});
    }
    std::string digits;
    for (std::size_t i = 0; i < characters.size(); ++i) {
        if (!is_ascii_digit(characters[i])) {
            const std::string position = std::to_string(i + 1);
            return make_error(
                "giro.digit_expected", "position " + position,
                {{"position", position}, {"character", printable_character(characters[i])}});
        }
        digits += characters[i];
    }
    if (remainder_97(digits) != 1) {
        return make_error("giro.wrong_check_digits", "remainder mod 97 is not 1");
    }
    return GiroReference{digits.substr(0, kNumberLength), digits.substr(kNumberLength)};
}

}  // namespace ventanilla
