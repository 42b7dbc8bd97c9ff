// Result<T>: an expected failure as a value, with an error code and a translation key.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <variant>

namespace ventanilla {

// What went wrong, said three ways: a stable code for programs and logs, a key
// into assets/i18n for people, and the detail (a key path, a file name, a reason)
// that fills the message's placeholder.
struct Error {
    std::string code;         // e.g. "config.invalid_value"
    std::string message_key;  // e.g. "error.config.invalid_value"
    std::string detail;       // free text, never translated, never personal data
    // Values for the message's {placeholders}, e.g. {"expected","5"}, {"actual","4"}.
    std::map<std::string, std::string> args;

    std::string describe() const { return detail.empty() ? code : code + ": " + detail; }
};

inline Error make_error(std::string code, std::string detail = {},
                        std::map<std::string, std::string> args = {}) {
    std::string key = "error." + code;
    return Error{std::move(code), std::move(key), std::move(detail), std::move(args)};
}

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<T>(state_); }
    T& value() & { return std::get<T>(state_); }
    T&& value() && { return std::get<T>(std::move(state_)); }
    const T* operator->() const { return &std::get<T>(state_); }
    T* operator->() { return &std::get<T>(state_); }
    const T& operator*() const { return value(); }

    const Error& error() const { return std::get<Error>(state_); }
    // What went wrong, or "" for a success: safe where the text is built either way (a
    // test's REQUIRE_MESSAGE, whose message doctest -s logs for passing checks too).
    std::string failure_text() const { return ok() ? std::string() : error().describe(); }

private:
    std::variant<T, Error> state_;
};

struct Ok {};

// Result<void> is spelled Status.
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace ventanilla
