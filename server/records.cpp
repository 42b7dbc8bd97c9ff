#include "server/records.h"

#include <sodium.h>

#include <algorithm>

#include "kiosk/tracking_time.h"
#include "kiosk/uuid.h"

namespace ventanilla {

namespace {

constexpr std::array<std::string_view, 4> kRecordFields{"id", "kind", "created_at", "content"};

RecordBatchProblem batch_problem(std::string message) {
    return {400, "records.invalid_batch", std::move(message), std::nullopt, {}, {}};
}

RecordBatchProblem record_problem(std::size_t index, const nlohmann::json& record,
                                  std::string reason, std::string message, int status = 400) {
    RecordBatchProblem problem{status,
                               status == 413 ? "records.record_too_large" : "records.invalid_record",
                               "record " + std::to_string(index) + ": " + message,
                               index,
                               {},
                               std::move(reason)};
    if (record.is_object()) {
        const auto id = record.find("id");
        if (id != record.end() && id->is_string()) {
            problem.record_id = id->get<std::string>().substr(0, 64);
        }
    }
    return problem;
}

// Walks containers only as deep as allowed, so a hostile "[[[[..." costs no stack.
bool deeper_than(const nlohmann::json& value, int limit) {
    if (!value.is_structured()) {
        return false;
    }
    if (limit == 0) {
        return true;
    }
    return std::any_of(value.begin(), value.end(),
                       [limit](const nlohmann::json& child) { return deeper_than(child, limit - 1); });
}

bool is_kind_word(const std::string& kind) {
    return !kind.empty() && kind.size() <= 40 && kind.front() >= 'a' && kind.front() <= 'z' &&
           std::all_of(kind.begin(), kind.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
           });
}

std::string quoted(const std::string& text) {
    return "\"" + text.substr(0, 40) + (text.size() > 40 ? "...\"" : "\"");
}

}  // namespace

bool is_known_record_kind(std::string_view kind) {
    return std::find(kRecordKinds.begin(), kRecordKinds.end(), kind) != kRecordKinds.end();
}

std::string record_content_hash(std::string_view kind, std::string_view created_at,
                                std::string_view canonical_content) {
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
    for (std::string_view part : {kind, created_at, canonical_content}) {
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                                  part.size());
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>("\n"), 1);
    }
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash_final(&state, digest, sizeof digest);
    char hex[crypto_generichash_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::variant<RecordBatch, RecordBatchProblem> parse_record_batch(const nlohmann::json& body) {
    if (!body.is_object()) {
        return batch_problem("the body must be an object with \"device_id\" and \"records\"");
    }
    for (const auto& [key, value] : body.items()) {
        if (key != "device_id" && key != "records") {
            return batch_problem("unknown field " + quoted(key) + " in the batch");
        }
    }
    const auto device = body.find("device_id");
    if (device == body.end() || !device->is_string() ||
        !is_canonical_uuid(device->get_ref<const std::string&>())) {
        return batch_problem("\"device_id\" must be the device id given at enrolment");
    }
    const auto records = body.find("records");
    if (records == body.end() || !records->is_array()) {
        return batch_problem("\"records\" must be an array");
    }
    if (records->size() > kMaxRecordsPerBatch) {
        return RecordBatchProblem{413,
                                  "records.batch_too_large",
                                  std::to_string(records->size()) +
                                      " records in one batch; at most " +
                                      std::to_string(kMaxRecordsPerBatch),
                                  std::nullopt,
                                  {},
                                  {}};
    }

    RecordBatch batch;
    batch.device_id = device->get<std::string>();
    batch.records.reserve(records->size());
    for (std::size_t i = 0; i < records->size(); ++i) {
        const nlohmann::json& json = (*records)[i];
        if (!json.is_object()) {
            return record_problem(i, json, "not_an_object", "not a JSON object");
        }
        for (const auto& [key, value] : json.items()) {
            if (std::find(kRecordFields.begin(), kRecordFields.end(), key) == kRecordFields.end()) {
                return record_problem(i, json, "unknown_field", "unknown field " + quoted(key));
            }
        }
        for (std::string_view field : kRecordFields) {
            if (!json.contains(field)) {
                return record_problem(i, json, "missing_field",
                                      "missing field \"" + std::string(field) + "\"");
            }
        }
        const auto& id = json["id"];
        const auto& kind = json["kind"];
        const auto& created_at = json["created_at"];
        const auto& content = json["content"];
        if (!id.is_string() || !kind.is_string() || !created_at.is_string()) {
            return record_problem(i, json, "invalid_field",
                                  "\"id\", \"kind\" and \"created_at\" must be strings");
        }
        if (!content.is_object()) {
            return record_problem(i, json, "invalid_field", "\"content\" must be an object");
        }
        if (!is_canonical_uuid(id.get_ref<const std::string&>())) {
            return record_problem(i, json, "invalid_id",
                                  "\"id\" must be a UUID in lower case, found " +
                                      quoted(id.get<std::string>()));
        }
        if (!is_kind_word(kind.get_ref<const std::string&>())) {
            return record_problem(i, json, "invalid_field",
                                  "\"kind\" must be a word of a-z, 0-9 and _, found " +
                                      quoted(kind.get<std::string>()));
        }
        const std::string& time = created_at.get_ref<const std::string&>();
        if (time.size() > 40 || !parse_rfc3339(time)) {
            return record_problem(i, json, "invalid_time",
                                  "\"created_at\" must be an RFC 3339 time, found " + quoted(time));
        }
        if (deeper_than(content, kMaxRecordContentDepth)) {
            return record_problem(i, json, "too_deep",
                                  "\"content\" is nested deeper than " +
                                      std::to_string(kMaxRecordContentDepth) + " levels");
        }
        // Keys sorted (nlohmann::json keeps objects in a std::map), no spaces: one text per
        // content, whatever order or spacing the terminal sent.
        std::string canonical =
            content.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        if (canonical.size() > kMaxRecordContentBytes) {
            return record_problem(i, json, "too_large",
                                  "content of " + std::to_string(canonical.size()) +
                                      " bytes; at most " + std::to_string(kMaxRecordContentBytes),
                                  413);
        }
        DeviceRecord record;
        record.id = id.get<std::string>();
        record.kind = kind.get<std::string>();
        record.created_at = time;
        record.content_hash = record_content_hash(record.kind, record.created_at, canonical);
        record.content = std::move(canonical);
        batch.records.push_back(std::move(record));
    }
    return batch;
}

}  // namespace ventanilla
