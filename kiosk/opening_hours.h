// Is a service open now? The catalog's opening periods read against the office's local time.
#pragma once

#include <chrono>
#include <vector>

#include "kiosk/catalog.h"
#include "kiosk/tracking_time.h"

namespace ventanilla {

// A moment in the office's local time: ISO weekday (1 = Monday … 7 = Sunday) and minutes
// since midnight.
struct LocalMoment {
    int weekday = 1;
    int minute_of_day = 0;
};

LocalMoment local_moment(WallTime time, std::chrono::minutes utc_offset);

// True when one of the service's periods covers `at`: opens <= time < closes. A service with
// no periods is taken as always open (the office did not say otherwise). Malformed times
// ("25:00") never match.
bool is_open(const Service& service, LocalMoment at);

// The services of `office` open at `at`, in catalog order.
std::vector<const Service*> open_services(const Office& office, LocalMoment at);

}  // namespace ventanilla
