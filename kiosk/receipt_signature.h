// The signed code on a procedure receipt: the reference, the terminal that issued it and when,
// signed with that terminal's Ed25519 key, so any clerk's terminal can tell a genuine receipt
// from a forged or altered one, even offline, from the terminals' public keys it keeps.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

inline constexpr std::array<std::string_view, 3> kReceiptSignatureErrorCodes{
    "receipt.unreadable",        // the code is not a Ventanilla receipt code at all
    "receipt.forged",            // a receipt code whose signature does not hold: altered or made up
    "receipt.unknown_terminal",  // terminal: signed by a terminal this one has no key for
};

// A terminal's signing keys (libsodium crypto_sign, Ed25519). The secret half lives only in
// the terminal's secrets file (0600).
struct SigningKeys {
    std::string public_key;  // 32 bytes
    std::string secret_key;  // 64 bytes
};
SigningKeys make_signing_keys();

// What a receipt's code says, once its signature held.
struct SignedReceipt {
    std::string reference;    // "7K3MQ9XC", the eight symbols
    std::string terminal_id;  // the device id of the terminal that issued it
    std::int64_t issued_at_s = 0;  // Unix time, the terminal's clock

    bool operator==(const SignedReceipt&) const = default;
};

// The text of the receipt's QR code: "VS1:" and the fields and the signature in base64url.
std::string sign_receipt(const SignedReceipt& receipt, const SigningKeys& keys);

// The terminals whose receipts this terminal can check: device id → public key (32 bytes).
using KnownTerminals = std::map<std::string, std::string, std::less<>>;

// Reads a scanned code's fields without checking the signature: what a kiosk, which holds no
// keys, needs to show a citizen where the procedure stands (receipt.unreadable otherwise).
Result<SignedReceipt> read_receipt_code(std::string_view code);

// Reads a scanned code back and checks its signature with the issuing terminal's key.
Result<SignedReceipt> verify_receipt(std::string_view code, const KnownTerminals& keys);

// Whether a scanned code claims to be a receipt code (so it is routed here, not to tracking).
bool looks_like_receipt_code(std::string_view code);

}  // namespace ventanilla
