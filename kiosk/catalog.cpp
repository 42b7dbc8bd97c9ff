#include "kiosk/catalog.h"

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>

namespace ventanilla {

namespace {

using nlohmann::json;

Error invalid(const std::string& path, const std::string& reason) {
    return make_error("catalog.invalid", path + ": " + reason,
                      {{"path", path}, {"reason", reason}});
}

std::string member_path(const std::string& path, std::string_view key) {
    return path + "." + std::string(key);
}

std::string element_path(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

constexpr std::int64_t kMaxPriorityWeight = 1000;
constexpr std::int64_t kMaxNormalsPerPriority = 100;

// A stable identifier: lower-case ASCII letters, digits and inner hyphens, so it
// can go into a URL path or a configuration file without escaping.
bool is_slug(std::string_view text) {
    if (text.empty() || text.size() > 64 || text.front() == '-' || text.back() == '-') {
        return false;
    }
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

// "HH:MM" on a 24 h clock; returns minutes since midnight, or -1.
int minutes_of_day(std::string_view text) {
    auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
        return -1;
    }
    const int hours = (text[0] - '0') * 10 + (text[1] - '0');
    const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (hours > 23 || minutes > 59) {
        return -1;
    }
    return hours * 60 + minutes;
}

Result<const json*> require_member(const json& object, const std::string& path,
                                   std::string_view key) {
    const auto found = object.find(key);
    if (found == object.end()) {
        return invalid(member_path(path, key), "is missing");
    }
    return &*found;
}

Status require_object(const json& value, const std::string& path) {
    if (!value.is_object()) {
        return invalid(path, "expected an object");
    }
    return ok_status();
}

Status read_text(const json& object, const std::string& path, std::string_view key,
                 std::string& out, bool may_be_empty = false) {
    auto value = require_member(object, path, key);
    if (!value) {
        return value.error();
    }
    if (!(*value)->is_string()) {
        return invalid(member_path(path, key), "expected a string");
    }
    out = (*value)->get<std::string>();
    if (!may_be_empty && out.empty()) {
        return invalid(member_path(path, key), "must not be empty");
    }
    return ok_status();
}

Status read_localized(const json& object, const std::string& path, std::string_view key,
                      LocalizedText& out) {
    auto value = require_member(object, path, key);
    if (!value) {
        return value.error();
    }
    const std::string here = member_path(path, key);
    if (auto status = require_object(**value, here); !status) {
        return status;
    }
    if (auto status = read_text(**value, here, "es", out.es); !status) {
        return status;
    }
    return read_text(**value, here, "en", out.en);
}

Result<const json*> require_array(const json& object, const std::string& path,
                                  std::string_view key) {
    auto value = require_member(object, path, key);
    if (!value) {
        return value.error();
    }
    if (!(*value)->is_array()) {
        return invalid(member_path(path, key), "expected an array");
    }
    return *value;
}

Result<OpeningPeriod> period_from_json(const json& value, const std::string& path) {
    if (auto status = require_object(value, path); !status) {
        return status.error();
    }
    OpeningPeriod period;
    auto days = require_array(value, path, "days");
    if (!days) {
        return days.error();
    }
    const std::string days_path = member_path(path, "days");
    if ((*days)->empty()) {
        return invalid(days_path, "must name at least one day");
    }
    std::set<int> seen;
    for (std::size_t i = 0; i < (*days)->size(); ++i) {
        const json& day = (**days)[i];
        if (!day.is_number_integer() || day.get<int>() < 1 || day.get<int>() > 7) {
            return invalid(element_path(days_path, i), "expected a weekday from 1 (Monday) to 7");
        }
        if (!seen.insert(day.get<int>()).second) {
            return invalid(element_path(days_path, i), "repeats a day");
        }
        period.days.push_back(day.get<int>());
    }
    if (auto status = read_text(value, path, "opens", period.opens); !status) {
        return status.error();
    }
    if (auto status = read_text(value, path, "closes", period.closes); !status) {
        return status.error();
    }
    const int opens = minutes_of_day(period.opens);
    const int closes = minutes_of_day(period.closes);
    if (opens < 0) {
        return invalid(member_path(path, "opens"), "expected a time as HH:MM");
    }
    if (closes < 0) {
        return invalid(member_path(path, "closes"), "expected a time as HH:MM");
    }
    if (closes <= opens) {
        return invalid(member_path(path, "closes"), "must be later than opens");
    }
    return period;
}

Result<Service> service_from_json(const json& value, const std::string& path) {
    if (auto status = require_object(value, path); !status) {
        return status.error();
    }
    Service service;
    if (auto status = read_text(value, path, "id", service.id); !status) {
        return status.error();
    }
    if (!is_slug(service.id)) {
        return invalid(member_path(path, "id"), "expected lower-case letters, digits and '-'");
    }
    if (auto status = read_text(value, path, "prefix", service.prefix); !status) {
        return status.error();
    }
    if (service.prefix.size() != 1 || service.prefix[0] < 'A' || service.prefix[0] > 'Z') {
        return invalid(member_path(path, "prefix"), "expected one capital letter A-Z");
    }
    if (auto status = read_localized(value, path, "name", service.name); !status) {
        return status.error();
    }
    auto hours = require_array(value, path, "hours");
    if (!hours) {
        return hours.error();
    }
    for (std::size_t i = 0; i < (*hours)->size(); ++i) {
        auto period = period_from_json((**hours)[i], element_path(member_path(path, "hours"), i));
        if (!period) {
            return period.error();
        }
        service.hours.push_back(std::move(period).value());
    }
    // Absent in catalogs written before queues had counters: any counter serves it.
    if (value.contains("counters")) {
        auto counters = require_array(value, path, "counters");
        if (!counters) {
            return counters.error();
        }
        const std::string counters_path = member_path(path, "counters");
        std::set<int> seen;
        for (std::size_t i = 0; i < (*counters)->size(); ++i) {
            const json& counter = (**counters)[i];
            if (!counter.is_number_integer() || counter.get<std::int64_t>() < 1 ||
                counter.get<std::int64_t>() > 999) {
                return invalid(element_path(counters_path, i),
                               "expected a counter number from 1 to 999");
            }
            if (!seen.insert(counter.get<int>()).second) {
                return invalid(element_path(counters_path, i), "repeats a counter");
            }
            service.counters.push_back(counter.get<int>());
        }
    }
    return service;
}

Result<QueuePriorityGroup> priority_group_from_json(const json& value, const std::string& path) {
    if (auto status = require_object(value, path); !status) {
        return status.error();
    }
    QueuePriorityGroup group;
    if (auto status = read_text(value, path, "id", group.id); !status) {
        return status.error();
    }
    if (!is_slug(group.id)) {
        return invalid(member_path(path, "id"), "expected lower-case letters, digits and '-'");
    }
    auto weight = require_member(value, path, "weight");
    if (!weight) {
        return weight.error();
    }
    if (!(*weight)->is_number_integer() || (*weight)->get<std::int64_t>() < 1 ||
        (*weight)->get<std::int64_t>() > kMaxPriorityWeight) {
        return invalid(member_path(path, "weight"), "expected a whole number from 1 to 1000");
    }
    group.weight = (*weight)->get<int>();
    if (auto status = read_localized(value, path, "name", group.name); !status) {
        return status.error();
    }
    return group;
}

// Absent in catalogs written before offices had queues: the defaults of QueueSettings.
Result<QueueSettings> queue_settings_from_json(const json& office, const std::string& office_path) {
    QueueSettings settings;
    if (!office.contains("queue")) {
        return settings;
    }
    const json& value = office["queue"];
    const std::string path = member_path(office_path, "queue");
    if (auto status = require_object(value, path); !status) {
        return status.error();
    }
    std::string policy;
    if (auto status = read_text(value, path, "policy", policy); !status) {
        return status.error();
    }
    const auto kind = fairness_kind_from(policy);
    if (!kind) {
        return invalid(member_path(path, "policy"), "expected \"strict\", \"aging\" or \"interleave\"");
    }
    settings.fairness.kind = *kind;
    auto normals = require_member(value, path, "normals_per_priority");
    if (!normals) {
        return normals.error();
    }
    if (!(*normals)->is_number_integer() || (*normals)->get<std::int64_t>() < 1 ||
        (*normals)->get<std::int64_t>() > kMaxNormalsPerPriority) {
        return invalid(member_path(path, "normals_per_priority"),
                       "expected a whole number from 1 to 100");
    }
    settings.fairness.normals_per_priority = (*normals)->get<int>();
    auto groups = require_array(value, path, "priority_groups");
    if (!groups) {
        return groups.error();
    }
    std::set<std::string> ids;
    for (std::size_t i = 0; i < (*groups)->size(); ++i) {
        const std::string group_path = element_path(member_path(path, "priority_groups"), i);
        auto group = priority_group_from_json((**groups)[i], group_path);
        if (!group) {
            return group.error();
        }
        if (!ids.insert(group->id).second) {
            return invalid(member_path(group_path, "id"), "repeats another group's id");
        }
        settings.priority_groups.push_back(std::move(group).value());
    }
    if (value.contains("call_by_number")) {
        if (!value["call_by_number"].is_boolean()) {
            return invalid(member_path(path, "call_by_number"), "expected true or false");
        }
        settings.call_by_number = value["call_by_number"].get<bool>();
    }
    return settings;
}

Result<Office> office_at(const json& value, const std::string& path) {
    if (auto status = require_object(value, path); !status) {
        return status.error();
    }
    Office office;
    if (auto status = read_text(value, path, "id", office.id); !status) {
        return status.error();
    }
    if (!is_slug(office.id)) {
        return invalid(member_path(path, "id"), "expected lower-case letters, digits and '-'");
    }
    if (auto status = read_text(value, path, "code", office.code); !status) {
        return status.error();
    }
    if (auto status = read_localized(value, path, "name", office.name); !status) {
        return status.error();
    }
    auto address = require_member(value, path, "address");
    if (!address) {
        return address.error();
    }
    const std::string address_path = member_path(path, "address");
    if (auto status = require_object(**address, address_path); !status) {
        return status.error();
    }
    // A rural office may have no street name, but never lacks its municipality.
    if (auto status = read_text(**address, address_path, "street", office.address.street, true);
        !status) {
        return status.error();
    }
    if (auto status =
            read_text(**address, address_path, "municipality", office.address.municipality);
        !status) {
        return status.error();
    }
    if (auto status = read_text(**address, address_path, "province", office.address.province);
        !status) {
        return status.error();
    }
    auto services = require_array(value, path, "services");
    if (!services) {
        return services.error();
    }
    std::set<std::string> ids;
    std::set<std::string> prefixes;
    for (std::size_t i = 0; i < (*services)->size(); ++i) {
        const std::string service_path = element_path(member_path(path, "services"), i);
        auto service = service_from_json((**services)[i], service_path);
        if (!service) {
            return service.error();
        }
        if (!ids.insert(service->id).second) {
            return invalid(member_path(service_path, "id"), "repeats another service's id");
        }
        if (!prefixes.insert(service->prefix).second) {
            return invalid(member_path(service_path, "prefix"), "repeats another service's prefix");
        }
        office.services.push_back(std::move(service).value());
    }
    auto queue = queue_settings_from_json(value, path);
    if (!queue) {
        return queue.error();
    }
    office.queue = std::move(queue).value();
    return office;
}

}  // namespace

std::string catalog_version(const std::vector<Office>& offices) {
    json list = json::array();
    for (const Office& office : offices) {
        list.push_back(to_json(office));
    }
    // nlohmann::json keeps object keys sorted, so equal content dumps to equal bytes.
    const std::string bytes = list.dump();
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes.data()),
                       bytes.size(), nullptr, 0);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string version;
    for (unsigned char byte : digest) {
        version += kHex[byte >> 4];
        version += kHex[byte & 0x0f];
    }
    return version;
}

