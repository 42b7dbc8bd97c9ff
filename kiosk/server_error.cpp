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

}  // namespace ventanilla
