#include "kiosk/json_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>

namespace ventanilla {
namespace {

using Json = nlohmann::ordered_json;

// Where a syntax error is, for a person with an editor: the last character read before
// the error, skipping the whitespace the parser swallowed looking for the next token.
struct TextPosition {
    size_t line = 1;
    size_t column = 1;
};

TextPosition position_at(std::string_view text, size_t offset) {
    TextPosition position;
    size_t line_start = 0;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++position.line;
            line_start = i + 1;
        }
    }
    // Columns count characters, not UTF-8 bytes: "Envío" is five columns wide.
    for (size_t i = line_start; i < offset && i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++position.column;
    }
    return position;
}

TextPosition position_of_error(std::string_view text, size_t bytes_read) {
    size_t end = std::min(bytes_read, text.size());
    while (end > 0 && std::string_view(" \t\r\n").find(text[end - 1]) != std::string_view::npos) {
        --end;
    }
    if (end == 0) return {};
    return position_at(text, end - 1);
}

// A number too large for a double is not a parse_error and carries no position, only the
// token: "number overflow parsing '1e400'". Its first occurrence is where it is.
std::optional<TextPosition> position_of_token_in_message(std::string_view text,
                                                         const std::string& what) {
    size_t open = what.find("parsing '");
    size_t close = what.rfind('\'');
    if (open == std::string::npos || close == std::string::npos || close <= open + 9) {
        return std::nullopt;
    }
    std::string token = what.substr(open + 9, close - open - 9);
    size_t offset = text.find(token);
    if (offset == std::string_view::npos) return std::nullopt;
    return position_at(text, offset);
}

// nlohmann's message minus its prefix: "syntax error while parsing value - invalid literal".
std::string parse_error_reason(const std::string& what) {
    size_t column = what.find(", column ");
    size_t colon = column == std::string::npos ? what.find(": ") : what.find(": ", column);
    return colon == std::string::npos ? what : what.substr(colon + 2);
}

// Tracks the path of the value being parsed and the keys already seen in each open object.
class DuplicateKeyFinder {
public:
    bool on_event(nlohmann::json::parse_event_t event, const Json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        switch (event) {
            case Event::object_start:
            case Event::array_start:
                frames_.push_back(Frame{event == Event::array_start, {}, {}, 0});
                break;
            case Event::key: {
                Frame& frame = frames_.back();
                frame.current_key = parsed.get<std::string>();
                if (!frame.keys_seen.insert(frame.current_key).second) {
                    duplicates_.push_back(current_path());
                }
                break;
            }
            case Event::object_end:
            case Event::array_end:
                frames_.pop_back();
                value_done();
                break;
            case Event::value:
                value_done();
                break;
        }
        return true;
    }

    std::vector<std::string> take_duplicates() { return std::move(duplicates_); }

private:
    struct Frame {
        bool is_array;
        std::set<std::string> keys_seen;
        std::string current_key;
        size_t index;
    };

    void value_done() {
        if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
    }

    std::string current_path() const {
        std::string path;
        for (const Frame& frame : frames_) {
            if (frame.is_array) {
                path += "[" + std::to_string(frame.index) + "]";
            } else {
                if (!path.empty()) path += ".";
                path += frame.current_key;
            }
        }
        return path;
    }

    std::vector<Frame> frames_;
    std::vector<std::string> duplicates_;
};

}  // namespace

Result<std::string> read_text_file(const std::filesystem::path& path,
                                   const JsonFileErrorCodes& codes) {
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found) {
        return make_error(std::string(codes.file_missing), path.string() + ": no such file",
                          {{"path", path.string()}});
    }
    auto unreadable = [&](const std::string& reason) {
        return make_error(std::string(codes.file_unreadable), path.string() + ": " + reason,
                          {{"path", path.string()}, {"reason", reason}});
    };
    if (ec) return unreadable(ec.message());
    if (!std::filesystem::is_regular_file(status)) return unreadable("not a regular file");

    std::ifstream in(path, std::ios::binary);
    if (!in) return unreadable(std::strerror(errno));
    std::ostringstream contents;
    contents << in.rdbuf();
    if (in.bad()) return unreadable("read failed");
    return contents.str();
}

Result<JsonDocument> parse_json_document(std::string_view text, const std::string& source,
                                         const JsonFileErrorCodes& codes) {
    DuplicateKeyFinder finder;
    try {
        Json value = Json::parse(
            text,
            [&finder](int, nlohmann::json::parse_event_t event, Json& parsed) {
                return finder.on_event(event, parsed);
            },
            /*allow_exceptions=*/true, /*ignore_comments=*/false);
        return JsonDocument{std::move(value), finder.take_duplicates()};
    } catch (const nlohmann::json::parse_error& e) {
        TextPosition position = position_of_error(text, e.byte);
        std::string reason = parse_error_reason(e.what());
        std::string line = std::to_string(position.line);
        std::string column = std::to_string(position.column);
        return make_error(
            std::string(codes.syntax), source + ":" + line + ":" + column + ": " + reason,
            {{"path", source}, {"line", line}, {"column", column}, {"reason", reason}});
    } catch (const nlohmann::json::exception& e) {
        // Not a syntax error but still a bad document, e.g. a number too large to hold.
        TextPosition position =
            position_of_token_in_message(text, e.what()).value_or(TextPosition{});
        std::string line = std::to_string(position.line);
        std::string column = std::to_string(position.column);
        return make_error(
            std::string(codes.syntax), source + ":" + line + ":" + column + ": " + e.what(),
            {{"path", source}, {"line", line}, {"column", column}, {"reason", e.what()}});
    }
}

std::string json_value_text(const nlohmann::ordered_json& value) {
    // Strings keep their quotes so "3" and 3 read differently in a message.
    std::string text =
        value.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
    // A whole pasted document must not flood the technician's screen.
    constexpr size_t kMaxBytes = 80;
    if (text.size() <= kMaxBytes) return text;
    size_t cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "…";
}

}  // namespace ventanilla
