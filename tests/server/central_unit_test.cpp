// In-process pieces of ventanilla-central: the SQLite store, options, ETag matching, demo data.
#include <doctest/doctest.h>
#include <httplib.h>

#include "server/central_api.h"
#include "server/demo_data.h"
#include "server/office_cache.h"
#include "server/server_options.h"
#include "server/sqlite_central_store.h"
#include "tests/support/process.h"

using namespace ventanilla;
using namespace ventanilla::testing;

TEST_CASE("the SQLite store gives back exactly the offices it was given") {
    TempDir dir("central-store-");
    auto store = SqliteCentralStore::open(dir.file("central.db"));
    REQUIRE_MESSAGE(store.ok(), store.failure_text());
    CHECK((*store)->backend() == "sqlite");
    CHECK((*store)->check().ok());

    auto empty = (*store)->offices();
    REQUIRE(empty.ok());
    CHECK(empty->empty());

    const std::vector<Office> offices = demo_offices();
    REQUIRE((*store)->put_offices(offices).ok());
    auto all = (*store)->offices();
    REQUIRE(all.ok());
    CHECK(*all == offices);  // demo_offices() is already in id order

    auto one = (*store)->office("scu-central");
    REQUIRE(one.ok());
    REQUIRE(one->has_value());
    CHECK(**one == offices[2]);

    auto none = (*store)->office("nowhere");
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());
}

TEST_CASE("storing an office again replaces its services, a failed batch stores nothing") {
    TempDir dir("central-store-");
    auto store = SqliteCentralStore::open(dir.file("central.db"));
    REQUIRE(store.ok());
    std::vector<Office> offices = demo_offices();
    REQUIRE((*store)->put_offices(offices).ok());

    Office plaza = offices[1];
    plaza.services.pop_back();
    plaza.services[0].hours = {{{1, 3, 5}, "09:00", "13:00"}};
    REQUIRE((*store)->put_offices(std::vector<Office>{plaza}).ok());
    auto stored = (*store)->office("hav-plaza");
    REQUIRE(stored.ok());
    CHECK(**stored == plaza);

    // Two offices may not share a code: the second one fails, the first is rolled back.
    Office fresh = plaza;
    fresh.id = "hav-nueva";
    fresh.code = "HAB-99";
    Office clash = plaza;
    clash.id = "hav-otra";
    auto failed = (*store)->put_offices(std::vector<Office>{fresh, clash});
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == "store.io");
    auto after = (*store)->office("hav-nueva");
    REQUIRE(after.ok());
    CHECK_FALSE(after->has_value());
}

