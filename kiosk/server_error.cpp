#include "kiosk/server_error.h"

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

}  // namespace ventanilla
