#include "kiosk/s10.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

#include "kiosk/code_text.h"

namespace ventanilla {
namespace {

// ISO 3166-1 alpha-2, officially assigned codes only (no user-assigned or
// exceptionally reserved ones such as XK, UK or EU).
constexpr std::array<std::string_view, 249> kCountryCodes = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
};
static_assert(std::ranges::is_sorted(kCountryCodes));
static_assert(std::ranges::adjacent_find(kCountryCodes) == kCountryCodes.end());

constexpr std::array<int, 8> kSerialWeights = {8, 6, 4, 2, 3, 5, 9, 7};
constexpr std::size_t kS10Length = 13;

bool is_ascii_letter(std::string_view character) {
    return character.size() == 1 && character[0] >= 'A' && character[0] <= 'Z';
}

bool is_ascii_digit(std::string_view character) {
    return character.size() == 1 && character[0] >= '0' && character[0] <= '9';
}

bool is_letter_position(std::size_t index) {
    return index < 2 || index >= 11;
}

}  // namespace

std::string S10Id::to_string() const {
    return service_indicator + serial + std::to_string(check_digit) + country;
}

std::string S10Id::to_display_string() const {
    const std::string digits = serial + std::to_string(check_digit);
    return service_indicator + " " + digits.substr(0, 3) + " " + digits.substr(3, 3) + " " +
           digits.substr(6, 3) + " " + country;
}

int s10_check_digit(std::string_view serial) {
    if (serial.size() != kSerialWeights.size() ||
        !std::ranges::all_of(serial, [](char c) { return c >= '0' && c <= '9'; })) {
        throw std::invalid_argument("s10_check_digit: the serial must be eight ASCII digits");
    }
    int sum = 0;
    for (std::size_t i = 0; i < kSerialWeights.size(); ++i) {
        sum += (serial[i] - '0') * kSerialWeights[i];
    }
    const int check = 11 - sum % 11;
    if (check == 10) return 0;
    if (check == 11) return 5;
    return check;
}

std::span<const std::string_view> iso_3166_alpha2_codes() {
    return kCountryCodes;
}

Result<S10Id> parse_s10(std::string_view text) {
    const std::string normalized = normalize_typed_code(text);
    const std::vector<std::string_view> characters = split_characters(normalized);
    if (characters.empty()) return make_error("s10.empty", "no characters");
    if (characters.size() != kS10Length) {
        const std::string length = std::to_string(characters.size());
        return make_error("s10.wrong_length", length + " characters, 13 expected",
                          {{"length", length}});
    }
    for (std::size_t i = 0; i < characters.size(); ++i) {
        const bool letter = is_letter_position(i);
        if (letter ? is_ascii_letter(characters[i]) : is_ascii_digit(characters[i])) continue;
        const std::string position = std::to_string(i + 1);
        return make_error(
            letter ? "s10.letter_expected" : "s10.digit_expected", "position " + position,
            {{"position", position}, {"character", printable_character(characters[i])}});
    }
    // Every character is now one ASCII byte, so byte offsets are character positions.
    S10Id id{normalized.substr(0, 2), normalized.substr(2, 8), normalized[10] - '0',
             normalized.substr(11, 2)};
    if (id.service_indicator[0] == 'J' || id.service_indicator[0] == 'K') {
        return make_error("s10.reserved_service", "service indicator " + id.service_indicator,
                          {{"service", id.service_indicator}});
    }
    if (!std::ranges::binary_search(kCountryCodes, std::string_view(id.country))) {
        return make_error("s10.unknown_country", "country " + id.country,
                          {{"country", id.country}});
    }
    const int expected = s10_check_digit(id.serial);
    if (id.check_digit != expected) {
        return make_error(
            "s10.wrong_check_digit",
            "check digit " + std::to_string(id.check_digit) + ", expected " +
                std::to_string(expected),
            {{"expected", std::to_string(expected)}, {"actual", std::to_string(id.check_digit)}});
    }
    return id;
}

}  // namespace ventanilla
