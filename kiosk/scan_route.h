// What a scanned code is (postal item, giro, receipt, ticket) and whether its text is safe to use.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla {

enum class ScanKind { s10_item, giro_reference, receipt_reference, ticket_code, unknown };

// "s10_item", "giro_reference", …: for logs and test output.
std::string_view scan_kind_name(ScanKind kind);

// One way to recognise a scan: the text starts with `prefix` (exact bytes) and
// the rest has `shape`. In a shape 'A' is a letter A–Z, '9' a digit 0–9, '*'
// one or more characters of any kind and must come last; any other character
// stands for itself. Shapes are exact, as a scanner sends what was printed;
// the flow a scan is routed to then parses it and reports what is wrong.
struct ScanRule {
    ScanKind kind = ScanKind::unknown;
    std::string prefix;  // "VT1:"
    std::string shape;   // "*", "AA999999999AA"

    bool operator==(const ScanRule&) const = default;
};

// The rules in the order they are tried; the first that matches decides.
// A new kind of code is a new rule: add it to default_scan_routing, or append
// it to a copy of that table where a flow needs its own.
struct ScanRouting {
    std::vector<ScanRule> rules;
};

// What we print: queue tickets carry "VT1:<ticket uuid>", procedure receipts the signed
// "VS1:<reference>.<terminal>.<time>.<signature>"; giro receipts print "GP-1234567890-92";
// postal items carry their S10 id "RR123456785CU".
ScanRouting default_scan_routing();

// Which flow should handle `text`, a scan that went through sanitize_scan.
ScanKind classify_scan(std::string_view text, const ScanRouting& routing);
ScanKind classify_scan(std::string_view text);  // with default_scan_routing()

// Most bytes we accept from a scanner; the QR payloads we print are far shorter.
inline constexpr std::size_t kMaxScanBytes = 512;

// Every error code sanitize_scan can produce, with its message arguments (each
// has a key in assets/i18n).
inline constexpr std::array<std::string_view, 4> kScanErrorCodes{
    "scan.empty",              // nothing but whitespace
    "scan.too_long",           // length, limit: in bytes, after the trimming
    "scan.invalid_utf8",       // position: of the first bad byte, from 1
    "scan.control_character",  // position: of the character, from 1; ASCII C0, DEL, C1
};

// A scan made safe to show and to route, or the reason it is refused. Spaces,
// tabs, CR and LF around the text are removed (scanners end with Enter or
// CR LF); a control character anywhere else is reported, never passed on.
Result<std::string> sanitize_scan(std::string_view raw);

}  // namespace ventanilla
