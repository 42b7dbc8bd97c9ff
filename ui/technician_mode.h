// The technician mode inside the terminal: the corner gesture and PIN, the settings being
// edited, the self-tests and the diagnostics, and the work they start off the frame. The
// Terminal draws it over any role's screens and lends it what only it can do (TechnicianHost).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "devices/print_worker.h"
#include "kiosk/diagnostics.h"
#include "kiosk/enrolment.h"
#include "kiosk/server_check.h"
#include "kiosk/settings_form.h"
#include "kiosk/technician_access.h"
#include "kiosk/technician_flow.h"
#include "kiosk/ticket_upload_worker.h"
#include "ui/app.h"
#include "ui/technician_screens.h"

namespace ventanilla::ui {

using TechnicianClock = std::chrono::steady_clock;

// What the Terminal knows and the technician reads, fresh for every frame.
struct TechnicianView {
    ServerStatus server;
    std::optional<SyncState> sync;
    TicketUploadState tickets;
    std::string printer_name;  // "" when the configured printer cannot work
    std::optional<Error> printer_problem;
    std::string scanner_description;
    std::vector<std::string> scanner_problems;
    std::optional<CameraPreview> camera_preview;
    std::vector<std::string> problems;  // start-up problems, as error codes and details
};

// What only the Terminal can do for the mode.
class TechnicianHost {
public:
    virtual ~TechnicianHost() = default;
    // A saved configuration, taken by the running terminal where it can be (devices, language,
    // timeouts, office); the rest waits for a restart.
    virtual void apply_settings(const TerminalConfig& config) = 0;
    // The test page sent to the printer in force: the order to wait for, or why it cannot print.
    virtual Result<std::uint64_t> print_test_page() = 0;
    // Starts the terminal again with its saved configuration.
    virtual void restart() = 0;
    // The terminal was enrolled: uploads may start.
    virtual void enrolled(const DeviceCredentials& credentials) = 0;
    // The mode was left: the citizen screen comes back, as after a session.
    virtual void left() = 0;
};

class TechnicianMode {
public:
    TechnicianMode(AppSetup& setup, TechnicianHost& host, std::function<void()> wake);
    ~TechnicianMode();

    // Every frame's pointer, for the corner gesture and to keep the mode awake.
    void observe_pointer(bool down, float x, float y, float width, float height, float corner_px,
                         TechnicianClock::time_point now);
    bool active() const { return flow_.phase() != TechnicianPhase::closed; }
    // Drains the mode's workers and its timers. True when the screen changed.
    bool poll(TechnicianClock::time_point now, std::chrono::system_clock::time_point wall_now);
    std::optional<TechnicianClock::time_point> next_deadline(TechnicianClock::time_point now) const;
    // While the mode is open every scan is the technician's: shown by the scan test, never routed.
    void on_scan(const std::string& text, const std::string& source, TechnicianClock::time_point now);
    // A print outcome; true when it was the test page's.
    bool on_printed(const PrintOutcome& outcome);
    bool showing_camera_preview() const {
        return flow_.phase() == TechnicianPhase::open && flow_.page() == TechnicianPage::settings_scanner;
    }

    // Draws the mode's screen; true when the frame asked for something, done by apply().
    bool draw(const TechnicianView& view, Painter& painter, std::chrono::system_clock::time_point wall_now);
    void apply(TechnicianClock::time_point now);
    nlohmann::json state() const;

private:
    const Translations& text() const;
    TechnicianModel make_model(const TechnicianView& view, std::chrono::system_clock::time_point wall_now) const;
    void fill_diagnostics(TechnicianModel& model, const TechnicianView& view) const;
    void fill_self_tests(TechnicianModel& model) const;
    std::optional<std::chrono::system_clock::time_point> lock_now(std::chrono::system_clock::time_point wall_now) const;
    void open_mode(TechnicianClock::time_point now);
    void leave();
    void save_settings();
    void start_enrolment();
    void refresh_queues();
    void refresh_outbox();
    void export_now();

    AppSetup& setup_;
    TechnicianHost& host_;
    std::function<void()> wake_;
    TechnicianFlow flow_;
    CornerHold corner_;
    std::optional<TechnicianAccess> access_;
    std::optional<Error> access_problem_;
    std::future<Status> pin_job_;
    bool needs_pin_ = false;  // as of the last PIN job (the worker owns access_ while one runs)
    int failures_ = 0;
    std::chrono::system_clock::time_point wall_now_{};  // as of the last poll

    std::optional<SettingsDraft> draft_;
    std::optional<SettingsDraft::Check> checked_;
    std::future<Status> save_job_;
    std::optional<TerminalConfig> saving_;
    std::string settings_message_;
    bool settings_failed_ = false;
    bool restart_offered_ = false;

    std::future<Result<std::vector<std::string>>> queues_job_;
    std::vector<std::string> cups_queues_;
    std::optional<Error> queues_problem_;

    std::string enrolment_code_;
    std::future<Result<DeviceCredentials>> enrol_job_;
    std::string enrolment_message_;
    bool enrolment_failed_ = false;

    struct ScanSeen {
        std::string text;
        std::string source;
    };
    bool scan_test_waiting_ = false;
    std::optional<ScanSeen> scan_seen_;
    enum class PrintTest { none, printing, passed, failed };
    PrintTest print_test_ = PrintTest::none;
    std::uint64_t print_order_ = 0;
    std::string print_where_;
    std::optional<Error> print_error_;
    std::future<std::vector<ServerCheckStep>> server_job_;
    std::optional<std::vector<ServerCheckStep>> server_steps_;

    struct OutboxLook {
        std::optional<OutboxCounts> counts;
        std::vector<OutboxRecord> set_aside;
        std::optional<Error> problem;
    };
    std::future<OutboxLook> outbox_job_;
    OutboxLook outbox_;
    std::string export_folder_;
    std::future<Result<std::filesystem::path>> export_job_;
    std::string export_message_;
    bool export_failed_ = false;
    std::vector<std::string> removable_folders_;

    TechnicianPinScreen pin_screen_;
    TechnicianPagesScreen pages_screen_;
    TechnicianIntents intents_;
    TechnicianView last_view_;
};

}  // namespace ventanilla::ui
