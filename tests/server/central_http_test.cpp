// The HTTP API of the real ventanilla-central binary, over loopback.
#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "kiosk/catalog.h"
#include "kiosk/version.h"
#include "tests/support/central.h"
#include "tests/support/loopback_socket.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

// Sends one raw request and returns everything the server answers.
std::string send_raw(int port, const std::string& request) {
    LoopbackSocket socket(port);
    REQUIRE(socket.connected());
    REQUIRE(socket.send(request));
    return socket.receive_response();
}

}  // namespace

TEST_CASE_TEMPLATE("health answers ok with version, store and an RFC 3339 UTC time", Backend,
                   OnSqlite, OnPostgresql) {
    Result<CentralServer> central =
        CentralServer::start({.demo_data = false, .backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());

    auto reply = central->client().Get("/api/v1/health");
    REQUIRE(reply);
    CHECK(reply->status == 200);
    CHECK(reply->get_header_value("Content-Type") == "application/json; charset=utf-8");
    CHECK(reply->has_header("Date"));  // terminals measure their clock offset from it
    const auto body = body_json(reply);
    CHECK(body["status"] == "ok");
    CHECK(body["version"] == std::string(kVersion));
    CHECK(body["store"] == (Backend::value == StoreBackend::sqlite ? "sqlite" : "postgresql"));
    const std::string time = body["time"].get<std::string>();
    CHECK(std::regex_match(time, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)")));
}

TEST_CASE_TEMPLATE("the demo catalog lists three offices with their services, accents intact",
                   Backend, OnSqlite, OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());

    auto reply = central->client().Get("/api/v1/catalog");
    REQUIRE(reply);
    REQUIRE(reply->status == 200);
    // The raw bytes are UTF-8, not \u escapes: "Trámites" is 54 72 C3 A1 ...
    CHECK(reply->body.find("Oficina de Tr\xC3\xA1mites Centro Habana") != std::string::npos);

    auto catalog = parse_catalog(reply->body);
    REQUIRE_MESSAGE(catalog.ok(), catalog.failure_text());
    CHECK(catalog->version == catalog_version(catalog->offices));
    CHECK(reply->get_header_value("ETag") == "\"" + catalog->version + "\"");
    REQUIRE(catalog->offices.size() == 3);

    const Office& centro = catalog->offices[0];
    CHECK(centro.id == "hav-centro");
    CHECK(centro.name.es == "Oficina de Trámites Centro Habana");
    const Office& plaza = catalog->offices[1];
    CHECK(plaza.name.es == "Correos de Cuba — Oficina Plaza");
    CHECK(plaza.address.municipality == "Plaza de la Revolución");
    CHECK(plaza.address.province == "La Habana");
    REQUIRE(plaza.services.size() == 3);
    CHECK(plaza.services[0].prefix == "A");
    CHECK(plaza.services[0].name.es == "Envíos y paquetería");
    CHECK(plaza.services[0].name.en == "Shipping and parcels");
    CHECK(plaza.services[0].hours.size() == 2);
    const Office& santiago = catalog->offices[2];
    CHECK(santiago.name.es == "Correos Santiago — Oficina Central");
    std::string prefixes;
    for (const Service& service : santiago.services) {
        prefixes += service.prefix;
    }
    CHECK(prefixes == "ABCDEQ");
    CHECK(santiago.services[2].name.es == "Trámites de identidad (carné)");
    CHECK(santiago.services[4].name.es == "Licencias de conducción");
}

TEST_CASE_TEMPLATE("the catalog honours If-None-Match with 304 and no body", Backend, OnSqlite,
                   OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto client = central->client();

    auto first = client.Get("/api/v1/catalog");
    REQUIRE(first);
    const std::string etag = first->get_header_value("ETag");
    REQUIRE(etag.size() == 34);  // 32 hex digits in quotes

    auto same = client.Get("/api/v1/catalog", {{"If-None-Match", etag}});
    REQUIRE(same);
    CHECK(same->status == 304);
    CHECK(same->body.empty());
    CHECK(same->get_header_value("ETag") == etag);

    auto weak_in_list = client.Get("/api/v1/catalog", {{"If-None-Match", "\"old\", W/" + etag}});
    REQUIRE(weak_in_list);
    CHECK(weak_in_list->status == 304);

    auto stale = client.Get("/api/v1/catalog", {{"If-None-Match", "\"0123\""}});
    REQUIRE(stale);
    CHECK(stale->status == 200);
    CHECK(body_json(stale)["version"] == etag.substr(1, 32));
}

TEST_CASE_TEMPLATE("offices: a list of summaries, one office in full, 404 JSON for a missing one",
                   Backend, OnSqlite, OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto client = central->client();

    auto list = client.Get("/api/v1/offices");
    REQUIRE(list);
    CHECK(list->status == 200);
    const auto offices = body_json(list)["offices"];
    REQUIRE(offices.size() == 3);
    CHECK(offices[1]["id"] == "hav-plaza");
    CHECK(offices[1]["code"] == "HAB-01");
    CHECK(offices[1]["service_count"] == 3);
    CHECK_FALSE(offices[1].contains("services"));

    auto one = client.Get("/api/v1/offices/scu-central");
    REQUIRE(one);
    CHECK(one->status == 200);
    auto office = office_from_json(body_json(one));
    REQUIRE_MESSAGE(office.ok(), office.failure_text());
    CHECK(office->address.street == "Calle Aguilera No. 519, esquina a Clarín");
    CHECK(office->services.size() == 6);

    check_error(client.Get("/api/v1/offices/no-such-office"), 404, "not_found");
    check_error(client.Get("/api/v1/nothing-here"), 404, "not_found");
    check_error(client.Get("/"), 404, "not_found");
}

TEST_CASE_TEMPLATE("a method the path does not take is 405 JSON with Allow, an unknown one 501",
                   Backend, OnSqlite, OnPostgresql) {
    Result<CentralServer> central =
        CentralServer::start({.demo_data = false, .backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto client = central->client();

    auto removed = client.Delete("/api/v1/catalog");
    check_error(removed, 405, "method_not_allowed");
    CHECK(removed->get_header_value("Allow") == "GET, HEAD, OPTIONS");
    check_error(client.Put("/api/v1/offices/hav-plaza", "{}", "application/json"), 405,
                "method_not_allowed");
    check_error(client.Post("/api/v1/health", "{}", "application/json"), 405, "method_not_allowed");

    auto options = client.Options("/api/v1/offices");
    REQUIRE(options);
    CHECK(options->status == 204);
    CHECK(options->get_header_value("Allow") == "GET, HEAD, OPTIONS");

    const std::string trace = send_raw(central->port(),
                                       "TRACE /api/v1/catalog HTTP/1.1\r\nHost: x\r\n"
                                       "Connection: close\r\n\r\n");
    CHECK(trace.starts_with("HTTP/1.1 405"));
    CHECK(http_body(trace).find("\"method_not_allowed\"") != std::string::npos);

    const std::string unknown = send_raw(central->port(),
                                         "BREW /api/v1/catalog HTTP/1.1\r\nHost: x\r\n"
                                         "Connection: close\r\n\r\n");
    CHECK(unknown.starts_with("HTTP/1.1 501"));
    CHECK(nlohmann::json::parse(http_body(unknown))["error"]["code"] == "method_not_implemented");

    const std::string garbage = send_raw(central->port(), "this is not http\r\n\r\n");
    CHECK(garbage.starts_with("HTTP/1.1 400"));
    CHECK(nlohmann::json::parse(http_body(garbage))["error"]["code"] == "bad_request");
}

TEST_CASE_TEMPLATE("a body over --max-body-bytes (default 1 MiB) is refused with 413 JSON", Backend,
                   OnSqlite, OnPostgresql) {
    Result<CentralServer> central =
        CentralServer::start({.demo_data = false, .backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto client = central->client();
    const std::size_t mebibyte = 1024 * 1024;

    // At the limit the body is read and the route decides: this path takes no POST.
    check_error(client.Post("/api/v1/catalog", std::string(mebibyte, ' '), "application/json"), 405,
                "method_not_allowed");
    check_error(client.Post("/api/v1/catalog", std::string(mebibyte + 1, ' '), "application/json"),
                413, "payload_too_large");

    // The server is still there afterwards.
    auto health = client.Get("/api/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);

    Result<CentralServer> small = CentralServer::start(
        {.demo_data = false, .backend = Backend::value, .extra_args = {"--max-body-bytes", "64"}});
    REQUIRE_MESSAGE(small.ok(), small.failure_text());
    check_error(small->client().Post("/api/v1/offices", std::string(65, 'x'), "text/plain"), 413,
                "payload_too_large");
}

TEST_CASE_TEMPLATE("every request is logged with method, path, status and duration, never a body",
                   Backend, OnSqlite, OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto client = central->client();
    REQUIRE(client.Get("/api/v1/catalog"));
    REQUIRE(client.Get("/api/v1/offices/missing"));
    REQUIRE(client.Post("/api/v1/catalog", "secret-citizen-data", "application/json"));

    std::string log;
    // A line is written after its response went out, by whichever worker
    // served it, so the lines may lag and come in any order.
    const bool logged = wait_until(
        [&] {
            log = central->log();
            return log.find("request POST /api/v1/catalog 405 ") != std::string::npos &&
                   log.find("request GET /api/v1/offices/missing 404 ") != std::string::npos &&
                   log.find("request GET /api/v1/catalog 200 ") != std::string::npos;
        },
        2s);
    CHECK_MESSAGE(logged, log);
    const std::regex line(
        R"(\n\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z request GET /api/v1/catalog 200 \d+\.\dms 127\.0\.0\.1\n)");
    CHECK_MESSAGE(std::regex_search(log, line), log);
    CHECK(log.find("secret-citizen-data") == std::string::npos);
}
