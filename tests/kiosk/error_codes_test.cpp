// Every error code the sources can produce, and every key the UI asks for, has a text in es and en.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "devices/barcode_decode.h"
#include "devices/camera_v4l2.h"
#include "devices/image_scan_source.h"
#include "devices/pdf_folder_printer.h"
#include "devices/receipt_pdf.h"
#include "devices/serial_scanner.h"
#include "kiosk/catalog.h"
#include "kiosk/i18n.h"
#include "tests/kiosk/file_bytes.h"
#include "tests/support/process.h"
#include "tests/support/fixed_values.h"

using namespace ventanilla;
using ventanilla::testing::shipped_translations;
using ventanilla::kiosk_test::read_bytes;
using ventanilla::kiosk_test::write_bytes;
using ventanilla::testing::TempDir;

namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = VENTANILLA_SOURCE_DIR;

// Codes a module builds at run time, so no literal names them in full. The literal
// the scan finds is listed here, with where it comes from.
const std::set<std::string> kBuiltAtRunTime = {
    "server.status_",  // kiosk/server_link.cpp: "server.status_" + the HTTP status of the health
                       // probe
};

// The source with comments blanked out, string and character literals kept, so a
// code named in a comment is not taken for one the program makes.
std::string without_comments(const std::string& text) {
    std::string out = text;
    size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 2, "//") == 0) {
            for (; i < text.size() && text[i] != '\n'; ++i) out[i] = ' ';
        } else if (text.compare(i, 2, "/*") == 0) {
            size_t end = text.find("*/", i + 2);
            end = end == std::string::npos ? text.size() : end + 2;
            for (; i < end; ++i) {
                if (text[i] != '\n') out[i] = ' ';
            }
        } else if (text.compare(i, 2, "R\"") == 0 &&
                   (i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) ||
                                text[i - 1] == '_'))) {
            size_t open = text.find('(', i + 2);
            if (open == std::string::npos) return out;
            std::string close = ")" + text.substr(i + 2, open - i - 2) + "\"";
            size_t end = text.find(close, open);
            i = end == std::string::npos ? text.size() : end + close.size();
        } else if (text[i] == '"' || text[i] == '\'') {
            const char quote = text[i++];
            while (i < text.size() && text[i] != quote && text[i] != '\n') {
                i += text[i] == '\\' ? 2 : 1;
            }
            ++i;
        } else {
            ++i;
        }
    }
    return out;
}

bool is_identifier_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Whether `name(` starts at `at` as a call of that name (not of some_name or name2).
bool is_call_of(const std::string& text, size_t at, std::string_view name) {
    if (text.compare(at, name.size(), name) != 0) return false;
    if (at > 0 && is_identifier_char(text[at - 1])) return false;
    size_t after = at + name.size();
    while (after < text.size() && std::isspace(static_cast<unsigned char>(text[after]))) ++after;
    return after < text.size() && text[after] == '(';
}

// The plain string literals (no escapes) between `begin` and `end`.
std::vector<std::string> literals_in(const std::string& text, size_t begin, size_t end) {
    std::vector<std::string> found;
    for (size_t quote = text.find('"', begin); quote < end; quote = text.find('"', quote + 1)) {
        size_t close = text.find('"', quote + 1);
        if (close == std::string::npos || close >= end) break;
        found.push_back(text.substr(quote + 1, close - quote - 1));
        quote = close;
    }
    return found;
}

// Where the first argument of the call whose '(' follows `at` ends: its ',' or ')'.
size_t first_argument_end(const std::string& text, size_t open) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = open + 1; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '(' || c == '{' || c == '[') {
            ++depth;
        } else if (c == ')' || c == '}' || c == ']') {
            if (depth == 0) return i;
            --depth;
        } else if (c == ',' && depth == 0) {
            return i;
        }
    }
    return text.size();
}

// "module.what" or "module.sub.what": lower-case letters, digits and '_' around the dots.
bool looks_like_key(const std::string& s) {
    if (s.empty() || !std::islower(static_cast<unsigned char>(s.front())) || s.back() == '.' ||
        s.find("..") != std::string::npos || s.find('.') == std::string::npos) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '.';
    });
}

// Literal keys in the first argument of every call of `name`: tr("a.b"), make_error(x ? "a.b" :
// "c.d").
void add_first_argument_keys(const std::string& text, std::string_view name,
                             std::vector<std::string>& keys) {
    for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
        if (!is_call_of(text, at, name)) continue;
        size_t open = text.find('(', at);
        for (const std::string& literal : literals_in(text, open, first_argument_end(text, open))) {
            if (looks_like_key(literal)) keys.push_back(literal);
        }
    }
}

