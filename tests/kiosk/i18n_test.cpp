#include "kiosk/i18n.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "kiosk/atomic_file.h"
#include "kiosk/config.h"
#include "kiosk/sqlite_db.h"
#include "kiosk/store.h"
#include "tests/kiosk/file_bytes.h"
#include "tests/support/process.h"
#include "tests/support/fixed_values.h"

using namespace ventanilla;
using ventanilla::testing::shipped_translations;
using ventanilla::kiosk_test::read_bytes;
using ventanilla::kiosk_test::write_bytes;
using ventanilla::testing::TempDir;

namespace {

const std::filesystem::path kI18nDir = std::filesystem::path(VENTANILLA_SOURCE_DIR) / "assets/i18n";

Translations from_text(std::string_view json) {
    auto loaded = Translations::from_json_text(json, "es", "test.json");
    REQUIRE_MESSAGE(loaded.ok(), loaded.failure_text());
    return std::move(loaded).value();
}

// The error codes of the modules that own these files: config, store, i18n, atomic files.
std::vector<std::string> core_error_codes() {
    std::vector<std::string> codes;
    for (auto code : kConfigErrorCodes) codes.emplace_back(code);
    for (auto code : kSqliteErrorCodes) codes.emplace_back(code);
    for (auto code : kStoreErrorCodes) codes.emplace_back(code);
    for (auto code : kI18nErrorCodes) codes.emplace_back(code);
    for (auto code : kAtomicFileErrorCodes) codes.emplace_back(code);
    return codes;
}

// Real errors, made the way the program makes them, to translate in full.
std::vector<Error> real_core_errors() {
    std::vector<Error> errors;
    auto add_config = [&](const char* json) {
        ConfigCheck check = parse_config(json, "terminal.json");
        REQUIRE_FALSE(check.ok());
        errors.insert(errors.end(), check.problems().begin(), check.problems().end());
    };
    add_config(R"({"role": "kiosko", "office_id": "La Habana", "terminal_number": 0,
                   "server_url": "ftp://x", "language": 1, "idle_timeout_s": "60",
                   "display": {"ui_scale": 9, "fullscreen": 1}, "scanner": [],
                   "printer": {"backend": "cups", "paper_width_mm": 2.5},
                   "data_dir": "", "extra": 1, "extra": 2})");
    add_config(R"({"server_url": "http://10.1.1.1", "scanner": {"source": "serial",
                   "serial_device": ""}})");
    add_config(R"({"display": {"ui_scale": "auto"}})");
    add_config(R"({"server_key_pin": "sha1//abc"})");
    add_config("[1]");
    add_config("{\"role\": }");
    errors.push_back(load_config("/nonexistent/terminal.json").problems().front());
    errors.push_back(load_config("/").problems().front());
    {
        TempDir temp;
        std::filesystem::path dir = temp.path();
        write_bytes(dir / "bad.json", "{");
        write_bytes(dir / "last.json", R"({"role": 0})");
        auto in_effect = load_config_with_fallback(dir / "bad.json", dir / "last.json");
        errors.insert(errors.end(), in_effect.problems.begin(), in_effect.problems.end());
    }
    errors.push_back(write_file_atomically("/nonexistent/dir/file", "x").error());

    for (int code : {SQLITE_BUSY, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_IOERR, SQLITE_CANTOPEN,
                     SQLITE_READONLY, SQLITE_CONSTRAINT, SQLITE_ERROR}) {
        errors.push_back(sqlite_error(nullptr, code, "test"));
    }
    {
        TempDir temp;
        std::filesystem::path dir = temp.path();
        write_bytes(dir / "garbage.db", std::string(4096, 'g'));
        errors.push_back(LocalStore::open(dir / "garbage.db").error());
        {
            auto db = SqliteDb::open(dir / "other.db", SqliteDb::OpenMode::create_if_missing);
            REQUIRE(db->exec("CREATE TABLE t (x)").ok());
        }
        errors.push_back(LocalStore::open(dir / "other.db").error());
        {
            auto store = LocalStore::open(dir / "new.db");
            REQUIRE(store.ok());
            REQUIRE(store->db().exec("PRAGMA user_version = 99").ok());
        }
        errors.push_back(LocalStore::open(dir / "new.db").error());
        std::vector<StoreMigration> broken(local_store_migrations().begin(),
                                           local_store_migrations().end());
        broken.push_back({broken.back().version + 1, "SELECT * FROM nowhere"});
        errors.push_back(LocalStore::open(dir / "fresh.db", {}, broken).error());
        write_bytes(dir / "file", "");
        errors.push_back(LocalStore::open(dir / "file" / "sub" / "x.db").error());
    }

    errors.push_back(load_translations(kI18nDir, "../etc").error());
    errors.push_back(load_translations("/nonexistent", "es").error());
    {
        TempDir temp;
        std::filesystem::create_directory(std::filesystem::path(temp.path()) / "es.json");
        errors.push_back(load_translations(temp.path(), "es").error());  // a folder, not a file
    }
    for (const char* json : {"{\"a\": ", "[]", R"({"a": 1})", R"({"a": "x", "a": "y"})"}) {
        errors.push_back(Translations::from_json_text(json, "es", "x.json").error());
    }
    return errors;
}

