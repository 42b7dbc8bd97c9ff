#include "server/sync_api.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <unistd.h>

#include "kiosk/base64.h"
#include "kiosk/enrolment_code.h"
#include "kiosk/uuid.h"
#include "server/records.h"
#include "server/text_checks.h"

namespace ventanilla {

namespace {

constexpr std::array<std::string_view, 3> kDeviceRoles{"kiosk", "counter", "display"};
constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kMaxDeviceNameBytes = 64;

void ensure_sodium() {
    // Thread-safe and idempotent; without it randombytes may not be seeded.
    if (sodium_init() < 0) std::abort();
}

ApiResponse unauthorized(std::string_view code, std::string_view message) {
    ApiResponse response = error_response(401, code, message);
    // RFC 6750: a 401 names the scheme the client should use.
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"ventanilla\"");
    return response;
}

// "Bearer <token>", the scheme in any case, one or more spaces; empty when absent.
std::string bearer_token(const std::string& header) {
    constexpr std::string_view kScheme = "bearer";
    if (header.size() <= kScheme.size()) return {};
    for (std::size_t i = 0; i < kScheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return {};
    }
    std::size_t start = kScheme.size();
    if (header[start] != ' ') return {};
    while (start < header.size() && header[start] == ' ') ++start;
    std::string token = header.substr(start);
    while (!token.empty() && token.back() == ' ') token.pop_back();
    return token;
}

bool is_base64url_token(const std::string& token) {
    return token.size() == 43 && std::all_of(token.begin(), token.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
           });
}

ApiResponse record_problem_response(const RecordBatchProblem& problem) {
    ApiResponse response = error_response(problem.status, problem.code, problem.message);
    auto& error = (*response.body)["error"];
    if (problem.record_index) {
        error["record_index"] = *problem.record_index;
        error["record_id"] = problem.record_id;
        error["reason"] = problem.reason;
    }
    return response;
}

nlohmann::json device_json(const Device& device) {
    return {{"device_id", device.id},
            {"role", device.role},
            {"office_id", device.office_id},
            {"terminal_number", device.terminal_number},
            {"name", device.name}};
}

}  // namespace

