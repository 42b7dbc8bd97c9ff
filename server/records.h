// Records uploaded by terminals: the batch's shape, the checks on each record, its content hash.
#pragma once

#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kiosk/result.h"
#include "server/central_store.h"

namespace ventanilla {

// The most records one upload may carry, and the largest content of one record (its
// canonical JSON). A terminal sends at most 100 records or 256 KiB per batch.
inline constexpr std::size_t kMaxRecordsPerBatch = 500;
inline constexpr std::size_t kMaxRecordContentBytes = 64 * 1024;
// Deeper content is refused before anything walks it recursively.
inline constexpr int kMaxRecordContentDepth = 32;

// The kinds of record this server stores; another well-formed kind is answered
// "rejected" (unknown_kind) so that one new kind on a newer terminal does not block the rest.
inline constexpr std::array<std::string_view, 5> kRecordKinds{"ticket", "submission",
                                                              "queue_action", "complaint", "event"};

// Why a batch or one of its records was refused as a whole request (4xx, nothing stored).
struct RecordBatchProblem {
    int status = 400;           // 400, or 413 for too many records or a record too large
    std::string code;           // "records.invalid_batch", "records.invalid_record", ...
    std::string message;        // English prose
    std::optional<std::size_t> record_index;  // which record, when one is to blame
    std::string record_id;      // its id when it had a string one
    std::string reason;         // for a record: missing_field, unknown_field, invalid_field,
                                // invalid_id, invalid_time, too_deep, too_large, not_an_object
};

// A batch that passed every check: records in canonical form, in the order sent.
struct RecordBatch {
    std::string device_id;  // as the terminal names itself; must match its token's device
    std::vector<DeviceRecord> records;
};

// Checks {"device_id": "...", "records": [{"id", "kind", "created_at", "content"}, ...]}:
// no other keys anywhere, every value of the right type, ids canonical UUIDs, created_at
// RFC 3339, content an object of at most kMaxRecordContentBytes and kMaxRecordContentDepth.
std::variant<RecordBatch, RecordBatchProblem> parse_record_batch(const nlohmann::json& body);

// BLAKE2b-256 in hex of kind, created_at and the canonical content, each followed by a
// newline: equal for two uploads of the same record, whatever the key order in content.
std::string record_content_hash(std::string_view kind, std::string_view created_at,
                                std::string_view canonical_content);

bool is_known_record_kind(std::string_view kind);

}  // namespace ventanilla
