#include "server/sync_options.h"

#include <charconv>
#include <optional>

#include "kiosk/uuid.h"

namespace ventanilla {

namespace {

Error invalid(const std::string& detail) {
    return make_error("options.invalid", detail);
}

std::optional<int> parse_int(const std::string& text, int min, int max) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min ||
        value > max) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

Result<SyncCommand> take_sync_options(std::vector<std::string>& args) {
    SyncCommand command;
    std::vector<std::string> rest;
    bool issue = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i];
        std::optional<std::string> inline_value;
        if (const auto equals = name.find('=');
            name.starts_with("--") && equals != std::string::npos) {
            inline_value = name.substr(equals + 1);
            name = name.substr(0, equals);
        }
        if (name == "--issue-enrolment-code") {
            if (inline_value) return invalid(name + " takes no value");
            issue = true;
            continue;
        }
        if (name != "--role" && name != "--office" && name != "--valid-hours" &&
            name != "--revoke-device" && name != "--idempotency-days") {
            rest.push_back(args[i]);
            continue;
        }
        std::string value;
        if (inline_value) {
            value = *inline_value;
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            return invalid(name + " needs a value");
        }
        if (name == "--role") {
            if (value != "kiosk" && value != "counter" && value != "display") {
                return invalid("--role must be kiosk, counter or display, not \"" + value + "\"");
            }
            command.role = value;
        } else if (name == "--office") {
            if (value.empty()) return invalid("--office needs an office id");
            command.office_id = value;
        } else if (name == "--valid-hours") {
            const auto hours = parse_int(value, 1, 720);
            if (!hours) return invalid("--valid-hours must be a number from 1 to 720");
            command.valid_hours = *hours;
        } else if (name == "--revoke-device") {
            if (!is_canonical_uuid(value)) {
                return invalid("--revoke-device needs a device id (a UUID in lower case)");
            }
            command.device_id = value;
            command.action = SyncCommand::Action::revoke_device;
        } else {
            const auto days = parse_int(value, 1, 36500);
            if (!days) return invalid("--idempotency-days must be a number from 1 to 36500");
            command.idempotency_days = *days;
        }
    }
    if (issue) {
        if (command.action == SyncCommand::Action::revoke_device) {
            return invalid("--issue-enrolment-code and --revoke-device go one at a time");
        }
        if (command.role.empty() || command.office_id.empty()) {
            return invalid("--issue-enrolment-code needs --role and --office");
        }
        command.action = SyncCommand::Action::issue_enrolment_code;
    } else if (!command.role.empty() || !command.office_id.empty()) {
        return invalid("--role and --office go with --issue-enrolment-code");
    }
    args = std::move(rest);
    return command;
}

std::string sync_usage_text() {
    return R"(
Devices and records:
  --issue-enrolment-code --role kiosk|counter|display --office OFFICE_ID [--valid-hours 24]
                        print a one-time code that enrols one terminal, and exit
  --revoke-device ID    revoke a terminal's token (it stops syncing), and exit
  --idempotency-days N  keep record ids at least N days (default 90; records are
                        never deleted by this release)
)";
}

}  // namespace ventanilla
