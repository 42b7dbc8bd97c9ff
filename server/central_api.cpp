#include "server/central_api.h"

namespace ventanilla {

namespace {

constexpr const char* kPrefix = "/api/v1";

// The client gets a generic answer; the log gets the store's own words.
ApiResponse store_failure(const Error& error) {
    ApiResponse response = error_response(500, "internal", "the database failed");
    response.log_note = error.describe();
    return response;
}

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

}  // namespace ventanilla