// The codes a source file makes: make_error's first argument, the entries of every
// k...ErrorCodes list (and JsonFileErrorCodes kFileCodes{...}), and codes chosen
// before the call (`code = "printer.disk_full"`, `last_error_code = "serial.disconnected"`).
std::vector<std::string> error_codes_in(const std::string& text) {
    std::vector<std::string> codes;
    add_first_argument_keys(text, "make_error", codes);

    for (size_t at = text.find("ErrorCodes"); at != std::string::npos;
         at = text.find("ErrorCodes", at + 1)) {
        size_t brace = at + std::string_view("ErrorCodes").size();
        // "JsonFileErrorCodes kFileCodes{": skip the name of the variable.
        while (brace < text.size() && (is_identifier_char(text[brace]) ||
                                       std::isspace(static_cast<unsigned char>(text[brace])))) {
            ++brace;
        }
        if (brace >= text.size() || text[brace] != '{') continue;
        size_t close = text.find('}', brace);
        for (const std::string& literal : literals_in(text, brace, close)) {
            if (looks_like_key(literal)) codes.push_back(literal);
        }
    }

    for (size_t at = text.find("code"); at != std::string::npos; at = text.find("code", at + 1)) {
        size_t after = at + 4;
        if (after < text.size() && is_identifier_char(text[after])) continue;
        while (after < text.size() && text[after] == ' ') ++after;
        if (after + 1 >= text.size() || text[after] != '=' || text[after + 1] == '=') continue;
        ++after;
        while (after < text.size() && text[after] == ' ') ++after;
        if (after >= text.size() || text[after] != '"') continue;
        size_t close = text.find('"', after + 1);
        std::string literal = text.substr(after + 1, close - after - 1);
        if (looks_like_key(literal)) codes.push_back(literal);
    }
    return codes;
}

bool is_source(const fs::path& path) {
    const std::string ext = path.extension().string();
    return ext == ".cpp" || ext == ".h";
}

// code -> the files that make it.
std::map<std::string, std::set<std::string>> error_codes_in_tree() {
    std::map<std::string, std::set<std::string>> codes;
    for (const char* folder : {"kiosk", "devices", "server", "ui"}) {
        for (const auto& entry : fs::recursive_directory_iterator(kSourceDir / folder)) {
            if (!entry.is_regular_file() || !is_source(entry.path())) continue;
            std::string text = without_comments(read_bytes(entry.path()));
            for (const std::string& code : error_codes_in(text)) {
                codes[code].insert(fs::relative(entry.path(), kSourceDir).string());
            }
        }
    }
    return codes;
}

// key -> the files that ask for it with tr("...").
std::map<std::string, std::set<std::string>> ui_keys_in_tree() {
    std::map<std::string, std::set<std::string>> keys;
    for (const auto& entry : fs::directory_iterator(kSourceDir / "ui")) {
        if (!entry.is_regular_file() || entry.path().extension() != ".cpp") continue;
        std::string text = without_comments(read_bytes(entry.path()));
        std::vector<std::string> found;
        add_first_argument_keys(text, "tr", found);
        for (const std::string& key : found) {
            keys[key].insert(fs::relative(entry.path(), kSourceDir).string());
        }
    }
    return keys;
}

std::string where(const std::string& key, const std::set<std::string>& files) {
    std::string text = key + " (";
    for (const auto& file : files) text += (text.back() == '(' ? "" : " ") + file;
    return text + ")";
}

}  // namespace

TEST_CASE("i18n: the source scan finds codes however they are written") {
    std::string text = without_comments(R"cpp(
        // make_error("in.comment") is not a code
        /* nor make_error("in.block") */
        inline constexpr std::array<std::string_view, 2> kThingErrorCodes{"thing.first",  // why
                                                                          "thing.second"};
        constexpr JsonFileErrorCodes kFileCodes{"json.missing", "json.syntax"};
        Error a = make_error("thing.direct", "x: " + std::string("not.code"));
        Error b = my_make_error("other.call");
        Error c = make_error(bad ? "thing.left" : "thing.right", "http://x");
        std::string code = "thing.chosen";
        s.last_error_code = "thing.remembered";
        if (e.code == "thing.compared") return;
        const char* url = "a // b";
        Error d = make_error("thing.after_slashes");
    )cpp");
    std::vector<std::string> codes = error_codes_in(text);
    std::sort(codes.begin(), codes.end());
    CHECK(codes == std::vector<std::string>{"json.missing", "json.syntax", "thing.after_slashes",
                                            "thing.chosen", "thing.direct", "thing.first",
                                            "thing.left", "thing.remembered", "thing.right",
                                            "thing.second"});

    std::vector<std::string> keys;
    add_first_argument_keys(R"(t.tr("a.b"); t.tr(big ? "c.d" : "e.f", {{"x", "1"}}); str("g.h");)",
                            "tr", keys);
    CHECK(keys == std::vector<std::string>{"a.b", "c.d", "e.f"});
}

