// Keeps an eye on the central server from a worker thread: is it there, which version.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "kiosk/catalog.h"
#include <thread>

namespace ventanilla {

struct ServerStatus {
    enum class State { unknown, online, offline };
    State state = State::unknown;
    std::string server_version;
    std::string last_error_code;  // a net.* or server.* code, empty when online
    std::string catalog_version;  // of the catalog in hand, empty before the first one
    long probes = 0;

    bool operator==(const ServerStatus&) const = default;
};

class ServerLink {
public:
    // `on_change` runs on the worker thread whenever the status changes.
    ServerLink(std::string base_url, std::chrono::milliseconds probe_interval,
               std::function<void()> on_change);
    ~ServerLink();
    ServerLink(const ServerLink&) = delete;
    ServerLink& operator=(const ServerLink&) = delete;

    ServerStatus status() const;
    // Probe now rather than at the next interval: a request just failed (or succeeded)
    // and the status corner should not contradict the screen for 15 seconds.
    void probe_soon();
    // The office and service catalog, fetched once the server answers (kept in memory;
    // the versioned local copy comes with reference-data sync).
    std::optional<Catalog> catalog() const;
    const std::string& base_url() const { return base_url_; }

private:
    void run();
    ServerStatus probe() const;
    std::optional<Catalog> fetch_catalog() const;

    std::string base_url_;
    std::chrono::milliseconds interval_;
    std::function<void()> on_change_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool probe_requested_ = false;
    ServerStatus status_;
    std::optional<Catalog> catalog_;
    std::thread thread_;
};

}  // namespace ventanilla
