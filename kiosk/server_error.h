// Reading our server's refusals: the error object {"error": {"code", "message", ...}} and Retry-After.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "kiosk/http_client.h"
#include "kiosk/result.h"

namespace ventanilla {

// The "error" object of one of our server's answers (it has a string "code"), or null: a
// body that is not ours (a proxy's page, garbage) has none.
nlohmann::json server_error_object(std::string_view body);

// Its "code", or "" when the body carries none.
std::string server_error_code(std::string_view body);

// How long a 429 or 503 asks us to wait (Retry-After in seconds; an hour at most, so a wrong
// header never parks a terminal for a day); 0 when it says nothing usable.
std::chrono::milliseconds retry_after(const HttpResponse& response);

// A terminal's request the server refused, as an error value: the server's own code and its
// fields as args when the code starts with one of `passed` ("queue.", "submission.",
// "auth.wrong_office"); another auth.* refusal, 401 or 403 is "counter.unauthorized" (code);
// anything else "counter.server_error" (status).
Error refusal_error(const HttpResponse& response, std::span<const std::string_view> passed);

// Sends `request` and reads the answer as a JSON object: a network failure as net.*, a status
// other than `expected_status` or 200 as refusal_error, a body that is not a JSON object as
// "counter.bad_answer" (reason "not_json").
Result<nlohmann::json> exchange_json(const HttpRequest& request, long expected_status,
                                     std::span<const std::string_view> passed);

}  // namespace ventanilla
