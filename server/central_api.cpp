#include "server/central_api.h"

#include <sodium.h>

#include <optional>

#include "kiosk/tracking_flow.h"

namespace ventanilla {

namespace {

constexpr const char* kPrefix = "/api/v1";

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

nlohmann::json office_summary(const Office& office) {
    nlohmann::json json = to_json(office);
    json.erase("services");
    json["service_count"] = office.services.size();
    return json;
}

}  // namespace

std::string content_etag(std::string_view prefix, const nlohmann::json& listing) {
    const std::string canonical = listing.dump();
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(canonical.data()),
                       canonical.size(), nullptr, 0);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return "\"" + std::string(prefix) + "-" + hex + "\"";
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    while (!if_none_match.empty()) {
        const auto comma = if_none_match.find(',');
        std::string_view candidate = trim(if_none_match.substr(0, comma));
        if_none_match =
            comma == std::string_view::npos ? std::string_view() : if_none_match.substr(comma + 1);
        // If-None-Match uses the weak comparison (RFC 9110 13.1.2).
        if (candidate.starts_with("W/")) {
            candidate.remove_prefix(2);
        }
        if (candidate == "*" || candidate == etag) {
            return true;
        }
    }
    return false;
}

void CentralApi::add_routes(HttpRouter& router) {
    const std::string prefix = kPrefix;
    router.add("GET", prefix + "/health", [this](const ApiRequest& r) { return health(r); });
    router.add("GET", prefix + "/catalog", [this](const ApiRequest& r) { return catalog(r); });
    router.add("GET", prefix + "/offices", [this](const ApiRequest& r) { return offices(r); });
    router.add("GET", prefix + "/offices/([^/]+)",
               [this](const ApiRequest& r) { return office(r); });
    // Anything after /tracking/, slashes included: a mistyped id that decodes to
    // "RR 123/../x" deserves 400 tracking.invalid_id, not a bare 404.
    router.add("GET", prefix + "/tracking/(.+)",
               [this](const ApiRequest& r) { return tracking(r); });
    // AUTHENTICATION HOOK: only the postal system may upload events. When device
    // and system tokens arrive (their own issue), check the bearer token here,
    // before the body is looked at, and answer 401/403.
    router.add(
        "POST", prefix + "/tracking/events",
        [this](const ApiRequest& r) { return post_tracking_events(r); }, RequestBody::json);
}

ApiResponse CentralApi::health(const ApiRequest&) const {
    const std::string time = rfc3339_utc(clock_());
    if (auto status = store_.check(); !status) {
        ApiResponse response = error_response(503, "unavailable", "the database does not answer");
        response.log_note = status.error().describe();
        return response;
    }
    return json_response({{"status", "ok"},
                          {"version", version_},
                          {"store", std::string(store_.backend())},
                          {"time", time}});
}

ApiResponse CentralApi::catalog(const ApiRequest& request) const {
    auto offices = store_.offices();
    if (!offices) {
        return store_failure(offices.error());
    }
    const Catalog catalog = make_catalog(std::move(offices).value());
    const std::string etag = "\"" + catalog.version + "\"";
    // Terminals may keep the catalog but must ask before using it again.
    std::vector<std::pair<std::string, std::string>> headers = {{"ETag", etag},
                                                                {"Cache-Control", "no-cache"}};
    if (etag_matches(request.header("If-None-Match"), etag)) {
        ApiResponse response;
        response.status = 304;
        response.headers = std::move(headers);
        return response;
    }
    ApiResponse response = json_response(to_json(catalog));
    response.headers = std::move(headers);
    return response;
}

ApiResponse CentralApi::offices(const ApiRequest&) const {
    auto offices = store_.offices();
    if (!offices) {
        return store_failure(offices.error());
    }
    nlohmann::json list = nlohmann::json::array();
    for (const Office& office : *offices) {
        list.push_back(office_summary(office));
    }
    return json_response({{"offices", std::move(list)}});
}

ApiResponse CentralApi::office(const ApiRequest& request) const {
    const std::string& id = request.captures.at(0);
    auto office = store_.office(id);
    if (!office) {
        return store_failure(office.error());
    }
    if (!office->has_value()) {
        return error_response(404, "not_found", "no office with id \"" + id + "\"");
    }
    return json_response(to_json(**office));
}

