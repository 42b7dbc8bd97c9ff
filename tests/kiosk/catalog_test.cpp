#include "kiosk/catalog.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace ventanilla;
using nlohmann::json;

namespace {

Office sample_office() {
    return {"hav-plaza",
            "HAB-01",
            {"Correos de Cuba — Oficina Plaza", "Cuban Post — Plaza Office"},
            {"Av. Rancho Boyeros y 20 de Mayo", "Plaza de la Revolución", "La Habana"},
            {{"giros",
              "B",
              {"Giros postales", "Postal money orders"},
              {{{1, 2, 3, 4, 5}, "08:00", "17:00"}, {{6}, "08:00", "12:00"}}}}};
}

// The error of reading `catalog` after `edit` has spoiled it.
Error error_after(const std::function<void(json&)>& edit) {
    json catalog = to_json(make_catalog({sample_office()}));
    edit(catalog);
    auto result = catalog_from_json(catalog);
    REQUIRE_FALSE(result.ok());
    return result.error();
}

}  // namespace

TEST_CASE("a catalog survives the trip through JSON text unchanged, accents included") {
    const Catalog catalog = make_catalog({sample_office()});
    const std::string text = to_json(catalog).dump();
    CHECK(text.find("Revoluci\xC3\xB3n") != std::string::npos);  // UTF-8, not \u00f3

    auto back = parse_catalog(text);
    REQUIRE_MESSAGE(back.ok(), back.failure_text());
    CHECK(*back == catalog);
}

TEST_CASE("the catalog version follows the content and nothing else") {
    const Office office = sample_office();
    Office renamed = office;
    renamed.services[0].name.es = "Giros";
    CHECK(catalog_version({office}) == catalog_version({sample_office()}));
    CHECK(catalog_version({office}) != catalog_version({renamed}));
    CHECK(catalog_version({}) != catalog_version({office}));
    CHECK(catalog_version({office}).size() == 32);
}

TEST_CASE("reading a bad catalog names the JSON path of the first bad value") {
    struct Case {
        std::function<void(json&)> edit;
        std::string path;
        std::string reason;
    };
    const std::vector<Case> cases = {
        {[](json& c) { c.erase("version"); }, "$.version", "is missing"},
        {[](json& c) { c["offices"] = json::object(); }, "$.offices", "expected an array"},
        {[](json& c) { c["offices"][0]["name"]["es"] = 5; }, "$.offices[0].name.es",
         "expected a string"},
        {[](json& c) { c["offices"][0]["id"] = "Plaza!"; }, "$.offices[0].id",
         "expected lower-case letters, digits and '-'"},
        {[](json& c) { c["offices"][0]["address"].erase("municipality"); },
         "$.offices[0].address.municipality", "is missing"},
        {[](json& c) { c["offices"][0]["services"][0]["prefix"] = "b"; },
         "$.offices[0].services[0].prefix", "expected one capital letter A-Z"},
        {[](json& c) { c["offices"][0]["services"][0]["hours"][1]["days"][0] = 8; },
         "$.offices[0].services[0].hours[1].days[0]", "expected a weekday from 1 (Monday) to 7"},
        {[](json& c) { c["offices"][0]["services"][0]["hours"][0]["opens"] = "8:00"; },
         "$.offices[0].services[0].hours[0].opens", "expected a time as HH:MM"},
        {[](json& c) { c["offices"][0]["services"][0]["hours"][0]["closes"] = "07:59"; },
         "$.offices[0].services[0].hours[0].closes", "must be later than opens"},
        {[](json& c) { c["offices"].push_back(c["offices"][0]); }, "$.offices[1].id",
         "repeats another office's id"},
        {[](json& c) {
             json copy = c["offices"][0]["services"][0];
             copy["id"] = "otro";
             c["offices"][0]["services"].push_back(copy);
         },
         "$.offices[0].services[1].prefix", "repeats another service's prefix"},
    };
    for (const Case& c : cases) {
        const Error error = error_after(c.edit);
        CAPTURE(error.detail);
        CHECK(error.code == "catalog.invalid");
        CHECK(error.message_key == "error.catalog.invalid");
        CHECK(error.args.at("path") == c.path);
        CHECK(error.args.at("reason") == c.reason);
        CHECK(error.detail == c.path + ": " + c.reason);
    }
}

TEST_CASE("unknown keys are ignored so older terminals read newer catalogs") {
    json catalog = to_json(make_catalog({sample_office()}));
    catalog["offices"][0]["phone"] = "+53 7 000 0000";
    catalog["offices"][0]["services"][0]["form"] = "giro-nacional";
    auto result = catalog_from_json(catalog);
    REQUIRE_MESSAGE(result.ok(), result.failure_text());
    CHECK(result->offices[0] == sample_office());
}

TEST_CASE("text that is not JSON is a malformed catalog, not a crash") {
    auto result = parse_catalog("{\"version\": ");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == "catalog.malformed");
    CHECK(parse_catalog("[]").error().detail == "$: expected an object");
}

