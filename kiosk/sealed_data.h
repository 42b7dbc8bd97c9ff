// Personal data at rest on the terminal: sealed with the terminal's data key (libsodium
// secretbox, XSalsa20-Poly1305) so a copied disk or database shows none of it, and any
// change to the sealed bytes is detected rather than read as other data.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

inline constexpr std::array<std::string_view, 1> kSealedDataErrorCodes{
    "sealed.damaged",  // the sealed bytes were changed, cut, or sealed with another key
};

// A random nonce, then the ciphertext and its tag. `key` is 32 bytes.
std::string seal_data(std::string_view plaintext, std::string_view key);
Result<std::string> open_sealed_data(std::string_view sealed, std::string_view key);

}  // namespace ventanilla
