// Reading a JSON file strictly: missing file, syntax (line and column) and duplicate keys.
#pragma once

// Duplicate keys are reported because a plain parse silently keeps the last one.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla {

// The error codes to report, so that each kind of file (configuration, translations) gets
// messages that name it. Each code must have a key in assets/i18n.
struct JsonFileErrorCodes {
    std::string_view file_missing;     // args: path
    std::string_view file_unreadable;  // args: path, reason
    std::string_view syntax;           // args: path, line, column, reason
};

// A parsed document. Keys keep the order of the file so problems are reported in it.
struct JsonDocument {
    nlohmann::ordered_json value;
    // Dotted paths ("scanner.baud_rate") of keys that appear more than once in their object.
    std::vector<std::string> duplicate_keys;
};

Result<std::string> read_text_file(const std::filesystem::path& path,
                                   const JsonFileErrorCodes& codes);

// `source` names the text in errors (usually the file's path).
Result<JsonDocument> parse_json_document(std::string_view text, const std::string& source,
                                         const JsonFileErrorCodes& codes);

// A JSON value as the file spelled it, for messages: 9601, "fr", true.
std::string json_value_text(const nlohmann::ordered_json& value);  // at most ~80 bytes

}  // namespace ventanilla
