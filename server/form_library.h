// The procedure forms this server hands to terminals and checks submissions against: every
// definition of a folder (assets/forms), read at start. A malformed one stops the start with
// its file and JSON path, so it never reaches a citizen.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "kiosk/form_definition.h"
#include "kiosk/result.h"

namespace ventanilla {

class FormLibrary {
public:
    // Reads every *.json of `folder`. An (id, version) given twice with different content is
    // refused: a definition is immutable per version.
    static Result<FormLibrary> load(const std::filesystem::path& folder);
    static FormLibrary empty() { return FormLibrary(); }

    std::size_t size() const { return forms_.size(); }
    // The definition of `id` at `version`, or null.
    const FormDefinition* find(const std::string& id, int version) const;
    // GET /api/v1/forms: every definition as data, and its ETag (changes with any of them).
    const nlohmann::json& listing() const { return listing_; }
    const std::string& etag() const { return etag_; }

    // Why a submission's content must be refused ("" when it is good): the server never
    // trusts a terminal's checks. `today` is the office's local date.
    std::string refusal(const nlohmann::json& content, std::chrono::year_month_day today) const;

private:
    struct Entry {
        FormDefinition definition;
        nlohmann::json json;
    };
    std::map<std::pair<std::string, int>, Entry> forms_;
    nlohmann::json listing_ = {{"forms", nlohmann::json::array()}};
    std::string etag_ = "\"empty\"";
};

}  // namespace ventanilla
