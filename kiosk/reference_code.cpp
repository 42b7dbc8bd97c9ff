#include "kiosk/reference_code.h"

#include <stdexcept>
#include <vector>

#include "kiosk/code_text.h"

namespace ventanilla {
namespace {

constexpr std::size_t kCodeLength = 8;
constexpr std::string_view kNeverUsed = "0O1I";
static_assert(kReferenceAlphabet.size() == 32);

// x·v in GF(32) = GF(2)[x] / (x⁵ + x² + 1).
constexpr unsigned times_alpha(unsigned v) {
    v <<= 1;
    return (v & 0x20u) != 0 ? v ^ 0x25u : v;
}

// Horner's rule: after all eight symbols this is Σ α^(8−k)·s_k.
unsigned weighted_sum(std::string_view symbols) {
    unsigned sum = 0;
    for (char symbol : symbols) {
        const std::size_t value = kReferenceAlphabet.find(symbol);
        if (value == std::string_view::npos) {
            throw std::invalid_argument("reference code: symbol outside the alphabet");
        }
        sum = times_alpha(sum) ^ static_cast<unsigned>(value);
    }
    return sum;
}

}  // namespace

std::string ReferenceCode::to_string() const {
    return symbols.substr(0, 4) + "-" + symbols.substr(4);
}

char reference_check_symbol(std::string_view seven_symbols) {
    if (seven_symbols.size() != kCodeLength - 1) {
        throw std::invalid_argument("reference_check_symbol: seven symbols expected");
    }
    // α·sum ⊕ c = 0, and in GF(2⁵) subtraction is XOR, so c = α·sum.
    return kReferenceAlphabet[times_alpha(weighted_sum(seven_symbols))];
}

ReferenceCode generate_reference_code(const std::function<std::uint32_t()>& random) {
    std::string symbols;
    for (std::size_t i = 0; i + 1 < kCodeLength; ++i) {
        symbols.push_back(kReferenceAlphabet[random() >> 27]);
    }
    symbols.push_back(reference_check_symbol(symbols));
    return ReferenceCode{symbols};
}

Result<ReferenceCode> parse_reference_code(std::string_view text) {
    const std::string normalized = normalize_typed_code(text);
    const std::vector<std::string_view> characters = split_characters(normalized);
    if (characters.empty()) return make_error("reference.empty", "no characters");
    if (characters.size() != kCodeLength) {
        const std::string length = std::to_string(characters.size());
        return make_error("reference.wrong_length", length + " symbols, 8 expected",
                          {{"length", length}});
    }
    for (std::size_t i = 0; i < characters.size(); ++i) {
        const std::string_view character = characters[i];
        if (character.size() == 1 &&
            kReferenceAlphabet.find(character[0]) != std::string_view::npos) {
            continue;
        }
        const bool look_alike =
            character.size() == 1 && kNeverUsed.find(character[0]) != std::string_view::npos;
        const std::string position = std::to_string(i + 1);
        return make_error(
            look_alike ? "reference.never_contains" : "reference.character_not_allowed",
            "position " + position,
            {{"position", position}, {"character", printable_character(character)}});
    }
    if (weighted_sum(normalized) != 0) {
        return make_error("reference.wrong_check_character", "check symbol does not match");
    }
    return ReferenceCode{normalized};
}

}  // namespace ventanilla
