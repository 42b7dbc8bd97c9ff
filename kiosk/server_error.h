// Reading our server's refusals: the error object {"error": {"code", "message", ...}} and Retry-After.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kiosk/http_client.h"

namespace ventanilla {

// The "error" object of one of our server's answers (it has a string "code"), or null: a
// body that is not ours (a proxy's page, garbage) has none.
nlohmann::json server_error_object(std::string_view body);

// Its "code", or "" when the body carries none.
std::string server_error_code(std::string_view body);

// How long a 429 or 503 asks us to wait (Retry-After in seconds; an hour at most, so a wrong
// header never parks a terminal for a day); 0 when it says nothing usable.
std::chrono::milliseconds retry_after(const HttpResponse& response);

}  // namespace ventanilla
