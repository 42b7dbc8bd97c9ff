// The technician's way in: a PIN set on the first start (there is no default), kept only as
// an argon2id hash in the secrets file, five wrong tries lock the mode for five minutes.
// The clock is passed in, so lockout and its expiry are tested without waiting.
#pragma once

#include <array>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

inline constexpr std::array<std::string_view, 4> kTechnicianAccessErrorCodes{
    "technician.pin_format",  // a PIN is 6 to 12 digits
    "technician.pin_weak",    // all one digit, or a run like 123456: too easy to guess
    "technician.wrong_pin",   // attempts_left
    "technician.locked",      // until (HH:MM), minutes: five wrong PINs in a row
};

inline constexpr int kTechnicianMaxAttempts = 5;
inline constexpr std::chrono::minutes kTechnicianLockout{5};

class TechnicianAccess {
public:
    // Reads the "technician" section of the secrets file (hash, failures, lock) if there is one.
    static Result<TechnicianAccess> open(std::filesystem::path secrets_path);

    // No PIN yet: the first start asks the technician to choose one.
    bool needs_pin() const { return hash_.empty(); }
    // Sets the first PIN, or a new one once in. Checked for format and the obvious guesses.
    Status set_pin(std::string_view pin);
    // A try at the PIN at `now` (wall clock: a lock must survive a restart). Wrong tries are
    // counted in the secrets file, so pulling the plug does not reset them.
    Status check_pin(std::string_view pin, std::chrono::system_clock::time_point now);
    std::optional<std::chrono::system_clock::time_point> locked_until(std::chrono::system_clock::time_point now) const;
    int failures() const { return failures_; }

private:
    explicit TechnicianAccess(std::filesystem::path path) : path_(std::move(path)) {}
    Status save() const;

    std::filesystem::path path_;
    std::string hash_;  // crypto_pwhash_str output; the PIN itself is never kept
    int failures_ = 0;
    std::int64_t locked_until_s_ = 0;
};

}  // namespace ventanilla
