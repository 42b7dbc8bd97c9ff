// A client of the terminal's automation interface: one command, one JSON reply.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

namespace ventanilla::testing {

class AutomationClient {
public:
    AutomationClient() = default;
    ~AutomationClient();
    AutomationClient(const AutomationClient&) = delete;
    AutomationClient& operator=(const AutomationClient&) = delete;
    AutomationClient(AutomationClient&& other) noexcept
        : fd_(std::exchange(other.fd_, -1)), buffer_(std::move(other.buffer_)) {}

    // Connects, retrying until the socket appears or `timeout` passes.
    bool connect(const std::string& socket_path, std::chrono::milliseconds timeout);
    bool connected() const { return fd_ >= 0; }
    // Sends one command line and waits for its reply (throws on a broken connection).
    nlohmann::json send(const std::string& command,
                        std::chrono::milliseconds timeout = std::chrono::seconds(30));

private:
    int fd_ = -1;
    std::string buffer_;
};

}  // namespace ventanilla::testing
