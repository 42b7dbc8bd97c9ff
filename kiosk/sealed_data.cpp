#include "kiosk/sealed_data.h"

#include <sodium.h>

#include <cstdlib>
#include <stdexcept>

namespace ventanilla {

std::string seal_data(std::string_view plaintext, std::string_view key) {
    if (sodium_init() < 0) std::abort();
    if (key.size() != crypto_secretbox_KEYBYTES) throw std::invalid_argument("data key of the wrong size");
    std::string sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
    auto* out = reinterpret_cast<unsigned char*>(sealed.data());
    randombytes_buf(out, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plaintext.data()),
                          plaintext.size(), out, reinterpret_cast<const unsigned char*>(key.data()));
    return sealed;
}

Result<std::string> open_sealed_data(std::string_view sealed, std::string_view key) {
    if (sodium_init() < 0) std::abort();
    if (key.size() != crypto_secretbox_KEYBYTES) throw std::invalid_argument("data key of the wrong size");
    if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return make_error("sealed.damaged");
    const auto* in = reinterpret_cast<const unsigned char*>(sealed.data());
    std::string plaintext(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plaintext.data()), in + crypto_secretbox_NONCEBYTES,
                                   sealed.size() - crypto_secretbox_NONCEBYTES, in,
                                   reinterpret_cast<const unsigned char*>(key.data())) != 0) {
        return make_error("sealed.damaged");
    }
    return plaintext;
}

}  // namespace ventanilla
