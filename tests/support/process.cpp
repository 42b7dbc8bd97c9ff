#include "tests/support/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace ventanilla::testing {

namespace {

// Resolved before fork(): between fork and exec only async-signal-safe calls are allowed.
std::string find_program(const std::string& name) {
    if (name.find('/') != std::string::npos) {
        return name;
    }
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
        if (access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return name;
}

std::vector<std::string> merged_environment(
    const std::vector<std::pair<std::string, std::string>>& extra) {
    std::map<std::string, std::string> variables;
    for (char** entry = environ; *entry; ++entry) {
        const std::string text = *entry;
        const auto equals = text.find('=');
        if (equals != std::string::npos) {
            variables[text.substr(0, equals)] = text.substr(equals + 1);
        }
    }
    for (const auto& [name, value] : extra) {
        variables[name] = value;
    }
    std::vector<std::string> result;
    for (const auto& [name, value] : variables) {
        result.push_back(name + "=" + value);
    }
    return result;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> result;
    for (auto& text : strings) {
        result.push_back(text.data());
    }
    result.push_back(nullptr);
    return result;
}

int decode_status(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return -1;
}

// In the child, after fork: only async-signal-safe calls, and _exit on failure
// after telling the parent why through the close-on-exec pipe.
[[noreturn]] void run_child(const char* program, char* const* argv, char* const* envp,
                            const char* log_path, const char* working_dir, bool own_group,
                            pid_t parent, int error_pipe) {
    auto fail = [&](int error) {
        ssize_t ignored = write(error_pipe, &error, sizeof error);
        (void)ignored;
        _exit(127);
    };
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) {
        fail(errno);
    }
    if (getppid() != parent) {
        _exit(127);  // the test died before prctl took effect
    }
    if (own_group && setpgid(0, 0) != 0) {
        fail(errno);
    }
    // The test may have signals blocked or ignored; the child starts clean.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int number : {SIGTERM, SIGINT, SIGPIPE, SIGHUP, SIGCHLD}) {
        ::signal(number, SIG_DFL);
    }
    const int input = open("/dev/null", O_RDONLY);
    const int output = log_path[0] ? open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644)
                                   : open("/dev/null", O_WRONLY);
    if (input < 0 || output < 0 || dup2(input, 0) < 0 || dup2(output, 1) < 0 ||
        dup2(output, 2) < 0) {
        fail(errno);
    }
    // Sockets and files the test holds open (an in-process server's listening
    // socket, say) must not live on in the child: close them at exec. This
    // also keeps the error pipe open until then, which it needs.
    close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
    if (working_dir[0] && chdir(working_dir) != 0) {
        fail(errno);
    }
    execve(program, argv, envp);
    fail(errno);
    _exit(127);
}

}  // namespace

Result<Process> Process::start(ProcessOptions options) {
    if (options.argv.empty()) {
        return make_error("process.spawn_failed", "no program given");
    }
    const std::string program = find_program(options.argv[0]);
    std::vector<std::string> argv_strings = options.argv;
    std::vector<std::string> env_strings = merged_environment(options.env);
    std::vector<char*> argv = pointers(argv_strings);
    std::vector<char*> envp = pointers(env_strings);

    int error_pipe[2];
    if (pipe2(error_pipe, O_CLOEXEC) != 0) {
        return make_error("process.spawn_failed", std::string("pipe: ") + std::strerror(errno));
    }
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        const int error = errno;
        close(error_pipe[0]);
        close(error_pipe[1]);
        return make_error("process.spawn_failed", std::string("fork: ") + std::strerror(error));
    }
    if (pid == 0) {
        close(error_pipe[0]);
        run_child(program.c_str(), argv.data(), envp.data(), options.log_path.c_str(),
                  options.working_dir.c_str(), options.own_process_group, parent, error_pipe[1]);
    }
    close(error_pipe[1]);
    int child_error = 0;
    ssize_t got = 0;
    do {
        got = read(error_pipe[0], &child_error, sizeof child_error);
    } while (got < 0 && errno == EINTR);
    close(error_pipe[0]);
    Process process(pid, options.log_path, options.own_process_group);
    if (got > 0) {
        process.reap(true);
        return make_error("process.spawn_failed", program + ": " + std::strerror(child_error));
    }
    return process;
}

