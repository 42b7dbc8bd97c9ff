// Clerk PINs: kept as argon2id hashes (libsodium), checked in constant time.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

// 4 to 8 digits, what a counter's keypad takes.
bool is_valid_pin(std::string_view pin);

// libsodium's crypto_pwhash_str: argon2id with its own random salt, in the "$argon2id$…"
// text form that names its parameters. t = 2, m = 19 MiB (OWASP's argon2id minimum):
// a few tens of milliseconds, and bounded memory when several clerks log in at once. A
// 4-digit PIN would fall to an offline search whatever the cost; what protects it is that
// the hashes never leave the database and the lock after five failures online.
Result<std::string> hash_pin(std::string_view pin);

// Whether `pin` matches `hash` (a crypto_pwhash_str string); false for a malformed hash.
bool pin_matches(std::string_view pin, const std::string& hash);

}  // namespace ventanilla
