// Base64 for bytes kept in JSON (keys, sealed records) and in codes (base64url): libsodium's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ventanilla {

enum class Base64 { standard, url_no_padding };

std::string to_base64(std::string_view bytes, Base64 variant = Base64::standard);
// nullopt when `text` is not base64 of that variant.
std::optional<std::string> from_base64(std::string_view text, Base64 variant = Base64::standard);

}  // namespace ventanilla