TEST_CASE("the store reopens a database it made, at the same schema, with the same data") {
    TempDir dir("central-store-");
    const std::string path = dir.file("central.db");
    {
        auto store = SqliteCentralStore::open(path);
        REQUIRE(store.ok());
        REQUIRE(load_demo_data(**store, 1'795'000'000).ok());
    }
    auto again = SqliteCentralStore::open(path);
    REQUIRE_MESSAGE(again.ok(), again.failure_text());
    auto offices = (*again)->offices();
    REQUIRE(offices.ok());
    CHECK(*offices == demo_offices());
}

TEST_CASE("demo data: three offices in three places, every name in both languages") {
    const std::vector<Office> offices = demo_offices();
    REQUIRE(offices.size() == 3);
    for (const Office& office : offices) {
        CAPTURE(office.id);
        CHECK_FALSE(office.name.es.empty());
        CHECK_FALSE(office.name.en.empty());
        CHECK(office.name.es != office.name.en);
        for (const Service& service : office.services) {
            CHECK_FALSE(service.name.en.empty());
            CHECK_FALSE(service.hours.empty());
        }
        // What the catalog reader accepts is what the server may serve.
        CHECK(office_from_json(to_json(office)).ok());
    }
}

TEST_CASE("If-None-Match: exact, weak, in a list, or a star") {
    const std::string etag = "\"abc\"";
    CHECK(etag_matches("\"abc\"", etag));
    CHECK(etag_matches("W/\"abc\"", etag));
    CHECK(etag_matches("\"x\", \"abc\"", etag));
    CHECK(etag_matches(" \"x\" ,W/\"abc\" ", etag));
    CHECK(etag_matches("*", etag));
    CHECK_FALSE(etag_matches("", etag));
    CHECK_FALSE(etag_matches("abc", etag));
    CHECK_FALSE(etag_matches("\"abcd\"", etag));
}

TEST_CASE("options: defaults, both spellings of a value, help and version win") {
    auto minimal = parse_command_line({"--db", "c.db"});
    REQUIRE(minimal.ok());
    CHECK(minimal->action == CommandLine::Action::serve);
    CHECK(minimal->options.database == "c.db");
    CHECK(minimal->options.store_kind == StoreKind::sqlite);
    CHECK(minimal->options.listen_address == "127.0.0.1");
    CHECK(minimal->options.port == 8080);
    CHECK(minimal->options.max_body_bytes == 1024 * 1024);
    CHECK_FALSE(minimal->options.demo_data);

    auto full = parse_command_line({"--db=c.db", "--listen", "0.0.0.0", "--port=0", "--port-file",
                                    "p", "--demo-data", "--max-body-bytes", "4096"});
    REQUIRE_MESSAGE(full.ok(), full.failure_text());
    CHECK(full->options.listen_address == "0.0.0.0");
    CHECK(full->options.port == 0);
    CHECK(full->options.port_file == "p");
    CHECK(full->options.demo_data);
    CHECK(full->options.max_body_bytes == 4096);

    CHECK(parse_command_line({"--port", "x", "--help"}).ok() == false);  // left to right
    CHECK(parse_command_line({"--help"})->action == CommandLine::Action::help);
    CHECK(parse_command_line({"--version", "--bogus"})->action == CommandLine::Action::version);
    auto flag_with_value = parse_command_line({"--db", "c.db", "--demo-data=yes"});
    REQUIRE_FALSE(flag_with_value.ok());
    CHECK(flag_with_value.error().code == "options.invalid");
    CHECK(flag_with_value.error().detail == "--demo-data takes no value");
}

namespace {

// A store whose database has gone away: every call fails as SQLite would.
class BrokenStore final : public CentralStore {
public:
    std::string_view backend() const override { return "broken"; }
    Status check() override { return make_error("store.io", "disk I/O error"); }
    Result<std::vector<Office>> offices() override {
        return make_error("store.io", "read offices: disk I/O error");
    }
    Result<std::optional<Office>> office(std::string_view) override {
        return make_error("store.io", "read offices: disk I/O error");
    }
    Status put_offices(std::span<const Office>) override {
        return make_error("store.io", "disk full");
    }
    Result<std::optional<std::vector<PostalEvent>>> tracking_events(std::string_view) override {
        return make_error("store.io", "read tracking events: disk I/O error");
    }
    Result<std::vector<TrackingWrite>> put_tracking_events(std::span<const PostalEvent>,
                                                           std::int64_t) override {
        return make_error("store.io", "disk full");
    }
};

}  // namespace

TEST_CASE("a failing store gives 503 on health and 500 elsewhere, the reason only in the log") {
    BrokenStore store;
    const auto noon = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    CentralApi api(
        store, [&] { return noon; }, "9.9.9");
    httplib::Request http;
    const ApiRequest request{http, {"hav-plaza"}, nullptr};

    const ApiResponse health = api.health(request);
    CHECK(health.status == 503);
    CHECK((*health.body)["error"]["code"] == "unavailable");
    CHECK(health.log_note == "store.io: disk I/O error");

    for (const ApiResponse& response :
         {api.catalog(request), api.offices(request), api.office(request)}) {
        CHECK(response.status == 500);
        CHECK((*response.body)["error"]["code"] == "internal");
        CHECK(response.body->dump().find("disk") == std::string::npos);
        CHECK(response.log_note == "store.io: read offices: disk I/O error");
    }
}

TEST_CASE("health reports the version, the store and the clock it is given") {
    TempDir dir("central-api-");
    auto store = SqliteCentralStore::open(dir.file("central.db"));
    REQUIRE(store.ok());
    const auto moment = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    CentralApi api(
        **store, [&] { return moment; }, "9.9.9");
    httplib::Request http;
    const ApiResponse health = api.health(ApiRequest{http, {}, nullptr});
    CHECK(health.status == 200);
    CHECK(*health.body == nlohmann::json{{"status", "ok"},
                                         {"version", "9.9.9"},
                                         {"store", "sqlite"},
                                         {"time", "2023-11-14T22:13:20Z"}});
}

TEST_CASE("the office cache answers from memory for its moment, then reads the store again") {
    TempDir dir("central-store-");
    auto store = SqliteCentralStore::open(dir.file("central.db"));
    REQUIRE(store.ok());
    std::vector<Office> offices = demo_offices();
    REQUIRE((*store)->put_offices(offices).ok());
    OfficeCache cache(**store, std::chrono::seconds(1));
    const auto start = OfficeCache::Clock::now();

    auto first = cache.office("hav-plaza", start);
    REQUIRE(first.ok());
    REQUIRE(first->has_value());
    CHECK(**first == offices[1]);

    // Another process renames the office: within the moment the kept copy answers, after
    // it the store's.
    offices[1].name.es = "Correos de la Plaza (renovado)";
    REQUIRE((*store)->put_offices(offices).ok());
    auto kept = cache.office("hav-plaza", start + std::chrono::milliseconds(900));
    REQUIRE(kept.ok());
    CHECK((*kept)->name.es != offices[1].name.es);
    auto fresh = cache.office("hav-plaza", start + std::chrono::milliseconds(1100));
    REQUIRE(fresh.ok());
    CHECK((*fresh)->name.es == offices[1].name.es);

    auto none = cache.office("nowhere", start);
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());
}
