#include "kiosk/giro_reference.h"

#include <doctest/doctest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ventanilla;

namespace {

bool rejected_for_check(const std::string& text) {
    const Result<GiroReference> giro = parse_giro_reference(text);
    return !giro.ok() && giro.error().code == "giro.wrong_check_digits";
}

std::vector<GiroReference> sample_giros() {
    std::vector<GiroReference> giros;
    for (std::uint64_t n = 0; n < 10'000'000'000ULL; n += 99'999'989ULL) {
        giros.push_back(make_giro_reference(n));
    }
    giros.push_back(make_giro_reference(9'999'999'999ULL));
    return giros;
}

}  // namespace

TEST_CASE("giro reference: ISO 7064 MOD 97-10 check digits") {
    CHECK(giro_check_digits("1234567890") == "92");
    CHECK(giro_check_digits("0000000000") == "98");
    CHECK(giro_check_digits("9999999999") == "51");
    CHECK(giro_check_digits("0000000042") == "69");
    CHECK(make_giro_reference(42).to_string() == "GP-0000000042-69");
    CHECK(make_giro_reference(2'024'000'001ULL).to_string() == "GP-2024000001-81");
    CHECK_THROWS_AS((void)make_giro_reference(10'000'000'000ULL), std::invalid_argument);
    CHECK_THROWS_AS((void)giro_check_digits("123456789"), std::invalid_argument);
    CHECK_THROWS_AS((void)giro_check_digits("123456789X"), std::invalid_argument);
    // Check digits always have two digits, 02–98.
    for (const GiroReference& giro : sample_giros()) {
        CAPTURE(giro.to_string());
        REQUIRE(giro.check_digits.size() == 2);
        CHECK(giro.check_digits >= "02");
        CHECK(giro.check_digits <= "98");
    }
}

TEST_CASE("giro reference: typed loosely, read correctly") {
    for (const char* typed : {"GP-1234567890-92", "gp-1234567890-92", "GP123456789092",
                              "123456789092", " gp 1234 5678 90 92\n", "GP–1234567890–92"}) {
        CAPTURE(typed);
        const Result<GiroReference> giro = parse_giro_reference(typed);
        REQUIRE_MESSAGE(giro.ok(), giro.failure_text());
        CHECK(*giro == GiroReference{"1234567890", "92"});
        CHECK(giro->to_string() == "GP-1234567890-92");
    }
    for (const GiroReference& giro : sample_giros()) {
        const Result<GiroReference> parsed = parse_giro_reference(giro.to_string());
        REQUIRE(parsed.ok());
        CHECK(*parsed == giro);
    }
}

TEST_CASE("giro reference: each mistake has its own error") {
    struct Rejected {
        const char* input;
        const char* code;
        std::map<std::string, std::string> args;
    };
    const Rejected rejected[] = {
        {"", "giro.empty", {}},
        {" -- ", "giro.empty", {}},
        {"GX-1234567890-92", "giro.wrong_prefix", {{"prefix", "GX"}}},
        {"RR123456785CU", "giro.wrong_prefix", {{"prefix", "RR"}}},
        {"gpa-1234567890-92", "giro.wrong_prefix", {{"prefix", "GPA"}}},
        {"GP", "giro.wrong_length", {{"length", "0"}}},
        {"GP-1234567890-9", "giro.wrong_length", {{"length", "11"}}},
        {"GP-1234567890-922", "giro.wrong_length", {{"length", "13"}}},
        {"GP-12345O7890-92", "giro.digit_expected", {{"position", "6"}, {"character", "O"}}},
        {"GP-1234567890-9Ñ", "giro.digit_expected", {{"position", "12"}, {"character", "Ñ"}}},
        {"GP-1234567890-92x", "giro.wrong_length", {{"length", "13"}}},
        {"GP-1234567890-93", "giro.wrong_check_digits", {}},
        {"GP-2134567890-92", "giro.wrong_check_digits", {}},
    };
    for (const Rejected& r : rejected) {
        CAPTURE(r.input);
        const Result<GiroReference> giro = parse_giro_reference(r.input);
        REQUIRE_FALSE(giro.ok());
        CHECK(giro.error().code == r.code);
        CHECK(giro.error().message_key == std::string("error.") + r.code);
        CHECK(giro.error().args == r.args);
    }
}

TEST_CASE("giro reference: every single substitution and every transposition is caught") {
    // Through the parser, on sampled references: every wrong digit at each of
    // the twelve places, every swap of two different digits, adjacent or not.
    for (const GiroReference& giro : sample_giros()) {
        const std::string digits = giro.number + giro.check_digits;
        for (std::size_t at = 0; at < 12; ++at) {
            for (char digit = '0'; digit <= '9'; ++digit) {
                if (digit == digits[at]) continue;
                std::string typo = digits;
                typo[at] = digit;
                REQUIRE_MESSAGE(rejected_for_check("GP" + typo), typo);
            }
            for (std::size_t later = at + 1; later < 12; ++later) {
                if (digits[at] == digits[later]) continue;
                std::string swapped = digits;
                std::swap(swapped[at], swapped[later]);
                REQUIRE_MESSAGE(rejected_for_check("GP" + swapped), swapped);
            }
        }
    }
    // Why it holds for all of them: digit k from the right weighs 10^k mod 97. A
    // substitution changes the sum by 10^k·(b − a), a swap by (10^j − 10^k)·(a − b);
    // with 97 prime neither is 0 mod 97 for 0 < |a − b| ≤ 9, 0 ≤ k < j < 12.
    std::vector<int> weights;
    int power = 1;
    for (int k = 0; k < 12; ++k) {
        weights.push_back(power);
        power = power * 10 % 97;
    }
    for (int k = 0; k < 12; ++k) {
        for (int delta = 1; delta <= 9; ++delta) {
            REQUIRE(weights[k] * delta % 97 != 0);
            for (int j = k + 1; j < 12; ++j) {
                REQUIRE(((weights[j] - weights[k]) * delta % 97 + 97) % 97 != 0);
            }
        }
    }
}
