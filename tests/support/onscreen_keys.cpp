#include "tests/support/onscreen_keys.h"

#include <doctest/doctest.h>

namespace ventanilla::testing {

std::optional<nlohmann::json> shown_widget(Terminal& terminal, const std::string& text, bool tappable) {
    const nlohmann::json reply = terminal.must("shown");  // kept: the loop reads it
    for (const auto& w : reply["shown"]) {
        if (w["text"] == text && w["tappable"] == tappable) return w;
    }
    return std::nullopt;
}

void tap_keys(Terminal& terminal, const std::string& keys) {
    for (char key : keys) terminal.must("tap " + std::string(1, key));
}

void tap_labels(Terminal& terminal, const std::vector<std::string>& labels) {
    for (const std::string& label : labels) terminal.must("tap " + label);
}

void click_key(const VirtualDisplay& display, Terminal& terminal, const std::string& key) {
    auto at = terminal.centre_of(key);
    REQUIRE_MESSAGE(at, "no key " << key << " on screen");
    REQUIRE(display.run("xdotool mousemove " + std::to_string(at->first) + " " + std::to_string(at->second) +
                        " click 1 mousemove 5 5") == 0);
    terminal.must("wait_idle");
}

void check_keyboard_below(Terminal& terminal, const std::string& field, const std::string& top_key) {
    auto box = shown_widget(terminal, field, true);
    auto key = shown_widget(terminal, top_key, true);
    REQUIRE_MESSAGE(box, "no field " << field << " on screen");
    REQUIRE_MESSAGE(key, "no key " << top_key << " on screen");
    const double box_bottom = (*box)["y"].get<double>() + (*box)["h"].get<double>();
    CHECK(box_bottom <= (*key)["y"].get<double>());
    CHECK((*box)["h"].get<double>() >= 96);  // the whole box is in view, not a sliver of it
    CHECK((*key)["h"].get<double>() >= 80);  // a key is a touch target at 1080p
}

}  // namespace ventanilla::testing
