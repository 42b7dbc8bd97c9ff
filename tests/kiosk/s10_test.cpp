#include "kiosk/s10.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ventanilla;

namespace {

constexpr std::array<int, 8> weights = {8, 6, 4, 2, 3, 5, 9, 7};

// The weighted sum of DESIGN.md mod 11, recomputed here so the tests can name
// the residue that decides the check digit.
int residue(std::string_view serial) {
    int sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) sum += (serial[i] - '0') * weights[i];
    return sum % 11;
}

int check_digit_of_residue(int r) {
    const int check = 11 - r;
    return check == 10 ? 0 : check == 11 ? 5 : check;
}

// The blind spot of the S10 check digit: 11 residues onto 10 digits, and
// residues 0 and 6 both give 5.
bool is_blind_pair(int a, int b) {
    return (a == 0 && b == 6) || (a == 6 && b == 0);
}

std::string s10_with_serial(const std::string& serial) {
    return "RR" + serial + std::to_string(s10_check_digit(serial)) + "CU";
}

// Serials spread over the whole range 00000000–99999999, every residue many times.
std::vector<std::string> sample_serials() {
    std::vector<std::string> serials;
    for (long long n = 0; n < 100'000'000; n += 9'973) {
        const std::string digits = std::to_string(n);
        serials.push_back(std::string(8 - digits.size(), '0') + digits);
    }
    serials.push_back("99999999");
    return serials;
}

struct Rejected {
    const char* input;
    const char* code;
    std::map<std::string, std::string> args;
};

}  // namespace

TEST_CASE("S10 check digit: the facts of DESIGN.md") {
    CHECK(s10_check_digit("47312482") == 9);
    CHECK(s10_check_digit("12345678") == 5);  // 204 mod 11 = 6, 11 − 6 = 5
    CHECK(s10_check_digit("00000000") == 5);  // sum 0: 11 → 5
    CHECK(s10_check_digit("00000008") == 0);  // sum 56, 56 mod 11 = 1: 10 → 0
    CHECK(s10_check_digit("20000000") == 6);
    CHECK_THROWS_AS((void)s10_check_digit("1234567"), std::invalid_argument);
    CHECK_THROWS_AS((void)s10_check_digit("1234567A"), std::invalid_argument);
}

TEST_CASE("S10 ids that are valid, however they were typed") {
    struct Valid {
        const char* input;
        const char* canonical;
    };
    const Valid valid[] = {
        {"RR123456785CU", "RR123456785CU"},
        {"RB123456785GB", "RB123456785GB"},
        {"CP473124829CU", "CP473124829CU"},
        {"EE000000005ES", "EE000000005ES"},
        {"LZ000000080US", "LZ000000080US"},
        {"rr123456785cu", "RR123456785CU"},
        {"RR 123 456 785 CU", "RR123456785CU"},
        {"rr-123-456-785-cu", "RR123456785CU"},
        {"  \tRR123456785CU\r\n", "RR123456785CU"},
        {"RR\u00A0123\u2013456\u2013785\u00A0CU", "RR123456785CU"},  // no-break space, en dash
    };
    for (const Valid& v : valid) {
        CAPTURE(v.input);
        const Result<S10Id> id = parse_s10(v.input);
        REQUIRE_MESSAGE(id.ok(), id.failure_text());
        CHECK(id->to_string() == v.canonical);
    }

    const Result<S10Id> id = parse_s10("rr 123456785 cu");
    REQUIRE(id.ok());
    CHECK(id->service_indicator == "RR");
    CHECK(id->serial == "12345678");
    CHECK(id->check_digit == 5);
    CHECK(id->country == "CU");
    CHECK(id->to_display_string() == "RR 123 456 785 CU");
    CHECK(*id == S10Id{"RR", "12345678", 5, "CU"});
}

