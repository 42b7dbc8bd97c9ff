#include "kiosk/cuban_id.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

using namespace ventanilla;
using namespace std::chrono;

namespace {

// Made-up numbers: the date and sex digits are what the tests need, the rest is filler.
constexpr year_month_day today = 2025y / June / 1d;

year_month_day birth_of(const std::string& digits) {
    const Result<CubanId> id = parse_cuban_id(digits, today);
    REQUIRE_MESSAGE(id.ok(), id.failure_text());
    return id->birth_date;
}

}  // namespace

TEST_CASE("Cuban ID: birth date and sex") {
    const Result<CubanId> id = parse_cuban_id("85031512345", today);
    REQUIRE(id.ok());
    CHECK(id->digits == "85031512345");
    CHECK(id->birth_date == 1985y / March / 15d);
    CHECK(id->sex == Sex::male);  // tenth digit 4

    const Result<CubanId> other = parse_cuban_id("05061067891", today);
    REQUIRE(other.ok());
    CHECK(other->birth_date == 2005y / June / 10d);
    CHECK(other->sex == Sex::female);  // tenth digit 9
}

TEST_CASE("Cuban ID: the seventh digit gives the century") {
    const std::map<char, int> century = {{'9', 1800}, {'0', 1900}, {'1', 1900}, {'2', 1900},
                                         {'3', 1900}, {'4', 1900}, {'5', 1900}, {'6', 2000},
                                         {'7', 2000}, {'8', 2000}};
    for (const auto& [digit, start] : century) {
        CAPTURE(digit);
        std::string digits = "10071500000";
        digits[6] = digit;
        CHECK(birth_of(digits) == year{start + 10} / July / 15d);
    }
}

TEST_CASE(
    "Cuban ID: the parity of the tenth digit gives the sex, the last digit is never checked") {
    for (char digit = '0'; digit <= '9'; ++digit) {
        std::string digits = "90010100000";
        digits[9] = digit;
        const Result<CubanId> id = parse_cuban_id(digits, today);
        REQUIRE(id.ok());
        CHECK(id->sex == ((digit - '0') % 2 == 0 ? Sex::male : Sex::female));
    }
    for (char digit = '0'; digit <= '9'; ++digit) {
        std::string digits = "90010100000";
        digits[10] = digit;
        CHECK(parse_cuban_id(digits, today).ok());
    }
}

TEST_CASE("Cuban ID: real dates only, leap years included") {
    CHECK(birth_of("00022960010") == 2000y / February / 29d);  // 2000 was a leap year
    CHECK(birth_of("04022970000") == 2004y / February / 29d);
    CHECK(birth_of("96022990000") == 1896y / February / 29d);
    CHECK(birth_of("72022900000") == 1972y / February / 29d);
    CHECK(birth_of("99123150000") == 1999y / December / 31d);
    CHECK(birth_of("25060170000") == 2025y / June / 1d);  // born today

    struct Impossible {
        const char* digits;
        const char* code;
    };
    const Impossible impossible[] = {
        {"00022950010", "cuban_id.impossible_day"},  // 1900 was not a leap year
        {"00022990010", "cuban_id.impossible_day"},  // nor was 1800
        {"23022970000", "cuban_id.impossible_day"},
        {"85043112345", "cuban_id.impossible_day"},  // April has 30 days
        {"85013212345", "cuban_id.impossible_day"},
        {"85010012345", "cuban_id.impossible_day"},
        {"85000112345", "cuban_id.impossible_month"},
        {"85130112345", "cuban_id.impossible_month"},
        {"85990112345", "cuban_id.impossible_month"},
        {"25060270000", "cuban_id.birth_date_in_future"},
        {"99010180000", "cuban_id.birth_date_in_future"},  // 2099
    };
    for (const Impossible& i : impossible) {
        CAPTURE(i.digits);
        const Result<CubanId> id = parse_cuban_id(i.digits, today);
        REQUIRE_FALSE(id.ok());
        CHECK(id.error().code == i.code);
        CHECK(id.error().args.empty());  // nothing of the number in the message
        CHECK(id.error().describe().find(std::string(i.digits).substr(0, 6)) == std::string::npos);
    }

    // Every day of 1900–2099 a leap-year-aware calendar knows, and no other.
    int valid_days = 0;
    for (int yy = 0; yy < 100; ++yy) {
        for (unsigned mm = 0; mm <= 13; ++mm) {
            for (unsigned dd = 0; dd <= 32; ++dd) {
                for (const auto& [digit, start] : {std::pair{'0', 1900}, std::pair{'6', 2000}}) {
                    char text[12];
                    std::snprintf(text, sizeof text, "%02d%02u%02u%c0000", yy, mm, dd, digit);
                    const year_month_day date{year{start + yy}, month{mm}, day{dd}};
                    const bool real = date.ok() && date <= today;
                    CHECK(parse_cuban_id(text, today).ok() == real);
                    if (real) ++valid_days;
                }
            }
        }
    }
    CHECK(valid_days == 36'524 + 9'284);  // 1900-01-01…1999-12-31, 2000-01-01…2025-06-01
}

TEST_CASE("Cuban ID: typed loosely, refused precisely") {
    for (const char* typed : {"85031512345", " 850315 12345 ", "850315-12345", "8503 1512 345\n"}) {
        CAPTURE(typed);
        const Result<CubanId> id = parse_cuban_id(typed, today);
        REQUIRE(id.ok());
        CHECK(id->digits == "85031512345");
    }
    struct Refused {
        const char* text;
        const char* code;
        std::map<std::string, std::string> args;
    };
    const Refused refused[] = {
        {"", "cuban_id.empty", {}},
        {" - ", "cuban_id.empty", {}},
        {"8503151234", "cuban_id.wrong_length", {{"length", "10"}}},
        {"850315123456", "cuban_id.wrong_length", {{"length", "12"}}},
        {"8503151234X", "cuban_id.digit_expected", {{"position", "11"}, {"character", "X"}}},
        {"85O31512345", "cuban_id.digit_expected", {{"position", "3"}, {"character", "O"}}},
        {"8503151234ñ", "cuban_id.digit_expected", {{"position", "11"}, {"character", "ñ"}}},
        {"85031.12345", "cuban_id.digit_expected", {{"position", "6"}, {"character", "."}}},
    };
    for (const Refused& r : refused) {
        CAPTURE(r.text);
        const Result<CubanId> id = parse_cuban_id(r.text, today);
        REQUIRE_FALSE(id.ok());
        CHECK(id.error().code == r.code);
        CHECK(id.error().message_key == std::string("error.") + r.code);
        CHECK(id.error().args == r.args);
    }
    CHECK_THROWS_AS((void)parse_cuban_id("85031512345", 2025y / February / 30d),
                    std::invalid_argument);
}

TEST_CASE("Cuban ID: receipts show only the last three digits") {
    CHECK(mask_cuban_id("85031512345") == "********345");
    CHECK(mask_cuban_id(" 850315 12345 ") == "********345");
    CHECK(mask_cuban_id("8503151234") == "***********");
    CHECK(mask_cuban_id("850315123456") == "***********");
    CHECK(mask_cuban_id("85031512X45") == "***********");
    CHECK(mask_cuban_id("") == "***********");
    const Result<CubanId> id = parse_cuban_id("05061067891", today);
    REQUIRE(id.ok());
    CHECK(mask_cuban_id(*id) == "********891");
}
