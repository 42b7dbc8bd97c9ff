#include "kiosk/code_text.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace ventanilla;

TEST_CASE("code text: well-formed UTF-8 and where it stops") {
    CHECK(valid_utf8_prefix("") == 0);
    CHECK(valid_utf8_prefix("RR123") == 5);
    CHECK(valid_utf8_prefix("Ñandú ¿sí? ¡€! 𝄞") == std::string("Ñandú ¿sí? ¡€! 𝄞").size());
    CHECK(valid_utf8_prefix("ab\xFF") == 2);             // never a UTF-8 byte
    CHECK(valid_utf8_prefix("ab\xC3") == 2);             // truncated sequence
    CHECK(valid_utf8_prefix("a\xC3(") == 1);             // bad continuation
    CHECK(valid_utf8_prefix("a\xC0\xAF") == 1);          // overlong "/"
    CHECK(valid_utf8_prefix("a\xE0\x80\xAF") == 1);      // overlong, three bytes
    CHECK(valid_utf8_prefix("a\xED\xA0\x80") == 1);      // surrogate U+D800
    CHECK(valid_utf8_prefix("a\xF4\x90\x80\x80") == 1);  // above U+10FFFF
    CHECK(valid_utf8_prefix("a\xF0\x8F\xBF\xBF") == 1);  // overlong, four bytes
    CHECK(valid_utf8_prefix("a\x80") == 1);              // lone continuation byte
    CHECK(valid_utf8_prefix("\xEF\xBF\xBD") == 3);       // U+FFFD itself is fine
    CHECK(valid_utf8_prefix("\xF4\x8F\xBF\xBF") == 4);   // U+10FFFF is the last one
}

TEST_CASE("code text: characters, with a stray byte counted as one") {
    CHECK(split_characters("") == std::vector<std::string_view>{});
    CHECK(split_characters("aÑ€𝄞") == std::vector<std::string_view>{"a", "Ñ", "€", "𝄞"});
    CHECK(split_characters("a\xFF"
                           "b\xC3") == std::vector<std::string_view>{"a", "\xFF", "b", "\xC3"});
}

TEST_CASE("code text: what people type, normalized for parsing") {
    CHECK(normalize_typed_code("  rr 123-456\t785 cu\r\n") == "RR123456785CU");
    CHECK(normalize_typed_code("7k3m\u2010q9xa") == "7K3MQ9XA");
    CHECK(normalize_typed_code("a\u00A0b\u2011c\u2012d\u2013e\u2014f\u2212g") == "ABCDEFG");
    CHECK(normalize_typed_code("ñá.") == "ñá.");  // only ASCII letters change case
    CHECK(normalize_typed_code(" - ") == "");
}

TEST_CASE("code text: a character quoted back in a message") {
    CHECK(printable_character("A") == "A");
    CHECK(printable_character("Ñ") == "Ñ");
    CHECK(printable_character("\x01") == "\uFFFD");
    CHECK(printable_character("\x7F") == "\uFFFD");
    CHECK(printable_character("\u0085") == "\uFFFD");  // C1 "next line"
    CHECK(printable_character("\xFF") == "\uFFFD");
    CHECK(printable_character("") == "\uFFFD");
}

TEST_CASE("code text: a keyboard erases and types at the end, by characters, within a limit") {
    CHECK(edit_at_end("Peña", 1, "", 80) == "Peñ");
    CHECK(edit_at_end("Peña", 2, "ñ", 80) == "Peñ");      // "ñ" is two bytes, one character
    CHECK(edit_at_end("", 3, "http://", 80) == "http://");  // nothing left to erase
    CHECK(edit_at_end("/dev/tty", 0, "USB0", 80) == "/dev/ttyUSB0");
    CHECK(edit_at_end("12", 0, "345", 4) == "1234");        // the limit, in characters
    CHECK(edit_at_end("áé", 0, "íóú", 4) == "áéíó");
}
