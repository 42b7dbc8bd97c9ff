// The errors of the identifier parsers, translated: every code has its text in
// each language, and real errors leave no {placeholder} unfilled.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "kiosk/cuban_id.h"
#include "kiosk/giro_reference.h"
#include "kiosk/i18n.h"
#include "kiosk/reference_code.h"
#include "kiosk/s10.h"
#include "kiosk/scan_route.h"
#include "tests/kiosk/file_bytes.h"
#include "tests/support/fixed_values.h"

using namespace ventanilla;
using ventanilla::testing::shipped_translations;
using namespace std::chrono;

namespace {

std::vector<std::string> identifier_error_codes() {
    std::vector<std::string> codes;
    for (auto code : kS10ErrorCodes) codes.emplace_back(code);
    for (auto code : kReferenceCodeErrorCodes) codes.emplace_back(code);
    for (auto code : kGiroReferenceErrorCodes) codes.emplace_back(code);
    for (auto code : kScanErrorCodes) codes.emplace_back(code);
    for (auto code : kCubanIdErrorCodes) codes.emplace_back(code);
    return codes;
}

template <typename T>
void add_error(std::vector<Error>& errors, const Result<T>& result) {
    REQUIRE_FALSE(result.ok());
    errors.push_back(result.error());
}

// One real error of every kind, made by the parsers themselves.
std::vector<Error> real_identifier_errors() {
    std::vector<Error> errors;
    for (const char* text : {"", "RR12345678CU", "R1123456785CU", "RR12345A785CU", "JJ123456785CU",
                             "RR123456785XX", "RR123456784CU"}) {
        add_error(errors, parse_s10(text));
    }
    for (const char* text : {"", "7K3M-Q9X", "7K3M-Q9X0", "7K3M-Q9X#", "7K3M-Q9XD"}) {
        add_error(errors, parse_reference_code(text));
    }
    for (const char* text :
         {"", "GX-1234567890-92", "GP-1234567890-9", "GP-12345O7890-92", "GP-1234567890-93"}) {
        add_error(errors, parse_giro_reference(text));
    }
    for (const std::string& text :
         {std::string(" "), std::string(600, 'x'), std::string("a\xFF"), std::string("a\x1B")}) {
        add_error(errors, sanitize_scan(text));
    }
    constexpr year_month_day today = 2025y / June / 1d;
    for (const char* text :
         {"", "8503151234", "8503151234X", "85130112345", "85043112345", "25060270000"}) {
        add_error(errors, parse_cuban_id(text, today));
    }
    return errors;
}

}  // namespace

TEST_CASE("identifier errors: the codes written in the sources are the declared ones") {
    const std::vector<std::string> declared = identifier_error_codes();
    const std::set<std::string> declared_set(declared.begin(), declared.end());
    CHECK(declared_set.size() == declared.size());
    const std::regex code_literal(R"re("((s10|reference|giro|scan|cuban_id)\.[a-z_0-9]+)")re");
    std::set<std::string> written;
    for (const char* source : {"s10.cpp", "reference_code.cpp", "giro_reference.cpp",
                               "scan_route.cpp", "cuban_id.cpp"}) {
        const std::string text =
            kiosk_test::read_bytes(std::filesystem::path(VENTANILLA_SOURCE_DIR) / "kiosk" / source);
        REQUIRE_MESSAGE(!text.empty(), source);
        for (std::sregex_iterator it(text.begin(), text.end(), code_literal), end; it != end;
             ++it) {
            written.insert((*it)[1].str());
        }
    }
    CHECK(written == declared_set);
}

TEST_CASE("identifier errors: every code has a text in Spanish and English") {
    for (const char* language : {"es", "en"}) {
        CAPTURE(language);
        const Translations texts = shipped_translations(language);
        for (const std::string& code : identifier_error_codes()) {
            CHECK_MESSAGE(texts.has("error." + code), "error." << code);
        }
    }
}

TEST_CASE("identifier errors: real errors translate in full") {
    const std::vector<Error> errors = real_identifier_errors();
    std::set<std::string> seen;
    for (const Error& error : errors) seen.insert(error.code);
    const std::vector<std::string> codes = identifier_error_codes();
    CHECK(seen == std::set<std::string>(codes.begin(), codes.end()));

    for (const char* language : {"es", "en"}) {
        const Translations texts = shipped_translations(language);
        for (const Error& error : errors) {
            const std::string text = texts.translate(error);
            CAPTURE(language);
            CAPTURE(error.describe());
            CAPTURE(text);
            CHECK(placeholders_in(text).empty());
            CHECK(text.find("⟦") == std::string::npos);
        }
        CHECK(texts.missing_keys().empty());
    }

    const Translations es = shipped_translations("es");
    const Translations en = shipped_translations("en");
    const Error wrong_check = parse_s10("RR123456784CU").error();
    CHECK(es.translate(wrong_check) ==
          "El dígito de control debería ser 5, no 4. Revise el número, por favor.");
    CHECK(en.translate(wrong_check) ==
          "The check digit should be 5, not 4 — please check the number.");
}
