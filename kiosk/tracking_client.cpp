#include "kiosk/tracking_client.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "kiosk/http_client.h"
#include "kiosk/server_error.h"

namespace ventanilla {

namespace {

std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}


}  // namespace

Result<TrackingRecord> fetch_tracking(const std::string& base_url, const std::string& item_id,
                                      const TrackingHttpOptions& options) {
    HttpRequest request;
    std::string base = base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    request.url = base + "/api/v1/tracking/" + percent_encode(item_id);
    request.headers = {"Accept: application/json"};
    request.connect_timeout_ms = options.connect_timeout_ms;
    request.total_timeout_ms = options.total_timeout_ms;
    request.low_speed_bytes_per_s = options.low_speed_bytes_per_s;
    request.low_speed_time_s = options.low_speed_time_s;
    request.cancel = options.cancelled;

    auto response = http_send(request);
    if (!response) return response.error();
    const long status = response->status;
    const std::string status_text = std::to_string(status);
    if (status == 200) {
        auto record = parse_tracking_record(response->body);
        if (!record) return record.error();
        if (record->item_id != item_id) {
            return make_error("tracking.bad_answer",
                              "asked for " + item_id + ", answered " + record->item_id,
                              {{"path", "item_id"}, {"reason", "different_item"}});
        }
        return record;
    }
    const std::string code = server_error_code(response->body);
    if (status == 404) {
        // A 404 without our error body is a proxy or a wrong server address, not an answer.
        if (code == "tracking.not_found") {
            return make_error("tracking.not_found", item_id, {{"item", item_id}});
        }
        return make_error("tracking.server_error", "404 without tracking.not_found",
                          {{"status", status_text}});
    }
    if (status == 400) {
        return make_error("tracking.invalid_id", item_id + ": " + code, {{"item", item_id}});
    }
    return make_error("tracking.server_error",
                      "HTTP " + status_text + (code.empty() ? "" : ": " + code),
                      {{"status", status_text}});
}

TrackingLookup::TrackingLookup(Fetch fetch, std::function<void()> wake)
    : fetch_(std::move(fetch)), wake_(std::move(wake)), worker_([this] { run(); }) {}

TrackingLookup::~TrackingLookup() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        current_ = 0;  // nobody will drain a result now
        pending_.reset();
        if (running_cancelled_) *running_cancelled_ = true;
    }
    wanted_.notify_all();
    worker_.join();
}

std::uint64_t TrackingLookup::start(std::string item_id) {
    std::uint64_t id;
    {
        std::lock_guard lock(mutex_);
        id = ++last_id_;
        current_ = id;
        pending_.emplace(id, std::move(item_id));
        if (running_cancelled_) *running_cancelled_ = true;  // replaced: give it up
    }
    wanted_.notify_all();
    return id;
}

void TrackingLookup::cancel() {
    std::lock_guard lock(mutex_);
    current_ = 0;
    pending_.reset();
    if (running_cancelled_) *running_cancelled_ = true;
}

std::vector<TrackingLookupResult> TrackingLookup::drain() {
    std::lock_guard lock(mutex_);
    std::vector<TrackingLookupResult> out;
    out.swap(ready_);
    return out;
}

bool TrackingLookup::busy() const {
    std::lock_guard lock(mutex_);
    return current_ != 0;
}

void TrackingLookup::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wanted_.wait(lock, [this] { return stopping_ || pending_.has_value(); });
        if (stopping_) return;
        auto [id, item_id] = std::move(*pending_);
        pending_.reset();
        auto cancelled = std::make_shared<std::atomic<bool>>(false);
        running_cancelled_ = cancelled;
        lock.unlock();
        auto answer = fetch_(item_id, *cancelled);
        lock.lock();
        running_cancelled_.reset();
        if (id != current_) continue;  // cancelled or replaced meanwhile: dropped
        current_ = 0;
        ready_.push_back(TrackingLookupResult{id, std::move(item_id), std::move(answer)});
        lock.unlock();
        if (wake_) wake_();
        lock.lock();
    }
}

}  // namespace ventanilla
