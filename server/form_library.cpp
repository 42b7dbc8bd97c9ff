#include "server/form_library.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "kiosk/form_answers.h"
#include "kiosk/reference_code.h"
#include "kiosk/uuid.h"
#include "server/central_api.h"

namespace ventanilla {

Result<FormLibrary> FormLibrary::load(const std::filesystem::path& folder) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        return make_error("forms.unreadable", folder.string() + ": not a folder", {{"path", folder.string()}});
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    FormLibrary library;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        if (!in) return make_error("forms.unreadable", file.string(), {{"path", file.string()}});
        auto parsed = parse_form_definition(text.str());
        if (!parsed) {
            return make_error("forms.invalid", file.string() + ": " + parsed.error().detail,
                              {{"path", file.string()}, {"reason", parsed.error().detail}});
        }
        nlohmann::json json = nlohmann::json::parse(text.str());
        auto key = std::make_pair(parsed->id, parsed->version);
        if (auto it = library.forms_.find(key); it != library.forms_.end()) {
            if (it->second.json != json) {
                return make_error("forms.invalid", file.string() + ": " + parsed->id + " version " +
                                                       std::to_string(parsed->version) + " is defined twice, differently",
                                  {{"path", file.string()}, {"reason", "the same version defined twice"}});
            }
            continue;
        }
        library.forms_.emplace(key, Entry{std::move(parsed).value(), std::move(json)});
    }
    nlohmann::json forms = nlohmann::json::array();
    for (const auto& [key, entry] : library.forms_) forms.push_back(entry.json);
    library.listing_ = {{"forms", forms}};
    library.etag_ = content_etag("forms", library.listing_);
    return library;
}

const FormDefinition* FormLibrary::find(const std::string& id, int version) const {
    auto it = forms_.find({id, version});
    return it == forms_.end() ? nullptr : &it->second.definition;
}

std::string FormLibrary::refusal(const nlohmann::json& content, std::chrono::year_month_day today) const {
    if (!content.is_object()) return "the content must be an object";
    auto text = [&](const char* key) {
        auto it = content.find(key);
        return it != content.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (!is_canonical_uuid(text("id"))) return "\"id\" must be the record's UUID";
    auto reference = parse_reference_code(text("reference"));
    if (!reference || reference->symbols != text("reference")) return "\"reference\" must be eight symbols with their check";
    auto version = content.find("form_version");
    if (version == content.end() || !version->is_number_integer()) return "\"form_version\" must be a whole number";
    const FormDefinition* form = find(text("form"), version->get<int>());
    if (!form) return "no form \"" + text("form") + "\" version " + std::to_string(version->get<int>()) + " here";
    auto answers = content.find("answers");
    if (answers == content.end()) return "\"answers\" is missing";
    CheckedForm checked = check_form(*form, *answers, today);
    if (checked.ok()) {
        // A kiosk drops the answers of fields it did not show; one that sends them anyway is
        // not to be stored with them.
        std::string hidden;
        for (const auto& [id, value] : answers->items()) {
            if (!checked.answers.contains(id) && !unanswered(value)) hidden += (hidden.empty() ? "" : ", ") + id;
        }
        if (!hidden.empty()) return "answers for fields the form does not show with these answers: " + hidden;
        return {};
    }
    std::string fields;
    for (const auto& problem : checked.problems) {
        if (!fields.empty()) fields += ", ";
        fields += problem.field + " (" + problem.error.code + ")";
    }
    return "answers refused: " + fields;
}

}  // namespace ventanilla
