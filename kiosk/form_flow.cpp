#include "kiosk/form_flow.h"

#include <algorithm>

namespace ventanilla {

std::string_view form_phase_name(FormPhase phase) {
    switch (phase) {
        case FormPhase::filling: return "filling";
        case FormPhase::reviewing: return "reviewing";
        case FormPhase::submitting: return "submitting";
        case FormPhase::submitted: return "submitted";
    }
    return "filling";
}

FormFlow::FormFlow(const FormDefinition& form, std::string draft_id) : form_(&form), draft_id_(std::move(draft_id)) {
    auto steps = visible_steps();
    step_ = steps.empty() ? 0 : steps.front();
}

Result<FormFlow> FormFlow::restore(const FormDefinition& form, const nlohmann::json& draft) {
    auto refused = [](const std::string& why) { return make_error("form.draft_unusable", why); };
    if (!draft.is_object()) return refused("not an object");
    if (draft.value("form", "") != form.id || draft.value("version", 0) != form.version) {
        return refused("made with another form version");
    }
    FormFlow flow(form, draft.value("draft_id", ""));
    if (flow.draft_id_.empty()) return refused("no draft id");
    auto answers = draft.find("answers");
    if (answers == draft.end() || !answers->is_object()) return refused("no answers");
    for (const auto& [id, value] : answers->items()) {
        if (form.field(id)) flow.answers_[id] = value;  // an unknown id is dropped, not trusted
    }
    flow.drop_hidden_answers();
    std::string phase = draft.value("phase", "filling");
    auto steps = flow.visible_steps();
    std::size_t step = draft.value("step", std::size_t{0});
    if (phase == "reviewing") {
        flow.phase_ = FormPhase::reviewing;
    } else if (std::find(steps.begin(), steps.end(), step) != steps.end()) {
        flow.step_ = step;
    }
    // A draft saved while submitting or after: submitted work is in the outbox, not here.
    return flow;
}

nlohmann::json FormFlow::draft() const {
    return {{"form", form_->id},
            {"version", form_->version},
            {"draft_id", draft_id_},
            {"step", step_},
            {"phase", phase_ == FormPhase::reviewing ? "reviewing" : "filling"},
            {"answers", answers_}};
}

std::vector<std::size_t> FormFlow::visible_steps() const {
    std::vector<std::size_t> steps;
    for (std::size_t i = 0; i < form_->steps.size(); ++i) {
        for (const auto& field : form_->steps[i].fields) {
            if (field_visible(*form_, field, answers_)) {
                steps.push_back(i);
                break;
            }
        }
    }
    return steps;
}

std::size_t FormFlow::step_number() const {
    auto steps = visible_steps();
    auto it = std::find(steps.begin(), steps.end(), step_);
    return it == steps.end() ? 0 : static_cast<std::size_t>(it - steps.begin()) + 1;
}

const Error* FormFlow::problem_of(std::string_view field_id) const {
    for (const auto& problem : problems_) {
        if (problem.field == field_id) return &problem.error;
    }
    return nullptr;
}

void FormFlow::drop_hidden_answers() {
    // Hiding one field can hide those that depend on it: repeat until nothing changes.
    for (bool changed = true; changed;) {
        changed = false;
        for (const auto& step : form_->steps) {
            for (const auto& field : step.fields) {
                if (answers_.contains(field.id) && !field_visible(*form_, field, answers_)) {
                    answers_.erase(field.id);
                    changed = true;
                }
            }
        }
    }
}

void FormFlow::set_answer(const std::string& field_id, nlohmann::json value) {
    if (phase_ != FormPhase::filling || !form_->field(field_id)) return;
    if (unanswered(value)) {
        answers_.erase(field_id);
    } else {
        answers_[field_id] = std::move(value);
    }
    problems_.erase(std::remove_if(problems_.begin(), problems_.end(),
                                   [&](const FieldProblem& p) { return p.field == field_id; }),
                    problems_.end());
    drop_hidden_answers();
}

bool FormFlow::next(std::chrono::year_month_day today) {
    if (phase_ != FormPhase::filling) return false;
    problems_ = check_step(*form_, step_, answers_, today);
    if (!problems_.empty()) return false;
    auto steps = visible_steps();
    auto it = std::find(steps.begin(), steps.end(), step_);
    if (editing_from_review_ || it == steps.end() || it + 1 == steps.end()) {
        phase_ = FormPhase::reviewing;
        editing_from_review_ = false;
        return true;
    }
    step_ = *(it + 1);
    return true;
}

bool FormFlow::back() {
    if (phase_ == FormPhase::reviewing) {
        auto steps = visible_steps();
        if (steps.empty()) return false;
        phase_ = FormPhase::filling;
        step_ = steps.back();
        return true;
    }
    if (phase_ != FormPhase::filling) return false;
    auto steps = visible_steps();
    auto it = std::find(steps.begin(), steps.end(), step_);
    if (it == steps.end() || it == steps.begin()) return false;
    problems_.clear();
    step_ = *(it - 1);
    return true;
}

void FormFlow::edit_step(std::size_t step) {
    if (phase_ != FormPhase::reviewing) return;
    auto steps = visible_steps();
    if (std::find(steps.begin(), steps.end(), step) == steps.end()) return;
    phase_ = FormPhase::filling;
    step_ = step;
    editing_from_review_ = true;
    problems_.clear();
}

bool FormFlow::submit(std::chrono::year_month_day today) {
    if (phase_ != FormPhase::reviewing) return false;  // a second tap while submitting: ignored
    CheckedForm checked = check_form(*form_, answers_, today);
    if (!checked.ok()) {
        // Something changed under the review (a date bound passed midnight): back to the
        // first step with a problem.
        for (std::size_t step : visible_steps()) {
            auto problems = check_step(*form_, step, answers_, today);
            if (!problems.empty()) {
                phase_ = FormPhase::filling;
                step_ = step;
                problems_ = std::move(problems);
                return false;
            }
        }
        return false;
    }
    phase_ = FormPhase::submitting;
    error_.reset();
    return true;
}

void FormFlow::on_submitted(Result<std::string> reference) {
    if (phase_ != FormPhase::submitting) return;
    if (reference) {
        reference_ = reference.value();
        phase_ = FormPhase::submitted;
    } else {
        error_ = reference.error();
        phase_ = FormPhase::reviewing;  // nothing lost: the citizen may tap "Enviar" again
    }
}

}  // namespace ventanilla
