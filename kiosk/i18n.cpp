#include "kiosk/i18n.h"

#include <cctype>
#include <mutex>

#include "kiosk/json_file.h"

namespace ventanilla {
namespace {

using Json = nlohmann::ordered_json;

constexpr JsonFileErrorCodes kFileCodes{"i18n.file_missing", "i18n.file_unreadable", "i18n.syntax"};

bool is_placeholder_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// The length of the {name} starting at text[start], or 0 if there is none there.
size_t placeholder_length(std::string_view text, size_t start) {
    if (text[start] != '{') return 0;
    size_t end = start + 1;
    while (end < text.size() && is_placeholder_char(text[end])) ++end;
    if (end == start + 1 || end >= text.size() || text[end] != '}') return 0;
    return end - start + 1;
}

// Flattens nested objects into dotted keys. Returns the first problem found, if any.
std::optional<Error> flatten(const Json& object, const std::string& prefix,
                             const std::string& source,
                             std::map<std::string, std::string, std::less<>>& texts) {
    for (const auto& [name, value] : object.items()) {
        std::string key = prefix.empty() ? name : prefix + "." + name;
        if (value.is_object()) {
            if (auto problem = flatten(value, key, source, texts)) return problem;
            continue;
        }
        if (!value.is_string()) {
            std::string actual = json_value_text(value);
            return make_error("i18n.not_text",
                              source + ": " + key + ": expected a string, found " + actual,
                              {{"path", source}, {"key", key}, {"actual", actual}});
        }
        // "a.b" written flat and {"a": {"b"}} written nested are the same key twice.
        if (!texts.emplace(key, value.get<std::string>()).second) {
            return make_error("i18n.duplicate_key", source + ": " + key + ": defined twice",
                              {{"path", source}, {"key", key}});
        }
    }
    return std::nullopt;
}

}  // namespace

struct Translations::MissingKeys {
    std::mutex mutex;  // texts are looked up from the UI thread and from workers
    std::set<std::string, std::less<>> keys;
};

Translations::Translations() : missing_(std::make_shared<MissingKeys>()) {}

Result<Translations> Translations::from_json_text(std::string_view json_text, std::string language,
                                                  const std::string& source) {
    auto document = parse_json_document(json_text, source, kFileCodes);
    if (!document) return document.error();
    if (!document->duplicate_keys.empty()) {
        const std::string& key = document->duplicate_keys.front();
        return make_error("i18n.duplicate_key", source + ": " + key + ": defined twice",
                          {{"path", source}, {"key", key}});
    }
    if (!document->value.is_object()) {
        std::string actual = json_value_text(document->value);
        return make_error("i18n.not_an_object", source + ": the file must hold one JSON object",
                          {{"path", source}, {"actual", actual}});
    }
    Translations translations;
    translations.language_ = std::move(language);
    if (auto problem = flatten(document->value, "", source, translations.texts_)) return *problem;
    return translations;
}

bool Translations::has(std::string_view key) const {
    return texts_.find(key) != texts_.end();
}

std::string Translations::tr(std::string_view key) const {
    auto found = texts_.find(key);
    if (found != texts_.end()) return found->second;
    std::lock_guard lock(missing_->mutex);
    missing_->keys.emplace(key);
    return missing_text_marker(key);
}

std::string Translations::tr(std::string_view key, const TextArgs& args) const {
    auto found = texts_.find(key);
    if (found == texts_.end()) return tr(key);
    return fill_placeholders(found->second, args);
}

std::string Translations::translate(const Error& error) const {
    if (!has(error.message_key)) {
        // Still say what happened, in the words the log uses, next to the visible marker.
        return tr(error.message_key) + " " + error.describe();
    }
    TextArgs args = error.args;
    args.emplace("detail", error.detail);  // an arg named detail wins
    return tr(error.message_key, args);
}

std::vector<std::string> Translations::missing_keys() const {
    std::lock_guard lock(missing_->mutex);
    return {missing_->keys.begin(), missing_->keys.end()};
}

Result<Translations> load_translations(const std::filesystem::path& i18n_dir,
                                       std::string_view language) {
    // Two letters only: the name becomes part of a path.
    bool valid = language.size() == 2 && std::islower(static_cast<unsigned char>(language[0])) &&
                 std::islower(static_cast<unsigned char>(language[1]));
    if (!valid) {
        return make_error(
            "i18n.invalid_language",
            "language must be two lower-case letters, found \"" + std::string(language) + "\"",
            {{"language", std::string(language)}});
    }
    std::filesystem::path path = i18n_dir / (std::string(language) + ".json");
    auto text = read_text_file(path, kFileCodes);
    if (!text) return text.error();
    return Translations::from_json_text(text.value(), std::string(language), path.string());
}

std::string missing_text_marker(std::string_view key) {
    return "\u27E6" + std::string(key) + "\u27E7";  // ⟦key⟧
}

std::set<std::string> placeholders_in(std::string_view text) {
    std::set<std::string> names;
    for (size_t i = 0; i < text.size(); ++i) {
        if (size_t length = placeholder_length(text, i)) {
            names.emplace(text.substr(i + 1, length - 2));
            i += length - 1;
        }
    }
    return names;
}

std::string fill_placeholders(std::string_view text, const TextArgs& args) {
    std::string filled;
    filled.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        size_t length = placeholder_length(text, i);
        if (length == 0) {
            filled += text[i];
            continue;
        }
        auto value = args.find(std::string(text.substr(i + 1, length - 2)));
        if (value != args.end()) {
            filled += value->second;
        } else {
            filled += text.substr(i, length);
        }
        i += length - 1;
    }
    return filled;
}

}  // namespace ventanilla
