// What the waiting hall hears for a call: always the ticket and the counter, in Spanish words.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/queue_calls.h"

namespace ventanilla {

// "Turno be cuarenta y cuatro, ventanilla tres." The counter is always said (novosga#78
// forgot it); a recall is said the same way, so nobody has to learn a second phrase.
std::string spoken_call_text(std::string_view number, int counter);
std::string spoken_call_text(const QueueCall& call);

// A file-name safe label of the call, ordered by sequence: "000058-B-044".
std::string call_label(const QueueCall& call);

}  // namespace ventanilla
