// The office catalog shared by terminal and server: offices, their services and opening hours.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/queue_policy.h"
#include "kiosk/result.h"

namespace ventanilla {

// A text shown to citizens, in the two languages the terminals speak.
struct LocalizedText {
    std::string es;
    std::string en;

    bool operator==(const LocalizedText&) const = default;
};

struct Address {
    std::string street;        // "Av. Rancho Boyeros y 20 de Mayo"
    std::string municipality;  // "Plaza de la Revolución"
    std::string province;      // "La Habana"

    bool operator==(const Address&) const = default;
};

// The hours a service is open on some days of the week. Times are local to the
// office, "HH:MM" on a 24 h clock; days are ISO weekdays, 1 = Monday … 7 = Sunday.
struct OpeningPeriod {
    std::vector<int> days;
    std::string opens;
    std::string closes;

    bool operator==(const OpeningPeriod&) const = default;
};

// A counter service; its letter prefixes every queue ticket it issues ("A-042").
struct Service {
    std::string id;      // stable within the office, e.g. "giros"
    std::string prefix;  // one capital letter, unique within the office
    LocalizedText name;
    std::vector<OpeningPeriod> hours;
    std::vector<int> counters{};  // the counters (1-999) that serve it; empty: any counter

    bool operator==(const Service&) const = default;
};

// A group a citizen may declare at the kiosk ("elderly", "pregnant"), as the office
// offers it. "appointment" is the group of tickets made by an appointment check-in.
struct QueuePriorityGroup {
    std::string id;  // lower-case letters, digits, '-'; unique within the office
    int weight = 1;  // strict/interleave: higher first; aging: minutes of head start
    LocalizedText name;

    bool operator==(const QueuePriorityGroup&) const = default;
};

// How an office queues people (kiosk/queue_policy.h). The defaults are what an office
// whose catalog predates queue settings gets: one queue per service, no priority question.
struct QueueSettings {
    FairnessPolicy fairness{};
    std::vector<QueuePriorityGroup> priority_groups{};  // empty: the kiosk asks no question
    bool call_by_number = false;  // whether a counter may call one ticket by its number

    bool operator==(const QueueSettings&) const = default;
};

struct Office {
    std::string id;    // stable, used in URLs and configuration, e.g. "hav-plaza"
    std::string code;  // short code printed on tickets and receipts
    LocalizedText name;
    Address address;
    std::vector<Service> services;
    QueueSettings queue{};

    bool operator==(const Office&) const = default;
};

// The reference data a terminal downloads. `version` changes whenever the
// content does, so it doubles as the HTTP ETag.
struct Catalog {
    std::string version;
    std::vector<Office> offices;

    bool operator==(const Catalog&) const = default;
};

// A version string derived from the content alone, so every server process
// computes the same one for the same data: 32 lower-case hex digits.
std::string catalog_version(const std::vector<Office>& offices);

// Builds a Catalog whose version matches its offices.
Catalog make_catalog(std::vector<Office> offices);

nlohmann::json to_json(const OpeningPeriod& period);
nlohmann::json to_json(const Service& service);
nlohmann::json to_json(const QueueSettings& settings);
nlohmann::json to_json(const Office& office);
nlohmann::json to_json(const Catalog& catalog);

// The readers validate as they go; an error's detail starts with the JSON path
// of the offending value ("$.offices[1].services[0].prefix: ..."), and its
// args carry "path" and "reason" separately. Unknown keys are ignored, so an
// older terminal can read a newer server's catalog. Error code: "catalog.invalid".
Result<Office> office_from_json(const nlohmann::json& value);
Result<Catalog> catalog_from_json(const nlohmann::json& value);

// Parses text first; malformed JSON gives "catalog.malformed".
Result<Catalog> parse_catalog(std::string_view text);

}  // namespace ventanilla
