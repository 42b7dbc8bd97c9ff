// Test helpers around real processes: spawn and stop a binary, temp dirs, free ports, polling.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla::testing {

using namespace std::chrono_literals;

struct ProcessOptions {
    // argv[0] is the program: a path, or a bare name looked up in PATH.
    std::vector<std::string> argv{};
    // Added to the test's own environment, replacing variables of the same name.
    std::vector<std::pair<std::string, std::string>> env{};
    // Receives the child's stdout and stderr, truncated first. Empty: /dev/null.
    std::string log_path{};
    // Where the child starts; empty: the test's own working directory.
    std::string working_dir{};
    // Put the child in a process group of its own and signal the whole group,
    // for programs that start helpers of their own (xvfb-run starts Xvfb).
    bool own_process_group = false;
};

// A child process, stopped with SIGKILL when this object goes away if it is
// still running, so a failing test leaves nothing behind. The child also gets
// SIGKILL if the test binary dies (PR_SET_PDEATHSIG), so start it from a
// thread that outlives it, normally the test's own.
//
// Exit codes follow the shell: a normal exit gives its status, death by
// signal N gives 128 + N (SIGKILL: 137, SIGTERM: 143).
class Process {
public:
    // Fails (code "process.spawn_failed") when the program cannot be executed.
    static Result<Process> start(ProcessOptions options);

    Process(Process&& other) noexcept;
    Process& operator=(Process&& other) noexcept;
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    ~Process();

    pid_t pid() const { return pid_; }
    const std::string& log_path() const { return log_path_; }

    // False once the child has exited (it is reaped then, and its exit code kept).
    bool is_running();

    // The exit code once the child has exited within `timeout`; nullopt if it is still running.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout);

    // Sends a signal to the child (or its group, see ProcessOptions).
    bool send_signal(int number);

    // SIGTERM, then SIGKILL if it has not exited after `grace`. Returns the exit code.
    int terminate(std::chrono::milliseconds grace = 5s);

    // SIGKILL now and reap. Returns the exit code.
    int kill_hard();

    // Known once the child has been reaped.
    std::optional<int> exit_code() const { return exit_code_; }

private:
    Process(pid_t pid, std::string log_path, bool own_group)
        : pid_(pid), log_path_(std::move(log_path)), own_group_(own_group) {}
    bool reap(bool block);

    pid_t pid_ = -1;
    std::string log_path_;
    bool own_group_ = false;
    std::optional<int> exit_code_;
};

// A fresh directory under /tmp, removed with everything in it when this object
// goes away. Set VENTANILLA_KEEP_TEMP=1 to keep it for a post-mortem.
class TempDir {
public:
    explicit TempDir(const std::string& prefix = "ventanilla-test-");
    TempDir(TempDir&& other) noexcept;
    TempDir& operator=(TempDir&& other) noexcept;
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir();

    const std::string& path() const { return path_; }
    // path() + "/" + name
    std::string file(const std::string& name) const;

private:
    std::string path_;
};

inline TempDir make_temp_dir(const std::string& prefix) {
    return TempDir(prefix);
}

// What a program run to completion printed (stdout and stderr together) and its exit code.
struct ProgramOutput {
    int exit_code = -1;
    std::string output;
};
// Runs `argv` to completion; nullopt if it did not exit within `timeout` (it is killed then).
// A program that cannot be started gives exit code -1 and the reason as its output.
std::optional<ProgramOutput> run_program(const std::vector<std::string>& argv,
                                         std::chrono::milliseconds timeout = 10s);

// The text of a PDF as `pdftotext -layout` reads it (poppler-utils), or nullopt.
std::optional<std::string> pdf_text(const std::string& pdf_path);

// A TCP port on 127.0.0.1 that was free a moment ago. Another process can take
// it before you do: prefer a server's own "--port 0" when it has one.
int free_port();

// The whole file, or nullopt if it cannot be read.
std::optional<std::string> read_file(const std::string& path);
// The whole file, "" if it cannot be read (the test then fails on what it expected in it).
std::string file_text(const std::filesystem::path& path);

// Calls `predicate` every `interval` until it returns true (then true) or
// `timeout` passes (then false, after one last call).
bool wait_until(const std::function<bool()>& predicate, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = 10ms);

}  // namespace ventanilla::testing
