// The real terminal started as an enrolled device of an office, and a clerk at a counter's
// receipt desk: shared by the UI tests that put a kiosk and a counter of one office together.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/enrolment.h"
#include "tests/support/terminal.h"

namespace ventanilla::testing {

// Options for a terminal that talks to `server_url` as `credentials`, written to its secrets
// file before it starts. `secrets_file`, when given, is copied there first, so the terminal
// keeps the keys it holds (a kiosk enrolled with its receipt-signing key, kiosk_submission.h).
TerminalOptions enrolled_terminal_options(const std::string& server_url, nlohmann::json config,
                                          DeviceCredentials credentials, const std::string& secrets_file = "");

// A clerk logs in at a counter as a person does: the code typed, "Listo", the PIN on the pad,
// "Entrar".
// Returns once the counter is working (fails the test otherwise).
void log_in_clerk(Terminal& terminal, const std::string& clerk = "ana", const std::string& pin = "2580");

// The counter's receipt desk as the automation interface reports it.
nlohmann::json desk_state(Terminal& terminal);
bool wait_desk(Terminal& terminal, const std::function<bool(const nlohmann::json&)>& predicate,
               std::chrono::milliseconds timeout = 10s);

}  // namespace ventanilla::testing