Process::Process(Process&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      log_path_(std::move(other.log_path_)),
      own_group_(other.own_group_),
      exit_code_(other.exit_code_) {}

Process& Process::operator=(Process&& other) noexcept {
    if (this != &other) {
        if (pid_ > 0 && !exit_code_) {
            kill_hard();
        }
        pid_ = std::exchange(other.pid_, -1);
        log_path_ = std::move(other.log_path_);
        own_group_ = other.own_group_;
        exit_code_ = other.exit_code_;
    }
    return *this;
}

Process::~Process() {
    if (pid_ > 0 && !exit_code_) {
        kill_hard();
    }
}

bool Process::reap(bool block) {
    if (exit_code_ || pid_ <= 0) {
        return true;
    }
    int status = 0;
    pid_t done = 0;
    do {
        done = waitpid(pid_, &status, block ? 0 : WNOHANG);
    } while (done < 0 && errno == EINTR);
    if (done == pid_) {
        exit_code_ = decode_status(status);
        return true;
    }
    if (done < 0) {
        exit_code_ = -1;  // not our child any more (reaped elsewhere): treat as gone
        return true;
    }
    return false;
}

bool Process::is_running() {
    return !reap(false);
}

std::optional<int> Process::wait_exit(std::chrono::milliseconds timeout) {
    wait_until([this] { return reap(false); }, timeout, 5ms);
    return exit_code_;
}

bool Process::send_signal(int number) {
    if (pid_ <= 0 || exit_code_) {
        return false;
    }
    return ::kill(own_group_ ? -pid_ : pid_, number) == 0;
}

int Process::terminate(std::chrono::milliseconds grace) {
    send_signal(SIGTERM);
    if (auto code = wait_exit(grace)) {
        return *code;
    }
    return kill_hard();
}

int Process::kill_hard() {
    send_signal(SIGKILL);
    reap(true);
    return exit_code_.value_or(-1);
}

TempDir::TempDir(const std::string& prefix) {
    std::string pattern = "/tmp/" + prefix + "XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
        // A test cannot go on without its directory; this is a broken machine.
        throw std::runtime_error("mkdtemp " + pattern + ": " + std::strerror(errno));
    }
    path_ = pattern;
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
    if (this != &other) {
        TempDir discarded(std::move(*this));
        path_ = std::exchange(other.path_, {});
    }
    return *this;
}

TempDir::~TempDir() {
    if (path_.empty()) {
        return;
    }
    const char* keep = std::getenv("VENTANILLA_KEEP_TEMP");
    if (keep && std::string(keep) == "1") {
        return;
    }
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::file(const std::string& name) const {
    return path_ + "/" + name;
}

int free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    int port = -1;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    close(fd);
    return port;
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

std::string file_text(const std::filesystem::path& path) { return read_file(path.string()).value_or(""); }

bool wait_until(const std::function<bool()>& predicate, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (predicate()) {
            return true;
        }
        std::this_thread::sleep_for(interval);
    }
    return predicate();
}

std::optional<ProgramOutput> run_program(const std::vector<std::string>& argv,
                                         std::chrono::milliseconds timeout) {
    TempDir dir("ventanilla-run-");
    auto process = Process::start({.argv = argv, .log_path = dir.file("output.log")});
    if (!process) return ProgramOutput{-1, process.error().detail};
    const auto code = process->wait_exit(timeout);
    if (!code) {
        process->kill_hard();
        return std::nullopt;
    }
    return ProgramOutput{*code, read_file(process->log_path()).value_or("")};
}

std::optional<std::string> pdf_text(const std::string& pdf_path) {
    auto result = run_program({"pdftotext", "-layout", "-enc", "UTF-8", pdf_path, "-"});
    if (!result || result->exit_code != 0) return std::nullopt;
    return result->output;
}

}  // namespace ventanilla::testing
