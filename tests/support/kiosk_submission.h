// A procedure submitted the way a kiosk does it, for tests of what comes after: a kiosk enrolled
// with its own receipt-signing key, the form finalized and signed, committed sealed to that
// kiosk's outbox and uploaded by a real OutboxWorker to the real server.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/enrolment.h"
#include "kiosk/submission.h"
#include "kiosk/terminal_keys.h"
#include "kiosk/result.h"
#include "tests/support/central.h"
#include "tests/support/process.h"

namespace ventanilla::testing {

// A kiosk of `office_id` with its keys (secrets file and outbox in `dir`).
struct SigningKiosk {
    DeviceCredentials credentials;
    TerminalKeys keys;
    std::string db_path;
    std::string secrets_path;  // holds the keys: a real terminal given a copy signs with them
};

Result<SigningKiosk> enrol_signing_kiosk(const CentralServer& central, const TempDir& dir,
                                         const std::string& office_id = "hav-plaza", int terminal_number = 7);

// Finalizes `answers` for the shipped form `form_id` at `now`, queues the submission sealed in
// the kiosk's outbox under its draft id and uploads it; returns once the server acknowledged
// it. The submission carries its signed receipt code.
Result<Submission> submit_from_kiosk(const CentralServer& central, const SigningKiosk& kiosk,
                                     const std::string& form_id, const nlohmann::json& answers,
                                     std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace ventanilla::testing
