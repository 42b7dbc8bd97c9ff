// The citizen's form draft kept on disk between steps, so a crash or a power cut loses
// nothing: sealed with the terminal's data key, replaced atomically at every step, and wiped
// (overwritten, then removed) when the citizen leaves or the idle timeout ends the session.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

Status save_draft(const std::filesystem::path& path, const nlohmann::json& draft, std::string_view data_key);
// nullopt when there is none; sealed.damaged when it cannot be read (then wipe it).
Result<std::optional<nlohmann::json>> load_draft(const std::filesystem::path& path, std::string_view data_key);
Status wipe_draft(const std::filesystem::path& path);

}  // namespace ventanilla