TEST_CASE("i18n: every error code in kiosk, devices, server and ui has a text in each language") {
    auto codes = error_codes_in_tree();
    CHECK(codes.size() > 100);  // the scan itself still works
    for (const char* known : {"store.io", "store.io_error", "printer.disk_full", "config.syntax",
                              "serial.disconnected", "receipt.pdf_failed"}) {
        CHECK_MESSAGE(codes.count(known) == 1, "the scan no longer finds " << known);
    }
    for (const std::string& code : kBuiltAtRunTime) {
        CHECK_MESSAGE(codes.count(code) == 1, code << " is no longer made; drop it from the list");
    }

    for (std::string language : {"es", "en"}) {
        Translations t = shipped_translations(language);
        std::vector<std::string> missing;
        for (const auto& [code, files] : codes) {
            if (kBuiltAtRunTime.count(code) != 0) continue;
            if (!t.has("error." + code)) missing.push_back(where("error." + code, files));
        }
        std::string list;
        for (const auto& item : missing) list += "\n  " + item;
        CHECK_MESSAGE(missing.empty(), language << ".json has no text for:" << list);
    }
}

TEST_CASE("i18n: every key the UI asks for with tr(\"...\") has a text in each language") {
    auto keys = ui_keys_in_tree();
    CHECK(keys.size() > 10);  // the scan itself still works
    for (std::string language : {"es", "en"}) {
        Translations t = shipped_translations(language);
        std::vector<std::string> missing;
        for (const auto& [key, files] : keys) {
            if (!t.has(key)) missing.push_back(where(key, files));
        }
        std::string list;
        for (const auto& item : missing) list += "\n  " + item;
        CHECK_MESSAGE(missing.empty(), language << ".json has no text for:" << list);
    }
}

// Real errors of the devices and the catalog, made the way the program makes them, so each
// text is tried with the args its call sites really pass. (The server's codes are made in
// tests/server, which links the server; printer.disk_full, printer.write_failed and
// serial.line_too_long need a full disk or a device.)
TEST_CASE("i18n: real errors of the devices and the catalog translate with nothing left unfilled") {
    TempDir temp;
    const fs::path dir = temp.path();
    write_bytes(dir / "file", "not a folder");
    write_bytes(dir / "garbage.png", std::string(64, 'g'));

    std::vector<Error> errors;
    auto add = [&](const auto& result) {
        REQUIRE_FALSE(result.ok());
        errors.push_back(result.error());
    };
    add(decode_barcodes(GrayImageView{}));
    add(open_v4l2_camera({(dir / "no-video0").string()}));
    add(open_v4l2_camera({"/dev/null"}));
    add(parse_catalog("{"));
    add(parse_catalog("[]"));
    add(load_gray_image(dir / "missing.png"));
    add(load_gray_image(dir));
    add(load_gray_image(dir / "garbage.png"));
    ImageLoadOptions tiny;
    tiny.max_file_bytes = 8;
    add(load_gray_image(dir / "garbage.png", tiny));
    {
        PdfFolderPrinter printer({dir / "printed"});
        add(printer.print("not a PDF", {}));
        add(printer.job("no-such-job.pdf"));
        PdfFolderPrinter blocked({dir / "file" / "printed"});
        add(blocked.print("%PDF-1.4\n", {}));
    }
    add(render_receipt_pdf({{ReceiptBarcode{"Envío"}}}));
    add(render_receipt_pdf({{ReceiptBarcode{"ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdefghijklmnop"}}}));
    {
        ReceiptOptions no_paper;
        no_paper.margin_side_mm = 35;
        add(render_receipt_pdf({{ReceiptText{"x"}}}, no_paper));
        ReceiptDocument endless;
        for (int i = 0; i < 2000; ++i) endless.lines.push_back(ReceiptText{"línea"});
        add(render_receipt_pdf(endless));
    }
    add(probe_serial_scanner({(dir / "no-tty").string()}));
    add(probe_serial_scanner({"/dev/null"}));
    SerialScannerOptions odd_speed{"/dev/null"};
    odd_speed.baud = 12345;
    add(probe_serial_scanner(odd_speed));

    std::set<std::string> seen;
    for (const Error& error : errors) seen.insert(error.code);
    for (const char* code :
         {"barcode.invalid_image", "camera.not_found", "camera.not_a_camera", "catalog.malformed",
          "catalog.invalid", "image.not_found", "image.unreadable", "image.not_an_image",
          "image.too_large", "printer.invalid_request", "printer.unknown_job",
          "printer.folder_unwritable", "receipt.invalid_code", "receipt.code_too_wide",
          "receipt.invalid_options", "receipt.too_long", "serial.not_found", "serial.not_a_tty",
          "serial.bad_baud"}) {
        CHECK_MESSAGE(seen.count(code) == 1, "no real error made for " << code);
    }

    for (std::string language : {"es", "en"}) {
        Translations t = shipped_translations(language);
        for (const Error& error : errors) {
            std::string text = t.translate(error);
            CAPTURE(language);
            CAPTURE(error.describe());
            CAPTURE(text);
            CHECK(placeholders_in(text).empty());
            CHECK(text.find("⟦") == std::string::npos);
        }
    }
}
