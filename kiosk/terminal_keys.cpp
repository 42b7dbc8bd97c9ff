#include "kiosk/terminal_keys.h"

#include <sodium.h>

#include <cstdlib>
#include <optional>

#include "kiosk/enrolment.h"

namespace ventanilla {

namespace {

std::string to_base64(std::string_view bytes) {
    std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.find('\0'));
    return out;
}

std::optional<std::string> from_base64(const nlohmann::json& value, std::size_t expected_size) {
    if (!value.is_string()) return std::nullopt;
    const std::string& text = value.get_ref<const std::string&>();
    std::string out(text.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                          nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        length != expected_size) {
        return std::nullopt;
    }
    out.resize(length);
    return out;
}

}  // namespace

Result<TerminalKeys> load_or_make_terminal_keys(const std::filesystem::path& secrets_path) {
    if (sodium_init() < 0) std::abort();
    auto secrets = read_secrets_file(secrets_path);
    if (!secrets) return secrets.error();
    if (secrets->contains("keys")) {
        const auto& keys = secrets->at("keys");
        auto bad = [&] {
            return make_error("secrets.bad_keys", secrets_path.string(), {{"path", secrets_path.string()}});
        };
        if (!keys.is_object()) return bad();
        auto public_key = from_base64(keys.value("signing_public", nlohmann::json()), crypto_sign_PUBLICKEYBYTES);
        auto secret_key = from_base64(keys.value("signing_secret", nlohmann::json()), crypto_sign_SECRETKEYBYTES);
        auto data_key = from_base64(keys.value("data_key", nlohmann::json()), crypto_secretbox_KEYBYTES);
        if (!public_key || !secret_key || !data_key) return bad();
        return TerminalKeys{{*public_key, *secret_key}, *data_key};
    }
    TerminalKeys keys{make_signing_keys(), std::string(crypto_secretbox_KEYBYTES, '\0')};
    crypto_secretbox_keygen(reinterpret_cast<unsigned char*>(keys.data_key.data()));
    auto saved = write_secrets_section(secrets_path, "keys",
                                       {{"signing_public", to_base64(keys.signing.public_key)},
                                        {"signing_secret", to_base64(keys.signing.secret_key)},
                                        {"data_key", to_base64(keys.data_key)}});
    if (!saved) return saved.error();
    return keys;
}

}  // namespace ventanilla