// String literals in C++ source that look like one of the core's error codes:
// "config.x", "store.x", "i18n.x" or "file.x", with x of lower-case letters and '_'.
std::vector<std::string> code_literals(const std::string& source) {
    std::vector<std::string> codes;
    for (size_t quote = source.find('"'); quote != std::string::npos;
         quote = source.find('"', quote + 1)) {
        for (std::string prefix : {"config.", "store.", "i18n.", "file."}) {
            if (source.compare(quote + 1, prefix.size(), prefix) != 0) continue;
            size_t end = quote + 1 + prefix.size();
            while (end < source.size() &&
                   (std::islower(static_cast<unsigned char>(source[end])) || source[end] == '_')) {
                ++end;
            }
            if (end > quote + 1 + prefix.size() && end < source.size() && source[end] == '"') {
                codes.push_back(source.substr(quote + 1, end - quote - 1));
            }
        }
    }
    return codes;
}

std::string join(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

}  // namespace

TEST_CASE("i18n: nested objects become dotted keys, placeholders are filled") {
    Translations t = from_text(R"({
      "home": {"welcome": "Bienvenido", "called": "{ticket} → Ventanilla {number}"},
      "error.flat": "Plano: {detail}"
    })");
    CHECK(t.language() == "es");
    CHECK(t.has("home.welcome"));
    CHECK(t.tr("home.welcome") == "Bienvenido");
    CHECK(t.tr("home.called", {{"ticket", "A-042"}, {"number", "3"}}) == "A-042 → Ventanilla 3");
    CHECK(t.tr("error.flat", {{"detail", "x"}}) == "Plano: x");
    CHECK(t.texts().size() == 3);
    CHECK(t.missing_keys().empty());
}

TEST_CASE("i18n: placeholders are filled once, unknown ones stay visible") {
    CHECK(fill_placeholders("{a} y {b}", {{"a", "{b}"}, {"b", "2"}}) == "{b} y 2");
    CHECK(fill_placeholders("{a} {missing}", {{"a", "1"}}) == "1 {missing}");
    CHECK(fill_placeholders("{ no } {} {a-b} {", {{"a", "1"}}) == "{ no } {} {a-b} {");
    CHECK(fill_placeholders("{x}{x}", {{"x", "ñ"}}) == "ññ");
    CHECK(placeholders_in("«{key}» entre {min} y {max}, {min}") ==
          std::set<std::string>{"key", "min", "max"});
    CHECK(placeholders_in("{ } {} {a b}").empty());
}

TEST_CASE("i18n: a missing key shows as ⟦key⟧ and is recorded") {
    Translations t = from_text(R"({"a": "A"})");
    CHECK(t.tr("home.nope") == "⟦home.nope⟧");
    CHECK(t.tr("other.nope", {{"x", "1"}}) == "⟦other.nope⟧");
    CHECK(t.tr("home.nope") == "⟦home.nope⟧");
    CHECK(t.missing_keys() == std::vector<std::string>{"home.nope", "other.nope"});

    Translations empty;
    CHECK(empty.tr("a") == "⟦a⟧");
    CHECK(empty.missing_keys() == std::vector<std::string>{"a"});
}

