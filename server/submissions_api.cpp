#include "server/submissions_api.h"

#include <array>

#include "kiosk/reference_code.h"
#include "server/text_checks.h"

namespace ventanilla {

namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 3> kClerkStatuses{"processed", "needs_documents", "rejected"};

Json state_json(const std::optional<SubmissionState>& state) {
    if (!state) return {{"status", "received"}, {"reason", nullptr}, {"answer", nullptr}, {"updated_at", nullptr}};
    auto optional_text = [](const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); };
    return {{"status", state->status},
            {"reason", optional_text(state->reason)},
            {"answer", optional_text(state->answer)},
            {"updated_at", rfc3339_utc(std::chrono::system_clock::time_point(std::chrono::seconds(state->updated_at_s)))}};
}

// The submission the path names, or the answer to give: 400 for a reference nobody could
// have printed, 404 for one the server has not received (yet: it may still be in a
// terminal's outbox).
std::variant<std::pair<std::string, StoredRecord>, ApiResponse> find_submission(CentralStore& store,
                                                                               const ApiRequest& request) {
    auto reference = parse_reference_code(request.captures.at(0));
    if (!reference) {
        return error_response(400, "submission.invalid_reference",
                              "not a receipt reference (" + reference.error().code + ")");
    }
    auto found = store.submission_by_reference(reference->symbols);
    if (!found) {
        return store_failure(found.error());
    }
    if (!found->has_value()) {
        return error_response(404, "submission.unknown",
                              "no submission with this reference has reached the server (it may still be on its "
                              "way from the terminal)");
    }
    return std::make_pair(reference->symbols, std::move(**found));
}

}  // namespace

void SubmissionsApi::add_routes(HttpRouter& router) {
    router.add("GET", "/api/v1/submissions/([^/]{1,40})", [this](const ApiRequest& r) { return open(r); });
    router.add("GET", "/api/v1/submissions/([^/]{1,40})/state", [this](const ApiRequest& r) { return state(r); });
    router.add(
        "POST", "/api/v1/submissions/([^/]{1,40})/state", [this](const ApiRequest& r) { return set_state(r); },
        RequestBody::json);
    router.add("GET", "/api/v1/terminal-keys", [this](const ApiRequest& r) { return terminal_keys(r); });
}

ApiResponse SubmissionsApi::terminal_keys(const ApiRequest& request) const {
    auto who = auth_.authenticate(request);
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    if (std::get<Device>(who).role != "counter") {
        return error_response(403, "auth.wrong_role", "only a counter terminal checks receipts");
    }
    auto devices = store_.signing_devices();
    if (!devices) return store_failure(devices.error());
    Json terminals = Json::array();
    for (const Device& device : *devices) {
        terminals.push_back({{"device_id", device.id},
                             {"office_id", device.office_id},
                             {"terminal_number", device.terminal_number},
                             {"signing_key", device.signing_key}});
    }
    const Json listing = {{"terminals", std::move(terminals)}};
    const std::string etag = content_etag("keys", listing);
    // Counters ask every few minutes: most answers are a bodiless 304.
    ApiResponse response;
    if (etag_matches(request.header("If-None-Match"), etag)) {
        response.status = 304;
    } else {
        response = json_response(listing);
    }
    response.headers.emplace_back("ETag", etag);
    response.headers.emplace_back("Cache-Control", "no-cache");
    return response;
}

ApiResponse SubmissionsApi::open(const ApiRequest& request) const {
    auto who = auth_.authenticate(request);
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    const Device& device = std::get<Device>(who);
    if (device.role != "counter") {
        // Kiosks and displays never read what a citizen entered.
        return error_response(403, "auth.wrong_role", "only a counter terminal may open a submission");
    }
    auto found = find_submission(store_, request);
    if (auto* refusal = std::get_if<ApiResponse>(&found)) return std::move(*refusal);
    auto& [reference, stored] = std::get<std::pair<std::string, StoredRecord>>(found);
    Json content = Json::parse(stored.record.content);
    if (content.value("office", "") != device.office_id) {
        return error_response(403, "auth.wrong_office",
                              "this submission was made for another office (" + content.value("office", "") + ")");
    }
    auto state = store_.submission_state(reference);
    if (!state) {
        return store_failure(state.error());
    }
    content["received_at"] =
        rfc3339_utc(std::chrono::system_clock::time_point(std::chrono::seconds(stored.received_at_s)));
    content["state"] = state_json(*state);
    ApiResponse response = json_response(std::move(content));
    response.headers.emplace_back("Cache-Control", "no-store");  // personal data
    return response;
}

ApiResponse SubmissionsApi::state(const ApiRequest& request) const {
    auto who = auth_.authenticate(request);
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    auto found = find_submission(store_, request);
    if (auto* refusal = std::get_if<ApiResponse>(&found)) return std::move(*refusal);
    auto& [reference, stored] = std::get<std::pair<std::string, StoredRecord>>(found);
    Json content = Json::parse(stored.record.content);
    auto state = store_.submission_state(reference);
    if (!state) {
        return store_failure(state.error());
    }
    Json answer = state_json(*state);
    answer["reference"] = reference;
    answer["form"] = content.value("form", "");
    answer["office"] = content.value("office", "");
    answer["created_at"] = content.value("created_at", "");
    ApiResponse response = json_response(std::move(answer));
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

ApiResponse SubmissionsApi::set_state(const ApiRequest& request) const {
    auto who = auth_.authenticate(request);
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    const Device& device = std::get<Device>(who);
    if (device.role != "counter") {
        return error_response(403, "auth.wrong_role", "only a counter terminal may record an outcome");
    }
    const Json& body = request.body;
    auto invalid = [](const std::string& why) { return error_response(400, "submission.invalid_state", why); };
    if (!body.is_object()) return invalid("the body must be an object");
    for (const auto& [key, value] : body.items()) {
        if (key != "status" && key != "reason" && key != "answer" && key != "clerk") {
            return invalid("\"" + key.substr(0, 40) + "\" is not a field of a submission's state");
        }
    }
    auto text = [&](const char* key) {
        auto it = body.find(key);
        return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    SubmissionState state{text("status"), text("reason"), text("answer"), text("clerk"), device.id,
                          std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count()};
    if (std::find(kClerkStatuses.begin(), kClerkStatuses.end(), state.status) == kClerkStatuses.end()) {
        return invalid("\"status\" must be processed, needs_documents or rejected");
    }
    if (state.status != "processed" && state.reason.empty()) {
        return invalid("\"reason\" is required: the citizen must be told what is missing or why");
    }
    if (state.reason.size() > 500 || has_control_character(state.reason, false)) {
        return invalid("\"reason\" must be up to 500 bytes of text on one line");
    }
    if (state.answer.size() > 4000 || has_control_character(state.answer, true)) {
        return invalid("\"answer\" must be up to 4000 bytes of text");
    }
    if (state.clerk.empty() || state.clerk.size() > 40 || has_control_character(state.clerk, false)) {
        return invalid("\"clerk\" must name the clerk (1 to 40 bytes)");
    }
    auto found = find_submission(store_, request);
    if (auto* refusal = std::get_if<ApiResponse>(&found)) return std::move(*refusal);
    auto& [reference, stored] = std::get<std::pair<std::string, StoredRecord>>(found);
    Json content = Json::parse(stored.record.content);
    if (content.value("office", "") != device.office_id) {
        return error_response(403, "auth.wrong_office", "this submission was made for another office");
    }
    if (auto saved = store_.put_submission_state(reference, state); !saved) {
        return store_failure(saved.error());
    }
    return json_response(state_json(state));
}

}  // namespace ventanilla
