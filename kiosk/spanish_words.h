// Numbers and letters the way a Spanish speaker says them, for the waiting hall's voice.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ventanilla {

// 0 … 999 999 in words: "cero", "veintiuno", "cien", "ciento uno", "quinientos",
// "veintiún mil". The full form of "uno" is used ("treinta y uno"): the number closes the
// phrase it is said in ("ventanilla veintiuno"), so nothing follows it to shorten it.
// Outside that range (or negative) the digits are said one by one.
std::string spanish_number_words(std::int64_t n);

// The name of a letter as it is spelled aloud ("be", "hache", "uve", "equis", "eñe"),
// following the RAE's names; A–Z, Ñ, either case. Anything else is returned as it is.
std::string spanish_letter_name(char32_t letter);

// A queue number as it should be spoken: "B-044" → "be cuarenta y cuatro", "AB-7" → "a be
// siete", "B-9-007" (a kiosk's offline number) → "be nueve, siete". Letters are spelled,
// groups of digits said as numbers (leading zeros dropped), groups separated by a comma.
std::string spoken_ticket_number(std::string_view number);

}  // namespace ventanilla
