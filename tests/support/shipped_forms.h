// The procedure forms Ventanilla ships (assets/forms), read for tests.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "kiosk/form_definition.h"

namespace ventanilla::testing {

inline FormDefinition shipped_form(const std::string& id) {
    std::ifstream in(std::string(VENTANILLA_SOURCE_DIR) + "/assets/forms/" + id + ".json");
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = parse_form_definition(text.str());
    REQUIRE_MESSAGE(parsed.ok(), parsed.failure_text());
    return parsed.value();
}

}  // namespace ventanilla::testing
