// The on-screen keyboard of the wizard and the technician's settings: a Spanish layout (ñ, the
// accented vowels, ü) for text, one for addresses and paths (/ : . - _ and the digits on it),
// a numeric pad for numbers, dates, phones and carné numbers, and large capitals and digits for
// the codes a citizen types off a receipt, and the office's service letters on a numeric pad for
// the queue ticket a clerk calls. Drawn in a band of its own under the fields, so it
// never covers the field being typed.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/form_definition.h"
#include "kiosk/i18n.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

enum class KeyboardLayout {
    none,     // the field is answered by tapping (choices, yes/no, places)
    letters,  // text, long text, e-mail
    numbers,  // number, date, phone, carné
    address,  // a URL, a folder, a device path, a queue's name: letters without accents, / : . - _ @
    code,       // a tracking or giro number (RR123456785CU, GP-1234567890-92): A–Z, 0–9 and the dash
    reference,  // an appointment code (kiosk/reference_code.h): its 32 symbols and the dash, no 0 O 1 I
    ticket,     // a queue ticket's number (B-007, A-9-001): the office's service letters, the digits, the dash
};

KeyboardLayout keyboard_for(FieldType type);
const char* keyboard_name(KeyboardLayout layout);

// What the keys pressed in one frame did to the field being typed.
struct Keystrokes {
    std::string typed;  // UTF-8 to add at its end
    int erased = 0;     // characters to take off its end first
    bool done = false;  // "Listo" (or Enter): the keyboard closes

    bool any() const { return !typed.empty() || erased > 0 || done; }
};

// A keyboard plugged in types too (a clerk helping, a technician's USB keyboard, a test through
// X): its characters and Backspace this frame, and Enter as "Listo" when `enter_is_done`.
void read_physical_keys(Keystrokes& keys, bool enter_is_done);

struct OnScreenKeyboard {
    bool shifted = false;  // the next letter in capitals; off again after it

    // How high the keyboard is drawn with this theme.
    static float height(KeyboardLayout layout, const Theme& theme);
    // Draws the keys `width` wide at the cursor; a key tapped lands in `keys`. `extra` is the
    // numeric pad's key left of 0: "," for numbers, "/" for dates, "+" for phones, none for a
    // carné or a whole number; for a ticket, the service letters ("ABC"), a row above the pad. `done_label` names the key that ends typing when it does more
    // than close the keyboard ("Buscar"); empty, it is "Listo".
    void draw(KeyboardLayout layout, std::string_view extra, const Translations& text, float width, Keystrokes& keys,
              Painter& painter, std::string_view done_label = {});
};

}  // namespace ventanilla::ui
