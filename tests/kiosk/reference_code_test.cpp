#include "kiosk/reference_code.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ventanilla;

namespace {

// GF(32) arithmetic written again here, independently of the implementation.
unsigned gf_multiply(unsigned a, unsigned b) {
    unsigned product = 0;
    for (int bit = 4; bit >= 0; --bit) {
        product <<= 1;
        if ((product & 0x20u) != 0) product ^= 0x25u;
        if (((b >> bit) & 1u) != 0) product ^= a;
    }
    return product;
}

unsigned alpha_power(unsigned exponent) {
    unsigned power = 1;
    for (unsigned i = 0; i < exponent; ++i) power = gf_multiply(power, 2);
    return power;
}

std::function<std::uint32_t()> seeded_random(std::uint32_t seed) {
    return [engine = std::mt19937(seed)]() mutable { return static_cast<std::uint32_t>(engine()); };
}

bool rejected_for_check(const std::string& symbols) {
    const Result<ReferenceCode> code = parse_reference_code(symbols);
    return !code.ok() && code.error().code == "reference.wrong_check_character";
}

}  // namespace

TEST_CASE("reference code: 32 symbols, none of 0 O 1 I") {
    CHECK(kReferenceAlphabet.size() == 32);
    CHECK(std::ranges::is_sorted(kReferenceAlphabet));
    CHECK(std::set<char>(kReferenceAlphabet.begin(), kReferenceAlphabet.end()).size() == 32);
    for (char never : {'0', 'O', '1', 'I'}) {
        CHECK(kReferenceAlphabet.find(never) == std::string_view::npos);
    }
}

TEST_CASE("reference code: α generates GF(32), so the eight weights are distinct and non-zero") {
    std::set<unsigned> powers;
    for (unsigned k = 0; k < 31; ++k) powers.insert(alpha_power(k));
    CHECK(powers.size() == 31);
    CHECK(powers.count(0) == 0);
    CHECK(alpha_power(31) == 1);
}

