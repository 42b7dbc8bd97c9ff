// The terminal's keys: made once and kept in the secrets file (0600), the same after a
// restart, never silently replaced when damaged; personal data sealed with them reads back
// only with the same key and unaltered.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>

#include "kiosk/enrolment.h"
#include "kiosk/sealed_data.h"
#include "kiosk/terminal_keys.h"
#include "tests/support/process.h"

using namespace ventanilla;
using ventanilla::testing::TempDir;

TEST_CASE("terminal keys: made on first need, kept 0600 beside the device's credentials, the same after a restart") {
    TempDir dir;
    std::filesystem::path secrets = dir.file("terminal.secrets.json");
    DeviceCredentials device{"3f0c1a52-7d1e-4c55-9a0b-2b6d1e9f4a10", std::string(43, 't'), "kiosk", "hav-plaza", 2,
                             "http://127.0.0.1:9"};
    REQUIRE(save_credentials(secrets, device).ok());

    auto first = load_or_make_terminal_keys(secrets);
    REQUIRE_MESSAGE(first.ok(), first.failure_text());
    CHECK(first->signing.public_key.size() == 32);
    CHECK(first->data_key.size() == 32);
    struct stat info {};
    REQUIRE(::stat(secrets.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);

    auto again = load_or_make_terminal_keys(secrets);
    REQUIRE(again.ok());
    CHECK(again->signing.secret_key == first->signing.secret_key);
    CHECK(again->data_key == first->data_key);
    auto credentials = load_credentials(secrets);
    REQUIRE(credentials.ok());
    CHECK(credentials->value() == device);  // the device section is kept

    // A signature made with the kept key verifies with its public half.
    SignedReceipt receipt{"7K3MQ9XC", device.device_id, 1795430000};
    CHECK(verify_receipt(sign_receipt(receipt, again->signing), {{device.device_id, first->signing.public_key}}).ok());
}

TEST_CASE("terminal keys: a damaged keys section is reported, never replaced, and a file others can read is refused") {
    TempDir dir;
    std::filesystem::path secrets = dir.file("terminal.secrets.json");
    REQUIRE(write_secrets_section(secrets, "keys", {{"signing_public", "AAAA"}, {"data_key", 12}}).ok());
    auto damaged = load_or_make_terminal_keys(secrets);
    REQUIRE_FALSE(damaged.ok());
    CHECK(damaged.error().code == "secrets.bad_keys");
    CHECK(read_secrets_file(secrets).value()["keys"]["signing_public"] == "AAAA");  // left for a person

    std::filesystem::path open = dir.file("open.secrets.json");
    REQUIRE(write_secrets_section(open, "device", nlohmann::json::object()).ok());
    ::chmod(open.c_str(), 0644);
    CHECK(load_or_make_terminal_keys(open).error().code == "secrets.too_open");
}

TEST_CASE("sealed data: reads back only with its key and unaltered, and hides what it holds") {
    TempDir dir;
    auto keys = load_or_make_terminal_keys(dir.file("t.secrets.json"));
    REQUIRE(keys.ok());
    std::string personal = R"({"ci":"85031412345","name":"María Pérez"})";
    std::string sealed = seal_data(personal, keys->data_key);
    CHECK(sealed.find("85031412345") == std::string::npos);
    CHECK(sealed.find("Mar") == std::string::npos);
    CHECK(seal_data(personal, keys->data_key) != sealed);  // a new nonce every time
    auto opened = open_sealed_data(sealed, keys->data_key);
    REQUIRE(opened.ok());
    CHECK(opened.value() == personal);

    for (std::size_t i = 0; i < sealed.size(); i += 7) {
        std::string altered = sealed;
        altered[i] = static_cast<char>(altered[i] ^ 0x01);
        CHECK(open_sealed_data(altered, keys->data_key).error().code == "sealed.damaged");
    }
    CHECK(open_sealed_data(sealed.substr(0, 20), keys->data_key).error().code == "sealed.damaged");
    auto other = load_or_make_terminal_keys(dir.file("other.secrets.json"));
    CHECK(open_sealed_data(sealed, other->data_key).error().code == "sealed.damaged");
}
