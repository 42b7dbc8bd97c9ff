// The wizard's on-screen keyboard: a Spanish layout (ñ, the accented vowels, ü) for text and
// addresses, a numeric pad for numbers, dates, phones and carné numbers. Drawn in a band of
// its own under the fields, so it never covers the field being typed.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/form_definition.h"
#include "kiosk/i18n.h"
#include "ui/form_intents.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

enum class KeyboardLayout {
    none,     // the field is answered by tapping (choices, yes/no, places)
    letters,  // text, long text, e-mail
    numbers,  // number, date, phone, carné
};

KeyboardLayout keyboard_for(FieldType type);
const char* keyboard_name(KeyboardLayout layout);

struct OnScreenKeyboard {
    bool shifted = false;  // the next letter in capitals; off again after it

    // How high the keyboard is drawn with this theme.
    static float height(KeyboardLayout layout, const Theme& theme);
    // Draws the keys `width` wide at the cursor; a key tapped lands in `intents` (typed,
    // erased, or focus "" for "Listo", which closes it). `extra` is the numeric pad's key left
    // of 0: "," for numbers, "/" for dates, "+" for phones, none for a carné.
    void draw(KeyboardLayout layout, std::string_view extra, const Translations& text, float width,
              FormIntents& intents, Painter& painter);
};

}  // namespace ventanilla::ui