TEST_CASE("reference code: check symbol and generation") {
    CHECK(reference_check_symbol("7K3MQ9X") == 'C');
    CHECK(reference_check_symbol("2222222") == '2');
    CHECK(reference_check_symbol("2345678") == 'A');
    CHECK(reference_check_symbol("ZZZZZZZ") == 'E');
    CHECK_THROWS_AS((void)reference_check_symbol("7K3MQ9"), std::invalid_argument);
    CHECK_THROWS_AS((void)reference_check_symbol("7K3MQ90"), std::invalid_argument);

    CHECK(generate_reference_code([] { return 0u; }).to_string() == "2222-2222");
    std::uint32_t next = 0;
    const ReferenceCode counted = generate_reference_code([&] { return next++ << 27; });
    CHECK(counted.to_string() == "2345-678A");
    CHECK(generate_reference_code([] { return 0xFFFF'FFFFu; }).to_string() == "ZZZZ-ZZZE");

    // Every generated code reads back as itself, and all symbols get used.
    std::set<char> seen;
    auto random = seeded_random(2024);
    for (int i = 0; i < 2000; ++i) {
        const ReferenceCode code = generate_reference_code(random);
        REQUIRE(code.symbols.size() == 8);
        seen.insert(code.symbols.begin(), code.symbols.end());
        const Result<ReferenceCode> parsed = parse_reference_code(code.to_string());
        REQUIRE(parsed.ok());
        CHECK(*parsed == code);
    }
    CHECK(seen.size() == 32);
}

TEST_CASE("reference code: typed loosely, read correctly") {
    for (const char* typed : {"7K3M-Q9XC", "7k3m-q9xc", "7K3MQ9XC", "7K3M Q9XC", " 7k 3m q9 xc\n",
                              "7K3MQ9-XC", "7K3M\u2013Q9XC"}) {
        CAPTURE(typed);
        const Result<ReferenceCode> code = parse_reference_code(typed);
        REQUIRE_MESSAGE(code.ok(), code.failure_text());
        CHECK(code->symbols == "7K3MQ9XC");
        CHECK(code->to_string() == "7K3M-Q9XC");
    }
    // A lower-case l is the symbol L: 1 and I do not exist here.
    const std::string with_l = "HJKLMNPF";
    CHECK(parse_reference_code("hjklmnpf").ok());
    CHECK(parse_reference_code(with_l).ok());
}

TEST_CASE("reference code: each mistake has its own error") {
    struct Rejected {
        const char* input;
        const char* code;
        std::map<std::string, std::string> args;
    };
    const Rejected rejected[] = {
        {"", "reference.empty", {}},
        {" - ", "reference.empty", {}},
        {"7K3M-Q9X", "reference.wrong_length", {{"length", "7"}}},
        {"7K3M-Q9XCA", "reference.wrong_length", {{"length", "9"}}},
        {"7K3M-Q9X0", "reference.never_contains", {{"position", "8"}, {"character", "0"}}},
        {"7K3M-O9XC", "reference.never_contains", {{"position", "5"}, {"character", "O"}}},
        {"7k3m-o9xc", "reference.never_contains", {{"position", "5"}, {"character", "O"}}},
        {"1K3M-Q9XC", "reference.never_contains", {{"position", "1"}, {"character", "1"}}},
        {"7i3M-Q9XC", "reference.never_contains", {{"position", "2"}, {"character", "I"}}},
        {"7K3Ñ-Q9XC", "reference.character_not_allowed", {{"position", "4"}, {"character", "Ñ"}}},
        {"7K3M-Q9X#", "reference.character_not_allowed", {{"position", "8"}, {"character", "#"}}},
        {"7K3\x01-Q9XC",
         "reference.character_not_allowed",
         {{"position", "4"}, {"character", "\uFFFD"}}},
        {"7K3M-Q9XD", "reference.wrong_check_character", {}},
        {"K73M-Q9XC", "reference.wrong_check_character", {}},
    };
    for (const Rejected& r : rejected) {
        CAPTURE(r.input);
        const Result<ReferenceCode> code = parse_reference_code(r.input);
        REQUIRE_FALSE(code.ok());
        CHECK(code.error().code == r.code);
        CHECK(code.error().message_key == std::string("error.") + r.code);
        CHECK(code.error().args == r.args);
    }
}

TEST_CASE("reference code: every single substitution and every transposition is caught") {
    // The scheme is linear over GF(32): a mistake changes the sum by an amount
    // that depends only on the symbols involved, not on the rest of the code.
    // So checking every mistake at every position, on top of any background,
    // proves it for all 32⁷ codes; we run it on many backgrounds through the
    // parser to make sure the implementation is that scheme.
    auto random = seeded_random(7);
    std::vector<std::string> backgrounds = {"22222222", "ZZZZZZZE", "7K3MQ9XC"};
    for (int i = 0; i < 20; ++i) backgrounds.push_back(generate_reference_code(random).symbols);

    long substitutions = 0;
    long transpositions = 0;
    for (const std::string& background : backgrounds) {
        REQUIRE(parse_reference_code(background).ok());
        for (std::size_t at = 0; at < 8; ++at) {
            for (char a : kReferenceAlphabet) {
                for (char b : kReferenceAlphabet) {
                    if (a == b) continue;
                    // Substitution: symbol a at `at` (a valid code) read as b.
                    std::string code = background;
                    code[at] = a;
                    if (at < 7) {
                        code[7] = reference_check_symbol(code.substr(0, 7));
                    } else if (reference_check_symbol(code.substr(0, 7)) != a) {
                        continue;  // the check symbol is not free
                    }
                    std::string typo = code;
                    typo[at] = b;
                    REQUIRE_MESSAGE(rejected_for_check(typo), code, " → ", typo);
                    ++substitutions;
                    // Transposition: a at `at`, b at any later position, swapped.
                    for (std::size_t later = at + 1; later < 8; ++later) {
                        std::string pair = background;
                        pair[at] = a;
                        pair[later] = b;
                        if (later < 7) {
                            pair[7] = reference_check_symbol(pair.substr(0, 7));
                        } else if (reference_check_symbol(pair.substr(0, 7)) != b) {
                            continue;
                        }
                        std::string swapped = pair;
                        std::swap(swapped[at], swapped[later]);
                        REQUIRE_MESSAGE(rejected_for_check(swapped), pair, " → ", swapped);
                        ++transpositions;
                    }
                }
            }
        }
    }
    // 23 backgrounds × (7 free positions × 32·31 + the check position × 31).
    CHECK(substitutions == 23 * (7 * 32 * 31 + 31));
    // 23 × 21 pairs of free positions × 32·31, plus the swaps with the check symbol.
    CHECK(transpositions == 23 * 21 * 32 * 31 + 4991);

    // The algebra behind it, enumerated: weights α⁷…α⁰ (position 1…8) separate
    // every pair of symbols alone and every swapped pair of positions.
    for (unsigned i = 0; i < 8; ++i) {
        const unsigned wi = alpha_power(7 - i);
        for (unsigned a = 0; a < 32; ++a) {
            for (unsigned b = 0; b < 32; ++b) {
                if (a == b) continue;
                REQUIRE(gf_multiply(wi, a) != gf_multiply(wi, b));
                for (unsigned j = i + 1; j < 8; ++j) {
                    const unsigned wj = alpha_power(7 - j);
                    REQUIRE((gf_multiply(wi, a) ^ gf_multiply(wj, b)) !=
                            (gf_multiply(wi, b) ^ gf_multiply(wj, a)));
                }
            }
        }
    }
}
