#include "kiosk/terminal_keys.h"

#include <sodium.h>

#include <cstdlib>
#include <optional>

#include "kiosk/base64.h"
#include "kiosk/enrolment.h"

namespace ventanilla {

namespace {

std::optional<std::string> key_bytes(const nlohmann::json& value, std::size_t expected_size) {
    if (!value.is_string()) return std::nullopt;
    auto bytes = from_base64(value.get<std::string>());
    if (!bytes || bytes->size() != expected_size) return std::nullopt;
    return bytes;
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
        auto public_key = key_bytes(keys.value("signing_public", nlohmann::json()), crypto_sign_PUBLICKEYBYTES);
        auto secret_key = key_bytes(keys.value("signing_secret", nlohmann::json()), crypto_sign_SECRETKEYBYTES);
        auto data_key = key_bytes(keys.value("data_key", nlohmann::json()), crypto_secretbox_KEYBYTES);
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
