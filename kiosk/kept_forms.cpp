#include "kiosk/kept_forms.h"

#include <algorithm>
#include <map>

namespace ventanilla {

const FormDefinition* KeptForms::find(std::string_view id, int version) const {
    for (const auto& form : forms) {
        if (form.id == id && form.version == version) return &form;
    }
    return nullptr;
}

std::vector<const FormDefinition*> KeptForms::latest() const {
    std::map<std::string, const FormDefinition*> newest;
    for (const auto& form : forms) {
        auto& slot = newest[form.id];
        if (!slot || slot->version < form.version) slot = &form;
    }
    std::vector<const FormDefinition*> result;
    for (const auto& [id, form] : newest) result.push_back(form);
    return result;
}

Result<KeptForms> parse_kept_forms(std::string_view text, std::string etag) {
    auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object() || !json.contains("forms") || !json["forms"].is_array()) {
        return make_error("form.invalid_definition", "$: not a list of forms", {{"path", "$"}, {"reason", "not a list of forms"}});
    }
    KeptForms kept;
    kept.etag = etag.empty() ? json.value("etag", "") : std::move(etag);
    std::vector<std::pair<FormDefinition, nlohmann::json>> parsed;
    for (std::size_t i = 0; i < json["forms"].size(); ++i) {
        const auto& definition = json["forms"][i];
        auto form = parse_form_definition(definition.dump());
        if (!form) {
            Error error = form.error();
            error.detail = "forms[" + std::to_string(i) + "]: " + error.detail;
            return error;
        }
        parsed.emplace_back(std::move(form).value(), definition);
    }
    std::sort(parsed.begin(), parsed.end(), [](const auto& a, const auto& b) {
        return std::tie(a.first.id, a.first.version) < std::tie(b.first.id, b.first.version);
    });
    for (auto& [form, definition] : parsed) {
        if (kept.find(form.id, form.version)) continue;  // listed twice: once is enough
        kept.forms.push_back(std::move(form));
        kept.definitions.push_back(std::move(definition));
    }
    return kept;
}

}  // namespace ventanilla
