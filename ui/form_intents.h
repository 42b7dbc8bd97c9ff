// What the procedure wizard's screen asks for (ui/form_screen.h); the Terminal hands it to
// the FormWizard (ui/form_wizard.h), which owns the citizen's form.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace ventanilla::ui {

struct FormIntents {
    std::optional<std::string> open_form;  // a procedure's tile was tapped
    std::optional<std::string> focus;      // a typed field was tapped ("" closes the keyboard)
    std::string typed;                     // UTF-8 for the focused field, keyboard or keys
    int erased = 0;                        // characters to take off its end
    // A choice, yes/no, province or municipality tapped: the field's new answer.
    std::optional<std::pair<std::string, nlohmann::json>> answer;
    bool next = false;
    bool back = false;
    std::optional<std::size_t> edit_step;  // "Cambiar" on the review page
    std::optional<std::string> edit_field;  // the answer whose "Cambiar" it was
    bool submit = false;
    bool to_list = false;  // back from a form's first step to the procedures

    bool any() const {
        return open_form || focus || !typed.empty() || erased > 0 || answer || next || back || edit_step ||
               submit || to_list;
    }
};

}  // namespace ventanilla::ui
