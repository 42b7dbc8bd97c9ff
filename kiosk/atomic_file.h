// Replacing a file so that after a crash or power cut it holds either the old or the new bytes.
#pragma once

#include <array>
#include <filesystem>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

// Every error code write_file_atomically can produce (each has a key in assets/i18n).
inline constexpr std::array<std::string_view, 1> kAtomicFileErrorCodes{"file.write_failed"};

// Writes `bytes` to a temporary file in the same directory, fsyncs it, renames it over
// `path` and fsyncs the directory. The directory must exist. `mode` is the new file's
// permission bits (0600 for secrets).
Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                             unsigned mode = 0644);

}  // namespace ventanilla