std::string make_device_token() {
    ensure_sodium();
    unsigned char bytes[kTokenBytes];
    randombytes_buf(bytes, sizeof bytes);
    char text[sodium_base64_ENCODED_LEN(kTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(text, sizeof text, bytes, sizeof bytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(bytes, sizeof bytes);
    return text;
}

std::string secret_hash(std::string_view secret) {
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(secret.data()),
                       secret.size(), nullptr, 0);
    char hex[crypto_generichash_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

bool is_device_role(std::string_view role) {
    return std::find(kDeviceRoles.begin(), kDeviceRoles.end(), role) != kDeviceRoles.end();
}

Result<std::string> issue_enrolment_code(CentralStore& store, std::string_view role,
                                         std::string_view office_id, int valid_hours,
                                         std::int64_t now_s) {
    if (!is_device_role(role)) {
        return make_error("options.invalid", "--role must be kiosk, counter or display");
    }
    auto office = store.office(office_id);
    if (!office) return office.error();
    if (!office->has_value()) {
        return make_error("enrolment.unknown_office",
                          "no office with id \"" + std::string(office_id) + "\"",
                          {{"office", std::string(office_id)}});
    }
    ensure_sodium();
    const EnrolmentCode code = generate_enrolment_code([] { return randombytes_random(); });
    EnrolmentCodeGrant grant;
    grant.code_hash = secret_hash(code.symbols);
    grant.role = std::string(role);
    grant.office_id = std::string(office_id);
    grant.issued_at_s = now_s;
    grant.expires_at_s = now_s + static_cast<std::int64_t>(valid_hours) * 3600;
    if (auto status = store.put_enrolment_code(grant); !status) return status.error();
    return code.to_string();
}

void SyncApi::add_routes(HttpRouter& router) {
    router.add(
        "POST", "/api/v1/enrolment", [this](const ApiRequest& r) { return post_enrolment(r); },
        RequestBody::json);
    router.add(
        "POST", "/api/v1/records", [this](const ApiRequest& r) { return post_records(r); },
        RequestBody::json);
}

std::int64_t SyncApi::now_s() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
}

std::variant<Device, ApiResponse> SyncApi::authenticate(const ApiRequest& request) const {
    const std::string token = bearer_token(request.header("Authorization"));
    if (token.empty()) {
        return unauthorized("auth.required", "this endpoint needs \"Authorization: Bearer <token>\"");
    }
    if (!is_base64url_token(token)) {
        return unauthorized("auth.invalid", "the bearer token is not one this server issued");
    }
    const std::string hash = secret_hash(token);
    auto device = store_.device_by_token_hash(hash);
    if (!device) return store_failure(device.error());
    // The token itself is never compared: the index is searched by its BLAKE2b hash, and
    // how long a search for a hash takes tells nothing about the token behind another hash
    // (an attacker cannot steer the hash's bytes). That is the constant-time property that
    // matters, and it lets every server process find a device in one indexed look-up.
    if (!device->has_value()) {
        return unauthorized("auth.invalid", "the bearer token is not one this server issued");
    }
    if ((*device)->revoked_at_s) {
        return error_response(403, "auth.revoked",
                              "this device was revoked; a technician must enrol it again");
    }
    return std::move(**device);
}

ApiResponse SyncApi::post_enrolment(const ApiRequest& request) const {
    const nlohmann::json& body = request.body;
    auto invalid = [](const std::string& message) {
        return error_response(400, "enrolment.invalid_request", message);
    };
    if (!body.is_object()) {
        return invalid("the body must be an object with \"code\", \"terminal_number\", \"name\"");
    }
    for (const auto& [key, value] : body.items()) {
        if (key != "code" && key != "terminal_number" && key != "name" && key != "signing_key") {
            return invalid("unknown field \"" + key.substr(0, 40) + "\"");
        }
    }
    const auto code_text = body.find("code");
    const auto number = body.find("terminal_number");
    const auto name = body.find("name");
    if (code_text == body.end() || !code_text->is_string()) {
        return invalid("\"code\" must be a string");
    }
    if (number == body.end() || !number->is_number_integer() || number->get<std::int64_t>() < 1 ||
        number->get<std::int64_t>() > 999) {
        return invalid("\"terminal_number\" must be a whole number from 1 to 999");
    }
    if (name == body.end() || !name->is_string() || name->get_ref<const std::string&>().empty() ||
        name->get_ref<const std::string&>().size() > kMaxDeviceNameBytes ||
        has_control_character(name->get_ref<const std::string&>())) {
        return invalid("\"name\" must be text of 1 to 64 bytes without control characters");
    }
    std::string signing_key;
    if (auto key = body.find("signing_key"); key != body.end()) {
        auto bytes = key->is_string() ? from_base64(key->get<std::string>()) : std::nullopt;
        if (!bytes || bytes->size() != 32) return invalid("\"signing_key\" must be an Ed25519 public key in base64");
        signing_key = key->get<std::string>();
    }
    auto code = parse_enrolment_code(code_text->get_ref<const std::string&>());
    if (!code) {
        return error_response(400, "enrolment.invalid_code",
                              "not an enrolment code (" + code.error().describe() + ")");
    }

    ensure_sodium();
    Device device;
    device.id = make_uuid_v4();
    device.terminal_number = static_cast<int>(number->get<std::int64_t>());
    device.name = name->get<std::string>();
    device.signing_key = signing_key;
    const std::string token = make_device_token();
    auto result =
        store_.redeem_enrolment_code(secret_hash(code->symbols), device, secret_hash(token), now_s());
    if (!result) return store_failure(result.error());
    switch (result->outcome) {
        case EnrolmentOutcome::unknown_code:
            return error_response(404, "enrolment.unknown_code",
                                  "no such enrolment code; ask the server operator for one");
        case EnrolmentOutcome::code_used:
            return error_response(409, "enrolment.code_used",
                                  "this enrolment code was used already; each code enrols one "
                                  "device");
        case EnrolmentOutcome::code_expired:
            return error_response(410, "enrolment.code_expired",
                                  "this enrolment code has expired; ask for a new one");
        case EnrolmentOutcome::enrolled:
            break;
    }
    nlohmann::json answer = device_json(*result->device);
    answer["token"] = token;
    ApiResponse response = json_response(std::move(answer), 201);
    // The token is shown once and must not be kept by any cache on the way.
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

std::string SyncApi::submission_refusal(const DeviceRecord& record) const {
    auto content = nlohmann::json::parse(record.content, nullptr, /*allow_exceptions=*/false);
    if (content.is_object() && content.value("id", "") != record.id) {
        return "the content's \"id\" must be the record's id";
    }
    // The office's day: the server process runs in the offices' time zone (docs/deployment.md).
    std::time_t now = std::chrono::system_clock::to_time_t(clock_());
    std::tm local{};
    localtime_r(&now, &local);
    std::chrono::year_month_day today{std::chrono::year(local.tm_year + 1900),
                                      std::chrono::month(static_cast<unsigned>(local.tm_mon + 1)),
                                      std::chrono::day(static_cast<unsigned>(local.tm_mday))};
    static const FormLibrary kNoForms = FormLibrary::empty();
    return (options_.forms ? *options_.forms : kNoForms).refusal(content, today);
}

ApiResponse SyncApi::post_records(const ApiRequest& request) const {
    auto who = authenticate(request);
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    const Device& device = std::get<Device>(who);

    auto parsed = parse_record_batch(request.body);
    if (auto* problem = std::get_if<RecordBatchProblem>(&parsed)) {
        return record_problem_response(*problem);
    }
    const RecordBatch& batch = std::get<RecordBatch>(parsed);
    if (batch.device_id != device.id) {
        return error_response(403, "auth.wrong_device",
                              "the batch names device " + batch.device_id +
                                  " but the token belongs to another device");
    }

    nlohmann::json results = nlohmann::json::array();
    std::vector<DeviceRecord> known;
    std::vector<std::size_t> known_index;
    for (std::size_t i = 0; i < batch.records.size(); ++i) {
        const DeviceRecord& record = batch.records[i];
        results.push_back({{"id", record.id}});
        if (!is_known_record_kind(record.kind)) {
            results[i]["status"] = "rejected";
            results[i]["reason"] = "unknown_kind";
            results[i]["message"] = "\"" + record.kind + "\" is not a kind of record this server "
                                    "stores";
            continue;
        }
        if (record.kind == "submission") {
            std::string refusal = submission_refusal(record);
            if (!refusal.empty()) {
                results[i]["status"] = "rejected";
                results[i]["reason"] = "invalid_submission";
                results[i]["message"] = refusal;
                continue;
            }
        }
        known.push_back(record);
        known_index.push_back(i);
    }
    const std::int64_t received_at_s = now_s();
    auto writes = store_.put_records(device.id, known, received_at_s);
    if (!writes) return store_failure(writes.error());
    if (options_.exit_after_commit && !known.empty()) {
        // TEST-ONLY (see SyncApiOptions): committed, and the terminal never hears of it.
        static constexpr char kNote[] = "ventanilla-central: fault hook exit_after_commit\n";
        (void)!::write(2, kNote, sizeof kNote - 1);
        ::_exit(70);
    }
    for (std::size_t k = 0; k < known.size(); ++k) {
        nlohmann::json& result = results[known_index[k]];
        switch ((*writes)[k]) {
            case RecordWrite::accepted:
                result["status"] = "accepted";
                break;
            case RecordWrite::duplicate:
                result["status"] = "duplicate";
                break;
            case RecordWrite::conflict:
                result["status"] = "conflict";
                result["message"] = "a record with this id and other content is stored; it was "
                                    "kept, and this copy set aside for a person";
                break;
        }
    }
    return json_response({{"results", std::move(results)},
                          {"received_at", rfc3339_utc(std::chrono::system_clock::time_point(
                                              std::chrono::seconds(received_at_s)))}});
}

}  // namespace ventanilla
