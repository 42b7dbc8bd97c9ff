#include "kiosk/outbox_upload.h"

#include <charconv>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "kiosk/server_error.h"

namespace ventanilla {

namespace {

UploadOutcome outcome(UploadOutcome::Kind kind, std::string code, std::string detail) {
    UploadOutcome result;
    result.kind = kind;
    result.error_code = std::move(code);
    result.error_detail = std::move(detail);
    return result;
}

std::string json_string(std::string_view text) {
    return nlohmann::json(std::string(text)).dump(-1, ' ', false,
                                                  nlohmann::json::error_handler_t::replace);
}

// The {"error": {...}} object of one of our error answers, or null.

// Verdicts for a 200 answer: one result per record sent, ids matching, known statuses.
std::optional<std::vector<RecordVerdict>> read_verdicts(const std::string& body,
                                                        std::span<const OutboxRecord> batch,
                                                        std::string& why) {
    auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object() || !json.contains("results") || !json["results"].is_array()) {
        why = "no results array";
        return std::nullopt;
    }
    const auto& results = json["results"];
    if (results.size() != batch.size()) {
        why = std::to_string(results.size()) + " results for " + std::to_string(batch.size()) +
              " records";
        return std::nullopt;
    }
    std::set<std::string> sent;
    for (const auto& record : batch) sent.insert(record.id);
    std::vector<RecordVerdict> verdicts;
    std::set<std::string> answered;
    for (const auto& result : results) {
        if (!result.is_object() || !result.contains("id") || !result["id"].is_string() ||
            !result.contains("status") || !result["status"].is_string()) {
            why = "a result without id or status";
            return std::nullopt;
        }
        RecordVerdict verdict;
        verdict.id = result["id"].get<std::string>();
        if (sent.count(verdict.id) == 0 || !answered.insert(verdict.id).second) {
            why = "a result for a record not sent, or twice";
            return std::nullopt;
        }
        const std::string status = result["status"].get<std::string>();
        if (status == "accepted") {
            verdict.kind = RecordVerdict::Kind::accepted;
        } else if (status == "duplicate") {
            verdict.kind = RecordVerdict::Kind::duplicate;
        } else if (status == "conflict") {
            verdict.kind = RecordVerdict::Kind::conflict;
            verdict.reason = "conflict";
        } else if (status == "rejected") {
            verdict.kind = RecordVerdict::Kind::rejected;
            verdict.reason = result.value("reason", "rejected");
        } else {
            why = "unknown status " + status.substr(0, 20);
            return std::nullopt;
        }
        verdict.message = result.contains("message") && result["message"].is_string()
                              ? result["message"].get<std::string>()
                              : std::string();
        verdicts.push_back(std::move(verdict));
    }
    return verdicts;
}

}  // namespace

SyncEndpoint sync_endpoint(const TerminalConfig& config, const DeviceCredentials& credentials) {
    SyncEndpoint endpoint;
    endpoint.base_url = config.server_url;
    endpoint.device_id = credentials.device_id;
    endpoint.token = credentials.token;
    endpoint.transport.pinned_public_key = config.server_key_pin;
    endpoint.transport.allow_plain_http = config.allow_plain_http;
    return endpoint;
}

