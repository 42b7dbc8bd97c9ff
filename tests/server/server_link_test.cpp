// ServerLink against the real server: the catalog is kept on disk and serves a start without
// the server; a damaged copy is ignored, never trusted.
#include "kiosk/server_link.h"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/support/central.h"
#include "tests/support/process.h"

using namespace ventanilla;
using namespace ventanilla::testing;
namespace fs = std::filesystem;

TEST_CASE("server link: the catalog is kept on disk and used when the server is away at start") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    TempDir dir;
    fs::path kept = fs::path(dir.path()) / "data" / "catalog.json";

    std::string version;
    {
        ServerLink link(central->base_url(), 100ms, [] {}, kept);
        REQUIRE(wait_until([&] { return link.catalog().has_value(); }, 10s, 20ms));
        version = link.catalog()->version;
        CHECK(link.status().catalog_version == version);
        // Probes go on with If-None-Match: the catalog stays the same object, not refetched.
        std::this_thread::sleep_for(400ms);
        CHECK(link.catalog()->version == version);
    }
    REQUIRE(fs::exists(kept));
    CHECK(fs::status(kept).permissions() != fs::perms::none);

    // The server is gone; a new start reads the kept copy before any probe answers.
    std::string nowhere = "http://127.0.0.1:" + std::to_string(free_port());
    {
        ServerLink link(nowhere, 100ms, [] {}, kept);
        auto catalog = link.catalog();
        REQUIRE(catalog.has_value());
        CHECK(catalog->version == version);
        CHECK_FALSE(catalog->offices.empty());
        CHECK(link.status().catalog_version == version);
    }

    // A damaged copy (a power cut on an old version, a full disk) is not used.
    std::ofstream(kept, std::ios::trunc) << R"({"version": "x", "offices": [)";
    {
        ServerLink link(nowhere, 100ms, [] {}, kept);
        CHECK_FALSE(link.catalog().has_value());
    }
    // And the server's next answer replaces it whole.
    {
        ServerLink link(central->base_url(), 100ms, [] {}, kept);
        REQUIRE(wait_until([&] { return link.catalog().has_value(); }, 10s, 20ms));
    }
    std::ifstream in(kept);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(parse_catalog(text).ok());
}

TEST_CASE("server link: the procedure forms are fetched with their ETag, kept, and offered when the server is away") {
    TempDir forms_dir;
    fs::copy(fs::path(VENTANILLA_SOURCE_DIR) / "assets/forms", forms_dir.path(), fs::copy_options::recursive);
    auto central = CentralServer::start({.extra_args = {"--forms", forms_dir.path()}});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    TempDir dir;
    fs::path catalog = fs::path(dir.path()) / "data" / "catalog.json";
    fs::path kept = fs::path(dir.path()) / "data" / "forms.json";

    std::string etag;
    {
        ServerLink link(central->base_url(), 100ms, [] {}, catalog);
        REQUIRE(wait_until([&] { return link.forms().has_value(); }, 10s, 20ms));
        auto forms = link.forms();
        CHECK(forms->latest().size() == 6);
        REQUIRE(forms->find("postal-giro", 1) != nullptr);
        etag = forms->etag;
        CHECK_FALSE(etag.empty());
        CHECK(link.status().forms_etag == etag);
        REQUIRE(wait_until([&] { return link.status().probes >= 3; }, 10s, 20ms));
    }
    REQUIRE(fs::exists(kept));
    // The next probes asked with If-None-Match and were answered 304 Not Modified.
    CHECK(central->log().find("GET /api/v1/forms 304") != std::string::npos);

    std::string nowhere = "http://127.0.0.1:" + std::to_string(free_port());
    {
        ServerLink link(nowhere, 100ms, [] {}, catalog);
        auto forms = link.forms();
        REQUIRE(forms.has_value());
        CHECK(forms->etag == etag);
        CHECK(forms->latest().size() == 6);
    }

    // A new version on the server reaches the terminal with the next probe.
    std::ifstream in(fs::path(forms_dir.path()) / "postal-giro.json");
    auto giro = nlohmann::json::parse(in);
    giro["version"] = 2;
    giro["title"]["es"] = "Giro postal nacional (nuevo)";
    std::ofstream(fs::path(forms_dir.path()) / "postal-giro-2.json") << giro.dump(2);
    REQUIRE(central->stop() == 0);
    auto restarted = CentralServer::start({.db_path = central->db_path(), .extra_args = {"--forms", forms_dir.path()}});
    REQUIRE_MESSAGE(restarted.ok(), restarted.failure_text());
    {
        ServerLink link(restarted->base_url(), 100ms, [] {}, catalog);
        REQUIRE(wait_until([&] { return link.status().forms_etag != etag && !link.status().forms_etag.empty(); }, 10s,
                           20ms));
        auto forms = link.forms();
        bool newest_is_2 = false;
        for (const auto* form : forms->latest()) {
            if (form->id == "postal-giro") newest_is_2 = form->version == 2;
        }
        CHECK(newest_is_2);
        CHECK(forms->find("postal-giro", 1) != nullptr);  // both versions are listed by the server
    }
}
