// Keeps an eye on the central server from a worker thread: is it there, which version.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "kiosk/catalog.h"
#include "kiosk/kept_forms.h"
#include <thread>

namespace ventanilla {

struct ServerStatus {
    enum class State { unknown, online, offline };
    State state = State::unknown;
    std::string server_version;
    std::string last_error_code;  // a net.* or server.* code, empty when online
    std::string catalog_version;  // of the catalog in hand, empty before the first one
    std::string forms_etag;       // of the procedure forms in hand, empty before the first ones
    long probes = 0;

    bool operator==(const ServerStatus&) const = default;
};

class ServerLink {
public:
    // `on_change` runs on the worker thread whenever the status changes. `catalog_file`
    // (may be empty) keeps the last good catalog: read at start, so an office that starts
    // without its server still shows its services, and replaced atomically whenever the
    // server has a newer one.
    ServerLink(std::string base_url, std::chrono::milliseconds probe_interval,
               std::function<void()> on_change, std::filesystem::path catalog_file = {});
    ~ServerLink();
    ServerLink(const ServerLink&) = delete;
    ServerLink& operator=(const ServerLink&) = delete;

    ServerStatus status() const;
    // Probe now rather than at the next interval: a request just failed (or succeeded)
    // and the status corner should not contradict the screen for 15 seconds.
    void probe_soon();
    // The office and service catalog: the last good copy, refreshed on every probe with
    // If-None-Match (a 304 costs no body), so a change on the server arrives within one
    // probe interval.
    std::optional<Catalog> catalog() const;
    // The procedure forms, kept beside the catalog ("forms.json") and refreshed the same way.
    std::optional<KeptForms> forms() const;
    const std::string& base_url() const { return base_url_; }

private:
    void run();
    ServerStatus probe() const;
    // The server's catalog when it differs from `known_version`; nullopt when unchanged or
    // unusable.
    std::optional<Catalog> fetch_catalog(const std::string& known_version) const;
    void save_catalog(const Catalog& catalog) const;
    std::optional<KeptForms> fetch_forms(const std::string& known_etag) const;
    std::filesystem::path forms_file() const;

    std::string base_url_;
    std::chrono::milliseconds interval_;
    std::function<void()> on_change_;
    std::filesystem::path catalog_file_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool probe_requested_ = false;
    ServerStatus status_;
    std::optional<Catalog> catalog_;
    std::optional<KeptForms> forms_;
    std::thread thread_;
};

}  // namespace ventanilla