Catalog make_catalog(std::vector<Office> offices) {
    Catalog catalog;
    catalog.version = catalog_version(offices);
    catalog.offices = std::move(offices);
    return catalog;
}

nlohmann::json to_json(const OpeningPeriod& period) {
    return json{{"days", period.days}, {"opens", period.opens}, {"closes", period.closes}};
}

nlohmann::json to_json(const Service& service) {
    json hours = json::array();
    for (const OpeningPeriod& period : service.hours) {
        hours.push_back(to_json(period));
    }
    return json{{"id", service.id},
                {"prefix", service.prefix},
                {"name", {{"es", service.name.es}, {"en", service.name.en}}},
                {"hours", std::move(hours)},
                {"counters", service.counters}};
}

nlohmann::json to_json(const QueueSettings& settings) {
    json groups = json::array();
    for (const QueuePriorityGroup& group : settings.priority_groups) {
        groups.push_back({{"id", group.id},
                          {"weight", group.weight},
                          {"name", {{"es", group.name.es}, {"en", group.name.en}}}});
    }
    return json{{"policy", name_of(settings.fairness.kind)},
                {"normals_per_priority", settings.fairness.normals_per_priority},
                {"priority_groups", std::move(groups)},
                {"call_by_number", settings.call_by_number}};
}

