// CentralApi: the /api/v1 endpoints of ventanilla-central (health, catalog, offices, tracking).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "server/central_store.h"
#include "server/http_router.h"

namespace ventanilla {

// Reads the wall clock; tests pass a fixed one.
using WallClock = std::function<std::chrono::system_clock::time_point()>;

// Answers requests from a CentralStore. Holds no state of its own, so several
// server processes over one store answer alike. docs/protocol.md describes
// every endpoint.
class CentralApi {
public:
    CentralApi(CentralStore& store, WallClock clock, std::string version)
        : store_(store), clock_(std::move(clock)), version_(std::move(version)) {}

    void add_routes(HttpRouter& router);

    ApiResponse health(const ApiRequest& request) const;
    ApiResponse catalog(const ApiRequest& request) const;
    ApiResponse offices(const ApiRequest& request) const;
    ApiResponse office(const ApiRequest& request) const;
    ApiResponse tracking(const ApiRequest& request) const;
    ApiResponse post_tracking_events(const ApiRequest& request) const;

private:
    CentralStore& store_;
    WallClock clock_;
    std::string version_;
};

// The answer to one uploaded tracking event: accepted, duplicate or rejected
// with a reason. Shared by POST /api/v1/tracking/events and the CSV import.
struct TrackingEventResult {
    std::string event_id;  // as sent; empty when the event had none
    std::string status;    // "accepted", "duplicate", "rejected"
    std::string reason;    // for "rejected": "conflict", "unknown_code", ...
    std::string message;   // for "rejected": English prose for the operator
};

// Checks every event, stores the valid ones in one transaction and answers
// each in order. Fails only when the store does.
Result<std::vector<TrackingEventResult>> store_tracking_events(
    CentralStore& store, const std::vector<nlohmann::json>& events, std::int64_t received_at_s);

nlohmann::json to_json(const TrackingEventResult& result);

// True when an If-None-Match header value names `etag` (weak or strong) or is "*".
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// A strong ETag for a listing: `prefix` and 32 hex digits of a hash of its JSON text
// ("\"forms-3f2a…\""), the same for the same content on every server process.
std::string content_etag(std::string_view prefix, const nlohmann::json& listing);

}  // namespace ventanilla
