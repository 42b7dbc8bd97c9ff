#include "tests/support/terminal.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <stdexcept>

namespace ventanilla::testing {

namespace fs = std::filesystem;
using Json = nlohmann::json;

nlohmann::json form_state(Terminal& terminal) { return terminal.state()["form"]; }

std::string printed_text(const std::string& pdf_path) {
    auto text = pdf_text(pdf_path);
    REQUIRE_MESSAGE(text.has_value(), "pdftotext could not read " << pdf_path);
    return std::regex_replace(*text, std::regex("\\s+"), " ");
}

std::string artifacts_dir() {
    fs::create_directories(VENTANILLA_ARTIFACTS_DIR);
    return VENTANILLA_ARTIFACTS_DIR;
}

std::string terminal_binary() { return std::string(VENTANILLA_BIN_DIR) + "/ventanilla"; }

namespace {

// True when display `number` has a lock file naming a process that still runs.
bool display_in_use(int number) {
    std::ifstream lock("/tmp/.X" + std::to_string(number) + "-lock");
    if (!lock) return false;
    long pid = 0;
    lock >> pid;  // the X server writes its pid as text, padded with spaces
    if (pid <= 0) return true;  // unreadable: leave it alone
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

Result<VirtualDisplay> VirtualDisplay::start(int width_px, int height_px,
                                             const std::vector<std::string>& extra_args) {
    TempDir dir("ventanilla-xvfb-");
    std::mt19937 random(static_cast<unsigned>(::getpid()) ^ std::random_device{}());
    for (int attempt = 0; attempt < 50; ++attempt) {
        int number = 100 + static_cast<int>(random() % 800);
        // Xvfb killed with SIGKILL (a test that crashed, a timeout) leaves its lock file
        // behind; after a few thousand runs nearly every number had one and no display
        // started. A lock whose process is gone is stale: Xvfb removes it and its socket.
        if (display_in_use(number)) continue;
        std::string name = ":" + std::to_string(number);
        std::vector<std::string> argv = {"Xvfb", name, "-screen", "0",
                                         std::to_string(width_px) + "x" + std::to_string(height_px) + "x24",
                                         "-nolisten", "tcp", "-noreset"};
        argv.insert(argv.end(), extra_args.begin(), extra_args.end());
        auto xvfb = Process::start({argv, {}, dir.file("xvfb.log")});
        if (!xvfb) return xvfb.error();
        std::string socket = "/tmp/.X11-unix/X" + std::to_string(number);
        bool up = wait_until([&] { return fs::exists(socket) || !xvfb->is_running(); }, 10s);
        if (up && xvfb->is_running()) {
            return VirtualDisplay(std::move(dir), std::move(xvfb.value()), name);
        }
    }
    return make_error("xvfb.not_started", "no free display number, or Xvfb failed");
}

int VirtualDisplay::run(const std::string& shell_command) const {
    std::string command = "DISPLAY=" + name_ + " " + shell_command;
    int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Result<Terminal> Terminal::start(const VirtualDisplay& display, TerminalOptions options) {
    TempDir dir("ventanilla-terminal-");
    std::string config_path = dir.file("terminal.json");
    {
        std::ofstream out(config_path);
        if (options.raw_config_text) {
            out << *options.raw_config_text;
        } else {
            Json config = options.config;
            if (!config.contains("data_dir")) config["data_dir"] = dir.file("data");
            if (!config.contains("server_url")) config["server_url"] = options.server_url;
            if (!config.contains("printer")) {
                config["printer"] = Json{{"backend", "pdf_folder"}, {"pdf_folder", dir.file("receipts")}};
            }
            out << config.dump(2);
        }
    }
    if (options.last_good_text) {
        std::ofstream(config_path + ".last-good") << *options.last_good_text;
    }
    if (options.before_start) options.before_start(config_path);
    std::vector<std::string> argv = {terminal_binary(), "--config", config_path};
    std::string socket = dir.file("automation.sock");
    if (options.automation) {
        argv.push_back("--automation");
        argv.push_back(socket);
    }
    for (auto& a : options.extra_args) argv.push_back(a);
    auto env = options.env;
    env["DISPLAY"] = display.name();
    env["TZ"] = "America/Havana";
    auto process = Process::start({argv, {env.begin(), env.end()}, dir.file("terminal.log"), dir.path()});
    if (!process) return process.error();
    Terminal terminal(std::move(dir), std::move(process.value()));
    if (options.automation) {
        if (!terminal.client_.connect(socket, 20s)) {
            return make_error("terminal.not_ready", "no automation socket; log:\n" + terminal.log());
        }
        if (options.wait_for_first_frame) {
            bool drawn = wait_until([&] { return terminal.send("state").value("frames", 0) > 0; }, 20s, 50ms);
            if (!drawn) return make_error("terminal.not_ready", "no frame drawn; log:\n" + terminal.log());
            terminal.must("wait_idle");
        }
    }
    return terminal;
}

Json Terminal::send(const std::string& command) { return client_.send(command); }

Json Terminal::must(const std::string& command) {
    Json reply = client_.send(command);
    if (!reply.value("ok", false)) {
        throw std::runtime_error("automation '" + command + "' failed: " + reply.dump());
    }
    return reply;
}

std::vector<std::string> Terminal::texts() {
    std::vector<std::string> out;
    Json reply = must("shown");  // keep the reply alive while looping over its parts
    for (const auto& w : reply["shown"]) out.push_back(w["text"].get<std::string>());
    return out;
}

bool Terminal::shows(const std::string& text) {
    for (const auto& t : texts()) {
        if (t.find(text) != std::string::npos) return true;
    }
    return false;
}

std::string Terminal::screenshot(const std::string& name) {
    std::string path = artifacts_dir() + "/" + name + ".png";
    must("screenshot " + path);
    return path;
}

std::optional<std::pair<int, int>> Terminal::centre_of(const std::string& text) {
    Json reply = must("shown");
    for (const auto& w : reply["shown"]) {
        if (w["tappable"].get<bool>() && w["text"].get<std::string>() == text) {
            return std::pair{static_cast<int>(w["x"].get<double>() + w["w"].get<double>() / 2),
                             static_cast<int>(w["y"].get<double>() + w["h"].get<double>() / 2)};
        }
    }
    return std::nullopt;
}

std::string Terminal::log() const { return read_file(process_.log_path()).value_or(""); }

std::optional<TerminalExit> run_terminal_to_exit(
    const std::vector<std::string>& args,
    const std::vector<std::pair<std::string, std::string>>& env, std::chrono::milliseconds timeout) {
    TempDir dir("ventanilla-exit-");
    std::vector<std::string> argv = {terminal_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto process = Process::start({argv, env, dir.file("out.log"), dir.path()});
    if (!process) return std::nullopt;
    auto code = process->wait_exit(timeout);
    if (!code) {
        process->kill_hard();
        return std::nullopt;
    }
    return TerminalExit{*code, read_file(dir.file("out.log")).value_or("")};
}

void wheel(const VirtualDisplay& display, Terminal& terminal, int x, int y, int notches) {
    const int exit_code = display.run("xdotool mousemove " + std::to_string(x) + " " + std::to_string(y) +
                                      " click --repeat " + std::to_string(std::abs(notches)) + " --delay 40 " +
                                      (notches > 0 ? "5" : "4") + " mousemove 5 5");
    if (exit_code != 0) throw std::runtime_error("xdotool could not turn the wheel (exit " + std::to_string(exit_code) + ")");
    terminal.must("wait_idle");
}

}  // namespace ventanilla::testing
