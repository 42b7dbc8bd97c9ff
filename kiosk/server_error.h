// Reading the error our server puts in a refusal: {"error": {"code": "...", "message": "...", ...}}.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace ventanilla {

// The "error" object of one of our server's answers (it has a string "code"), or null: a
// body that is not ours (a proxy's page, garbage) has none.
nlohmann::json server_error_object(std::string_view body);

// Its "code", or "" when the body carries none.
std::string server_error_code(std::string_view body);

}  // namespace ventanilla
