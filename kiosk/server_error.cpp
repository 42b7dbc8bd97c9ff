#include "kiosk/server_error.h"

#include <algorithm>
#include <charconv>

namespace ventanilla {

nlohmann::json server_error_object(std::string_view body) {
    auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) return nullptr;
    auto error = json.find("error");
    if (error == json.end() || !error->is_object()) return nullptr;
    auto code = error->find("code");
    if (code == error->end() || !code->is_string()) return nullptr;
    return *error;
}

std::string server_error_code(std::string_view body) {
    nlohmann::json error = server_error_object(body);
    return error.is_object() ? error["code"].get<std::string>() : std::string();
}

std::chrono::milliseconds retry_after(const HttpResponse& response) {
    auto header = response.headers.find("retry-after");
    if (header == response.headers.end()) return std::chrono::milliseconds(0);
    long seconds = 0;
    const std::string& text = header->second;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc() || seconds < 0) return std::chrono::milliseconds(0);
    return std::chrono::seconds(std::min(seconds, 3600L));
}

Error refusal_error(const HttpResponse& response, std::span<const std::string_view> passed) {
    const std::string status = std::to_string(response.status);
    if (const nlohmann::json error = server_error_object(response.body); error.is_object()) {
        const std::string code = error["code"].get<std::string>();
        const std::string message = error.value("message", std::string());
        const bool pass = std::any_of(passed.begin(), passed.end(),
                                      [&](std::string_view prefix) { return code.starts_with(prefix); });
        if (pass) {
            std::map<std::string, std::string> args;
            for (const auto& [key, field] : error.items()) {
                if (key == "code" || key == "message") continue;
                if (field.is_string()) args[key] = field.get<std::string>();
                else if (field.is_number() || field.is_boolean()) args[key] = field.dump();
            }
            return make_error(code, message, std::move(args));
        }
        if (code.starts_with("auth.")) {
            return make_error("counter.unauthorized", code + ": " + message, {{"code", code}});
        }
    }
    if (response.status == 401 || response.status == 403) {
        return make_error("counter.unauthorized", "HTTP " + status, {{"code", status}});
    }
    return make_error("counter.server_error", "HTTP " + status, {{"status", status}});
}

Result<nlohmann::json> exchange_json(const HttpRequest& request, long expected_status,
                                     std::span<const std::string_view> passed) {
    auto response = http_send(request);
    if (!response) return response.error();
    if (response->status != expected_status && response->status != 200) return refusal_error(*response, passed);
    auto value = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    if (!value.is_object()) {
        return make_error("counter.bad_answer", "not a JSON object", {{"reason", "not_json"}});
    }
    return value;
}

}  // namespace ventanilla
