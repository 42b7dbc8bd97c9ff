// Test helpers for the sync endpoints: issue a code, enrol a device, look inside SQLite files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/result.h"
#include "tests/support/central.h"

namespace ventanilla::testing {

struct EnrolledDevice {
    std::string device_id;
    std::string token;
    std::string role;
    std::string office_id;
};

// Runs `ventanilla-central --db <the server's db> --issue-enrolment-code ...` beside the
// running server, as an operator would, and returns the code it printed ("XXXX-XXXX-XXXX").
Result<std::string> issue_enrolment_code(const CentralServer& central,
                                         const std::string& role = "kiosk",
                                         const std::string& office_id = "hav-plaza");

// Issues a code and redeems it with POST /api/v1/enrolment.
Result<EnrolledDevice> enrol_device(const CentralServer& central, const std::string& role = "kiosk",
                                    const std::string& office_id = "hav-plaza",
                                    int terminal_number = 1);

// Opens an SQLite file (a server may be writing it: WAL lets us read beside it) and
// returns the first column of the first row of `sql` as an integer; -1 on any failure.
std::int64_t sqlite_integer(const std::string& db_path, const std::string& sql);

// PRAGMA integrity_check's findings joined by "; ": "ok" for a sound file.
std::string sqlite_integrity(const std::string& db_path);

}  // namespace ventanilla::testing
