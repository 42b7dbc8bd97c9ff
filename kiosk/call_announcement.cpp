#include "kiosk/call_announcement.h"

#include <cstdio>

#include "kiosk/spanish_words.h"

namespace ventanilla {

std::string spoken_call_text(std::string_view number, int counter) {
    return "Turno " + spoken_ticket_number(number) + ", ventanilla " +
           spanish_number_words(counter) + ".";
}

std::string spoken_call_text(const QueueCall& call) {
    return spoken_call_text(call.number, call.counter);
}

std::string call_label(const QueueCall& call) {
    char sequence[24];
    std::snprintf(sequence, sizeof sequence, "%06lld", static_cast<long long>(call.sequence));
    std::string label = std::string(sequence) + "-";
    for (char c : call.number) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        label += keep ? c : '_';
    }
    return label;
}

}  // namespace ventanilla
