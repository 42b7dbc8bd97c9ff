#include "server/clerk_pin.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>

namespace ventanilla {

namespace {

constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimitBytes = 19u * 1024u * 1024u;

void ensure_sodium() {
    if (sodium_init() < 0) std::abort();
}

}  // namespace

bool is_valid_pin(std::string_view pin) {
    return pin.size() >= 4 && pin.size() <= 8 &&
           std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<std::string> hash_pin(std::string_view pin) {
    ensure_sodium();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(hash, pin.data(), pin.size(), kOpsLimit, kMemLimitBytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return make_error("queue.pin_hash_failed", "argon2id ran out of memory");
    }
    return std::string(hash);
}

bool pin_matches(std::string_view pin, const std::string& hash) {
    ensure_sodium();
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

}  // namespace ventanilla
