// One upload of outbox records to POST /api/v1/records, and what the answer means for them.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/config.h"
#include "kiosk/enrolment.h"
#include "kiosk/http_client.h"
#include "kiosk/outbox.h"
#include "kiosk/result.h"

namespace ventanilla {

// Error codes the sync state may show (each has a key in assets/i18n), besides net.*.
inline constexpr std::array<std::string_view, 6> kOutboxUploadErrorCodes{
    "sync.server_error",  // status: 5xx, 408 or 429; tried again later
    "sync.bad_answer",    // reason: a 200 that is not our answer (proxy, captive portal)
    "sync.unauthorized",  // code: 401; uploads paused until the terminal is enrolled again
    "sync.forbidden",     // code: 403 other than auth.revoked; paused
    "sync.revoked",       // 403 auth.revoked; stopped
    "sync.refused",       // status, code: a 4xx the server gave the whole batch
};

// Where and as whom the terminal uploads.
struct SyncEndpoint {
    std::string base_url;  // "https://central.example:8443", no trailing slash needed
    std::string device_id;
    std::string token;
    TransportOptions transport;
    long connect_timeout_ms = 5000;
    long total_timeout_ms = 60000;
    // Below 100 bytes/s for 15 s: a dead link, give up early rather than at the total timeout.
    long low_speed_bytes_per_s = 100;
    long low_speed_time_s = 15;
};

// The endpoint of an enrolled terminal: its configured server, pin and plain-http rule.
SyncEndpoint sync_endpoint(const TerminalConfig& config, const DeviceCredentials& credentials);

// What to do after one upload.
struct UploadOutcome {
    enum class Kind {
        answered,        // verdicts for every record of the batch: apply them
        retry_later,     // network, 408, 429, 5xx or a garbled answer: back off, send again
        paused,          // 401 or 403: stop uploading and alert the technician
        revoked,         // 403 auth.revoked: stop for good (until enrolled again)
        record_refused,  // the server blamed one record: set it aside (verdicts has it), go on
        batch_refused,   // a 4xx for the batch as a whole: send records one at a time
    };
    Kind kind = Kind::retry_later;
    std::vector<RecordVerdict> verdicts;
    std::string error_code;  // for everything but `answered`
    std::string error_detail;
    std::chrono::milliseconds retry_after{0};         // from a Retry-After header
    std::optional<std::chrono::seconds> clock_offset;  // from the Date header
    bool reached_server = false;  // an HTTP answer came back (from the server or a proxy)
};

// {"device_id": ..., "records": [{"id", "kind", "created_at", "content"}...]}; contents are
// inserted as committed, byte for byte.
std::string record_batch_body(std::string_view device_id, std::span<const OutboxRecord> batch);

// Sorts an answer (or a network failure) into an UploadOutcome. Only an answer that is
// unmistakably ours sets a record aside: a 404 from a wrong address or a proxy's 400 never
// does, so a misconfiguration can stall the outbox but never empty it.
UploadOutcome classify_upload(const Result<HttpResponse>& response,
                              std::span<const OutboxRecord> batch, WallTime now);

// Sends the batch and classifies the answer. Blocks: call it from the worker.
UploadOutcome upload_records(const SyncEndpoint& endpoint, std::span<const OutboxRecord> batch,
                             const std::atomic<bool>* cancel = nullptr);

// Reads an HTTP date (IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT").
std::optional<WallTime> parse_http_date(std::string_view text);

}  // namespace ventanilla
