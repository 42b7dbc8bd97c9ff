// The kiosk's answer to a scanned procedure receipt: where the procedure stands and the
// office's answer, fetched from the server; never the citizen's answers (a kiosk cannot read
// them). Holds the citizen's look-up (reset with their session), its worker and its screen.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kiosk/background_jobs.h"
#include "kiosk/catalog.h"
#include "kiosk/outbox_upload.h"
#include "kiosk/receipt_status_flow.h"
#include "ui/screen_model.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

class ReceiptStatusView {
public:
    // `endpoint`: none while the kiosk is not enrolled (then it says it cannot tell).
    ReceiptStatusView(std::optional<SyncEndpoint> endpoint, std::filesystem::path forms_file,
                      std::function<void()> wake);

    void look_up(const std::string& code);
    bool poll() { return jobs_->apply_finished() > 0; }
    void reset();
    void draw(const ScreenModel& model, Intents& intents, Painter& painter);
    nlohmann::json state() const;

private:
    std::optional<SyncEndpoint> endpoint_;
    std::filesystem::path forms_file_;
    ReceiptStatusFlow flow_;
    std::optional<LocalizedText> form_title_;
    std::unique_ptr<BackgroundJobs> jobs_;  // last: stopped first
};

}  // namespace ventanilla::ui
