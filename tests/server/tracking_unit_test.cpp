// The tracking pieces of ventanilla-central without a server: event checks, CSV, demo histories.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "kiosk/tracking_flow.h"
#include "kiosk/upu_events.h"
#include "server/demo_data.h"
#include "server/event_import.h"
#include "server/server_options.h"
#include "server/tracking.h"

using namespace ventanilla;

namespace {

nlohmann::json valid_event() {
    return {{"event_id", "ev-1"},
            {"item_id", "rr-123-456-785-cu"},
            {"code", "EMG"},
            {"time", "2026-11-20T09:05:00.750-05:00"},
            {"office_code", "CU10400"},
            {"office_name", "Correos Plaza"},
            {"location", "La Habana"},
            {"country", "CU"}};
}

}  // namespace

TEST_CASE("an uploaded event is normalised: canonical item id, UTC time to the second") {
    auto event = parse_tracking_event(valid_event());
    REQUIRE_MESSAGE(event.ok(), event.failure_text());
    CHECK(event->item_id == "RR123456785CU");
    CHECK(event->time == "2026-11-20T14:05:00Z");
    CHECK(event->time_s == 1'795'183'500);
    CHECK_FALSE(event->counter.has_value());

    nlohmann::json with_counter = valid_event();
    with_counter["counter"] = "2";
    CHECK(parse_tracking_event(with_counter)->counter == "2");
    with_counter["counter"] = "";
    CHECK_FALSE(parse_tracking_event(with_counter)->counter.has_value());
    with_counter["counter"] = nullptr;
    CHECK(parse_tracking_event(with_counter).ok());
}

TEST_CASE("each kind of bad event is rejected with its reason") {
    struct Case {
        const char* key;
        nlohmann::json value;  // null: remove the key
        const char* reason;
    };
    const Case cases[] = {
        {"event_id", nullptr, "missing_field"},
        {"office_name", "", "missing_field"},
        {"note", "x", "unknown_field"},
        {"code", 3, "invalid_field"},
        {"location", "La\nHabana", "invalid_field"},
        {"location", std::string(201, 'a'), "invalid_field"},
        {"counter", 2, "invalid_field"},
        {"item_id", "RR123456784CU", "invalid_item_id"},
        {"item_id", "GP-1234567890-93", "invalid_item_id"},
        {"code", "emg", "unknown_code"},
        {"time", "2026-11-20 14:05:00Z", "invalid_time"},
        {"time", "2026-02-29T10:00:00Z", "invalid_time"},
        {"time", "2026-11-20T14:05:00", "invalid_time"},
        {"country", "XX", "unknown_country"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.key);
        CAPTURE(c.value.dump());
        nlohmann::json json = valid_event();
        if (c.value.is_null()) {
            json.erase(c.key);
        } else {
            json[c.key] = c.value;
        }
        auto event = parse_tracking_event(json);
        REQUIRE_FALSE(event.ok());
        CHECK(rejection_reason(event.error()) == c.reason);
        CHECK_FALSE(event.error().detail.empty());
    }
    auto not_object = parse_tracking_event(nlohmann::json::array());
    REQUIRE_FALSE(not_object.ok());
    CHECK(rejection_reason(not_object.error()) == "not_an_object");
}

TEST_CASE("CSV: quotes, doubled quotes, CRLF, newlines in quotes, BOM, blank lines") {
    auto rows = parse_csv(
        "\xEF\xBB\xBF"
        "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\n\n\"two\nlines\",,z");
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 3);
    CHECK((*rows)[0].line == 1);
    CHECK((*rows)[0].fields == std::vector<std::string>{"a", "b", "c"});
    CHECK((*rows)[1].line == 2);
    CHECK((*rows)[1].fields == std::vector<std::string>{"x, y", "say \"hi\"", ""});
    CHECK((*rows)[2].line == 4);
    CHECK((*rows)[2].fields == std::vector<std::string>{"two\nlines", "", "z"});

    auto open_quote = parse_csv("a,b\n\"never closed,x\n");
    REQUIRE_FALSE(open_quote.ok());
    CHECK(open_quote.error().code == "import.bad_csv");
}

TEST_CASE("the demo histories are valid uploads, in time order, with unique ids") {
    const std::int64_t now_s = 1'795'400'000;  // 2026-11-22
    const auto events = demo_tracking_events(now_s);
    std::set<std::string> event_ids;
    std::map<std::string, std::int64_t> last_time;
    for (const PostalEvent& event : events) {
        CAPTURE(event.event_id);
        CHECK(event_ids.insert(event.event_id).second);
        CHECK(normalise_tracking_id(event.item_id).value() == event.item_id);
        nlohmann::json json = to_json(event);
        json["item_id"] = event.item_id;
        auto parsed = parse_tracking_event(json);
        REQUIRE_MESSAGE(parsed.ok(), parsed.failure_text());
        CHECK(*parsed == event);
        CHECK(event.time_s < now_s);
        CHECK(event.time_s > now_s - 40 * 24 * 3600);
        // Listed oldest first per item.
        if (last_time.contains(event.item_id)) {
            CHECK(event.time_s > last_time[event.item_id]);
        }
        last_time[event.item_id] = event.time_s;
    }
    const auto ids = demo_item_ids();
    CHECK(ids.size() >= 8);
    CHECK(last_time.size() == ids.size());
    CHECK(ids.front() == "RR123456785CU");
    CHECK(std::set<std::string>(ids.begin(), ids.end()).contains("GP-4000012345-97"));
    // Every code of the event list appears in some demo history.
    std::set<std::string> codes;
    for (const PostalEvent& event : events) {
        codes.insert(event.code);
    }
    for (const UpuEvent& upu : upu_events()) {
        CHECK_MESSAGE(codes.contains(std::string(upu.code)), upu.code);
    }
}

TEST_CASE("--import-events takes a file name and switches to importing") {
    auto command = parse_command_line({"--db", "central.db", "--import-events", "events.csv"});
    REQUIRE_MESSAGE(command.ok(), command.failure_text());
    CHECK(command->action == CommandLine::Action::import_events);
    CHECK(command->options.import_events_path == "events.csv");
    CHECK(parse_command_line({"--db", "central.db", "--import-events=e.csv"})->action ==
          CommandLine::Action::import_events);
    CHECK_FALSE(parse_command_line({"--db", "central.db", "--import-events"}).ok());
    CHECK_FALSE(parse_command_line({"--db", "central.db", "--import-events="}).ok());
    CHECK_FALSE(parse_command_line({"--import-events", "events.csv"}).ok());  // --db required
}
