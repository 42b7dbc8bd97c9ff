// CentralStore: what the HTTP API needs from the central database, whatever holds it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/catalog.h"
#include "kiosk/result.h"
#include "server/queue_sql.h"
#include "server/tracking.h"

namespace ventanilla {

// What became of one tracking event handed to put_tracking_events.
enum class TrackingWrite {
    accepted,   // stored now
    duplicate,  // an event with this id and the same content was already stored
    conflict,   // an event with this id but other content is stored; it was kept
};

// A one-time enrolment code as the store keeps it: only a hash of the code, never the code.
struct EnrolmentCodeGrant {
    std::string code_hash;  // 64 lower-case hex digits (BLAKE2b-256 of the code's 12 symbols)
    std::string role;       // "kiosk", "counter" or "display": what the enrolled device becomes
    std::string office_id;  // the office the device will belong to
    std::int64_t issued_at_s = 0;   // seconds since 1970
    std::int64_t expires_at_s = 0;  // the code is refused from this second on
};

// A terminal enrolled with a code. Its bearer token is known to the store only as a hash.
struct Device {
    std::string id;  // a UUID made by the server at enrolment
    std::string role;
    std::string office_id;
    int terminal_number = 0;
    std::string name;  // what the technician called it, for people
    std::int64_t enrolled_at_s = 0;
    std::optional<std::int64_t> revoked_at_s;  // set once, never cleared: enrol again instead
    // The Ed25519 public key its receipts are signed with (32 bytes, base64), given at
    // enrolment; empty for a terminal that signs nothing.
    std::string signing_key;

    bool operator==(const Device&) const = default;
};

// What redeem_enrolment_code did.
enum class EnrolmentOutcome {
    enrolled,      // the device was created and the code is now used
    unknown_code,  // no code with that hash was ever issued
    code_used,     // the code enrolled a device before; nothing changed
    code_expired,  // the code's time ran out; nothing changed
};

struct EnrolmentResult {
    EnrolmentOutcome outcome = EnrolmentOutcome::unknown_code;
    std::optional<Device> device;  // as stored, when enrolled
};

// One record a device uploaded, checked and put in canonical form by the API
// (server/records.h). The store compares records by `content_hash` only.
struct DeviceRecord {
    std::string id;            // canonical lower-case UUID: the idempotency key
    std::string kind;          // "ticket", "submission", ...
    std::string created_at;    // the terminal's clock, RFC 3339 as sent (never used to order)
    std::string content;       // canonical JSON text of the content object
    std::string content_hash;  // 64 hex digits over kind, created_at and content
};

// A record as stored, with who sent it and when it arrived.
struct StoredRecord {
    DeviceRecord record;
    std::string device_id;
    std::int64_t received_at_s = 0;  // the server's clock when it was first accepted
};

// What became of one record handed to put_records.
enum class RecordWrite {
    accepted,   // stored now
    duplicate,  // stored before by the same device with the same content hash
    conflict,   // the id is stored with other content (or by another device): the stored one is
                // kept as it is and this copy goes to the conflicts table for a person
};

// Where a submitted procedure stands, as the clerk last set it (docs/protocol.md).
struct SubmissionState {
    std::string status = "received";  // received, processed, needs_documents, rejected
    std::string reason;               // for needs_documents and rejected: what the citizen must know
    std::string answer;               // the office's answer (a complaint's), shown to the citizen
    std::string clerk;                // who set it
    std::string device_id;            // from which counter terminal
    std::int64_t updated_at_s = 0;

    bool operator==(const SubmissionState&) const = default;
};

// SQLite today, PostgreSQL for a country-wide fleet later: both implement this
// and keep their SQL to themselves. Implementations are safe to call from
// several request threads at once. Failures come back as values with codes
// under "store." (e.g. "store.io"), never as exceptions.
class CentralStore {
public:
    virtual ~CentralStore() = default;

    // A short name for health checks and logs: "sqlite", "postgresql".
    virtual std::string_view backend() const = 0;

    // A cheap round trip that proves the store still answers.
    virtual Status check() = 0;

    // Every office with its services, ordered by office id; services keep the
    // order they were stored in.
    virtual Result<std::vector<Office>> offices() = 0;

    // One office with its services; nullopt when there is no such office.
    virtual Result<std::optional<Office>> office(std::string_view id) = 0;

    // Inserts or replaces these offices (and their services) in one
    // transaction: all of them are stored or none. Storing the same offices
    // twice leaves the store as after the first time.
    virtual Status put_offices(std::span<const Office> offices) = 0;

    // The events of one tracked item (canonical id, see normalise_tracking_id),
    // newest first (ties: last stored first); nullopt when no event of the
    // item was ever stored.
    virtual Result<std::optional<std::vector<PostalEvent>>> tracking_events(
        std::string_view item_id) = 0;