TEST_CASE("i18n: an error is translated with its args and its detail") {
    Translations t = from_text(R"({"error": {
      "store": {"newer_schema": "Esquema {found} > {supported} en {path}"},
      "x": {"y": "Falló: {detail}"}}})");
    Error newer = make_error("store.newer_schema", "ignored here",
                             {{"found", "7"}, {"supported", "1"}, {"path", "/d/t.db"}});
    CHECK(t.translate(newer) == "Esquema 7 > 1 en /d/t.db");
    CHECK(t.translate(make_error("x.y", "el disco")) == "Falló: el disco");

    // Without a text the marker is shown, followed by what the log would say.
    Error unknown = make_error("s10.unknown", "RR123");
    CHECK(t.translate(unknown) == "⟦error.s10.unknown⟧ s10.unknown: RR123");
    CHECK(t.missing_keys() == std::vector<std::string>{"error.s10.unknown"});
}

TEST_CASE("i18n: loading errors are values that say what is wrong") {
    TempDir temp;
    std::filesystem::path dir = temp.path();

    auto missing = load_translations(dir, "es");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "i18n.file_missing");
    CHECK(missing.error().args.at("path") == (dir / "es.json").string());

    for (std::string language : {"../x", "ES", "esp", "", "e/"}) {
        CAPTURE(language);
        auto invalid = load_translations(dir, language);
        REQUIRE_FALSE(invalid.ok());
        CHECK(invalid.error().code == "i18n.invalid_language");
    }

    write_bytes(dir / "en.json", "{\n  \"a\": \"A\",\n  \"b\": \"B\"\n  \"c\": \"C\"\n}\n");
    auto syntax = load_translations(dir, "en");
    REQUIRE_FALSE(syntax.ok());
    CHECK(syntax.error().code == "i18n.syntax");
    CHECK(syntax.error().args.at("line") == "4");
    CHECK(syntax.error().args.at("column") == "5");  // the end of the unexpected "c"

    auto not_text = Translations::from_json_text(R"({"a": {"b": ["x"]}})", "es", "x.json");
    REQUIRE_FALSE(not_text.ok());
    CHECK(not_text.error().code == "i18n.not_text");
    CHECK(not_text.error().args.at("key") == "a.b");

    auto twice = Translations::from_json_text(R"({"a": {"b": "1", "b": "2"}})", "es", "x.json");
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().code == "i18n.duplicate_key");
    CHECK(twice.error().args.at("key") == "a.b");

    auto nested_and_flat =
        Translations::from_json_text(R"({"a.b": "1", "a": {"b": "2"}})", "es", "x.json");
    REQUIRE_FALSE(nested_and_flat.ok());
    CHECK(nested_and_flat.error().code == "i18n.duplicate_key");
    CHECK(nested_and_flat.error().args.at("key") == "a.b");

    auto array = Translations::from_json_text("[]", "es", "x.json");
    REQUIRE_FALSE(array.ok());
    CHECK(array.error().code == "i18n.not_an_object");
}

TEST_CASE("i18n: the shipped languages have exactly the same keys") {
    Translations es = shipped_translations("es");
    Translations en = shipped_translations("en");
    std::vector<std::string> only_es;
    std::vector<std::string> only_en;
    for (const auto& [key, text] : es.texts()) {
        if (!en.has(key)) only_es.push_back(key);
    }
    for (const auto& [key, text] : en.texts()) {
        if (!es.has(key)) only_en.push_back(key);
    }
    CHECK_MESSAGE(only_es.empty(), "keys in es.json but not in en.json: " << join(only_es));
    CHECK_MESSAGE(only_en.empty(), "keys in en.json but not in es.json: " << join(only_en));
}

TEST_CASE("i18n: each shipped text has the same placeholders in both languages") {
    Translations es = shipped_translations("es");
    Translations en = shipped_translations("en");
    std::vector<std::string> differing;
    for (const auto& [key, text] : es.texts()) {
        if (!en.has(key)) continue;  // reported by the key-set test
        auto in_es = placeholders_in(text);
        auto in_en = placeholders_in(en.texts().find(key)->second);
        if (in_es != in_en) {
            differing.push_back(key + " (es: " + join({in_es.begin(), in_es.end()}) +
                                " | en: " + join({in_en.begin(), in_en.end()}) + ")");
        }
    }
    CHECK_MESSAGE(differing.empty(), "placeholders differ: " << join(differing));
}

