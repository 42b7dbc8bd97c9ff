// The submitted procedures after they arrive: a counter terminal opens one by the reference
// on its receipt and records the outcome; any terminal shows a citizen where it stands,
// without personal data (docs/protocol.md, "Submissions at the counter").
#pragma once

#include "server/central_api.h"
#include "server/central_store.h"
#include "server/http_router.h"
#include "server/sync_api.h"

namespace ventanilla {

class SubmissionsApi {
public:
    SubmissionsApi(CentralStore& store, const SyncApi& auth, WallClock clock)
        : store_(store), auth_(auth), clock_(std::move(clock)) {}

    void add_routes(HttpRouter& router);

    ApiResponse open(const ApiRequest& request) const;       // counters only: with the answers
    ApiResponse set_state(const ApiRequest& request) const;  // counters only
    ApiResponse state(const ApiRequest& request) const;      // any terminal: no personal data
    // The public keys receipts are signed with, so a counter checks a receipt offline.
    ApiResponse terminal_keys(const ApiRequest& request) const;

private:
    CentralStore& store_;
    const SyncApi& auth_;
    WallClock clock_;
};

}  // namespace ventanilla
