// The real terminal started as an enrolled device of an office, and a clerk at a counter's
// receipt desk: shared by the UI tests that put a kiosk and a counter of one office together.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/enrolment.h"
#include "tests/support/central.h"
#include "tests/support/enrolled_device.h"
#include "tests/support/terminal.h"

namespace ventanilla::testing {

// Terminal numbers of the devices start_office enrols at hav-plaza.
inline constexpr int kOfficeKiosk = 9;
inline constexpr int kOfficeCounter = 2;
inline constexpr int kOfficeDisplay = 90;

// A demo ventanilla-central whose services are open at any hour (the demo's hours would make
// the tests depend on when they run), with a kiosk, a counter and a hall display of hav-plaza
// enrolled.
struct OfficeUnderTest {
    CentralServer central;
    EnrolledDevice kiosk;
    EnrolledDevice counter;
    EnrolledDevice display;
};
OfficeUnderTest start_office();

// Options for a terminal that talks to `server_url` as `credentials`, written to its secrets
// file before it starts. `secrets_file`, when given, is copied there first, so the terminal
// keeps the keys it holds (a kiosk enrolled with its receipt-signing key, kiosk_submission.h).
TerminalOptions enrolled_terminal_options(const std::string& server_url, nlohmann::json config,
                                          DeviceCredentials credentials, const std::string& secrets_file = "");

// The office's kiosk, talking to `server_url` (the office's server, or a proxy before it), its
// data in `data_dir`; `secrets_file` as for enrolled_terminal_options.
TerminalOptions kiosk_options(const OfficeUnderTest& office, const std::string& server_url,
                              const std::string& data_dir, const std::string& secrets_file = "");

// A clerk logs in at a counter as a person does: the code typed, "Listo", the PIN on the pad,
// "Entrar".
// Returns once the counter is working (fails the test otherwise).
void log_in_clerk(Terminal& terminal, const std::string& clerk = "ana", const std::string& pin = "2580");

// The part of the automation state that belongs to the terminal's role (counter, display); a
// terminal that died fails the test with its log.
nlohmann::json role_state(Terminal& terminal);

// The counter's receipt desk as the automation interface reports it.
nlohmann::json desk_state(Terminal& terminal);
bool wait_desk(Terminal& terminal, const std::function<bool(const nlohmann::json&)>& predicate,
               std::chrono::milliseconds timeout = 10s);

}  // namespace ventanilla::testing
