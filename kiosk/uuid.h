// Record identifiers: random (version 4) UUIDs, made once when a record is created.
#pragma once

#include <string>
#include <string_view>

namespace ventanilla {

// "0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a": 122 random bits from libsodium's randombytes,
// the version nibble 4 and the RFC 9562 variant bits, written in lower case. Safe to call
// from any thread. The id is the record's idempotency key from the terminal's outbox to the
// server's table, so it is made once and never recomputed.
std::string make_uuid_v4();

// True for the canonical text of a UUID: 36 characters, lower-case hex digits and dashes at
// positions 8, 13, 18 and 23. Upper case is refused so that one record has one spelling.
bool is_canonical_uuid(std::string_view text);

}  // namespace ventanilla
