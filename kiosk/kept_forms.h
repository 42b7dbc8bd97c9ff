// The procedure forms a terminal has in hand: the server's listing (GET /api/v1/forms) with
// its ETag, kept on disk so an office that starts without its server still offers its
// procedures. A version never changes. Versions the server stops listing go with its next
// answer: a draft lives only as long as its citizen's session (minutes), and a submitted
// record carries its own answers, so nothing on the terminal needs an old version for long.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/form_definition.h"
#include "kiosk/result.h"

namespace ventanilla {

struct KeptForms {
    std::string etag;                    // the server's, as sent (with its quotes)
    std::vector<FormDefinition> forms;   // every version in hand, ordered by id then version
    nlohmann::json definitions = nlohmann::json::array();  // the same, as data

    const FormDefinition* find(std::string_view id, int version) const;
    // The highest version of each form: what a citizen is offered.
    std::vector<const FormDefinition*> latest() const;
    nlohmann::json to_json() const { return {{"etag", etag}, {"forms", definitions}}; }
};

// The kept file ({"etag", "forms"}) or the server's answer ({"forms"}, ETag apart). Any
// definition that does not parse refuses the whole listing: never half a set of forms.
Result<KeptForms> parse_kept_forms(std::string_view text, std::string etag = {});

}  // namespace ventanilla