    // Stores checked events in one transaction, one answer per event in the
    // same order. A stored event is never changed: its id with the same content
    // is a duplicate, with other content a conflict. An id repeated within the
    // batch is compared with its first occurrence. `received_at_s` (seconds
    // since 1970) is recorded with each new event. On failure nothing is stored.
    virtual Result<std::vector<TrackingWrite>> put_tracking_events(
        std::span<const PostalEvent> events, std::int64_t received_at_s) = 0;

    // --- Devices and enrolment (docs/protocol.md, "Enrolment") ---
    // The defaults below answer "store.unsupported" only so that a backend can land
    // before it implements them; every backend that serves terminals overrides all six.

    // Stores a new one-time code. A code hash that is already stored is an error
    // ("store.constraint" on SQLite): codes are random, so that is a bug or a replay.
    virtual Status put_enrolment_code(const EnrolmentCodeGrant& code) {
        (void)code;
        return unsupported();
    }

    // In one transaction: if the code with `code_hash` exists, is unused and
    // `now_s` < its expires_at_s, creates `device` (id, terminal_number and name
    // taken from it; role and office_id from the code; enrolled_at_s = now_s) with
    // `token_hash`, marks the code used by that device, and answers `enrolled`
    // with the device as stored. Otherwise changes nothing and says why (a used
    // code is `code_used` even after it expired). Two concurrent redemptions of
    // one code: exactly one is `enrolled`.
    virtual Result<EnrolmentResult> redeem_enrolment_code(std::string_view code_hash,
                                                          const Device& device,
                                                          std::string_view token_hash,
                                                          std::int64_t now_s) {
        (void)code_hash, (void)device, (void)token_hash, (void)now_s;
        return unsupported();
    }

    // The device whose token hashes to `token_hash` (64 hex digits), revoked or
    // not; nullopt when there is none. Callers compare the hash again in
    // constant time and check revoked_at_s themselves.
    virtual Result<std::optional<Device>> device_by_token_hash(std::string_view token_hash) {
        (void)token_hash;
        return unsupported();
    }

    // Marks the device revoked at `now_s` (the first revocation time is kept when
    // called again). False when there is no device with that id.
    virtual Result<bool> revoke_device(std::string_view device_id, std::int64_t now_s) {
        (void)device_id, (void)now_s;
        return unsupported();
    }

    // --- Records uploaded from terminals' outboxes (docs/protocol.md, "Records") ---

    // Stores checked records of `device_id` in one transaction, one answer per
    // record in the same order (see RecordWrite). A stored record is never
    // changed or deleted by this interface: its id is the idempotency key, kept
    // for as long as the record (at least --idempotency-days). An id repeated
    // within the batch is compared with its first occurrence. A conflicting copy
    // is kept in a conflicts table with the device and `received_at_s`; the same
    // conflicting copy twice is kept once. On failure nothing is stored.
    virtual Result<std::vector<RecordWrite>> put_records(std::string_view device_id,
                                                         std::span<const DeviceRecord> records,
                                                         std::int64_t received_at_s) {
        (void)device_id, (void)records, (void)received_at_s;
        return unsupported();
    }

    // One stored record by id; nullopt when there is none.
    virtual Result<std::optional<StoredRecord>> record(std::string_view id) {
        (void)id;
        return unsupported();
    }

    // Every unrevoked device that gave a signing key, ordered by id (for counters that check
    // receipts offline).
    virtual Result<std::vector<Device>> signing_devices() { return unsupported(); }

    // The submission record whose content has this reference (eight symbols), or nullopt.
    virtual Result<std::optional<StoredRecord>> submission_by_reference(std::string_view reference) {
        (void)reference;
        return unsupported();
    }
    // The clerk's latest word on a submission; nullopt while none was given ("received").
    virtual Result<std::optional<SubmissionState>> submission_state(std::string_view reference) {
        (void)reference;
        return unsupported();
    }
    virtual Status put_submission_state(std::string_view reference, const SubmissionState& state) {
        (void)reference, (void)state;
        return unsupported();
    }

    // --- Office queues (server/queue_store.h keeps their rules) ---

    // Runs `work` in one transaction over the queue tables: all of its writes are stored
    // or none. With QueueAccess::write the queue writers of `office_id` take turns, from
    // every server process on the database, so work may read, decide and write without
    // a race; with read it sees one consistent moment and must not write.
    virtual Status queue_transaction(std::string_view office_id, QueueAccess access,
                                     const QueueWork& work) {
        (void)office_id, (void)access, (void)work;
        return unsupported();
    }

protected:
    Error unsupported() const {
        return make_error("store.unsupported",
                          std::string(backend()) + " does not store devices and records yet");
    }
};

}  // namespace ventanilla
