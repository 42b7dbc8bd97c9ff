// Typing on the terminal's on-screen keyboard in UI tests, and checking that it leaves the field
// being typed in view above it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/terminal.h"

namespace ventanilla::testing {

// The widget the last frame drew with exactly this text: {"text", "x", "y", "w", "h", "tappable"}.
std::optional<nlohmann::json> shown_widget(Terminal& terminal, const std::string& text, bool tappable);

// Taps the key of each character of `keys` in turn, through the automation interface.
void tap_keys(Terminal& terminal, const std::string& keys);

// Taps each of `labels` in turn (keys named by a word too: "Borrar", "Mayús", "Listo").
void tap_labels(Terminal& terminal, const std::vector<std::string>& labels);

// Taps a key as a finger would, through X: the pointer moved there and clicked.
void click_key(const VirtualDisplay& display, Terminal& terminal, const std::string& key);

// The field's box ends above `top_key` (a key of the keyboard's first row): the keyboard covers
// none of it; the box is whole (a touch target high) and the key a touch target at 1080p.
void check_keyboard_below(Terminal& terminal, const std::string& field, const std::string& top_key);

}  // namespace ventanilla::testing
