#include "kiosk/opening_hours.h"

#include <algorithm>
#include <optional>
#include <string_view>

namespace ventanilla {

namespace {

// "08:30" → 510; nullopt for anything else.
std::optional<int> minutes_of(std::string_view hhmm) {
    if (hhmm.size() != 5 || hhmm[2] != ':') return std::nullopt;
    for (int i : {0, 1, 3, 4}) {
        if (hhmm[static_cast<std::size_t>(i)] < '0' || hhmm[static_cast<std::size_t>(i)] > '9') return std::nullopt;
    }
    int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
    int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
    if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
}

}  // namespace

LocalMoment local_moment(WallTime time, std::chrono::minutes utc_offset) {
    auto local = std::chrono::floor<std::chrono::minutes>(time.time_since_epoch()) + utc_offset;
    auto days = std::chrono::floor<std::chrono::days>(local);
    std::chrono::weekday weekday{std::chrono::sys_days(days)};
    return LocalMoment{static_cast<int>(weekday.iso_encoding()), static_cast<int>((local - days).count())};
}

bool is_open(const Service& service, LocalMoment at) {
    if (service.hours.empty()) return true;
    for (const OpeningPeriod& period : service.hours) {
        if (std::find(period.days.begin(), period.days.end(), at.weekday) == period.days.end()) continue;
        auto opens = minutes_of(period.opens);
        auto closes = minutes_of(period.closes);
        if (opens && closes && *opens <= at.minute_of_day && at.minute_of_day < *closes) return true;
    }
    return false;
}

std::vector<const Service*> open_services(const Office& office, LocalMoment at) {
    std::vector<const Service*> open;
    for (const Service& service : office.services) {
        if (is_open(service, at)) open.push_back(&service);
    }
    return open;
}

}  // namespace ventanilla
