#include "kiosk/enrolment.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kiosk/atomic_file.h"
#include "kiosk/base64.h"
#include "kiosk/enrolment_code.h"
#include "kiosk/server_error.h"
#include "kiosk/uuid.h"

namespace ventanilla {

namespace {


Error secrets_error(std::string code, const std::filesystem::path& path, std::string reason) {
    return make_error(std::move(code), path.string() + ": " + reason,
                      {{"path", path.string()}, {"reason", reason}});
}

Result<nlohmann::json> read_secrets(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return nlohmann::json::object();  // missing: nothing kept yet
    std::ostringstream text;
    text << file.rdbuf();
    auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) return secrets_error("secrets.malformed", path, "not a JSON object");
    return json;
}

}  // namespace

Result<DeviceCredentials> enrol_terminal(const EnrolmentRequest& request) {
    auto code = parse_enrolment_code(request.code);
    if (!code) return code.error();
    HttpRequest http;
    http.method = "POST";
    std::string base = request.server_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    http.url = base + "/api/v1/enrolment";
    http.headers = {"Content-Type: application/json", "Accept: application/json"};
    nlohmann::json body{{"code", code->symbols}, {"terminal_number", request.terminal_number}, {"name", request.name}};
    if (!request.signing_public_key.empty()) body["signing_key"] = to_base64(request.signing_public_key);
    http.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    http.connect_timeout_ms = request.connect_timeout_ms;
    http.total_timeout_ms = request.total_timeout_ms;
    http.transport = request.transport;
    auto response = http_send(http);
    if (!response) return response.error();

    const long status = response->status;
    const std::string server_code = server_error_code(response->body);
    if (status == 404 && server_code == "enrolment.unknown_code") {
        return make_error("enrolment.unknown_code", server_code);
    }
    if (status == 409) return make_error("enrolment.code_used", server_code);
    if (status == 410) return make_error("enrolment.code_expired", server_code);
    if (status >= 400 && status <= 499 && !server_code.empty()) {
        return make_error("enrolment.refused", server_code, {{"code", server_code}});
    }
    if (status != 201) {
        return make_error("enrolment.server_error", "HTTP " + std::to_string(status),
                          {{"status", std::to_string(status)}});
    }
    auto json = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    auto text = [&](const char* key) -> std::string {
        return json.is_object() && json.contains(key) && json[key].is_string()
                   ? json[key].get<std::string>()
                   : std::string();
    };
    DeviceCredentials credentials;
    credentials.device_id = text("device_id");
    credentials.token = text("token");
    credentials.role = text("role");
    credentials.office_id = text("office_id");
    credentials.terminal_number = request.terminal_number;
    credentials.server_url = base;
    if (!is_canonical_uuid(credentials.device_id) || credentials.token.size() < 32 ||
        credentials.role.empty()) {
        return make_error("enrolment.bad_answer", "no device_id, token or role",
                          {{"reason", "no device_id, token or role"}});
    }
    return credentials;
}

std::filesystem::path secrets_path_for(const std::filesystem::path& config_path) {
    return config_path.parent_path() / (config_path.stem().string() + ".secrets.json");
}

Result<nlohmann::json> read_secrets_file(const std::filesystem::path& secrets_path) {
    struct stat info {};
    if (::stat(secrets_path.c_str(), &info) != 0) {
        if (errno == ENOENT) return nlohmann::json::object();
        return secrets_error("secrets.unreadable", secrets_path, std::strerror(errno));
    }
    if ((info.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
        return make_error("secrets.too_open", secrets_path.string() + ": mode " + mode,
                          {{"path", secrets_path.string()}, {"mode", mode}});
    }
    return read_secrets(secrets_path);
}

Status write_secrets_section(const std::filesystem::path& secrets_path, const std::string& section,
                             const nlohmann::json& value) {
    auto secrets = read_secrets(secrets_path);
    if (!secrets) return secrets.error();
    nlohmann::json json = std::move(secrets).value();
    json[section] = value;
    return write_file_atomically(secrets_path, json.dump(2) + "\n", 0600);
}

Status save_credentials(const std::filesystem::path& secrets_path,
                        const DeviceCredentials& credentials) {
    return write_secrets_section(secrets_path, "device",
                                 {{"device_id", credentials.device_id},
                                  {"token", credentials.token},
                                  {"role", credentials.role},
                                  {"office_id", credentials.office_id},
                                  {"terminal_number", credentials.terminal_number},
                                  {"server_url", credentials.server_url}});
}

Result<std::optional<DeviceCredentials>> load_credentials(
    const std::filesystem::path& secrets_path) {
    auto secrets = read_secrets_file(secrets_path);
    if (!secrets) return secrets.error();
    if (!secrets->contains("device")) return std::optional<DeviceCredentials>();
    const auto& device = secrets->at("device");
    DeviceCredentials credentials;
    try {
        credentials.device_id = device.at("device_id").get<std::string>();
        credentials.token = device.at("token").get<std::string>();
        credentials.role = device.at("role").get<std::string>();
        credentials.office_id = device.at("office_id").get<std::string>();
        credentials.terminal_number = device.at("terminal_number").get<int>();
        credentials.server_url = device.at("server_url").get<std::string>();
    } catch (const nlohmann::json::exception&) {
        return secrets_error("secrets.malformed", secrets_path, "\"device\" lacks a field");
    }
    return std::optional<DeviceCredentials>(std::move(credentials));
}

}  // namespace ventanilla
