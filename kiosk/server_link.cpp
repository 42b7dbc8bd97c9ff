#include "kiosk/server_link.h"

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "kiosk/atomic_file.h"
#include "kiosk/http_client.h"
#include "kiosk/log.h"

namespace ventanilla {

ServerLink::ServerLink(std::string base_url, std::chrono::milliseconds probe_interval,
                       std::function<void()> on_change, std::filesystem::path catalog_file)
    : base_url_(std::move(base_url)),
      interval_(probe_interval),
      on_change_(std::move(on_change)),
      catalog_file_(std::move(catalog_file)) {
    while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
    if (!catalog_file_.empty() && std::filesystem::exists(catalog_file_)) {
        // A damaged copy is reported and ignored: the server's next answer replaces it.
        std::ifstream in(catalog_file_, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto kept = parse_catalog(text);
        if (kept) {
            catalog_ = std::move(kept).value();
            status_.catalog_version = catalog_->version;
        } else {
            log_line(LogLevel::warning, "kept catalog " + catalog_file_.string() + " unusable: " +
                                            kept.error().describe());
        }
    }
    if (!forms_file().empty() && std::filesystem::exists(forms_file())) {
        std::ifstream in(forms_file(), std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto kept = parse_kept_forms(text);
        if (kept) {
            forms_ = std::move(kept).value();
            status_.forms_etag = forms_->etag;
        } else {
            log_line(LogLevel::warning, "kept forms " + forms_file().string() + " unusable: " + kept.error().describe());
        }
    }
    thread_ = std::thread([this] { run(); });
}

std::filesystem::path ServerLink::forms_file() const {
    return catalog_file_.empty() ? std::filesystem::path() : catalog_file_.parent_path() / "forms.json";
}

std::optional<KeptForms> ServerLink::forms() const {
    std::lock_guard lock(mutex_);
    return forms_;
}

std::optional<KeptForms> ServerLink::fetch_forms(const std::string& known_etag) const {
    HttpRequest request;
    request.url = base_url_ + "/api/v1/forms";
    if (!known_etag.empty()) request.headers.push_back("If-None-Match: " + known_etag);
    auto response = http_send(request);
    if (!response || response->status != 200) return std::nullopt;  // 304: ours is current
    auto etag = response->headers.find("etag");
    auto forms = parse_kept_forms(response->body, etag == response->headers.end() ? "" : etag->second);
    if (!forms) {
        // The server checks its forms at start: a refusal here means a broken answer; keep ours.
        log_line(LogLevel::warning, "forms from the server refused: " + forms.error().describe());
        return std::nullopt;
    }
    return std::move(forms).value();
}

ServerLink::~ServerLink() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void ServerLink::probe_soon() {
    {
        std::lock_guard lock(mutex_);
        probe_requested_ = true;
    }
    wake_.notify_all();
}

ServerStatus ServerLink::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

ServerStatus ServerLink::probe() const {
    ServerStatus s;
    HttpRequest request;
    request.url = base_url_ + "/api/v1/health";
    request.connect_timeout_ms = 2000;
    request.total_timeout_ms = 5000;
    auto response = http_send(request);
    if (!response) {
        s.state = ServerStatus::State::offline;
        s.last_error_code = response.error().code;
        return s;
    }
    if (response->status != 200) {
        s.state = ServerStatus::State::offline;
        s.last_error_code = "server.status_" + std::to_string(response->status);
        return s;
    }
    // A captive portal or a stranger answers 200 too: expect our own exact answer.
    auto body = nlohmann::json::parse(response->body, nullptr, false);
    if (!body.is_object() || body.value("status", "") != "ok" || !body.contains("version")) {
        s.state = ServerStatus::State::offline;
        s.last_error_code = "server.unexpected_answer";
        return s;
    }
    s.state = ServerStatus::State::online;
    s.server_version = body["version"].is_string() ? body["version"].get<std::string>() : "";
    return s;
}

std::optional<Catalog> ServerLink::catalog() const {
    std::lock_guard lock(mutex_);
    return catalog_;
}

std::optional<Catalog> ServerLink::fetch_catalog(const std::string& known_version) const {
    HttpRequest request;
    request.url = base_url_ + "/api/v1/catalog";
    if (!known_version.empty()) request.headers.push_back("If-None-Match: \"" + known_version + "\"");
    auto response = http_send(request);
    if (!response || response->status != 200) return std::nullopt;  // 304: ours is current
    auto catalog = parse_catalog(response->body);
    if (!catalog) {
        log_line(LogLevel::warning, "catalog from the server refused: " + catalog.error().describe());
        return std::nullopt;
    }
    return std::move(catalog.value());
}

void ServerLink::save_catalog(const Catalog& catalog) const {
    if (catalog_file_.empty()) return;
    std::error_code ignored;
    std::filesystem::create_directories(catalog_file_.parent_path(), ignored);
    if (auto saved = write_file_atomically(catalog_file_, to_json(catalog).dump(2)); !saved) {
        // The copy in memory still serves; only the next start without a server loses it.
        log_line(LogLevel::warning, "cannot keep the catalog: " + saved.error().describe());
    }
}

void ServerLink::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        ServerStatus fresh = probe();
        lock.lock();
        if (fresh.state == ServerStatus::State::online) {
            std::string known = catalog_ ? catalog_->version : "";
            std::string known_forms = forms_ ? forms_->etag : "";
            lock.unlock();
            auto catalog = fetch_catalog(known);
            if (catalog) save_catalog(*catalog);
            auto forms = fetch_forms(known_forms);
            if (forms && !forms_file().empty()) {
                if (auto saved = write_file_atomically(forms_file(), forms->to_json().dump(2)); !saved) {
                    log_line(LogLevel::warning, "cannot keep the forms: " + saved.error().describe());
                }
            }
            lock.lock();
            // Taken in together with the status below: whoever sees the new catalog or forms
            // sees the status that names them.
            if (catalog) catalog_ = std::move(catalog);
            if (forms) forms_ = std::move(forms);
        }
        if (forms_) fresh.forms_etag = forms_->etag;
        // The version changes so the screen redraws with the office's name and services.
        if (catalog_) fresh.catalog_version = catalog_->version;
        fresh.probes = status_.probes + 1;
        bool changed = fresh.state != status_.state || fresh.server_version != status_.server_version ||
                       fresh.last_error_code != status_.last_error_code ||
                       fresh.catalog_version != status_.catalog_version || fresh.forms_etag != status_.forms_etag;
        status_ = fresh;
        if (changed) {
            lock.unlock();
            on_change_();
            lock.lock();
        }
        wake_.wait_for(lock, interval_, [this] { return stopping_ || probe_requested_; });
        probe_requested_ = false;
    }
}

}  // namespace ventanilla
