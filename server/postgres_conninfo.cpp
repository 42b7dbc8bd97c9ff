#include "server/postgres_conninfo.h"

#include <libpq-fe.h>

#include <memory>
#include <vector>

namespace ventanilla {

namespace {

constexpr std::string_view kMask = "***";

struct OptionsDeleter {
    void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using Options = std::unique_ptr<PQconninfoOption, OptionsDeleter>;

bool is_uri(std::string_view text) {
    return text.starts_with("postgresql://") || text.starts_with("postgres://");
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The passwords written in a connection string, found by reading it as text,
// for scrubbing libpq's messages about a string it could not parse (they quote it).
std::vector<std::string> written_passwords(std::string_view text) {
    std::vector<std::string> found;
    if (is_uri(text)) {
        const std::string_view rest = text.substr(text.find("://") + 3);
        const auto at = rest.find('@');
        const auto slash = rest.find('/');
        if (at != std::string_view::npos && (slash == std::string_view::npos || at < slash)) {
            const std::string_view user_info = rest.substr(0, at);
            if (const auto colon = user_info.find(':'); colon != std::string_view::npos) {
                found.emplace_back(user_info.substr(colon + 1));
            }
        }
    }
    for (auto at = text.find("password"); at != std::string_view::npos;
         at = text.find("password", at + 1)) {
        std::size_t i = at + 8;
        while (i < text.size() && is_space(text[i])) {
            ++i;
        }
        if (i >= text.size() || text[i] != '=') {
            continue;
        }
        ++i;
        while (i < text.size() && is_space(text[i])) {
            ++i;
        }
        std::size_t end = i;
        if (end < text.size() && text[end] == '\'') {
            ++i;
            end = text.find('\'', i);
            end = end == std::string_view::npos ? text.size() : end;
        } else {
            while (end < text.size() && !is_space(text[end]) && text[end] != '&') {
                ++end;
            }
        }
        found.emplace_back(text.substr(i, end - i));
    }
    return found;
}

std::string scrub(std::string message, std::string_view conninfo) {
    for (const std::string& password : written_passwords(conninfo)) {
        if (password.empty()) {
            continue;
        }
        for (auto at = message.find(password); at != std::string::npos;
             at = message.find(password, at + kMask.size())) {
            message.replace(at, password.size(), kMask);
        }
    }
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
    }
    return message;
}

// Single quotes when needed, as libpq reads them back.
std::string quoted(std::string_view value) {
    bool plain = !value.empty();
    for (char c : value) {
        if (is_space(c) || c == '\'' || c == '\\') {
            plain = false;
        }
    }
    if (plain) {
        return std::string(value);
    }
    std::string text = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') {
            text += '\\';
        }
        text += c;
    }
    return text + "'";
}

}  // namespace

bool is_postgres_conninfo(std::string_view text) {
    if (is_uri(text)) {
        return true;
    }
    std::size_t start = 0;
    while (start < text.size() && is_space(text[start])) {
        ++start;
    }
    std::size_t end = start;
    while (end < text.size() && !is_space(text[end]) && text[end] != '=') {
        ++end;
    }
    std::size_t equals = end;
    while (equals < text.size() && is_space(text[equals])) {
        ++equals;
    }
    if (end == start || equals >= text.size() || text[equals] != '=') {
        return false;
    }
    // libpq's own list, so a keyword it adds later is recognised too.
    const Options defaults(PQconndefaults());
    const std::string_view keyword = text.substr(start, end - start);
    for (const PQconninfoOption* option = defaults.get(); option && option->keyword; ++option) {
        if (keyword == option->keyword) {
            return true;
        }
    }
    return false;
}

Status check_postgres_conninfo(const std::string& text) {
    char* message = nullptr;
    const Options options(PQconninfoParse(text.c_str(), &message));
    if (!options) {
        std::string reason = message ? message : "out of memory";
        PQfreemem(message);
        return make_error("options.invalid", "--db is not a valid PostgreSQL connection string: " +
                                                 scrub(reason, text));
    }
    return ok_status();
}

std::string masked_conninfo(const std::string& text) {
    const Options options(PQconninfoParse(text.c_str(), nullptr));
    if (!options) {
        return "(an invalid PostgreSQL connection string)";
    }
    std::string shown;
    for (const PQconninfoOption* option = options.get(); option->keyword; ++option) {
        if (!option->val) {
            continue;
        }
        if (!shown.empty()) {
            shown += ' ';
        }
        const std::string_view keyword = option->keyword;
        shown += std::string(keyword) + "=" +
                 (keyword == "password" ? std::string(kMask) : quoted(option->val));
    }
    return shown.empty() ? "(libpq defaults)" : shown;
}

}  // namespace ventanilla
