// FaultProxy: a TCP proxy on 127.0.0.1 that breaks HTTP exchanges on purpose, for sync tests.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ventanilla::testing {

// What the proxy does to one connection (one request, one answer: it closes after each).
enum class Fault {
    pass,           // forward the request, return the answer
    drop,           // close at once, before reading anything
    drop_request,   // read the request, close without forwarding it
    delay,          // wait 50-400 ms, then pass
    slow,           // wait 2 s, then pass: a server slow but within a client's patience
    http_500,       // answer 500 without forwarding
    garbage,        // answer bytes that are not HTTP, without forwarding
    garbage_200,    // answer 200 with a body that is not our JSON, without forwarding
    truncate,       // forward, then send only part of the answer and close
    lost_answer,    // forward (the server commits), then close without a byte of the answer
};

const char* name_of(Fault fault);

// Listens on an ephemeral port of 127.0.0.1 and forwards to `upstream_port`. Each accepted
// connection gets the fault `choose` returns (called on the accepting thread). Stops and
// joins its threads when destroyed.
class FaultProxy {
public:
    FaultProxy(int upstream_port, std::function<Fault()> choose);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    int port() const { return port_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    void set_upstream_port(int port) { upstream_port_ = port; }
    // How long to wait for the server's answer before giving up on it (10 s unless set):
    // a long poll (the display's calls feed) needs more than it holds the request open.
    void set_answer_timeout_ms(int ms) { answer_timeout_ms_ = ms; }
    // How many connections got each fault so far.
    std::map<Fault, int> counts() const;

private:
    void accept_loop();
    void serve(int client, Fault fault);

    std::atomic<int> upstream_port_;
    std::atomic<int> answer_timeout_ms_{10000};
    std::function<Fault()> choose_;
    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::map<Fault, int> counts_;
    std::vector<std::thread> workers_;
    std::thread acceptor_;
};

}  // namespace ventanilla::testing
