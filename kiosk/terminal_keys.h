// The terminal's own keys, made on first need and kept in its secrets file (0600): the
// Ed25519 pair that signs receipts, and the key that seals citizens' personal data at rest.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "kiosk/receipt_signature.h"
#include "kiosk/result.h"

namespace ventanilla {

inline constexpr std::array<std::string_view, 1> kTerminalKeysErrorCodes{
    "secrets.bad_keys",  // path: the "keys" section is there but damaged (never silently replaced:
                         // data sealed with the old key would be lost)
};

struct TerminalKeys {
    SigningKeys signing;
    std::string data_key;  // 32 bytes, crypto_secretbox
};

// The keys in the secrets file, or new ones written there first when it has none.
Result<TerminalKeys> load_or_make_terminal_keys(const std::filesystem::path& secrets_path);

}  // namespace ventanilla
