#include "kiosk/enrolment_code.h"

#include <vector>

#include "kiosk/code_text.h"
#include "kiosk/reference_code.h"

namespace ventanilla {
namespace {

constexpr std::size_t kSymbols = 12;

// x·v in GF(32) = GF(2)[x] / (x⁵ + x² + 1); α's powers α⁰…α³⁰ are all different, so up
// to 31 positions get distinct non-zero weights.
constexpr unsigned times_alpha(unsigned v) {
    v <<= 1;
    return (v & 0x20u) != 0 ? v ^ 0x25u : v;
}

// Σ α^(n−k)·s_k by Horner's rule; every symbol must be in the alphabet.
unsigned weighted_sum(std::string_view symbols) {
    unsigned sum = 0;
    for (char symbol : symbols) {
        sum = times_alpha(sum) ^ static_cast<unsigned>(kReferenceAlphabet.find(symbol));
    }
    return sum;
}

}  // namespace

std::string EnrolmentCode::to_string() const {
    return symbols.substr(0, 4) + "-" + symbols.substr(4, 4) + "-" + symbols.substr(8);
}

EnrolmentCode generate_enrolment_code(const std::function<std::uint32_t()>& random) {
    std::string symbols;
    for (std::size_t i = 0; i + 1 < kSymbols; ++i) {
        symbols.push_back(kReferenceAlphabet[random() >> 27]);
    }
    // α·sum ⊕ c = 0, and subtraction in GF(2⁵) is XOR, so c = α·sum.
    symbols.push_back(kReferenceAlphabet[times_alpha(weighted_sum(symbols))]);
    return EnrolmentCode{symbols};
}

Result<EnrolmentCode> parse_enrolment_code(std::string_view text) {
    const std::string normalized = normalize_typed_code(text);
    const std::vector<std::string_view> characters = split_characters(normalized);
    if (characters.size() != kSymbols) {
        const std::string length = std::to_string(characters.size());
        return make_error("enrolment.code_wrong_length", length + " symbols, 12 expected",
                          {{"length", length}});
    }
    for (std::size_t i = 0; i < characters.size(); ++i) {
        const std::string_view character = characters[i];
        if (character.size() == 1 &&
            kReferenceAlphabet.find(character[0]) != std::string_view::npos) {
            continue;
        }
        const std::string position = std::to_string(i + 1);
        return make_error("enrolment.code_character", "position " + position,
                          {{"position", position}, {"character", printable_character(character)}});
    }
    if (weighted_sum(normalized) != 0) {
        return make_error("enrolment.code_check_failed", "check symbol does not match");
    }
    return EnrolmentCode{normalized};
}

}  // namespace ventanilla
