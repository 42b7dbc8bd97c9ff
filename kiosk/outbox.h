// Outbox: records the terminal made, kept in its SQLite file until the server has them.
#pragma once

// A record gets its UUID when it is created and is committed durably before enqueue() returns,
// so the screen may say "done" and the printer start. It never changes after that (a trigger
// refuses any update of its id, kind, time or content). States:
//
//     waiting ──mark_sending──▶ sending ──settle: accepted/duplicate──▶ gone (row deleted)
//                                  │  ▲
//                                  │  └── mark_sending again (a retry: same id, same bytes)
//                                  └─────settle: conflict/rejected──▶ set_aside (kept, never sent)
//
// A record with personal data (sealed content) is not deleted on accepted/duplicate but becomes
// "acknowledged": still sealed, never sent again, and deleted by remove_expired once the
// retention period has passed since it was made. Deleted only after both.
//
// "sending" is written before the first byte goes out, and a record in it is sent again as it
// is until the server answers for it. Order is the local sequence number, never a clock.

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"
#include "kiosk/store.h"
#include "kiosk/tracking_time.h"

namespace ventanilla {

// Error codes Outbox adds to the store.* ones (each has a key in assets/i18n).
inline constexpr std::array<std::string_view, 4> kOutboxErrorCodes{
    "outbox.invalid_kind",      // kind: not a word of a-z, 0-9 and _ (at most 40)
    "outbox.invalid_content",   // reason: not a JSON object
    "outbox.content_too_large", // bytes, max_bytes
    "outbox.invalid_id",        // the id given is not a canonical UUID
};

// The largest content one record may hold (the server takes 64 KiB).
inline constexpr std::size_t kMaxOutboxContentBytes = 64 * 1024;

enum class OutboxState { waiting, sending, set_aside, acknowledged };
std::string_view name_of(OutboxState state);

struct OutboxRecord {
    std::int64_t seq = 0;     // local order of creation
    std::string id;           // UUID v4, the idempotency key
    std::string kind;         // "ticket", "submission", ...
    std::string created_at;   // the terminal's clock at creation, RFC 3339 UTC with milliseconds
    std::string content;      // JSON object text, exactly as committed
    OutboxState state = OutboxState::waiting;
    int attempts = 0;                // how many times it was marked sending
    std::string set_aside_reason;    // "conflict", "unknown_kind", "invalid_id", ...
    std::string set_aside_message;   // the server's words, for the technician
};

// What the server (or the terminal itself) decided about one record sent.
struct RecordVerdict {
    enum class Kind { accepted, duplicate, conflict, rejected };
    std::string id;
    Kind kind = Kind::accepted;
    std::string reason;   // for conflict and rejected
    std::string message;
};

struct OutboxCounts {
    std::int64_t waiting = 0;    // waiting or sending: not yet acknowledged
    std::int64_t set_aside = 0;  // conflicts and rejections kept for a person
    std::int64_t acknowledged = 0;  // personal data the server has, kept until its retention ends
    std::optional<WallTime> oldest_created_at;  // of the records not yet acknowledged
};

// Works on the LocalStore's connection; the sync worker opens its own LocalStore on the same
// file, so the UI thread's enqueue and the worker never share a connection. Not thread-safe
// itself: one Outbox per connection and thread.
// A sealed record's content as kept: {"sealed": "<base64>"}; and opened again, as sent.
bool is_sealed_content(std::string_view content);
Result<std::string> open_sealed_content(std::string_view content, std::string_view data_key);

class Outbox {
public:
    explicit Outbox(LocalStore& store) : db_(store.db()) {}

    // Validates, makes the UUID, commits (WAL, synchronous=FULL: on disk before it returns)
    // and returns the id. `content` must be a JSON object.
    Result<std::string> enqueue(std::string_view kind, const nlohmann::json& content);
    // The same with the creation time given, for tests of clock skew.
    Result<std::string> enqueue_at(std::string_view kind, const nlohmann::json& content,
                                   WallTime created_at);
    // With the id the record got when it started (a form's draft id), so a second tap or a
    // retry after a crash finds it queued already: then nothing changes and the id comes back.
    // With `data_key`, the content is sealed at rest (sealed_data.h) and opened only to be sent.
    Result<std::string> enqueue_with_id(std::string_view id, std::string_view kind,
                                        const nlohmann::json& content, WallTime created_at,
                                        std::string_view data_key = {});

    // The next records to send, oldest first by sequence: those "sending" (an earlier try that
    // got no answer) and then "waiting", up to `max_records` and about `max_bytes` of content
    // (always at least one record).
    Result<std::vector<OutboxRecord>> next_batch(std::size_t max_records, std::size_t max_bytes);

    // Marks these records "sending" and counts the attempt, in one durable commit. Call it
    // before the first byte of the request goes out.
    Status mark_sending(std::span<const OutboxRecord> records);

    // Applies the verdicts in one transaction: accepted and duplicate records are deleted (those
    // with sealed personal data kept as acknowledged), conflict and rejected ones set aside with
    // their reason. Ids not in the outbox (already settled) are ignored, so applying the same
    // answer twice is harmless.
    Status settle(std::span<const RecordVerdict> verdicts, WallTime now = std::chrono::system_clock::now());

    // Deletes the acknowledged records made more than `retention` before `now` (their bytes
    // overwritten in the file: secure_delete). Returns how many went. Never touches a record
    // the server has not acknowledged.
    Result<std::int64_t> remove_expired(WallTime now, std::chrono::days retention);

    Result<OutboxCounts> counts();
    // Records set aside, oldest first, for the technician's screen.
    Result<std::vector<OutboxRecord>> set_aside_records();
    // One record by id, in whatever state; nullopt once it is gone.
    Result<std::optional<OutboxRecord>> find(std::string_view id);

private:
    SqliteDb& db_;
};

}  // namespace ventanilla
