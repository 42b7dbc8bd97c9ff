// Checks the API applies to every free-text value a client sends.
#pragma once

#include <string_view>

namespace ventanilla {

// An ASCII control character (C0 or DEL) anywhere in `text`: never part of a name, a code or a
// reason, and a way to forge lines in a log. A form's long answers may keep their line breaks.
inline bool has_control_character(std::string_view text, bool newline_allowed = false) {
    for (unsigned char c : text) {
        if ((c < 0x20 && !(newline_allowed && c == '\n')) || c == 0x7F) return true;
    }
    return false;
}

}  // namespace ventanilla
