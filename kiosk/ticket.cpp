#include "kiosk/ticket.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "kiosk/uuid.h"

namespace ventanilla {

namespace {

using Json = nlohmann::json;

Error bad_answer(const std::string& reason) {
    return make_error("ticket.bad_answer", reason, {{"reason", reason}});
}

}  // namespace

std::string offline_ticket_number(std::string_view prefix, int terminal_number, int sequence) {
    char digits[8];
    std::snprintf(digits, sizeof digits, "%03d", sequence);
    return std::string(prefix) + "-" + std::to_string(terminal_number) + "-" + digits;
}

std::string ticket_request_json(const Ticket& ticket) {
    Json body{{"id", ticket.id},
              {"service", ticket.service_id},
              {"priority", ticket.priority.empty() ? Json(nullptr) : Json(ticket.priority)},
              {"created_at", format_rfc3339_utc(ticket.issued_at)}};
    if (ticket.offline) body["offline_number"] = ticket.number;
    return body.dump();
}

Result<Ticket> parse_ticket_answer(std::string_view json_text, const Ticket& asked) {
    Json j = Json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return bad_answer("not a JSON object");
    auto text = [&](const char* key) -> std::optional<std::string> {
        auto it = j.find(key);
        if (it == j.end() || !it->is_string()) return std::nullopt;
        return it->get<std::string>();
    };
    auto id = text("id");
    auto number = text("number");
    auto issued = text("issued_at");
    if (!id || !number || !issued) return bad_answer("id, number or issued_at missing");
    if (*id != asked.id) return bad_answer("the answer is about another ticket");
    if (number->empty() || number->size() > 16) return bad_answer("number out of bounds");
    auto issued_at = parse_rfc3339(*issued);
    if (!issued_at) return bad_answer("issued_at is not an RFC 3339 time");
    Ticket ticket = asked;
    ticket.number = *number;
    ticket.issued_at = *issued_at;
    ticket.offline = j.value("offline", false);
    if (ticket.service_id.empty()) ticket.service_id = text("service").value_or("");
    if (ticket.priority.empty()) ticket.priority = text("priority").value_or("");
    auto count = [&](const char* key) -> std::optional<int> {
        auto it = j.find(key);
        if (it == j.end() || !it->is_number_integer()) return std::nullopt;
        auto v = it->get<long long>();
        if (v < 0 || v > 100000) return std::nullopt;
        return static_cast<int>(v);
    };
    ticket.people_ahead = count("people_ahead");
    ticket.estimated_wait_s = count("estimated_wait_s");
    return ticket;
}

std::optional<std::string> ticket_id_from_code(std::string_view code) {
    constexpr std::string_view kPrefix = "VT1:";
    if (!code.starts_with(kPrefix)) return std::nullopt;
    std::string id(code.substr(kPrefix.size()));
    if (!is_canonical_uuid(id)) return std::nullopt;
    return id;
}

}  // namespace ventanilla
