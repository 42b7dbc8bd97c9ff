// The real `ventanilla` binary on a virtual display (Xvfb), driven through its automation
// interface or through real X input (xdotool), for UI tests and benchmarks.
#pragma once

#include <nlohmann/json.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/result.h"
#include "tests/support/automation_client.h"
#include "tests/support/process.h"

namespace ventanilla::testing {

// An Xvfb server of its own, so tests never share a screen.
class VirtualDisplay {
public:
    // `extra_args` go to Xvfb, e.g. {"-extension", "GLX"} for a display without OpenGL.
    static Result<VirtualDisplay> start(int width_px = 1920, int height_px = 1080,
                                        const std::vector<std::string>& extra_args = {});
    const std::string& name() const { return name_; }  // ":123"
    // Runs a command with DISPLAY set to this display (xdotool, import); returns its exit code.
    int run(const std::string& shell_command) const;

private:
    VirtualDisplay(TempDir dir, Process xvfb, std::string name)
        : dir_(std::move(dir)), xvfb_(std::move(xvfb)), name_(std::move(name)) {}
    TempDir dir_;
    Process xvfb_;
    std::string name_;
};

struct TerminalOptions {
    // The config file's JSON; "data_dir" and the printer folder are pointed into the
    // test's temporary directory unless the text sets them. Empty: a default kiosk.
    nlohmann::json config = nlohmann::json::object();
    std::optional<std::string> raw_config_text;  // written as is instead (bad files)
    std::optional<std::string> last_good_text;   // a last-good copy beside it
    std::string server_url = "http://127.0.0.1:9";  // nothing listens on the discard port
    std::vector<std::string> extra_args;
    std::map<std::string, std::string> env;  // beside DISPLAY and TZ, which the display sets
    bool automation = true;
    bool wait_for_first_frame = true;
    // Runs once the config file is written, before the terminal starts: to put files
    // beside it (a secrets file, say). Gets the config file's path.
    std::function<void(const std::string& config_path)> before_start{};
};

class Terminal {
public:
    static Result<Terminal> start(const VirtualDisplay& display, TerminalOptions options = {});

    // Sends an automation command; the reply's "ok" is not checked here.
    nlohmann::json send(const std::string& command);
    // Sends a command and throws (failing the test) if the reply is not ok.
    nlohmann::json must(const std::string& command);
    nlohmann::json state() { return must("state"); }
    // Every text the last frame showed.
    std::vector<std::string> texts();
    bool shows(const std::string& text);
    // Saves a screenshot to build/test-artifacts/<name>.png and returns its path.
    std::string screenshot(const std::string& name);
    // Where a tappable widget labelled `text` is (its centre), if on screen.
    std::optional<std::pair<int, int>> centre_of(const std::string& text);

    std::string log() const;
    const std::string& dir() const { return dir_.path(); }
    std::string data_dir() const { return dir_.file("data"); }
    Process& process() { return process_; }

private:
    Terminal(TempDir dir, Process process) : dir_(std::move(dir)), process_(std::move(process)) {}
    TempDir dir_;
    Process process_;
    AutomationClient client_;
};

// Runs `ventanilla` to completion (start-up failures) with the given environment.
struct TerminalExit {
    int exit_code = -1;
    std::string output;
};
std::optional<TerminalExit> run_terminal_to_exit(
    const std::vector<std::string>& args,
    const std::vector<std::pair<std::string, std::string>>& env, std::chrono::milliseconds timeout);

// Turns the mouse wheel over (x, y) through X, `notches` down (up when negative), and waits
// for the terminal to settle: what a citizen does to see a list's rest. Throws (failing the
// test) when xdotool fails.
void wheel(const VirtualDisplay& display, Terminal& terminal, int x, int y, int notches);

// The form wizard's part of the automation state.
nlohmann::json form_state(Terminal& terminal);

// The text of a receipt the terminal printed (a PDF), every run of white space one space: lines
// wrap on paper. Fails the test when pdftotext cannot read it.
std::string printed_text(const std::string& pdf_path);

std::string artifacts_dir();
std::string terminal_binary();

}  // namespace ventanilla::testing