TEST_CASE("S10 ids that are rejected, each with its own error and arguments") {
    const Rejected rejected[] = {
        {"", "s10.empty", {}},
        {"  - -\n", "s10.empty", {}},
        {"RR12345678CU", "s10.wrong_length", {{"length", "12"}}},
        {"RR1234567855CU", "s10.wrong_length", {{"length", "14"}}},
        {"R", "s10.wrong_length", {{"length", "1"}}},
        {"RR12345678ÑCU", "s10.digit_expected", {{"position", "11"}, {"character", "Ñ"}}},
        {"R1123456785CU", "s10.letter_expected", {{"position", "2"}, {"character", "1"}}},
        {"1R123456785CU", "s10.letter_expected", {{"position", "1"}, {"character", "1"}}},
        {"RR12345A785CU", "s10.digit_expected", {{"position", "8"}, {"character", "A"}}},
        {"RRO23456785CU", "s10.digit_expected", {{"position", "3"}, {"character", "O"}}},
        {"RR123456785C1", "s10.letter_expected", {{"position", "13"}, {"character", "1"}}},
        {"RR123456785ñU", "s10.letter_expected", {{"position", "12"}, {"character", "ñ"}}},
        {"RR1234.6785CU", "s10.digit_expected", {{"position", "7"}, {"character", "."}}},
        {"RR1234\x01"
         "6785CU",
         "s10.digit_expected",
         {{"position", "7"}, {"character", "\uFFFD"}}},
        {"RR1234\xFF"
         "6785CU",
         "s10.digit_expected",
         {{"position", "7"}, {"character", "\uFFFD"}}},
        {"JJ123456785CU", "s10.reserved_service", {{"service", "JJ"}}},
        {"ja123456785cu", "s10.reserved_service", {{"service", "JA"}}},
        {"KZ123456785CU", "s10.reserved_service", {{"service", "KZ"}}},
        {"RR123456785XX", "s10.unknown_country", {{"country", "XX"}}},
        {"RR123456785UK", "s10.unknown_country", {{"country", "UK"}}},  // the UK is GB
        {"RR123456785XK", "s10.unknown_country", {{"country", "XK"}}},  // not assigned by ISO
        {"RR123456785EU", "s10.unknown_country", {{"country", "EU"}}},
        {"RB123456786US", "s10.wrong_check_digit", {{"expected", "5"}, {"actual", "6"}}},
        {"RR123456784CU", "s10.wrong_check_digit", {{"expected", "5"}, {"actual", "4"}}},
        {"CP473124820CU", "s10.wrong_check_digit", {{"expected", "9"}, {"actual", "0"}}},
    };
    for (const Rejected& r : rejected) {
        CAPTURE(r.input);
        const Result<S10Id> id = parse_s10(r.input);
        REQUIRE_FALSE(id.ok());
        CHECK(id.error().code == r.code);
        CHECK(id.error().message_key == std::string("error.") + r.code);
        CHECK(id.error().args == r.args);
    }
}

TEST_CASE("S10 country list: the 249 ISO 3166-1 alpha-2 codes, sorted, and every one accepted") {
    const auto codes = iso_3166_alpha2_codes();
    CHECK(codes.size() == 249);
    CHECK(std::ranges::is_sorted(codes));
    CHECK(std::ranges::adjacent_find(codes) == codes.end());
    for (std::string_view code : {"CU", "ES", "GB", "US", "MX", "VE", "AX", "BQ", "SS", "ZW"}) {
        CHECK(std::ranges::binary_search(codes, code));
    }
    for (std::string_view code : codes) {
        CAPTURE(code);
        REQUIRE(code.size() == 2);
        CHECK(parse_s10("RR123456785" + std::string(code)).ok());
    }
}

