// SyncApi: the endpoints a terminal syncs through: enrolment, bearer tokens, record upload.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "server/central_api.h"
#include "server/central_store.h"
#include "server/form_library.h"
#include "server/http_router.h"

namespace ventanilla {

struct SyncApiOptions {
    // TEST-ONLY fault hook (VENTANILLA_FAULT=exit_after_commit, read by main): the
    // process dies right after a record batch is committed and before the answer is
    // sent, as a power cut at the worst moment would. Never set in production.
    bool exit_after_commit = false;
    // The forms every submission is checked against again (the server never trusts a
    // terminal); null: no form is known, so every submission is refused.
    const FormLibrary* forms = nullptr;
};

// Devices enrol with a one-time code and then upload records with their bearer token.
// Holds no state of its own: several server processes over one store answer alike.
// docs/protocol.md describes both endpoints, the auth errors and every answer.
class SyncApi {
public:
    SyncApi(CentralStore& store, WallClock clock, SyncApiOptions options = {})
        : store_(store), clock_(std::move(clock)), options_(options) {}

    void add_routes(HttpRouter& router);

    ApiResponse post_enrolment(const ApiRequest& request) const;
    ApiResponse post_records(const ApiRequest& request) const;

    // The enrolled, unrevoked device that sent `request`, or the 401/403 answer to give:
    // auth.required (no bearer token), auth.invalid (unknown token), auth.revoked.
    std::variant<Device, ApiResponse> authenticate(const ApiRequest& request) const;

private:
    std::int64_t now_s() const;
    // Why a submission record is refused, "" when its content passes the form's checks.
    std::string submission_refusal(const DeviceRecord& record) const;

    CentralStore& store_;
    WallClock clock_;
    SyncApiOptions options_;
};

// A fresh bearer token: 32 bytes from randombytes, base64url without padding (43 chars).
std::string make_device_token();

// BLAKE2b-256 in hex: what the store keeps instead of a token or an enrolment code.
std::string secret_hash(std::string_view secret);

// The roles a device may be enrolled as.
bool is_device_role(std::string_view role);

// Makes a one-time code for `role` at `office_id`, valid for `valid_hours` from now_s,
// and stores its hash. Returns the code to hand to the technician ("K7M3-Q9XA-2RHF").
// Fails with "enrolment.unknown_office" when the office is not in the store.
Result<std::string> issue_enrolment_code(CentralStore& store, std::string_view role,
                                         std::string_view office_id, int valid_hours,
                                         std::int64_t now_s);

}  // namespace ventanilla
