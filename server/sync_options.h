// The command-line options of ventanilla-central that concern devices and records.
#pragma once

#include <string>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla {

struct SyncCommand {
    enum class Action {
        none,                   // serve (or whatever the other options say)
        issue_enrolment_code,   // print a one-time code and exit
        revoke_device,          // revoke a device's token and exit
    };
    Action action = Action::none;
    std::string role;        // --role kiosk|counter|display
    std::string office_id;   // --office OFFICE_ID
    int valid_hours = 24;    // --valid-hours, 1..720
    std::string device_id;   // --revoke-device DEVICE_ID
    // --idempotency-days: how long, at least, a record's id answers "duplicate". Records are
    // never deleted by this release, so every id is kept for ever; the option is the floor
    // any retention job must respect, and is checked (1..36500) so a typo is caught now.
    int idempotency_days = 90;
};

// Removes these options from `args` (both "--x v" and "--x=v"), so the rest can go to
// parse_command_line, and checks them. Errors have code "options.invalid".
Result<SyncCommand> take_sync_options(std::vector<std::string>& args);

// The lines --help adds for these options.
std::string sync_usage_text();

}  // namespace ventanilla
