// A terminal's calls about submitted procedures (docs/protocol.md, "Submissions at the
// counter"): a counter opens one by its reference and records the outcome; any terminal asks
// where one stands; a counter fetches the terminals' receipt-signing keys. Each call blocks:
// run them on a worker (kiosk/receipt_desk_worker.h, kiosk/receipt_status_lookup.h).
#pragma once

#include <array>
#include <atomic>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/outbox_upload.h"
#include "kiosk/receipt_signature.h"
#include "kiosk/result.h"

namespace ventanilla {

// Server codes passed on as they are (each has a text): submission.unknown,
// submission.invalid_reference, submission.invalid_state, auth.wrong_office, auth.wrong_role;
// besides them net.* and counter.unauthorized / counter.server_error / counter.bad_answer.

// Where a submission stands, as any terminal may see it: no answers, no personal data.
struct SubmissionStatus {
    std::string reference;   // "7K3MQ9XC"
    std::string form;        // the form's id
    std::string office;
    std::string created_at;  // RFC 3339, the issuing terminal's clock
    std::string status;      // received, processed, needs_documents, rejected
    std::string reason;      // why it needs documents or was rejected; may be empty
    std::string answer;      // the office's answer (to a complaint); may be empty
    std::string updated_at;  // of the latest status; empty while received

    bool operator==(const SubmissionStatus&) const = default;
};

// A submission as a counter of its office opens it: the citizen's answers and where it stands.
struct OpenedSubmission {
    std::string reference;
    std::string form;
    int form_version = 0;
    std::string office;
    std::string terminal;     // the device id of the kiosk where it was made
    std::string created_at;
    std::string received_at;  // the server's clock
    nlohmann::json answers = nlohmann::json::object();
    SubmissionStatus status;
};

// What a clerk records: status processed, needs_documents or rejected; a reason (one line)
// unless processed; an answer to the citizen, optional.
struct ClerkOutcome {
    std::string status;
    std::string reason;
    std::string answer;
    std::string clerk;

    bool operator==(const ClerkOutcome&) const = default;
};

// One terminal's receipt-signing key, as GET /api/v1/terminal-keys lists it.
struct TerminalKeyEntry {
    std::string device_id;
    std::string office_id;
    int terminal_number = 0;
    std::string signing_key;  // 32 bytes
};

struct TerminalKeyList {
    std::string etag;  // the server's, as sent; empty when it sent none
    std::vector<TerminalKeyEntry> terminals;

    KnownTerminals known() const;
};

// Answers and timeouts for interactive calls: a clerk or a citizen is waiting.
struct DeskCallOptions {
    long connect_timeout_ms = 3000;
    long total_timeout_ms = 8000;
    const std::atomic<bool>* cancelled = nullptr;
};

// GET /api/v1/submissions/{reference} (a counter of the submission's office).
Result<OpenedSubmission> open_submission(const SyncEndpoint& endpoint, std::string_view reference,
                                         const DeskCallOptions& options = {});
// GET /api/v1/submissions/{reference}/state (any enrolled terminal).
Result<SubmissionStatus> fetch_submission_status(const SyncEndpoint& endpoint, std::string_view reference,
                                                 const DeskCallOptions& options = {});
// POST /api/v1/submissions/{reference}/state.
Result<SubmissionStatus> record_outcome(const SyncEndpoint& endpoint, std::string_view reference,
                                        const ClerkOutcome& outcome, const DeskCallOptions& options = {});
// GET /api/v1/terminal-keys with If-None-Match `known_etag`: nullopt when unchanged (304).
Result<std::optional<TerminalKeyList>> fetch_terminal_keys(const SyncEndpoint& endpoint,
                                                           const std::string& known_etag,
                                                           const DeskCallOptions& options = {});

// The answers' readers, apart for tests: counter.bad_answer (reason) when a field is missing.
Result<SubmissionStatus> parse_submission_status(const nlohmann::json& body);
Result<OpenedSubmission> parse_opened_submission(const nlohmann::json& body);
Result<TerminalKeyList> parse_terminal_keys(const nlohmann::json& body);

// The kept copy of the keys (data_dir/terminal-keys.json): {"etag", "terminals": [...]}, the
// keys in base64 as the server sends them, so a counter checks receipts offline.
nlohmann::json terminal_keys_to_json(const TerminalKeyList& keys);

}  // namespace ventanilla
