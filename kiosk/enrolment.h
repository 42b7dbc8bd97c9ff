// Enrolling this terminal with the server, and keeping what it gets in the secrets file.
#pragma once

#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/http_client.h"
#include "kiosk/result.h"

namespace ventanilla {

// Error codes enrol_terminal and the secrets file add to net.* and enrolment.code_* (each has
// a key in assets/i18n).
inline constexpr std::array<std::string_view, 9> kEnrolmentErrorCodes{
    "enrolment.unknown_code",   // the server never issued this code
    "enrolment.code_used",      // it enrolled another terminal already
    "enrolment.code_expired",   // its time ran out
    "enrolment.refused",        // code: any other refusal (4xx) of the server
    "enrolment.server_error",   // status: 5xx or another status we do not expect
    "enrolment.bad_answer",     // reason: a 201 that is not our answer
    "secrets.unreadable",       // path, reason
    "secrets.malformed",        // path, reason
    "secrets.too_open",         // path, mode: readable or writable by others than the owner
};

// What the server gave this terminal at enrolment. The token is a secret: it goes to the
// secrets file (mode 0600) and to the Authorization header, never to a log.
struct DeviceCredentials {
    std::string device_id;
    std::string token;
    std::string role;       // "kiosk", "counter", "display"
    std::string office_id;
    int terminal_number = 0;
    std::string server_url;  // where it was enrolled: a token is only good there

    bool operator==(const DeviceCredentials&) const = default;
};

struct EnrolmentRequest {
    std::string server_url;
    std::string code;  // as the technician typed it; checked here before it is sent
    int terminal_number = 1;
    std::string name;  // how the server's operator will see this terminal, e.g. "Caja 3"
    // The public half of the terminal's receipt-signing key (terminal_keys.h), 32 bytes; the
    // server hands it to counters so they can check this terminal's receipts. Empty: none.
    std::string signing_public_key;
    TransportOptions transport;
    long connect_timeout_ms = 5000;
    long total_timeout_ms = 20000;
};

// POST /api/v1/enrolment. A typo in the code is caught here (enrolment.code_*) without
// asking the server. Blocks: call it from a worker.
Result<DeviceCredentials> enrol_terminal(const EnrolmentRequest& request);

// "<config dir>/<config stem>.secrets.json": beside the configuration, apart from it.
std::filesystem::path secrets_path_for(const std::filesystem::path& config_path);

// The whole secrets file: an empty object when it does not exist yet. A file that others may
// read is refused (secrets.too_open); one that is not a JSON object is secrets.malformed.
Result<nlohmann::json> read_secrets_file(const std::filesystem::path& secrets_path);

// Replaces one top-level section of the secrets file ("device", "keys"), keeping the others,
// atomically and with mode 0600.
Status write_secrets_section(const std::filesystem::path& secrets_path, const std::string& section,
                             const nlohmann::json& value);

// Writes the credentials under "device" in the secrets file, keeping its other keys (PIN
// hashes, data key), atomically and with mode 0600.
Status save_credentials(const std::filesystem::path& secrets_path,
                        const DeviceCredentials& credentials);

// The credentials in the secrets file; nullopt when the file or its "device" is missing (not
// enrolled yet). A file that others may read is refused (secrets.too_open).
Result<std::optional<DeviceCredentials>> load_credentials(
    const std::filesystem::path& secrets_path);

}  // namespace ventanilla
