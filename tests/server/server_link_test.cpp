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
    REQUIRE_MESSAGE(central.ok(), central.error().describe());
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
