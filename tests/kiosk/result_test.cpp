#include "kiosk/result.h"

#include <doctest/doctest.h>

using namespace ventanilla;

TEST_CASE("a Result holds either a value or an error with a translation key") {
    Result<int> good = 42;
    REQUIRE(good.ok());
    CHECK(good.value() == 42);

    Result<int> bad = make_error("config.invalid_value", "idle_timeout_s");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == "config.invalid_value");
    CHECK(bad.error().message_key == "error.config.invalid_value");
    CHECK(bad.error().describe() == "config.invalid_value: idle_timeout_s");
}
