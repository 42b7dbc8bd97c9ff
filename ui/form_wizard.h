// The citizen's procedure form on the terminal: which procedures are offered, the one being
// filled (its FormFlow, sealed to disk at every step and wiped when the citizen goes), its
// commit to the outbox before the screen says "done", and its receipt. The Terminal hands it
// the form screen's intents and drains it once a loop turn; the screen reads view().
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "devices/print_worker.h"
#include "kiosk/citizen_flow.h"
#include "kiosk/form_flow.h"
#include "kiosk/i18n.h"
#include "kiosk/kept_forms.h"
#include "kiosk/submission_committer.h"
#include "kiosk/terminal_keys.h"
#include "ui/form_intents.h"
#include "ui/form_screen.h"

namespace ventanilla::ui {

// The form the "Quejas y sugerencias" tile opens.
inline constexpr std::string_view kComplaintFormId = "complaint-suggestion";

struct FormWizardSetup {
    std::filesystem::path draft_path;  // the sealed draft: data_dir/form-draft.sealed
    std::filesystem::path store_path;  // the terminal's LocalStore, for the outbox
    std::optional<TerminalKeys> keys;  // none: forms cannot be sealed, so none are offered
    std::string office_id;
    std::string terminal_id;           // the enrolled device's id (receipts are signed with it)
    std::function<void()> wake;        // from a worker: results are ready
    // On the UI thread, once for each submission committed to the outbox, the citizen still
    // there or not: wakes the uploader, so it goes up now and not at the uploader's next idle
    // look (30 s), when the citizen may already be at the counter with the receipt.
    std::function<void()> committed;
};

// Where a receipt is printed, in the citizen's language.
struct ReceiptPlace {
    const Translations& text;
    std::string office_name;
    int terminal_number = 1;
    std::chrono::minutes utc_offset{0};
    ReceiptOptions options;
};

class FormWizard {
public:
    explicit FormWizard(FormWizardSetup setup);
    ~FormWizard();

    // The forms in hand: the server's, or the copy kept on disk. A form being filled keeps
    // the definition it was opened with.
    void set_forms(std::optional<KeptForms> forms);
    // A draft that a crash or a restart left: restored, and the screen it belongs on; a draft
    // that cannot be used (another form version, damaged) is wiped.
    std::optional<Screen> restore_draft();
    // Commits that finished: the reference on screen, the draft wiped, the receipt printed.
    // True when the screen changed.
    bool poll(PrintWorker* printer, const ReceiptPlace& place);
    // A print job's outcome: true when it was this wizard's receipt.
    bool on_printed(const PrintOutcome& outcome);

    // The home tiles: "Hacer un trámite" shows the list, "Quejas y sugerencias" its form.
    void open(Screen screen);
    void apply(const FormIntents& intents, WallTime now, std::chrono::year_month_day today);
    // The citizen left, or the idle timeout ended the session: their form goes, on disk too.
    void end();

    FormView view(const Translations& text, const std::string& language, std::chrono::year_month_day today) const;
    // For the automation interface: what a test reads ("form" in the state).
    nlohmann::json state() const;

private:
    struct Session;
    void open_form(const std::string& form_id);
    void type(const std::string& typed, int erased);
    void save_draft_if_changed();
    void wipe_draft_file();
    void print_receipt(PrintWorker* printer, const ReceiptPlace& place);

    FormWizardSetup setup_;
    std::optional<KeptForms> forms_;
    std::unique_ptr<SubmissionCommitter> committer_;  // null without keys or store
    std::unique_ptr<Session> session_;                // the citizen's form: null when none
    std::uint64_t commit_order_ = 0;
    enum class PrintState { none, printing, printed, failed };
    PrintState print_state_ = PrintState::none;
    std::uint64_t print_order_ = 0;
    std::string print_where_;
    std::string notice_key_;  // "form.screen.restored" after a restart
    int drafts_saved_ = 0;
    int drafts_wiped_ = 0;
    int committed_ = 0;
};

}  // namespace ventanilla::ui