TEST_CASE("S10 single substitutions: all caught but where residues 0 and 6 meet") {
    // The check digit depends only on the residue r = (Σ wᵢdᵢ) mod 11, and a
    // substitution dᵢ → e moves it by wᵢ(e − dᵢ), never 0 mod 11 (11 is prime,
    // 2 ≤ wᵢ ≤ 9, 0 < |e − dᵢ| ≤ 9). So enumerating every residue, position and
    // digit pair covers every serial there is.
    int undetected = 0;
    int total = 0;
    for (int r = 0; r < 11; ++r) {
        for (std::size_t i = 0; i < weights.size(); ++i) {
            for (int d = 0; d < 10; ++d) {
                for (int e = 0; e < 10; ++e) {
                    if (d == e) continue;
                    const int moved = ((r + weights[i] * (e - d)) % 11 + 11) % 11;
                    CHECK(moved != r);
                    const bool caught = check_digit_of_residue(moved) != check_digit_of_residue(r);
                    CHECK(caught == !is_blind_pair(r, moved));
                    ++total;
                    if (!caught) ++undetected;
                }
            }
        }
    }
    CHECK(total == 7920);
    CHECK(undetected == 144);  // only ids whose check digit is 5 are exposed

    // The same property through parse_s10, on every substitution of sampled ids.
    for (const std::string& serial : sample_serials()) {
        const std::string valid = s10_with_serial(serial);
        for (std::size_t at = 2; at <= 10; ++at) {  // the serial and the check digit
            for (char digit = '0'; digit <= '9'; ++digit) {
                if (digit == valid[at]) continue;
                std::string typo = valid;
                typo[at] = digit;
                const bool accepted = parse_s10(typo).ok();
                if (at == 10) {
                    REQUIRE_MESSAGE(!accepted, typo);  // a wrong check digit is always caught
                } else {
                    const bool blind = is_blind_pair(residue(serial), residue(typo.substr(2, 8)));
                    REQUIRE_MESSAGE(accepted == blind, typo);
                }
            }
        }
    }

    // The seven substitutions of RB123456785GB (residue 6) that land on residue 0.
    std::vector<std::string> slipped_through;
    const std::string valid = "RB123456785GB";
    for (std::size_t at = 2; at <= 10; ++at) {
        for (char digit = '0'; digit <= '9'; ++digit) {
            if (digit == valid[at]) continue;
            std::string typo = valid;
            typo[at] = digit;
            if (parse_s10(typo).ok()) slipped_through.push_back(typo);
        }
    }
    CHECK(slipped_through == std::vector<std::string>{
                                 "RB323456785GB", "RB113456785GB", "RB127456785GB", "RB123156785GB",
                                 "RB123436785GB", "RB123457785GB", "RB123456745GB"});
    // An id whose check digit is not 5 catches every single substitution.
    for (std::size_t at = 2; at <= 10; ++at) {
        for (char digit = '0'; digit <= '9'; ++digit) {
            std::string typo = "CP473124829CU";
            if (digit == typo[at]) continue;
            typo[at] = digit;
            CHECK_MESSAGE(!parse_s10(typo).ok(), typo);
        }
    }
}

TEST_CASE("S10 adjacent transpositions: all caught but equal digits and residues 0 and 6") {
    // Swapping dᵢ and dᵢ₊₁ moves the residue by (wᵢ − wᵢ₊₁)(dᵢ₊₁ − dᵢ); the weight
    // differences 2 2 2 −1 −2 −4 2 are never 0 mod 11, so unequal digits always
    // move the residue, and the swap goes unnoticed only between residues 0 and 6.
    int undetected = 0;
    int total = 0;
    for (int r = 0; r < 11; ++r) {
        for (std::size_t i = 0; i + 1 < weights.size(); ++i) {
            for (int a = 0; a < 10; ++a) {
                for (int b = 0; b < 10; ++b) {
                    if (a == b) continue;
                    const int delta = (weights[i] - weights[i + 1]) * (b - a);
                    const int moved = ((r + delta) % 11 + 11) % 11;
                    CHECK(moved != r);
                    const bool caught = check_digit_of_residue(moved) != check_digit_of_residue(r);
                    CHECK(caught == !is_blind_pair(r, moved));
                    ++total;
                    if (!caught) ++undetected;
                }
            }
        }
    }
    CHECK(total == 6930);
    CHECK(undetected == 126);

    for (const std::string& serial : sample_serials()) {
        const std::string valid = s10_with_serial(serial);
        for (std::size_t at = 2; at < 9; ++at) {
            std::string swapped = valid;
            std::swap(swapped[at], swapped[at + 1]);
            const bool accepted = parse_s10(swapped).ok();
            const bool unchanged = valid[at] == valid[at + 1];
            const bool blind = is_blind_pair(residue(serial), residue(swapped.substr(2, 8)));
            REQUIRE_MESSAGE(accepted == (unchanged || blind), swapped);
        }
    }

    // The first one in numeric order: 00000019 (residue 6) and 00000091 (residue 0).
    CHECK(parse_s10("RR000000195CU").ok());
    CHECK(parse_s10("RR000000915CU").ok());
}