std::optional<WallTime> parse_http_date(std::string_view text) {
    std::tm tm{};
    const std::string copy(text);
    const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string record_batch_body(std::string_view device_id, std::span<const OutboxRecord> batch) {
    std::string body = "{\"device_id\":" + json_string(device_id) + ",\"records\":[";
    bool first = true;
    for (const OutboxRecord& record : batch) {
        if (!first) body += ',';
        first = false;
        body += "{\"id\":" + json_string(record.id) + ",\"kind\":" + json_string(record.kind) +
                ",\"created_at\":" + json_string(record.created_at) + ",\"content\":" + record.content +
                "}";
    }
    body += "]}";
    return body;
}

UploadOutcome classify_upload(const Result<HttpResponse>& response,
                              std::span<const OutboxRecord> batch, WallTime now) {
    using Kind = UploadOutcome::Kind;
    if (!response) {
        return outcome(Kind::retry_later, response.error().code, response.error().detail);
    }
    const HttpResponse& http = *response;
    const long status = http.status;
    const std::string status_text = std::to_string(status);
    const nlohmann::json error = server_error_object(http.body);
    const std::string code = error.is_object() ? error["code"].get<std::string>() : "";

    UploadOutcome result;
    if (status == 200) {
        std::string why;
        auto verdicts = read_verdicts(http.body, batch, why);
        if (!verdicts) {
            result = outcome(Kind::retry_later, "sync.bad_answer", why);
        } else {
            result.kind = Kind::answered;
            result.verdicts = std::move(*verdicts);
        }
    } else if (status == 408 || status == 429 || (status >= 500 && status <= 599)) {
        result = outcome(Kind::retry_later, "sync.server_error",
                         "HTTP " + status_text + (code.empty() ? "" : " " + code));
        result.retry_after = retry_after(http);
    } else if (status == 401) {
        result = outcome(Kind::paused, "sync.unauthorized", code.empty() ? status_text : code);
    } else if (status == 403) {
        result = code == "auth.revoked"
                     ? outcome(Kind::revoked, "sync.revoked", code)
                     : outcome(Kind::paused, "sync.forbidden", code.empty() ? status_text : code);
    } else if (status >= 400 && status <= 499 && code.starts_with("records.") &&
               error.contains("record_index") && error["record_index"].is_number_unsigned() &&
               error["record_index"].get<std::size_t>() < batch.size()) {
        // The server named the record to blame: only that one is set aside.
        const OutboxRecord& blamed = batch[error["record_index"].get<std::size_t>()];
        result = outcome(Kind::record_refused, "sync.refused", code);
        RecordVerdict verdict;
        verdict.id = blamed.id;
        verdict.kind = RecordVerdict::Kind::rejected;
        verdict.reason = error.value("reason", code);
        verdict.message = error.value("message", "");
        result.verdicts.push_back(std::move(verdict));
    } else if (status == 413 && batch.size() == 1 && (code == "payload_too_large")) {
        // One record alone is larger than the server takes: it will never fit.
        result = outcome(Kind::record_refused, "sync.refused", code);
        result.verdicts.push_back({batch[0].id, RecordVerdict::Kind::rejected, "too_large",
                                   error.value("message", "")});
    } else if (status >= 400 && status <= 499 && batch.size() > 1 &&
               (code.starts_with("records.") || code == "payload_too_large")) {
        result = outcome(Kind::batch_refused, "sync.refused", code);
    } else {
        // A 404 from a wrong address, a 3xx from a portal, a bare 400 from a proxy: not ours
        // to judge the records by. Keep them and keep trying (slowly).
        result = outcome(Kind::retry_later, status >= 400 ? "sync.refused" : "sync.bad_answer",
                         "HTTP " + status_text + (code.empty() ? "" : " " + code));
    }
    result.reached_server = true;
    if (auto date = http.headers.find("date"); date != http.headers.end()) {
        if (auto server_time = parse_http_date(date->second)) {
            result.clock_offset =
                std::chrono::duration_cast<std::chrono::seconds>(*server_time - now);
        }
    }
    return result;
}

UploadOutcome upload_records(const SyncEndpoint& endpoint, std::span<const OutboxRecord> batch,
                             const std::atomic<bool>* cancel) {
    HttpRequest request;
    request.method = "POST";
    std::string base = endpoint.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    request.url = base + "/api/v1/records";
    request.body = record_batch_body(endpoint.device_id, batch);
    request.headers = {"Content-Type: application/json", "Accept: application/json",
                       "Authorization: Bearer " + endpoint.token,
                       // Each batch on a fresh connection: a proxy's half-dead keep-alive
                       // connection can never swallow an answer.
                       "Connection: close",
                       // No "Expect: 100-continue" round trip before every batch.
                       "Expect:"};
    request.connect_timeout_ms = endpoint.connect_timeout_ms;
    request.total_timeout_ms = endpoint.total_timeout_ms;
    request.low_speed_bytes_per_s = endpoint.low_speed_bytes_per_s;
    request.low_speed_time_s = endpoint.low_speed_time_s;
    request.transport = endpoint.transport;
    request.cancel = cancel;
    auto response = http_send(request);
    return classify_upload(response, batch, std::chrono::system_clock::now());
}

}  // namespace ventanilla