// The counter's figures sit in a narrow column: a line may break between "·"-separated items,
// never inside one ("Atención: media 1 s · el 90 % menos de 1" with "s" alone below).
TEST_CASE("i18n: the counter's day figures break only between their items") {
    for (const char* language : {"es", "en"}) {
        CAPTURE(language);
        Translations t = shipped_translations(language);
        for (const char* key : {"counter.figures.clerk_counts", "counter.figures.office_counts",
                                "counter.figures.service", "counter.figures.wait", "counter.duration",
                                "counter.duration_s"}) {
            CAPTURE(key);
            REQUIRE(t.has(key));
            std::string text = t.texts().find(key)->second;
            for (std::size_t at = text.find(" · "); at != std::string::npos; at = text.find(" · ")) {
                text.replace(at, std::string(" · ").size(), "|");
            }
            CHECK_MESSAGE(text.find(' ') == std::string::npos,
                          "a breaking space inside an item; use U+00A0 (no-break space) there");
        }
    }
}

TEST_CASE("i18n: the shipped files are one object, keys sorted, 2-space indent, no empty text") {
    for (std::string file : {"es.json", "en.json"}) {
        CAPTURE(file);
        std::string text = read_bytes(kI18nDir / file);
        // nlohmann::json keeps keys sorted; its dump is the canonical form of the file.
        std::string canonical = nlohmann::json::parse(text).dump(2, ' ', false) + "\n";
        CHECK_MESSAGE(text == canonical,
                      file << " is not in canonical form; rewrite it with: python3 -m json.tool "
                              "--sort-keys --indent 2 --no-ensure-ascii");
        Translations t = from_text(text);
        for (const auto& [key, value] : t.texts()) {
            CHECK_MESSAGE(!value.empty(), "empty text for " << key);
        }
    }
}

TEST_CASE("i18n: every error code of config, store and i18n has a text in each language") {
    for (std::string language : {"es", "en"}) {
        Translations t = shipped_translations(language);
        std::vector<std::string> missing;
        for (const std::string& code : core_error_codes()) {
            if (!t.has("error." + code)) missing.push_back("error." + code);
        }
        CHECK_MESSAGE(missing.empty(), language << ".json lacks " << join(missing));
    }
}

TEST_CASE("i18n: the error codes written in the core's sources are all declared") {
    // A code typed in a .cpp but left out of its k...ErrorCodes list escapes the test above.
    std::set<std::string> declared;
    for (const std::string& code : core_error_codes()) declared.insert(code);
    std::vector<std::string> undeclared;
    size_t found = 0;
    for (const char* source : {"config.cpp", "store.cpp", "sqlite_db.cpp", "i18n.cpp",
                               "atomic_file.cpp", "json_file.cpp"}) {
        std::string text =
            read_bytes(std::filesystem::path(VENTANILLA_SOURCE_DIR) / "kiosk" / source);
        REQUIRE_MESSAGE(!text.empty(), source);
        for (const std::string& code : code_literals(text)) {
            ++found;
            if (declared.count(code) == 0) undeclared.push_back(std::string(source) + ": " + code);
        }
    }
    CHECK(found > 30);
    CHECK_MESSAGE(undeclared.empty(), "codes not in any k...ErrorCodes list: " << join(undeclared));
}

TEST_CASE("i18n: real errors of config, store and i18n translate with nothing left unfilled") {
    std::vector<Error> errors = real_core_errors();
    std::set<std::string> codes_seen;
    for (const Error& error : errors) codes_seen.insert(error.code);
    // The sample covers every declared code, so each text is tried with real args.
    std::vector<std::string> not_covered;
    for (const std::string& code : core_error_codes()) {
        if (codes_seen.count(code) == 0) not_covered.push_back(code);
    }
    CHECK_MESSAGE(not_covered.empty(), "no real error made for " << join(not_covered));

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
        CHECK_MESSAGE(t.missing_keys().empty(), "missing: " << join(t.missing_keys()));
    }
}
