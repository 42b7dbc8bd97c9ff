// Numbers, letters and ticket numbers as the waiting hall's voice says them.
#include "kiosk/spanish_words.h"

#include <doctest/doctest.h>

#include <set>

#include "kiosk/call_announcement.h"

using namespace ventanilla;

namespace {

struct Said {
    std::int64_t number;
    const char* words;
};

// The hard cases of Spanish numbers: the single words up to 29, "cien" alone but "ciento"
// before more, the irregular hundreds, and "uno" shortened only before "mil".
constexpr Said kNumbers[] = {
    {0, "cero"},
    {1, "uno"},
    {2, "dos"},
    {5, "cinco"},
    {9, "nueve"},
    {10, "diez"},
    {11, "once"},
    {12, "doce"},
    {13, "trece"},
    {14, "catorce"},
    {15, "quince"},
    {16, "dieciséis"},
    {17, "diecisiete"},
    {18, "dieciocho"},
    {19, "diecinueve"},
    {20, "veinte"},
    {21, "veintiuno"},
    {22, "veintidós"},
    {23, "veintitrés"},
    {26, "veintiséis"},
    {29, "veintinueve"},
    {30, "treinta"},
    {31, "treinta y uno"},
    {42, "cuarenta y dos"},
    {44, "cuarenta y cuatro"},
    {55, "cincuenta y cinco"},
    {60, "sesenta"},
    {68, "sesenta y ocho"},
    {77, "setenta y siete"},
    {80, "ochenta"},
    {99, "noventa y nueve"},
    {100, "cien"},
    {101, "ciento uno"},
    {110, "ciento diez"},
    {116, "ciento dieciséis"},
    {121, "ciento veintiuno"},
    {150, "ciento cincuenta"},
    {199, "ciento noventa y nueve"},
    {200, "doscientos"},
    {201, "doscientos uno"},
    {300, "trescientos"},
    {345, "trescientos cuarenta y cinco"},
    {400, "cuatrocientos"},
    {500, "quinientos"},
    {515, "quinientos quince"},
    {600, "seiscientos"},
    {700, "setecientos"},
    {777, "setecientos setenta y siete"},
    {800, "ochocientos"},
    {900, "novecientos"},
    {901, "novecientos uno"},
    {999, "novecientos noventa y nueve"},
    {1000, "mil"},
    {1001, "mil uno"},
    {1100, "mil cien"},
    {1999, "mil novecientos noventa y nueve"},
    {2000, "dos mil"},
    {21000, "veintiún mil"},
    {31000, "treinta y un mil"},
    {100000, "cien mil"},
    {101000, "ciento un mil"},
    {500500, "quinientos mil quinientos"},
    {999999, "novecientos noventa y nueve mil novecientos noventa y nueve"},
};

}  // namespace

TEST_CASE("spanish words: numbers from the table") {
    for (const Said& said : kNumbers) {
        CAPTURE(said.number);
        CHECK(spanish_number_words(said.number) == said.words);
    }
}

TEST_CASE("spanish words: every number to 999 is said, differently, in lower-case words") {
    std::set<std::string> seen;
    for (int n = 0; n <= 999; ++n) {
        CAPTURE(n);
        std::string words = spanish_number_words(n);
        REQUIRE_FALSE(words.empty());
        CHECK(seen.insert(words).second);
        CHECK(words.find("  ") == std::string::npos);
        CHECK(words.front() != ' ');
        CHECK(words.back() != ' ');
        for (char c : words) CHECK((c == ' ' || (c >= 'a' && c <= 'z') || (c & 0x80) != 0));
        // Tens and units joined by "y" only from 31 on: "dieciséis", "veintidós", not "diez y seis".
        if (n % 100 > 30 && n % 10 != 0) CHECK(words.find(" y ") != std::string::npos);
        if (n % 100 <= 30) CHECK(words.find(" y ") == std::string::npos);
    }
}

TEST_CASE("spanish words: outside 0 to 999999 the digits are said one by one") {
    CHECK(spanish_number_words(1000000) == "uno cero cero cero cero cero cero");
    CHECK(spanish_number_words(-5) == "cinco");
}

TEST_CASE("spanish words: letters by their names, B and V told apart") {
    CHECK(spanish_letter_name(U'A') == "a");
    CHECK(spanish_letter_name(U'B') == "be");
    CHECK(spanish_letter_name(U'C') == "ce");
    CHECK(spanish_letter_name(U'G') == "ge");
    CHECK(spanish_letter_name(U'H') == "hache");
    CHECK(spanish_letter_name(U'J') == "jota");
    CHECK(spanish_letter_name(U'K') == "ka");
    CHECK(spanish_letter_name(U'Q') == "cu");
    CHECK(spanish_letter_name(U'R') == "erre");
    CHECK(spanish_letter_name(U'V') == "uve");
    CHECK(spanish_letter_name(U'W') == "uve doble");
    CHECK(spanish_letter_name(U'X') == "equis");
    CHECK(spanish_letter_name(U'Y') == "ye");
    CHECK(spanish_letter_name(U'Z') == "zeta");
    CHECK(spanish_letter_name(U'Ñ') == "eñe");
    CHECK(spanish_letter_name(U'b') == "be");
    CHECK(spanish_letter_name(U'-') == "-");
    CHECK(spanish_letter_name(U'€') == "€");
}

TEST_CASE("spanish words: ticket numbers as they are spoken") {
    CHECK(spoken_ticket_number("B-044") == "be cuarenta y cuatro");
    CHECK(spoken_ticket_number("A-001") == "a uno");
    CHECK(spoken_ticket_number("E-100") == "e cien");
    CHECK(spoken_ticket_number("C-000") == "ce cero");
    CHECK(spoken_ticket_number("B-1000") == "be mil");
    CHECK(spoken_ticket_number("V-021") == "uve veintiuno");
    CHECK(spoken_ticket_number("b-12") == "be doce");
    CHECK(spoken_ticket_number("AB-7") == "a be siete");
    CHECK(spoken_ticket_number("Ñ-5") == "eñe cinco");
    // A kiosk's offline number: the letter, the kiosk, then its serial after a pause.
    CHECK(spoken_ticket_number("B-9-007") == "be nueve, siete");
}

TEST_CASE("announcement: the ticket and always the counter, in words") {
    CHECK(spoken_call_text("B-044", 3) == "Turno be cuarenta y cuatro, ventanilla tres.");
    CHECK(spoken_call_text("A-042", 3) == "Turno a cuarenta y dos, ventanilla tres.");
    CHECK(spoken_call_text("H-121", 21) == "Turno hache ciento veintiuno, ventanilla veintiuno.");
    CHECK(spoken_call_text("B-500", 1) == "Turno be quinientos, ventanilla uno.");
    QueueCall recall{58, "B-044", "giros", 3, true, false, {}};
    // A recall says the same: the counter is never left out.
    CHECK(spoken_call_text(recall) == "Turno be cuarenta y cuatro, ventanilla tres.");
    CHECK(call_label(recall) == "000058-B-044");
}
