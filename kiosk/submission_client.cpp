#include "kiosk/submission_client.h"

#include "kiosk/base64.h"
#include "kiosk/reference_code.h"
#include "kiosk/server_error.h"

namespace ventanilla {

namespace {

using nlohmann::json;

// What the server says about a submission passes as it is; it has texts for all of them.
constexpr std::array<std::string_view, 3> kPassedCodes{"submission.", "auth.wrong_office", "auth.wrong_role"};

Error bad_answer(const std::string& reason) {
    return make_error("counter.bad_answer", reason, {{"reason", reason}});
}

HttpRequest make_request(const SyncEndpoint& endpoint, std::string method, const std::string& path,
                         const DeskCallOptions& options) {
    std::string base = endpoint.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    HttpRequest request;
    request.method = std::move(method);
    request.url = base + path;
    request.headers = {"Accept: application/json", "Authorization: Bearer " + endpoint.token};
    request.connect_timeout_ms = options.connect_timeout_ms;
    request.total_timeout_ms = options.total_timeout_ms;
    request.low_speed_time_s = 5;
    request.transport = endpoint.transport;
    request.cancel = options.cancelled;
    return request;
}

// The path of a submission: the reference as its eight symbols, whatever way it was typed.
Result<std::string> submission_path(std::string_view reference) {
    auto parsed = parse_reference_code(reference);
    if (!parsed) return make_error("submission.invalid_reference", parsed.error().detail);
    return "/api/v1/submissions/" + parsed->symbols;
}

std::string text_of(const json& value, const char* key) {
    auto it = value.find(key);
    return it != value.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool has_text(const json& value, const char* key) {
    auto it = value.find(key);
    return it != value.end() && it->is_string();
}

}  // namespace

KnownTerminals TerminalKeyList::known() const {
    KnownTerminals known;
    for (const TerminalKeyEntry& terminal : terminals) known[terminal.device_id] = terminal.signing_key;
    return known;
}

Result<SubmissionStatus> parse_submission_status(const json& body) {
    if (!body.is_object() || !has_text(body, "status")) return bad_answer("no_status");
    SubmissionStatus status;
    status.reference = text_of(body, "reference");
    status.form = text_of(body, "form");
    status.office = text_of(body, "office");
    status.created_at = text_of(body, "created_at");
    status.status = text_of(body, "status");
    status.reason = text_of(body, "reason");
    status.answer = text_of(body, "answer");
    status.updated_at = text_of(body, "updated_at");
    return status;
}

Result<OpenedSubmission> parse_opened_submission(const json& body) {
    if (!body.is_object() || !has_text(body, "reference") || !has_text(body, "form")) {
        return bad_answer("no_reference");
    }
    if (!body.contains("answers") || !body["answers"].is_object()) return bad_answer("no_answers");
    if (!body.contains("form_version") || !body["form_version"].is_number_integer()) {
        return bad_answer("no_form_version");
    }
    auto status = parse_submission_status(body.value("state", json()));
    if (!status) return status.error();
    OpenedSubmission opened;
    opened.reference = text_of(body, "reference");
    opened.form = text_of(body, "form");
    opened.form_version = body["form_version"].get<int>();
    opened.office = text_of(body, "office");
    opened.terminal = text_of(body, "terminal");
    opened.created_at = text_of(body, "created_at");
    opened.received_at = text_of(body, "received_at");
    opened.answers = body["answers"];
    opened.status = std::move(status).value();
    opened.status.reference = opened.reference;
    opened.status.form = opened.form;
    opened.status.office = opened.office;
    opened.status.created_at = opened.created_at;
    return opened;
}

Result<TerminalKeyList> parse_terminal_keys(const json& body) {
    if (!body.is_object() || !body.contains("terminals") || !body["terminals"].is_array()) {
        return bad_answer("no_terminals");
    }
    TerminalKeyList list;
    list.etag = text_of(body, "etag");
    for (const json& terminal : body["terminals"]) {
        if (!terminal.is_object() || !has_text(terminal, "device_id") || !has_text(terminal, "signing_key")) {
            return bad_answer("bad_terminal");
        }
        auto key = from_base64(text_of(terminal, "signing_key"));
        if (!key || key->size() != 32) return bad_answer("bad_signing_key");
        list.terminals.push_back({text_of(terminal, "device_id"), text_of(terminal, "office_id"),
                                  terminal.value("terminal_number", 0), *key});
    }
    return list;
}

json terminal_keys_to_json(const TerminalKeyList& keys) {
    json terminals = json::array();
    for (const TerminalKeyEntry& terminal : keys.terminals) {
        terminals.push_back({{"device_id", terminal.device_id},
                             {"office_id", terminal.office_id},
                             {"terminal_number", terminal.terminal_number},
                             {"signing_key", to_base64(terminal.signing_key)}});
    }
    return {{"etag", keys.etag}, {"terminals", std::move(terminals)}};
}

Result<OpenedSubmission> open_submission(const SyncEndpoint& endpoint, std::string_view reference,
                                         const DeskCallOptions& options) {
    auto path = submission_path(reference);
    if (!path) return path.error();
    auto body = exchange_json(make_request(endpoint, "GET", *path, options), 200, kPassedCodes);
    if (!body) return body.error();
    return parse_opened_submission(*body);
}

Result<SubmissionStatus> fetch_submission_status(const SyncEndpoint& endpoint, std::string_view reference,
                                                 const DeskCallOptions& options) {
    auto path = submission_path(reference);
    if (!path) return path.error();
    auto body = exchange_json(make_request(endpoint, "GET", *path + "/state", options), 200, kPassedCodes);
    if (!body) return body.error();
    return parse_submission_status(*body);
}

Result<SubmissionStatus> record_outcome(const SyncEndpoint& endpoint, std::string_view reference,
                                        const ClerkOutcome& outcome, const DeskCallOptions& options) {
    auto path = submission_path(reference);
    if (!path) return path.error();
    HttpRequest request = make_request(endpoint, "POST", *path + "/state", options);
    request.headers.push_back("Content-Type: application/json");
    json body = {{"status", outcome.status}, {"clerk", outcome.clerk}};
    if (!outcome.reason.empty()) body["reason"] = outcome.reason;
    if (!outcome.answer.empty()) body["answer"] = outcome.answer;
    request.body = body.dump();
    auto answer = exchange_json(request, 200, kPassedCodes);
    if (!answer) return answer.error();
    return parse_submission_status(*answer);
}

Result<std::optional<TerminalKeyList>> fetch_terminal_keys(const SyncEndpoint& endpoint,
                                                           const std::string& known_etag,
                                                           const DeskCallOptions& options) {
    HttpRequest request = make_request(endpoint, "GET", "/api/v1/terminal-keys", options);
    if (!known_etag.empty()) request.headers.push_back("If-None-Match: " + known_etag);
    auto response = http_send(request);
    if (!response) return response.error();
    if (response->status == 304) return std::optional<TerminalKeyList>();
    if (response->status != 200) return refusal_error(*response, kPassedCodes);
    auto body = json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    if (!body.is_object()) return bad_answer("not_json");
    body.erase("etag");  // only the header's counts
    auto list = parse_terminal_keys(body);
    if (!list) return list.error();
    auto etag = response->headers.find("etag");
    if (etag != response->headers.end()) list->etag = etag->second;
    return std::optional<TerminalKeyList>(std::move(list).value());
}

}  // namespace ventanilla
