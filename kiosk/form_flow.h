// The kiosk's procedure wizard as a state machine: one step at a time, the step's answers
// checked before moving on, a review page whose "change" links come back to it, then submit.
// Advanced by intents and by the submission's result; no I/O, no UI types (STYLE rule 4).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/form_answers.h"
#include "kiosk/form_definition.h"
#include "kiosk/result.h"

namespace ventanilla {

inline constexpr std::array<std::string_view, 1> kFormFlowErrorCodes{
    "form.draft_unusable",  // a saved draft of another form version, or damaged: start again
};

enum class FormPhase {
    filling,     // a step of fields
    reviewing,   // every answer, each step with its "change" link
    submitting,  // frozen: committed locally, the receipt printing
    submitted,   // the reference on screen
};

std::string_view form_phase_name(FormPhase phase);

class FormFlow {
public:
    FormFlow(const FormDefinition& form, std::string draft_id);

    // A draft saved by `draft()`: the same form version, else the draft is refused (a
    // definition changed under it) and the citizen starts again.
    static Result<FormFlow> restore(const FormDefinition& form, const nlohmann::json& draft);
    // What is autosaved after every change: form, version, draft id, step, answers, phase.
    nlohmann::json draft() const;

    const FormDefinition& form() const { return *form_; }
    const std::string& draft_id() const { return draft_id_; }
    FormPhase phase() const { return phase_; }
    std::size_t step() const { return step_; }
    // The steps the citizen goes through: those with at least one field shown now.
    std::vector<std::size_t> visible_steps() const;
    // 1-based position of the current step among the visible ones, and how many there are.
    std::size_t step_number() const;
    std::size_t step_count() const { return visible_steps().size(); }
    const nlohmann::json& answers() const { return answers_; }
    // The current step's problems, in field order; filled when "next" found some.
    const std::vector<FieldProblem>& problems() const { return problems_; }
    const Error* problem_of(std::string_view field_id) const;
    bool editing_from_review() const { return editing_from_review_; }

    // A field's new answer (blank clears it). Its problem goes away until checked again; a
    // field the answers now hide loses its answer, so nothing hidden is kept or sent.
    void set_answer(const std::string& field_id, nlohmann::json value);
    // Checks the step; moves to the next visible step, or back to the review when the step
    // was opened from there, or to the review after the last step. False when it stays.
    bool next(std::chrono::year_month_day today);
    // The previous visible step (from the review: the last one). False on the first step.
    bool back();
    // From the review: that step, to change an answer, then "next" comes back to the review.
    void edit_step(std::size_t step);
    // From the review: everything is checked again; true when it may be submitted now.
    bool submit(std::chrono::year_month_day today);
    // The reference once the submission is committed; a failure goes back to the review
    // with the error shown, nothing lost, so the citizen may tap "Enviar" again.
    void on_submitted(Result<std::string> reference);

    const std::optional<std::string>& reference() const { return reference_; }
    const std::optional<Error>& error() const { return error_; }

private:
    void drop_hidden_answers();

    const FormDefinition* form_;
    std::string draft_id_;
    FormPhase phase_ = FormPhase::filling;
    std::size_t step_ = 0;
    nlohmann::json answers_ = nlohmann::json::object();
    std::vector<FieldProblem> problems_;
    bool editing_from_review_ = false;
    std::optional<std::string> reference_;
    std::optional<Error> error_;
};

}  // namespace ventanilla
