// The test-support Process and friends, which the server and UI tests stand on.
#include <fcntl.h>
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/process.h"

using namespace ventanilla;
using namespace ventanilla::testing;

TEST_CASE("a child's exit code, output, environment and working directory") {
    TempDir dir("process-test-");
    auto child =
        Process::start({.argv = {"sh", "-c", "echo out $GREETING; echo err >&2; pwd; exit 3"},
                        .env = {{"GREETING", "hola"}},
                        .log_path = dir.file("log"),
                        .working_dir = dir.path()});
    REQUIRE_MESSAGE(child.ok(), child.failure_text());
    CHECK(child->pid() > 0);
    CHECK(child->wait_exit(5s) == 3);
    CHECK_FALSE(child->is_running());
    CHECK(child->exit_code() == 3);
    CHECK(read_file(dir.file("log")) == "out hola\nerr\n" + dir.path() + "\n");
}

TEST_CASE("a program that cannot run is an error value, not a child") {
    auto missing = Process::start({.argv = {"/nonexistent/ventanilla-nothing"}});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "process.spawn_failed");
    CHECK(missing.error().detail.find("No such file") != std::string::npos);
}

TEST_CASE("terminate: SIGTERM first, SIGKILL after the grace period") {
    auto polite = Process::start({.argv = {"sleep", "30"}});
    REQUIRE(polite.ok());
    CHECK(polite->is_running());
    CHECK(polite->terminate(2s) == 128 + SIGTERM);

    TempDir dir("process-test-");
    auto stubborn = Process::start(
        {.argv = {"sh", "-c", "trap '' TERM; echo ready; while :; do sleep 0.05; done"},
         .log_path = dir.file("log")});
    REQUIRE(stubborn.ok());
    REQUIRE(wait_until([&] { return read_file(dir.file("log")) == "ready\n"; }, 5s));
    const auto started = std::chrono::steady_clock::now();
    CHECK(stubborn->terminate(200ms) == 128 + SIGKILL);
    CHECK(std::chrono::steady_clock::now() - started < 2s);

    auto hard = Process::start({.argv = {"sleep", "30"}});
    REQUIRE(hard.ok());
    CHECK(hard->kill_hard() == 128 + SIGKILL);
    CHECK_FALSE(hard->wait_exit(0ms) == std::nullopt);
}

TEST_CASE("a Process going out of scope kills its child") {
    pid_t pid = 0;
    {
        auto child = Process::start({.argv = {"sleep", "30"}});
        REQUIRE(child.ok());
        pid = child->pid();
        CHECK(::kill(pid, 0) == 0);
    }
    CHECK(::kill(pid, 0) != 0);  // killed and reaped: the pid is gone
}

TEST_CASE("the child inherits none of the test's open sockets") {
    const int low = socket(AF_INET, SOCK_STREAM, 0);  // deliberately not CLOEXEC
    REQUIRE(low >= 0);
    // Far above the descriptors sh opens for its own pipeline (3, 4, ...), so finding it
    // in the child's list can only mean it was inherited.
    const int listener = fcntl(low, F_DUPFD, 200);
    close(low);
    REQUIRE(listener >= 200);
    TempDir dir("process-test-");
    auto child = Process::start({.argv = {"sh", "-c", "ls /proc/$$/fd | sort -n | tr '\\n' ' '"},
                                 .log_path = dir.file("log")});
    REQUIRE(child.ok());
    CHECK(child->wait_exit(5s) == 0);
    close(listener);
    // stdin, stdout, stderr, and whatever sh opens itself for the pipeline (if anything).
    const std::string fds = read_file(dir.file("log")).value_or("");
    CHECK_MESSAGE(fds.starts_with("0 1 2 "), fds);
    CHECK_MESSAGE(fds.find(" " + std::to_string(listener) + " ") == std::string::npos, fds);
}

TEST_CASE("TempDir removes itself and everything in it, free_port gives a port") {
    std::string path;
    {
        TempDir dir("process-test-");
        path = dir.path();
        CHECK(path.starts_with("/tmp/process-test-"));
        std::filesystem::create_directories(dir.file("a/b"));
        std::ofstream(dir.file("a/b/c.txt")) << "x";
        TempDir moved = std::move(dir);
        CHECK(moved.path() == path);
        CHECK(std::filesystem::exists(path + "/a/b/c.txt"));
    }
    CHECK_FALSE(std::filesystem::exists(path));

    const int port = free_port();
    CHECK(port > 0);
    CHECK(port < 65536);
    CHECK_FALSE(read_file("/nonexistent/file").has_value());
    CHECK_FALSE(wait_until([] { return false; }, 30ms));
}
