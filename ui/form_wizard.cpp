#include "ui/form_wizard.h"

#include <algorithm>

#include "devices/submission_receipt.h"
#include "kiosk/code_text.h"
#include "kiosk/draft_store.h"
#include "kiosk/log.h"
#include "kiosk/uuid.h"
#include "ui/onscreen_keyboard.h"

namespace ventanilla::ui {

// One citizen's form: destroyed when they leave (STYLE rule 5). The flow points into `form`.
struct FormWizard::Session {
    Session(FormDefinition definition, std::string draft_id)
        : form(std::move(definition)), flow(form, std::move(draft_id)) {}
    FormDefinition form;
    FormFlow flow;
    std::string focused_field;  // the answer the keyboard types into
    nlohmann::json saved;       // the draft as last written to disk
    std::optional<Submission> submission;  // once committed
};

namespace {

// The longest a typed answer may grow on the keyboard: the field's own limit for text, a
// little room over any real value for the others (the checks say what is wrong with it).
std::size_t typed_limit(const FormField& field) {
    if (field.type == FieldType::text || field.type == FieldType::long_text) {
        return static_cast<std::size_t>(field.max_length > 0 ? field.max_length
                                        : field.type == FieldType::long_text ? 2000 : 200);
    }
    return 80;
}

}  // namespace

FormWizard::FormWizard(FormWizardSetup setup) : setup_(std::move(setup)) {
    if (!setup_.keys) return;
    auto committer = SubmissionCommitter::start(setup_.store_path, *setup_.keys, setup_.wake);
    if (committer) {
        committer_ = std::move(committer).value();
    } else {
        log_line(LogLevel::error, "submissions cannot be committed: " + committer.error().describe());
    }
}

FormWizard::~FormWizard() = default;

void FormWizard::set_forms(std::optional<KeptForms> forms) { forms_ = std::move(forms); }

std::optional<Screen> FormWizard::restore_draft() {
    if (!setup_.keys) return std::nullopt;
    auto loaded = load_draft(setup_.draft_path, setup_.keys->data_key);
    if (loaded && !loaded.value()) return std::nullopt;  // none: the usual start
    const nlohmann::json draft = loaded ? *loaded.value() : nlohmann::json();
    const FormDefinition* form =
        forms_ && draft.is_object() ? forms_->find(draft.value("form", ""), draft.value("version", 0)) : nullptr;
    auto flow = form ? FormFlow::restore(*form, draft) : Result<FormFlow>(make_error("form.draft_unusable"));
    if (!flow) {
        log_line(LogLevel::warning, "a form draft was left but cannot be used; wiped (" +
                                        (loaded ? flow.error().describe() : loaded.error().describe()) + ")");
        wipe_draft_file();
        return std::nullopt;
    }
    session_ = std::make_unique<Session>(*form, flow->draft_id());
    session_->flow = FormFlow::restore(session_->form, draft).value();  // over the session's own copy
    session_->saved = session_->flow.draft();
    notice_key_ = "form.screen.restored";
    log_line(LogLevel::info, "restored the form draft of " + session_->form.id);
    return session_->form.id == kComplaintFormId ? Screen::complaint : Screen::procedure;
}

void FormWizard::open(Screen screen) {
    end();
    if (screen == Screen::complaint) open_form(std::string(kComplaintFormId));
}

void FormWizard::open_form(const std::string& form_id) {
    if (!forms_ || !committer_) return;
    for (const FormDefinition* form : forms_->latest()) {
        if (form->id != form_id) continue;
        // The draft's id is the submission's: made once, kept through restarts (DESIGN.md).
        session_ = std::make_unique<Session>(*form, make_uuid_v4());
        notice_key_.clear();
        return;
    }
}

void FormWizard::end() {
    const bool had_draft = session_ != nullptr;
    session_.reset();
    notice_key_.clear();
    print_state_ = PrintState::none;
    if (had_draft || std::filesystem::exists(setup_.draft_path)) wipe_draft_file();
}

void FormWizard::wipe_draft_file() {
    if (auto wiped = wipe_draft(setup_.draft_path); !wiped) {
        log_line(LogLevel::error, "the form draft could not be wiped: " + wiped.error().describe());
    }
    ++drafts_wiped_;
}

void FormWizard::type(const std::string& typed, int erased) {
    const FormField* field = session_->form.field(session_->focused_field);
    if (!field) return;
    const auto& answers = session_->flow.answers();
    auto it = answers.find(field->id);
    const std::string value = it != answers.end() && it->is_string() ? it->get<std::string>() : "";
    session_->flow.set_answer(field->id, edit_at_end(value, erased, typed, typed_limit(*field)));
}

void FormWizard::apply(const FormIntents& intents, WallTime now, std::chrono::year_month_day today) {
    if (intents.open_form) open_form(*intents.open_form);
    if (!session_) return;
    FormFlow& flow = session_->flow;
    if (intents.to_list) {
        end();
        return;
    }
    if (intents.focus) session_->focused_field = *intents.focus;
    if (!intents.typed.empty() || intents.erased > 0) type(intents.typed, intents.erased);
    if (intents.answer) flow.set_answer(intents.answer->first, intents.answer->second);
    if (intents.next || intents.back) {
        session_->focused_field.clear();
        intents.next ? flow.next(today) : flow.back();
    }
    if (intents.edit_step) {
        flow.edit_step(*intents.edit_step);
        const FormField* field = intents.edit_field ? session_->form.field(*intents.edit_field) : nullptr;
        session_->focused_field = field && keyboard_for(field->type) != KeyboardLayout::none ? field->id : "";
    }
    if (intents.submit && flow.submit(today)) {
        if (committer_) {
            commit_order_ = committer_->commit(SubmissionOrder{session_->form, flow.answers(), flow.draft_id(),
                                                               setup_.office_id, setup_.terminal_id, now, today});
        } else {
            flow.on_submitted(make_error("store.open_failed", "no outbox"));
        }
    }
    // A field hidden by a changed answer takes the keyboard with it.
    const FormField* focused = session_->form.field(session_->focused_field);
    if (!focused || !field_visible(session_->form, *focused, flow.answers())) session_->focused_field.clear();
    // Keystrokes are kept when the field is left; every other change at once.
    const bool only_typing = !intents.focus && !intents.answer && !intents.next && !intents.back &&
                             !intents.edit_step && !intents.submit && !intents.open_form;
    if (!only_typing) save_draft_if_changed();
}

void FormWizard::save_draft_if_changed() {
    if (!session_ || !setup_.keys) return;
    const FormPhase phase = session_->flow.phase();
    if (phase != FormPhase::filling && phase != FormPhase::reviewing) return;
    nlohmann::json draft = session_->flow.draft();
    if (draft == session_->saved) return;
    if (auto saved = save_draft(setup_.draft_path, draft, setup_.keys->data_key); !saved) {
        log_line(LogLevel::error, "the form draft could not be saved: " + saved.error().describe());
        return;
    }
    session_->saved = std::move(draft);
    ++drafts_saved_;
}

bool FormWizard::poll(PrintWorker* printer, const ReceiptPlace& place) {
    if (!committer_) return false;
    bool changed = false;
    for (auto& done : committer_->drain()) {
        changed = true;
        if (done.submission && setup_.committed) setup_.committed();
        if (!session_ || done.order != commit_order_) continue;  // the citizen left meanwhile
        if (done.submission) {
            ++committed_;
            log_line(LogLevel::info, "submission " + done.submission->reference + " committed");
            session_->submission = done.submission.value();
            // The outbox holds it now, sealed: the draft has nothing left to keep.
            wipe_draft_file();
            session_->saved = nlohmann::json();
            session_->flow.on_submitted(done.submission->reference);
            print_receipt(printer, place);
        } else {
            log_line(LogLevel::error, "submission not committed: " + done.submission.error().describe());
            session_->flow.on_submitted(done.submission.error());
        }
    }
    return changed;
}

void FormWizard::print_receipt(PrintWorker* printer, const ReceiptPlace& place) {
    if (!printer) {
        print_state_ = PrintState::failed;
        return;
    }
    const Submission& submission = *session_->submission;
    ReceiptDocument receipt = submission_receipt(SubmissionReceiptInput{
        submission, session_->form, place.text, place.office_name, place.terminal_number, place.utc_offset});
    print_order_ = printer->submit(std::move(receipt), place.options, PrintRequest{"tramite-" + submission.reference, 1});
    print_state_ = PrintState::printing;
}

bool FormWizard::on_printed(const PrintOutcome& outcome) {
    if (print_state_ != PrintState::printing || outcome.order != print_order_) return false;
    print_state_ = outcome.job ? PrintState::printed : PrintState::failed;
    if (outcome.job) print_where_ = outcome.job.value().where;
    return true;
}

FormView FormWizard::view(const Translations& text, const std::string& language,
                          std::chrono::year_month_day today) const {
    auto in = [&](const LocalizedText& t) { return language == "en" && !t.en.empty() ? t.en : t.es; };
    FormView view;
    if (forms_ && committer_) {
        for (const FormDefinition* form : forms_->latest()) {
            if (form->id != kComplaintFormId) view.procedures.push_back({form->id, in(form->title), in(form->summary)});
        }
    }
    if (!notice_key_.empty()) view.notice = text.tr(notice_key_);
    if (!session_) return view;
    const FormFlow& flow = session_->flow;
    view.flow = &flow;
    view.focused_field = session_->focused_field;
    if (flow.error()) view.error_text = text.translate(*flow.error());
    if (flow.reference()) view.reference = flow.reference()->substr(0, 4) + "-" + flow.reference()->substr(4);
    if (flow.phase() == FormPhase::reviewing) {
        // Normalised as they will be sent: a date as the citizen reads dates, a choice's label.
        const nlohmann::json answers = check_form(session_->form, flow.answers(), today).answers;
        for (std::size_t step = 0; step < session_->form.steps.size(); ++step) {
            for (const auto& field : session_->form.steps[step].fields) {
                auto answer = answers.find(field.id);
                if (answer == answers.end()) continue;
                std::string shown = field.type == FieldType::cuban_id && answer->is_string()
                                        ? answer->get<std::string>()  // the citizen checks it whole
                                        : printed_answer(field, *answer, answers, text);
                view.review.push_back({step, field.id, in(field.label), shown});
            }
        }
    }
    switch (print_state_) {
        case PrintState::none: break;
        case PrintState::printing: view.print_message = text.tr("form.screen.printing"); break;
        case PrintState::printed: view.print_message = text.tr("form.screen.printed"); break;
        case PrintState::failed:
            view.print_message = text.tr("form.screen.print_failed");
            view.print_failed = true;
            break;
    }
    return view;
}

nlohmann::json FormWizard::state() const {
    nlohmann::json state = {{"phase", session_ ? std::string(form_phase_name(session_->flow.phase())) : "list"},
                            {"offered", forms_ && committer_ ? forms_->latest().size() : 0},
                            {"drafts_saved", drafts_saved_},
                            {"drafts_wiped", drafts_wiped_},
                            {"committed", committed_},
                            {"restored", notice_key_ == "form.screen.restored"},
                            {"print_state", print_state_ == PrintState::printing  ? "printing"
                                            : print_state_ == PrintState::printed ? "printed"
                                            : print_state_ == PrintState::failed  ? "failed"
                                                                                  : "none"},
                            {"print_where", print_where_}};
    if (!session_) return state;
    const FormFlow& flow = session_->flow;
    const FormField* focused = session_->form.field(session_->focused_field);
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& problem : flow.problems()) problems.push_back({{"field", problem.field}, {"code", problem.error.code}});
    state.update({{"form", session_->form.id},
                  {"version", session_->form.version},
                  {"draft_id", flow.draft_id()},
                  {"step", session_->form.steps[flow.step()].id},
                  {"step_number", flow.step_number()},
                  {"step_count", flow.step_count()},
                  {"focused", session_->focused_field},
                  {"keyboard", focused ? keyboard_name(keyboard_for(focused->type)) : ""},
                  {"answers", flow.answers()},
                  {"problems", problems},
                  {"editing_from_review", flow.editing_from_review()},
                  {"reference", flow.reference().value_or("")},
                  {"error", flow.error() ? flow.error()->code : ""}});
    return state;
}

}  // namespace ventanilla::ui
