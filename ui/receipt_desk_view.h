// The counter's receipt desk: its flow (kiosk/receipt_desk.h), the terminals' keys it checks
// receipts with (kept on disk, refreshed every few minutes and when a receipt names a terminal
// it does not know), the worker that talks to the server, and the screen that draws them.
// The counter view hands it scanned receipt codes and the whole screen while it is open.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/background_jobs.h"
#include "kiosk/receipt_desk.h"
#include "kiosk/receipt_desk_calls.h"
#include "ui/receipt_desk_screen.h"
#include "ui/role_view.h"

namespace ventanilla::ui {

class ReceiptDeskView {
public:
    ReceiptDeskView(DeskServer server, std::function<void()> wake,
                    std::chrono::seconds keys_refresh_interval = std::chrono::minutes(10));

    // Drains the worker and refreshes the keys when due. True when the screen changed.
    bool poll(RoleClock::time_point now);
    std::optional<RoleClock::time_point> next_deadline() const { return next_key_refresh_; }
    // A receipt code scanned at the counter; `clerk` is empty while nobody is logged in.
    void scan(const std::string& code, const std::string& clerk);
    // Whether it takes the screen (a receipt is open, or being opened, or was refused).
    bool showing() const { return desk_.phase() != DeskPhase::closed; }
    bool draw(const ScreenModel& model, int counter, Painter& painter);
    void apply(const std::string& clerk);
    void close() { desk_.close(); }
    nlohmann::json state() const;

private:
    void send(std::optional<DeskRequest> request);
    void refresh_keys();

    DeskServer server_;
    ReceiptDesk desk_;
    TerminalKeyList keys_;  // the UI thread's copy; the worker gets it by value
    std::chrono::seconds keys_refresh_interval_;
    std::optional<RoleClock::time_point> next_key_refresh_;
    bool refreshing_keys_ = false;
    std::string keys_problem_;  // the last refresh's error code, for the technician
    ReceiptDeskScreen screen_;
    DeskIntents intents_;
    std::unique_ptr<BackgroundJobs> jobs_;  // last: stopped first, before what its results touch
};

}  // namespace ventanilla::ui
