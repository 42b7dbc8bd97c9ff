// What many unit tests share: a moment written as RFC 3339, the day the form tests are set
// on, and the translations Ventanilla ships (assets/i18n).
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string_view>

#include "kiosk/i18n.h"
#include "kiosk/tracking_time.h"

namespace ventanilla::testing {

inline WallTime at(const char* rfc3339) {
    auto time = parse_rfc3339(rfc3339);
    REQUIRE_MESSAGE(time.has_value(), rfc3339);
    return *time;
}

inline constexpr std::chrono::year_month_day kFormTestDay{std::chrono::year(2026), std::chrono::month(11),
                                                          std::chrono::day(23)};

inline Translations shipped_translations(std::string_view language) {
    auto loaded = load_translations(std::filesystem::path(VENTANILLA_SOURCE_DIR) / "assets/i18n", language);
    REQUIRE_MESSAGE(loaded.ok(), loaded.failure_text());
    return std::move(loaded).value();
}

}  // namespace ventanilla::testing