ApiResponse CentralApi::tracking(const ApiRequest& request) const {
    const std::string& text = request.captures.at(0);
    auto item_id = normalise_tracking_id(text);
    if (!item_id) {
        return error_response(
            400, "tracking.invalid_id",
            "not an S10 item id or a giro reference: " + item_id.error().describe());
    }
    auto events = store_.tracking_events(*item_id);
    if (!events) {
        return store_failure(events.error());
    }
    if (!events->has_value()) {
        return error_response(404, "tracking.not_found", "no events for item " + *item_id);
    }
    nlohmann::json list = nlohmann::json::array();
    for (const PostalEvent& event : **events) {
        list.push_back(to_json(event));
    }
    ApiResponse response = json_response({{"item_id", *item_id},
                                          {"events", std::move(list)},
                                          {"fetched_at", rfc3339_utc(clock_())}});
    // Tracking changes any minute; a terminal keeps its own copy with fetched_at.
    response.headers = {{"Cache-Control", "no-store"}};
    return response;
}

ApiResponse CentralApi::post_tracking_events(const ApiRequest& request) const {
    const nlohmann::json& body = request.body;
    if (!body.is_object() || !body.contains("events") || !body["events"].is_array()) {
        return error_response(400, "tracking.invalid_batch",
                              "the body must be an object with an \"events\" array");
    }
    for (const auto& [key, value] : body.items()) {
        if (key != "events") {
            return error_response(400, "tracking.invalid_batch",
                                  "unknown field \"" + key.substr(0, 40) + "\" in the batch");
        }
    }
    const auto& events = body["events"];
    if (events.size() > kMaxTrackingEventsPerBatch) {
        return error_response(413, "tracking.batch_too_large",
                              std::to_string(events.size()) + " events in one batch; at most " +
                                  std::to_string(kMaxTrackingEventsPerBatch));
    }
    const std::vector<nlohmann::json> items(events.begin(), events.end());
    const auto received_at =
        std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
    auto results = store_tracking_events(store_, items, received_at);
    if (!results) {
        return store_failure(results.error());
    }
    nlohmann::json list = nlohmann::json::array();
    for (const TrackingEventResult& result : *results) {
        list.push_back(to_json(result));
    }
    return json_response({{"results", std::move(list)}});
}

Result<std::vector<TrackingEventResult>> store_tracking_events(
    CentralStore& store, const std::vector<nlohmann::json>& events, std::int64_t received_at_s) {
    std::vector<TrackingEventResult> results(events.size());
    std::vector<PostalEvent> valid;
    std::vector<std::size_t> valid_index;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const nlohmann::json& json = events[i];
        if (json.is_object()) {
            const auto id = json.find("event_id");
            if (id != json.end() && id->is_string()) {
                results[i].event_id = id->get<std::string>().substr(0, 200);
            }
        }
        auto event = parse_tracking_event(json);
        if (!event) {
            results[i].status = "rejected";
            results[i].reason = std::string(rejection_reason(event.error()));
            results[i].message = event.error().detail;
            continue;
        }
        valid.push_back(std::move(event).value());
        valid_index.push_back(i);
    }
    auto writes = store.put_tracking_events(valid, received_at_s);
    if (!writes) {
        return writes.error();
    }
    for (std::size_t v = 0; v < valid.size(); ++v) {
        TrackingEventResult& result = results[valid_index[v]];
        switch ((*writes)[v]) {
            case TrackingWrite::accepted:
                result.status = "accepted";
                break;
            case TrackingWrite::duplicate:
                result.status = "duplicate";
                break;
            case TrackingWrite::conflict:
                result.status = "rejected";
                result.reason = "conflict";
                result.message = "event " + valid[v].event_id +
                                 " is already stored with other content; it was not changed";
                break;
        }
    }
    return results;
}

nlohmann::json to_json(const TrackingEventResult& result) {
    nlohmann::json json = {{"event_id", result.event_id}, {"status", result.status}};
    if (!result.reason.empty()) {
        json["reason"] = result.reason;
        json["message"] = result.message;
    }
    return json;
}

}  // namespace ventanilla
