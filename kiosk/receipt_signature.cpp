#include "kiosk/receipt_signature.h"

#include <sodium.h>

#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <vector>

#include "kiosk/base64.h"
#include "kiosk/reference_code.h"

namespace ventanilla {

namespace {

constexpr std::string_view kPrefix = "VS1:";
// Signed bytes start with a context string, so a signature made for anything else the key
// might ever sign cannot pass for a receipt's.
constexpr std::string_view kContext = "ventanilla-receipt-v1";

void ensure_sodium() {
    if (sodium_init() < 0) std::abort();  // no randomness and no crypto: nothing safe to do
}

std::string signed_bytes(const SignedReceipt& receipt) {
    return std::string(kContext) + "\n" + receipt.reference + "\n" + receipt.terminal_id + "\n" +
           std::to_string(receipt.issued_at_s);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == separator) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

}  // namespace

SigningKeys make_signing_keys() {
    ensure_sodium();
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
    unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(public_key, secret_key);
    SigningKeys keys{std::string(reinterpret_cast<char*>(public_key), sizeof public_key),
                     std::string(reinterpret_cast<char*>(secret_key), sizeof secret_key)};
    sodium_memzero(secret_key, sizeof secret_key);
    return keys;
}

std::string sign_receipt(const SignedReceipt& receipt, const SigningKeys& keys) {
    ensure_sodium();
    if (keys.secret_key.size() != crypto_sign_SECRETKEYBYTES) throw std::invalid_argument("signing key of the wrong size");
    std::string message = signed_bytes(receipt);
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         reinterpret_cast<const unsigned char*>(keys.secret_key.data()));
    // "VS1:<reference>.<terminal>.<time>.<signature>": the reference readable as is.
    return std::string(kPrefix) + receipt.reference + "." + to_base64(receipt.terminal_id, Base64::url_no_padding) + "." +
           std::to_string(receipt.issued_at_s) + "." +
           to_base64(std::string_view(reinterpret_cast<char*>(signature), sizeof signature), Base64::url_no_padding);
}

bool looks_like_receipt_code(std::string_view code) { return code.starts_with(kPrefix); }

namespace {

// The fields of a code and its signature bytes, or why it is not one of ours.
Result<std::pair<SignedReceipt, std::string>> split_receipt_code(std::string_view code) {
    if (!looks_like_receipt_code(code) || code.size() > 400) return make_error("receipt.unreadable");
    auto parts = split(code.substr(kPrefix.size()), '.');
    if (parts.size() != 4) return make_error("receipt.unreadable");
    SignedReceipt receipt;
    auto reference = parse_reference_code(parts[0]);
    auto terminal = from_base64(parts[1], Base64::url_no_padding);
    auto signature = from_base64(parts[3], Base64::url_no_padding);
    if (!reference || !terminal || terminal->empty() || !signature || signature->size() != crypto_sign_BYTES ||
        parts[2].empty() || parts[2].size() > 12) {
        // A reference with a wrong check character cannot have been printed by a terminal:
        // either damaged or made up; it is not worth telling apart here.
        return make_error("receipt.unreadable");
    }
    for (char c : parts[2]) {
        if (c < '0' || c > '9') return make_error("receipt.unreadable");
    }
    receipt.reference = reference.value().symbols;
    receipt.terminal_id = *terminal;
    receipt.issued_at_s = std::stoll(std::string(parts[2]));
    return std::make_pair(std::move(receipt), std::move(*signature));
}

}  // namespace

Result<SignedReceipt> read_receipt_code(std::string_view code) {
    auto split_code = split_receipt_code(code);
    if (!split_code) return split_code.error();
    return std::move(split_code->first);
}

Result<SignedReceipt> verify_receipt(std::string_view code, const KnownTerminals& keys) {
    ensure_sodium();
    auto split_code = split_receipt_code(code);
    if (!split_code) return split_code.error();
    auto& [receipt, signature] = split_code.value();
    auto key = keys.find(receipt.terminal_id);
    if (key == keys.end() || key->second.size() != crypto_sign_PUBLICKEYBYTES) {
        return make_error("receipt.unknown_terminal", {}, {{"terminal", receipt.terminal_id}});
    }
    std::string message = signed_bytes(receipt);
    if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                    reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                    reinterpret_cast<const unsigned char*>(key->second.data())) != 0) {
        return make_error("receipt.forged");
    }
    return receipt;
}

}  // namespace ventanilla
