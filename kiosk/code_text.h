// Text of the codes people type or scan (S10 ids, references, ID numbers): UTF-8 and normalising.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ventanilla {

// Length in bytes of the longest prefix of `text` that is well-formed UTF-8
// (no overlong forms, no surrogates, nothing above U+10FFFF); text.size() when
// all of it is.
std::size_t valid_utf8_prefix(std::string_view text);

// The characters (code points) of `text`, each as the bytes that encode it.
// A byte that is not part of well-formed UTF-8 is a character of its own, so
// positions in error messages still count what a person sees.
std::vector<std::string_view> split_characters(std::string_view text);

// What a keyboard does at the end of a field: `text` without its last `erased` characters,
// then `typed` added while the whole stays within `max_characters` characters.
std::string edit_at_end(std::string_view text, int erased, std::string_view typed, std::size_t max_characters);

// What a person typed or a scanner sent, ready to parse: whitespace and dashes
// removed wherever they are (ASCII and the Unicode no-break space, hyphens and
// dashes a phone keyboard may insert), ASCII letters upper-cased. Anything else
// is kept as it is, so a parser can say which character it does not accept.
std::string normalize_typed_code(std::string_view text);

// Appends one code point as UTF-8; a surrogate or anything above U+10FFFF becomes U+FFFD.
void append_utf8(std::string& out, char32_t codepoint);

// One character to quote back in a message: itself when it is a printable
// character, U+FFFD "�" when it is a control character or not UTF-8.
std::string printable_character(std::string_view character);

}  // namespace ventanilla
