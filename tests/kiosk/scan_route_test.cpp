#include "kiosk/scan_route.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "kiosk/giro_reference.h"
#include "kiosk/receipt_signature.h"
#include "kiosk/reference_code.h"
#include "kiosk/ticket.h"
#include "kiosk/uuid.h"

using namespace ventanilla;

namespace {

struct Routed {
    std::string text;
    ScanKind kind;
};

}  // namespace

TEST_CASE("scan routing: each kind of code goes to its flow") {
    const Routed routed[] = {
        {"RR123456785CU", ScanKind::s10_item},
        {"RB123456786US", ScanKind::s10_item},  // wrong check digit: tracking says so
        {"GP-1234567890-92", ScanKind::giro_reference},
        {make_giro_reference(42).to_string(), ScanKind::giro_reference},
        {"GP-1234567890-93", ScanKind::giro_reference},  // the giro flow reports it
        {"VS1:7K3MQ9XC.M2YwYzFhNTI.1795430000.c2ln", ScanKind::receipt_reference},
        {"VS1:x", ScanKind::receipt_reference},  // the receipt flow says what is wrong with it
        {"VT1:0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a", ScanKind::ticket_code},
        {"VT1:A-042", ScanKind::ticket_code},  // the ticket flow refuses it
        {"VT1:", ScanKind::unknown},           // a prefix with nothing after it
        {"VS1:", ScanKind::unknown},
        {"VT2:A-042", ScanKind::unknown},
        {"vt1:A-042", ScanKind::unknown},
        {"7K3M-Q9XC", ScanKind::unknown},  // receipts are scanned as their signed VS1: code
        {"rr123456785cu", ScanKind::unknown},
        {"RR 123 456 785 CU", ScanKind::unknown},
        {"RR123456785CUX", ScanKind::unknown},
        {"RR12345678CU", ScanKind::unknown},
        {"GP123456789092", ScanKind::unknown},
        {"GP-1234567890-9", ScanKind::unknown},
        {"GP-1234567890-921", ScanKind::unknown},
        {"https://example.org", ScanKind::unknown},
        {"", ScanKind::unknown},
    };
    for (const Routed& r : routed) {
        CAPTURE(r.text);
        CHECK(scan_kind_name(classify_scan(r.text)) == scan_kind_name(r.kind));
    }
}

TEST_CASE("scan routing: a later issue extends the table with its own rule") {
    ScanRouting routing = default_scan_routing();
    CHECK(classify_scan("VF1:birth-certificate", routing) == ScanKind::unknown);
    routing.rules.insert(routing.rules.begin(), {ScanKind::ticket_code, "A-", "999"});
    CHECK(classify_scan("A-042", routing) == ScanKind::ticket_code);
    CHECK(classify_scan("A-0420", routing) == ScanKind::unknown);
    CHECK(classify_scan("RR123456785CU", routing) == ScanKind::s10_item);

    // The first rule that matches wins.
    const ScanRouting everything_is_a_ticket{{{ScanKind::ticket_code, "", "*"}}};
    CHECK(classify_scan("RR123456785CU", everything_is_a_ticket) == ScanKind::ticket_code);
    CHECK(classify_scan("", everything_is_a_ticket) == ScanKind::unknown);
    CHECK(classify_scan("RR123456785CU", ScanRouting{}) == ScanKind::unknown);

    // '*' only ever ends a shape in the default table.
    for (const ScanRule& rule : default_scan_routing().rules) {
        CAPTURE(rule.shape);
        const std::size_t star = rule.shape.find('*');
        CHECK((star == std::string::npos || star + 1 == rule.shape.size()));
    }
}

TEST_CASE("scan routing: every reference we print is routed back to its flow") {
    std::uint32_t state = 1;
    const auto random = [&] { return state = state * 1'664'525u + 1'013'904'223u; };
    const SigningKeys keys = make_signing_keys();
    for (int i = 0; i < 200; ++i) {
        SignedReceipt receipt{generate_reference_code(random).symbols, make_uuid_v4(), 1795430000 + i};
        CHECK(classify_scan(sign_receipt(receipt, keys)) == ScanKind::receipt_reference);
        CHECK(classify_scan(make_giro_reference(random()).to_string()) == ScanKind::giro_reference);
        std::string ticket = "VT1:" + make_uuid_v4();  // devices/ticket_receipt.h prints this
        CHECK(classify_scan(ticket) == ScanKind::ticket_code);
        CHECK(ticket_id_from_code(ticket).has_value());
    }
}

TEST_CASE("scan sanitizing: terminators trimmed, text kept as it is") {
    const std::map<std::string, std::string> cleaned = {
        {"RR123456785CU\r\n", "RR123456785CU"},
        {"RR123456785CU\n", "RR123456785CU"},
        {"\t VT1:R:7K3M-Q9XC \r", "VT1:R:7K3M-Q9XC"},
        {"VT1:T:Añadir ¿sí? ¡€!", "VT1:T:Añadir ¿sí? ¡€!"},
        {"a b", "a b"},
    };
    for (const auto& [raw, text] : cleaned) {
        CAPTURE(raw);
        const Result<std::string> scan = sanitize_scan(raw);
        REQUIRE_MESSAGE(scan.ok(), scan.failure_text());
        CHECK(*scan == text);
    }

    const std::string longest(kMaxScanBytes, 'x');
    CHECK(sanitize_scan(longest).ok());
    CHECK(sanitize_scan(longest + "\r\n").ok());
}

TEST_CASE("scan sanitizing: refused, each for its reason") {
    struct Refused {
        std::string raw;
        const char* code;
        std::map<std::string, std::string> args;
    };
    const Refused refused[] = {
        {"", "scan.empty", {}},
        {" \r\n\t", "scan.empty", {}},
        {std::string(513, 'x'), "scan.too_long", {{"length", "513"}, {"limit", "512"}}},
        {std::string(100'000, '9'), "scan.too_long", {{"length", "100000"}, {"limit", "512"}}},
        {"RR123\xFF", "scan.invalid_utf8", {{"position", "6"}}},
        {"ñ\xC3", "scan.invalid_utf8", {{"position", "3"}}},
        {"\xED\xA0\x80", "scan.invalid_utf8", {{"position", "1"}}},       // a surrogate
        {"\xC0\xAF", "scan.invalid_utf8", {{"position", "1"}}},           // overlong "/"
        {"RR123\x1B[2J", "scan.control_character", {{"position", "6"}}},  // terminal escape
        {std::string("VT1:T:\0rm", 9), "scan.control_character", {{"position", "7"}}},
        {"ñ\x7F", "scan.control_character", {{"position", "2"}}},
        {"a\nb", "scan.control_character", {{"position", "2"}}},
        {"a\tb", "scan.control_character", {{"position", "2"}}},
        {"\x1D"
         "0104012345678901",
         "scan.control_character",
         {{"position", "1"}}},                                        // GS1 FNC1
        {"a\u0085b", "scan.control_character", {{"position", "2"}}},  // C1 next line
        {"\x02RR123456785CU\x03", "scan.control_character", {{"position", "1"}}},
    };
    for (const Refused& r : refused) {
        CAPTURE(r.raw.substr(0, 40));
        const Result<std::string> scan = sanitize_scan(r.raw);
        REQUIRE_FALSE(scan.ok());
        CHECK(scan.error().code == r.code);
        CHECK(scan.error().message_key == std::string("error.") + r.code);
        CHECK(scan.error().args == r.args);
    }
}
