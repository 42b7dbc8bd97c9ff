// CentralApi: the /api/v1 endpoints of ventanilla-central (health, catalog, offices).
#pragma once

#include <chrono>
#include <functional>
#include <string>

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

private:
    CentralStore& store_;
    WallClock clock_;
    std::string version_;
};

// True when an If-None-Match header value names `etag` (weak or strong) or is "*".
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace ventanilla