nlohmann::json to_json(const Office& office) {
    json services = json::array();
    for (const Service& service : office.services) {
        services.push_back(to_json(service));
    }
    return json{{"id", office.id},
                {"code", office.code},
                {"name", {{"es", office.name.es}, {"en", office.name.en}}},
                {"address",
                 {{"street", office.address.street},
                  {"municipality", office.address.municipality},
                  {"province", office.address.province}}},
                {"services", std::move(services)},
                {"queue", to_json(office.queue)}};
}

nlohmann::json to_json(const Catalog& catalog) {
    json offices = json::array();
    for (const Office& office : catalog.offices) {
        offices.push_back(to_json(office));
    }
    return json{{"version", catalog.version}, {"offices", std::move(offices)}};
}

Result<Office> office_from_json(const nlohmann::json& value) {
    return office_at(value, "$");
}

Result<Catalog> catalog_from_json(const nlohmann::json& value) {
    if (auto status = require_object(value, "$"); !status) {
        return status.error();
    }
    Catalog catalog;
    if (auto status = read_text(value, "$", "version", catalog.version); !status) {
        return status.error();
    }
    auto offices = require_array(value, "$", "offices");
    if (!offices) {
        return offices.error();
    }
    std::set<std::string> ids;
    for (std::size_t i = 0; i < (*offices)->size(); ++i) {
        const std::string path = element_path("$.offices", i);
        auto office = office_at((**offices)[i], path);
        if (!office) {
            return office.error();
        }
        if (!ids.insert(office->id).second) {
            return invalid(member_path(path, "id"), "repeats another office's id");
        }
        catalog.offices.push_back(std::move(office).value());
    }
    return catalog;
}

Result<Catalog> parse_catalog(std::string_view text) {
    json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
        return make_error("catalog.malformed", "the catalog is not valid JSON");
    }
    return catalog_from_json(value);
}

}  // namespace ventanilla
