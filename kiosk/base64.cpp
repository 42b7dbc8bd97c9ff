#include "kiosk/base64.h"

#include <sodium.h>

#include <cstdlib>

namespace ventanilla {

namespace {

int sodium_variant(Base64 variant) {
    return variant == Base64::standard ? sodium_base64_VARIANT_ORIGINAL : sodium_base64_VARIANT_URLSAFE_NO_PADDING;
}

}  // namespace

std::string to_base64(std::string_view bytes, Base64 variant) {
    if (sodium_init() < 0) std::abort();
    std::string out(sodium_base64_encoded_len(bytes.size(), sodium_variant(variant)), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_variant(variant));
    out.resize(out.find('\0'));
    return out;
}

std::optional<std::string> from_base64(std::string_view text, Base64 variant) {
    if (sodium_init() < 0) std::abort();
    std::string out(text.size(), '\0');
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &length, &end, sodium_variant(variant)) != 0 ||
        end != text.data() + text.size()) {
        return std::nullopt;
    }
    out.resize(length);
    return out;
}

}  // namespace ventanilla
