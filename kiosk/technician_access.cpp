#include "kiosk/technician_access.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

#include "kiosk/enrolment.h"
#include "kiosk/log.h"
#include "kiosk/tracking_time.h"

namespace ventanilla {

namespace {

std::int64_t seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string local_hh_mm(std::int64_t unix_s) { return format_local(unix_s, "%H:%M"); }

// A PIN anyone would try first: one digit repeated, or a run up or down (123456, 987654).
bool obvious(std::string_view pin) {
    bool same = true, up = true, down = true;
    for (std::size_t i = 1; i < pin.size(); ++i) {
        same = same && pin[i] == pin[0];
        up = up && pin[i] == static_cast<char>('0' + (pin[i - 1] - '0' + 1) % 10);
        down = down && pin[i] == static_cast<char>('0' + (pin[i - 1] - '0' + 9) % 10);
    }
    return same || up || down;
}

}  // namespace

Result<TechnicianAccess> TechnicianAccess::open(std::filesystem::path secrets_path) {
    if (sodium_init() < 0) std::abort();
    auto secrets = read_secrets_file(secrets_path);
    if (!secrets) return secrets.error();
    TechnicianAccess access(std::move(secrets_path));
    if (auto section = secrets->find("technician"); section != secrets->end() && section->is_object()) {
        access.hash_ = section->value("pin_hash", "");
        access.failures_ = section->value("failures", 0);
        access.locked_until_s_ = section->value("locked_until_s", std::int64_t{0});
    }
    return access;
}

Status TechnicianAccess::save() const {
    return write_secrets_section(path_, "technician",
                                 {{"pin_hash", hash_}, {"failures", failures_}, {"locked_until_s", locked_until_s_}});
}

Status TechnicianAccess::set_pin(std::string_view pin) {
    if (pin.size() < 6 || pin.size() > 12 || pin.find_first_not_of("0123456789") != std::string_view::npos) {
        return make_error("technician.pin_format");
    }
    if (obvious(pin)) return make_error("technician.pin_weak");
    char hash[crypto_pwhash_STRBYTES];
    // argon2id with libsodium's interactive limits: about 0.1 s on this class of machine.
    if (crypto_pwhash_str(hash, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return make_error("file.write_failed", "out of memory hashing the PIN", {{"path", path_.string()}, {"reason", "out of memory"}});
    }
    std::string previous = hash_;
    hash_ = hash;
    failures_ = 0;
    locked_until_s_ = 0;
    if (auto saved = save(); !saved) {
        hash_ = previous;
        return saved;
    }
    log_line(LogLevel::info, "technician PIN set");
    return ok_status();
}

std::optional<std::chrono::system_clock::time_point> TechnicianAccess::locked_until(
    std::chrono::system_clock::time_point now) const {
    if (locked_until_s_ <= seconds(now)) return std::nullopt;
    return std::chrono::system_clock::time_point(std::chrono::seconds(locked_until_s_));
}

Status TechnicianAccess::check_pin(std::string_view pin, std::chrono::system_clock::time_point now) {
    if (locked_until(now)) {
        std::int64_t minutes = (locked_until_s_ - seconds(now) + 59) / 60;
        return make_error("technician.locked", {},
                          {{"until", local_hh_mm(locked_until_s_)}, {"minutes", std::to_string(minutes)}});
    }
    if (!hash_.empty() && crypto_pwhash_str_verify(hash_.c_str(), pin.data(), pin.size()) == 0) {
        failures_ = 0;
        locked_until_s_ = 0;
        if (auto saved = save(); !saved) return saved;
        log_line(LogLevel::info, "technician mode opened");
        return ok_status();
    }
    ++failures_;
    if (failures_ >= kTechnicianMaxAttempts) {
        failures_ = 0;
        locked_until_s_ = seconds(now) + std::chrono::duration_cast<std::chrono::seconds>(kTechnicianLockout).count();
        if (auto saved = save(); !saved) return saved;
        log_line(LogLevel::warning, "technician mode locked for 5 minutes after 5 wrong PINs");
        return make_error("technician.locked", {},
                          {{"until", local_hh_mm(locked_until_s_)}, {"minutes", "5"}});
    }
    if (auto saved = save(); !saved) return saved;
    log_line(LogLevel::warning, "technician PIN refused (" + std::to_string(failures_) + " in a row)");
    return make_error("technician.wrong_pin", {},
                      {{"attempts_left", std::to_string(kTechnicianMaxAttempts - failures_)}});
}

}  // namespace ventanilla
