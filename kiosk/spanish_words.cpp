#include "kiosk/spanish_words.h"

#include <array>
#include <vector>

#include "kiosk/code_text.h"

namespace ventanilla {

namespace {

// 0–29 are single words in Spanish ("veintiséis" included since the 1999 Ortografía).
constexpr std::array<std::string_view, 30> kUpTo29{
    "cero",       "uno",        "dos",       "tres",       "cuatro",      "cinco",
    "seis",       "siete",      "ocho",      "nueve",      "diez",        "once",
    "doce",       "trece",      "catorce",   "quince",     "dieciséis",   "diecisiete",
    "dieciocho",  "diecinueve", "veinte",    "veintiuno",  "veintidós",   "veintitrés",
    "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve"};
constexpr std::array<std::string_view, 10> kTens{
    "", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"};
constexpr std::array<std::string_view, 10> kHundreds{
    "",           "ciento",      "doscientos",  "trescientos",  "cuatrocientos",
    "quinientos", "seiscientos", "setecientos", "ochocientos",  "novecientos"};

// 1–999. `shortened`: "uno" loses its last vowel before a noun ("veintiún mil").
std::string below_thousand(int n, bool shortened) {
    std::string words;
    auto add = [&](std::string_view word) {
        if (!words.empty()) words += ' ';
        words += word;
    };
    if (n == 100) return "cien";
    if (n >= 100) add(kHundreds[static_cast<std::size_t>(n / 100)]);
    int rest = n % 100;
    if (rest == 0) return words;
    std::string tail;
    if (rest < 30) {
        tail = kUpTo29[static_cast<std::size_t>(rest)];
    } else {
        tail = kTens[static_cast<std::size_t>(rest / 10)];
        if (rest % 10 != 0) tail += " y " + std::string(kUpTo29[static_cast<std::size_t>(rest % 10)]);
    }
    if (shortened) {
        if (tail == "uno" || tail.ends_with(" uno")) {
            tail.pop_back();  // "un", "treinta y un"
        } else if (tail == "veintiuno") {
            tail = "veintiún";
        }
    }
    add(tail);
    return words;
}

std::string digit_by_digit(std::string_view digits) {
    std::string words;
    for (char c : digits) {
        if (c < '0' || c > '9') continue;
        if (!words.empty()) words += ' ';
        words += kUpTo29[static_cast<std::size_t>(c - '0')];
    }
    return words;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

}  // namespace

std::string spanish_number_words(std::int64_t n) {
    if (n < 0 || n > 999'999) return digit_by_digit(std::to_string(n));
    if (n == 0) return "cero";
    int thousands = static_cast<int>(n / 1000);
    int rest = static_cast<int>(n % 1000);
    std::string words;
    if (thousands == 1) {
        words = "mil";
    } else if (thousands > 1) {
        words = below_thousand(thousands, true) + " mil";
    }
    if (rest != 0) {
        if (!words.empty()) words += ' ';
        words += below_thousand(rest, false);
    }
    return words;
}

std::string spanish_letter_name(char32_t letter) {
    // The RAE's names (Ortografía 2010): one name per letter, "uve" for V so that B and V
    // are told apart in a hall, "ye" for Y.
    static constexpr std::array<std::string_view, 26> kNames{
        "a",   "be",  "ce",   "de",  "e",   "efe",  "ge",        "hache", "i",
        "jota", "ka", "ele",  "eme", "ene", "o",    "pe",        "cu",    "erre",
        "ese", "te",  "u",    "uve", "uve doble", "equis", "ye", "zeta"};
    if (letter >= U'a' && letter <= U'z') letter -= U'a' - U'A';
    if (letter >= U'A' && letter <= U'Z') return std::string(kNames[letter - U'A']);
    if (letter == U'Ñ' || letter == U'ñ') return "eñe";
    // Anything else as UTF-8, unchanged.
    std::string out;
    append_utf8(out, letter);
    return out;
}

std::string spoken_ticket_number(std::string_view number) {
    // Groups are cut by anything that is neither a letter nor a digit ('-', spaces); inside a
    // group, each letter is spelled and each run of digits said as one number.
    std::vector<std::string> groups(1);
    auto add = [&](const std::string& word) {
        if (!groups.back().empty()) groups.back() += ' ';
        groups.back() += word;
    };
    std::size_t i = 0;
    while (i < number.size()) {
        char c = number[i];
        if (is_digit(c)) {
            std::size_t end = i;
            while (end < number.size() && is_digit(number[end])) ++end;
            std::string_view digits = number.substr(i, end - i);
            std::size_t first = digits.find_first_not_of('0');
            std::string_view significant =
                first == std::string_view::npos ? std::string_view("0") : digits.substr(first);
            add(significant.size() <= 6 ? spanish_number_words(std::stoll(std::string(significant)))
                                        : digit_by_digit(digits));
            i = end;
        } else if (is_ascii_letter(c)) {
            add(spanish_letter_name(static_cast<char32_t>(c)));
            ++i;
        } else if (static_cast<unsigned char>(c) == 0xC3 && i + 1 < number.size() &&
                   (static_cast<unsigned char>(number[i + 1]) == 0x91 ||
                    static_cast<unsigned char>(number[i + 1]) == 0xB1)) {
            add("eñe");  // Ñ or ñ in UTF-8
            i += 2;
        } else {
            if (!groups.back().empty()) groups.emplace_back();
            ++i;
        }
    }
    if (groups.back().empty() && groups.size() > 1) groups.pop_back();
    // "B-044": the letter and its number are said together; a third group (an offline
    // ticket's serial) gets a pause before it.
    std::string spoken;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (g > 0) spoken += g == 1 ? " " : ", ";
        spoken += groups[g];
    }
    return spoken;
}

}  // namespace ventanilla
