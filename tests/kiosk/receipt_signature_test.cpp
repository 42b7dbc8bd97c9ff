// A receipt's signed code: a genuine one is read back; one altered anywhere, or signed by
// another key, is refused as forged; one from a terminal without a known key is flagged.
#include <doctest/doctest.h>

#include "kiosk/receipt_signature.h"

using namespace ventanilla;

namespace {

const SignedReceipt kReceipt{"7K3MQ9XC", "3f0c1a52-7d1e-4c55-9a0b-2b6d1e9f4a10", 1795430000};

}  // namespace

TEST_CASE("receipt signature: a genuine receipt reads back with its reference, terminal and time") {
    SigningKeys keys = make_signing_keys();
    CHECK(keys.public_key.size() == 32);
    CHECK(keys.secret_key.size() == 64);
    std::string code = sign_receipt(kReceipt, keys);
    CHECK(code.starts_with("VS1:7K3MQ9XC."));
    CHECK(code.size() < 200);  // a QR code a thermal printer prints small
    CHECK(looks_like_receipt_code(code));
    CHECK_FALSE(looks_like_receipt_code("RR123456785CU"));

    KnownTerminals known{{kReceipt.terminal_id, keys.public_key}};
    auto read = verify_receipt(code, known);
    REQUIRE_MESSAGE(read.ok(), read.failure_text());
    CHECK(read.value() == kReceipt);
}

TEST_CASE("receipt signature: any character changed, another key or another terminal's name is refused") {
    SigningKeys keys = make_signing_keys();
    SigningKeys other = make_signing_keys();
    std::string code = sign_receipt(kReceipt, keys);
    KnownTerminals known{{kReceipt.terminal_id, keys.public_key}};

    // Every single character of the code changed to another one that keeps it well formed or not.
    int forged = 0, unreadable = 0;
    for (std::size_t i = 4; i < code.size(); ++i) {
        for (char replacement : {'A', 'Z', '7', '_'}) {
            if (code[i] == replacement) continue;
            std::string altered = code;
            altered[i] = replacement;
            auto read = verify_receipt(altered, known);
            REQUIRE_FALSE_MESSAGE(read.ok(), altered);
            std::string error = read.error().code;
            CHECK_MESSAGE((error == "receipt.forged" || error == "receipt.unreadable" ||
                           error == "receipt.unknown_terminal"),
                          error);
            forged += error == "receipt.forged";
            unreadable += error == "receipt.unreadable";
        }
    }
    CHECK(forged > 0);
    CHECK(unreadable > 0);

    // A later time, the same signature: the time is signed too.
    SignedReceipt later = kReceipt;
    later.issued_at_s += 86400;
    std::string moved = sign_receipt(later, keys);
    std::string spliced = moved.substr(0, moved.rfind('.')) + code.substr(code.rfind('.'));
    CHECK(verify_receipt(spliced, known).error().code == "receipt.forged");

    // Signed with another key under this terminal's name.
    CHECK(verify_receipt(sign_receipt(kReceipt, other), known).error().code == "receipt.forged");

    // A terminal this one has no key for.
    SignedReceipt stranger = kReceipt;
    stranger.terminal_id = "d1b8c7e0-0000-4000-8000-000000000001";
    auto unknown = verify_receipt(sign_receipt(stranger, other), known);
    CHECK(unknown.error().code == "receipt.unknown_terminal");
    CHECK(unknown.error().args.at("terminal") == stranger.terminal_id);

    for (const char* junk : {"", "VS1:", "VS1:....", "VS1:7K3MQ9XC.x.1.y", "VS1:7K3MQ9XD.YQ.1.AAAA", "hola"}) {
        CAPTURE(junk);
        CHECK(verify_receipt(junk, known).error().code == "receipt.unreadable");
    }
    CHECK(verify_receipt("VS1:" + std::string(5000, 'A'), known).error().code == "receipt.unreadable");
}