namespace {

Office office_with_queue() {
    Office office = sample_office();
    office.services[0].counters = {2, 3};
    office.queue = {{FairnessKind::aging, 3},
                    {{"elderly", 15, {"Personas mayores", "Older people"}},
                     {"appointment", 30, {"Cita previa", "Appointment"}}},
                    true};
    return office;
}

Error queue_error_after(const std::function<void(json&)>& edit) {
    json catalog = to_json(make_catalog({office_with_queue()}));
    edit(catalog);
    auto result = catalog_from_json(catalog);
    REQUIRE_FALSE(result.ok());
    return result.error();
}

}  // namespace

TEST_CASE("queue settings and counters survive the trip through JSON") {
    const Catalog catalog = make_catalog({office_with_queue()});
    const json written = to_json(catalog);
    const json& queue = written["offices"][0]["queue"];
    CHECK(queue["policy"] == "aging");
    CHECK(queue["normals_per_priority"] == 3);
    CHECK(queue["priority_groups"][0] ==
          json{{"id", "elderly"}, {"weight", 15}, {"name", {{"es", "Personas mayores"}, {"en", "Older people"}}}});
    CHECK(queue["call_by_number"] == true);
    CHECK(written["offices"][0]["services"][0]["counters"] == json{2, 3});
    auto back = parse_catalog(written.dump());
    REQUIRE_MESSAGE(back.ok(), back.failure_text());
    CHECK(*back == catalog);
    CHECK(catalog_version({office_with_queue()}) != catalog_version({sample_office()}));
}

TEST_CASE("a catalog written before queues existed loads with the default queue settings") {
    json catalog = to_json(make_catalog({office_with_queue()}));
    catalog["offices"][0].erase("queue");
    catalog["offices"][0]["services"][0].erase("counters");
    auto result = catalog_from_json(catalog);
    REQUIRE_MESSAGE(result.ok(), result.failure_text());
    const Office& office = result->offices[0];
    CHECK(office.queue == QueueSettings{});
    CHECK(office.queue.fairness.kind == FairnessKind::interleave);
    CHECK(office.queue.priority_groups.empty());  // the kiosk asks no priority question
    CHECK_FALSE(office.queue.call_by_number);
    CHECK(office.services[0].counters.empty());
    // call_by_number came later than the rest of "queue": absent means no.
    json without_flag = to_json(make_catalog({office_with_queue()}));
    without_flag["offices"][0]["queue"].erase("call_by_number");
    CHECK_FALSE(catalog_from_json(without_flag)->offices[0].queue.call_by_number);
}

TEST_CASE("bad queue settings and counters name their JSON path") {
    struct Case {
        std::function<void(json&)> edit;
        std::string path;
        std::string reason;
    };
    const std::vector<Case> cases = {
        {[](json& c) { c["offices"][0]["queue"] = "fair"; }, "$.offices[0].queue",
         "expected an object"},
        {[](json& c) { c["offices"][0]["queue"]["policy"] = "random"; },
         "$.offices[0].queue.policy", "expected \"strict\", \"aging\" or \"interleave\""},
        {[](json& c) { c["offices"][0]["queue"]["normals_per_priority"] = 0; },
         "$.offices[0].queue.normals_per_priority", "expected a whole number from 1 to 100"},
        {[](json& c) { c["offices"][0]["queue"].erase("priority_groups"); },
         "$.offices[0].queue.priority_groups", "is missing"},
        {[](json& c) { c["offices"][0]["queue"]["priority_groups"][1]["weight"] = 2.5; },
         "$.offices[0].queue.priority_groups[1].weight", "expected a whole number from 1 to 1000"},
        {[](json& c) { c["offices"][0]["queue"]["priority_groups"][1]["id"] = "elderly"; },
         "$.offices[0].queue.priority_groups[1].id", "repeats another group's id"},
        {[](json& c) { c["offices"][0]["queue"]["priority_groups"][0]["name"].erase("en"); },
         "$.offices[0].queue.priority_groups[0].name.en", "is missing"},
        {[](json& c) { c["offices"][0]["queue"]["call_by_number"] = "yes"; },
         "$.offices[0].queue.call_by_number", "expected true or false"},
        {[](json& c) { c["offices"][0]["services"][0]["counters"] = json{1, 1000}; },
         "$.offices[0].services[0].counters[1]", "expected a counter number from 1 to 999"},
        {[](json& c) { c["offices"][0]["services"][0]["counters"] = json{4, 4}; },
         "$.offices[0].services[0].counters[1]", "repeats a counter"},
    };
    for (const Case& c : cases) {
        const Error error = queue_error_after(c.edit);
        CAPTURE(error.detail);
        CHECK(error.code == "catalog.invalid");
        CHECK(error.args.at("path") == c.path);
        CHECK(error.args.at("reason") == c.reason);
    }
}
