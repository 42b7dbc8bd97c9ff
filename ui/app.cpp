#include "ui/app.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb/stb_image_write.h>
#include <time.h>

#include <algorithm>
#include <deque>
#include <cstdio>
#include <functional>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>

#include "devices/print_worker.h"
#include "devices/test_page_receipt.h"
#include "devices/scanners.h"
#include "devices/ticket_receipt.h"
#include "devices/tracking_receipt.h"
#include "kiosk/citizen_flow.h"
#include "kiosk/log.h"
#include "kiosk/opening_hours.h"
#include "kiosk/outbox_upload.h"
#include "kiosk/outbox_worker.h"
#include "kiosk/reference_code.h"
#include "kiosk/scan_route.h"
#include "kiosk/server_link.h"
#include "kiosk/ticket_flow.h"
#include "kiosk/ticket_issuer.h"
#include "kiosk/ticket_upload_worker.h"
#include "kiosk/tracking_cache.h"
#include "kiosk/tracking_client.h"
#include "kiosk/tracking_flow.h"
#include "kiosk/tracking_time.h"
#include "ui/app_clock.h"
#include "ui/automation.h"
#include "ui/citizen_screens.h"
#include "ui/form_screen.h"
#include "ui/form_wizard.h"
#include "ui/input_queue.h"
#include "ui/receipt_status_view.h"
#include "ui/role_view.h"
#include "ui/startup_marks.h"
#include "ui/technician_mode.h"
#include "ui/technician_screens.h"
#include "ui/theme.h"
#include "ui/ticket_screen.h"
#include "ui/tracking_screen.h"
#include "ui/widgets.h"
#include "ui/window_context.h"

namespace ventanilla::ui {

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

// Frames drawn after any change, so popups, focus and pressed states settle.
constexpr int kSettleFrames = 3;
constexpr auto kNoticeDuration = std::chrono::seconds(8);
// OpenGL 3.3 names that GL/gl.h (1.x) does not declare.
constexpr GLenum kGlTextureSwizzleRgba = 0x8E46;
constexpr GLint kGlR8 = 0x8229;

// How far the terminal's local time is from UTC at `wall` (Cuba: −5 h, −4 h in summer).
std::chrono::minutes utc_offset_at(std::chrono::system_clock::time_point wall) {
    std::time_t t = std::chrono::system_clock::to_time_t(wall);
    std::tm local{};
    localtime_r(&t, &local);
    return std::chrono::minutes(local.tm_gmtoff / 60);
}

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

double process_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    auto index = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

double mean(const std::vector<double>& values) {
    if (values.empty()) return 0;
    double sum = 0;
    for (double v : values) sum += v;
    return sum / static_cast<double>(values.size());
}

// An automation request that is answered once the UI has done what it asked.
struct PendingReply {
    AutomationRequest request;
    std::function<std::optional<std::string>()> answer_when_ready;
};

class Terminal final : public TechnicianHost {
public:
    Terminal(AppSetup& setup, const AppOptions& options, GLFWwindow* window, WindowContext& context,
             const ThemeFonts& fonts, float scale, StartupMarks marks)
        : setup_(setup),
          options_(options),
          window_(window),
          context_(context),
          fonts_(fonts),
          scale_(scale),
          input_(KeyboardWedgeOptions{
              std::chrono::milliseconds(setup.config.config.scanner.wedge_max_key_interval_ms)}),
          flow_(IdleSettings{static_cast<double>(setup.config.config.idle_timeout_s),
                             static_cast<double>(setup.config.config.idle_countdown_s)},
                Preferences{setup.config.config.language, setup.config.config.display.large_text,
                            setup.config.config.display.high_contrast},
                clock_.now()),
          showing_problems_(!setup.config.problems.empty() || setup.store_failure.has_value() ||
                            setup.credentials_failure.has_value()),
          startup_(std::move(marks)) {
        install_callbacks();
        server_ = std::make_unique<ServerLink>(
            setup.config.config.server_url, options.server_probe_interval, [] { glfwPostEmptyEvent(); },
            std::filesystem::path(setup.config.config.data_dir) / "catalog.json");
        catalog_ = server_->catalog();  // the kept copy: an office offline at start still has it
        if (setup.store) tracking_cache_.emplace(*setup.store);
        // The worker owns the cache from here on: the UI thread never touches the store.
        lookup_ = std::make_unique<TrackingLookup>(
            [this, base_url = setup.config.config.server_url](const std::string& item_id,
                                                              const std::atomic<bool>& cancelled) {
                TrackingHttpOptions http;
                http.cancelled = &cancelled;
                auto fetch = [&](const std::string& id) { return fetch_tracking(base_url, id, http); };
                if (tracking_cache_) return look_up_tracking(fetch, *tracking_cache_, item_id);
                return TrackingAnswer{fetch(item_id), std::nullopt};
            },
            [] { glfwPostEmptyEvent(); });
        start_sync();
        role_view_ = make_role_view(RoleContext{setup, [] { glfwPostEmptyEvent(); }});
        if (config().role == TerminalRole::kiosk) start_receipt_status();
        start_tickets();
        start_scanners();
        start_printer();
        technician_ = std::make_unique<TechnicianMode>(setup_, *this, [] { glfwPostEmptyEvent(); });
        start_forms();
        startup_.mark("workers");
    }

    ~Terminal() {
        if (preview_texture_ != 0) glDeleteTextures(1, &preview_texture_);
    }

    Result<Ok> start_automation(const std::string& path) {
        auto server = AutomationServer::start(path, [] { glfwPostEmptyEvent(); });
        if (!server) return server.error();
        automation_ = std::move(server.value());
        log_line(LogLevel::info, "automation interface listening on " + path);
        return ok_status();
    }

    int run();

private:
    const Translations& text() const {
        return flow_.preferences().language == "en" ? setup_.english : setup_.spanish;
    }
    const TerminalConfig& config() const { return setup_.config.config; }
    // The office's name from the catalog in the citizen's language, else its configured id.
    std::string office_name_in(const std::string& language) const {
        if (catalog_) {
            for (const auto& office : catalog_->offices) {
                if (office.id == config().office_id) {
                    return language == "en" && !office.name.en.empty() ? office.name.en : office.name.es;
                }
            }
        }
        return config().office_id;
    }

    // TechnicianHost (ui/technician_mode.h)
    void apply_settings(const TerminalConfig& config) override;
    Result<std::uint64_t> print_test_page() override;
    void restart() override {
        exit_code_ = kRestartRequested;
        glfwSetWindowShouldClose(window_, GLFW_TRUE);
    }
    void enrolled(const DeviceCredentials& credentials) override {
        setup_.credentials = credentials;
        setup_.credentials_failure.reset();
        if (!sync_) start_sync();
    }
    void left() override {
        flow_.finish_session(clock_.now());
        end_tracking();
        end_ticket();
        frames_owed_ = std::max(frames_owed_, kSettleFrames);
    }
    TechnicianView technician_view() const;
    void start_scanners() {
        scanners_.reset();  // a serial port or camera is let go before it is opened again
        scanners_ = std::make_unique<Scanners>(config().scanner, scan_stream_);
        log_line(LogLevel::info, "scanner " + scanners_->description());
    }
    void start_printer() {
        print_.reset();  // finishes the jobs it was given
        printer_problem_.reset();
        if (auto printer = make_printer(config().printer)) {
            print_ = std::make_unique<PrintWorker>(std::move(printer.value()), [] { glfwPostEmptyEvent(); });
            log_line(LogLevel::info, "printer " + print_->printer_name());
        } else {
            printer_problem_ = printer.error();
            log_line(LogLevel::warning, "no printer: " + printer.error().describe());
        }
    }

    void install_callbacks();
    void push(RawInput input) {
        input.when = clock_.now();
        input_.push(input);
    }
    std::optional<Clock::time_point> next_deadline(Clock::time_point now) const;
    void render_frame();
    ScreenModel make_model(Clock::time_point now, const ServerStatus& status);
    void apply(const Intents& intents, Clock::time_point now);
    void handle_scan(const WedgeOutput& scan, Clock::time_point now);
    // A code from any scanner, already cut out of its stream: checked, then routed.
    void take_scan(const std::string& raw, const std::string& source, Clock::time_point now);
    // A checked code: routed by what it is.
    void route_scan(const std::string& code, Clock::time_point now);
    void record_route(const char* route);
    void take_device_scans(Clock::time_point now);
    void refresh_camera_preview();
    void start_lookup(const std::string& text, Clock::time_point now) {
        notice_.reset();
        if (auto item_id = tracking_.submit(text, now)) {
            lookup_->start(*item_id);
        } else {
            lookup_->cancel();
        }
    }
    // The citizen left: their look-up and its answer go with them. A receipt already
    // sent to the printer still prints; only its message on screen goes.
    void end_tracking() {
        tracking_.reset();
        lookup_->cancel();
        print_state_ = PrintState::none;
    }
    void print_tracking_receipt(Clock::time_point now);
    void start_sync() {
        if (!setup_.credentials || !setup_.store) return;
        OutboxWorkerOptions options;
        options.db_path = setup_.store_path;
        options.endpoint = sync_endpoint(config(), *setup_.credentials);
        options.on_change = [] { glfwPostEmptyEvent(); };
        options.retention = std::chrono::days(config().personal_data_retention_days);
        if (setup_.keys) options.data_key = setup_.keys->data_key;  // submissions are sealed at rest
        auto worker = OutboxWorker::start(std::move(options));
        if (!worker) {
            log_line(LogLevel::error, "sync worker: " + worker.error().describe());
            return;
        }
        sync_ = std::move(worker).value();
        sync_state_ = sync_->state();
    }
    // The kiosk's queue tickets: the issuer (citizen's requests) and the offline uploader.
    void start_tickets();
    void start_receipt_status() {
        std::optional<SyncEndpoint> endpoint;
        if (setup_.credentials) endpoint = sync_endpoint(config(), *setup_.credentials);
        receipt_status_ = std::make_unique<ReceiptStatusView>(
            endpoint, std::filesystem::path(config().data_dir) / "forms.json", [] { glfwPostEmptyEvent(); });
    }
    // The procedure wizard: its forms, a draft a crash left, its commits.
    void start_forms();
    std::chrono::year_month_day office_today() const {
        const auto wall = clock_.wall_now();
        return std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(wall + utc_offset_at(wall)));
    }
    ReceiptPlace receipt_place() const {
        const auto wall = clock_.wall_now();
        return ReceiptPlace{text(), office_name_in(flow_.preferences().language), config().terminal_number,
                            utc_offset_at(wall), receipt_options_for(config().printer)};
    }
    const Office* office() const {
        if (!catalog_) return nullptr;
        for (const auto& o : catalog_->offices) {
            if (o.id == config().office_id) return &o;
        }
        return nullptr;
    }
    const Service* service_of(const std::string& id) const {
        if (const Office* o = office()) {
            for (const auto& service : o->services) {
                if (service.id == id) return &service;
            }
        }
        return nullptr;
    }
    std::string service_name(const std::string& id) const {
        const Service* service = service_of(id);
        if (!service) return id;
        return flow_.preferences().language == "en" && !service->name.en.empty() ? service->name.en
                                                                                 : service->name.es;
    }
    std::vector<std::string> priority_group_ids() const;
    TicketView ticket_view() const;
    void apply_ticket(const Intents& intents, Clock::time_point now);
    void ask_for_ticket(Clock::time_point now);
    void on_ticket_work(TicketWork work);
    void print_ticket(bool copy);
    void end_ticket() {
        ticket_flow_.reset();
        ticket_print_state_ = PrintState::none;
        ticket_order_ = 0;
    }
    bool showing_camera_preview() const {
        if (scanners_ && scanners_->camera() && technician_ && technician_->showing_camera_preview()) return true;
        return scanners_ && scanners_->camera() && !showing_problems_ && !technician_->active() &&
               flow_.screen() == Screen::track &&
               (tracking_.phase() == TrackingPhase::idle || tracking_.phase() == TrackingPhase::invalid_id);
    }
    void on_printed(const PrintOutcome& outcome);
    void handle_automation(AutomationRequest request);
    void check_pending_replies();
    void capture_screenshot(const std::string& path);
    Json state_json() const;
    Json metrics_json() const;

    AppSetup& setup_;
    const AppOptions& options_;
    GLFWwindow* window_;
    WindowContext& context_;  // the window's OpenGL context: swaps its buffers
    ThemeFonts fonts_;
    float scale_;
    AppClock clock_;
    InputQueue input_;
    CitizenFlow flow_;
    bool showing_problems_;
    std::unique_ptr<ServerLink> server_;
    std::unique_ptr<AutomationServer> automation_;
    std::optional<TrackingCache> tracking_cache_;
    TrackingFlow tracking_;  // citizen data: reset with the session
    std::unique_ptr<TrackingLookup> lookup_;  // last: its worker uses the cache above
    ScanStream scan_stream_{[] { glfwPostEmptyEvent(); }};  // serial, camera, image folder
    std::unique_ptr<Scanners> scanners_;
    GrayImage preview_;                    // the camera's latest frame, downscaled
    std::uint64_t preview_generation_ = 0;
    GLuint preview_texture_ = 0;
    std::uint64_t preview_uploads_ = 0;
    std::vector<std::string> scanner_problems_;  // the latest few, for the technician
    std::unique_ptr<OutboxWorker> sync_;  // null until the terminal is enrolled
    SyncState sync_state_;
    TicketFlow ticket_flow_;  // citizen data: reset with the session
    std::unique_ptr<TicketUploadWorker> ticket_uploads_;  // null until enrolled
    TicketUploadState ticket_upload_state_;
    std::unique_ptr<TicketIssuer> issuer_;  // after the uploader: it wakes it
    std::uint64_t ticket_order_ = 0;        // the request whose answer the screen waits for
    std::string ticket_service_name_;       // of the ticket on screen, as it was chosen
    std::unique_ptr<FormWizard> wizard_;  // citizen data (its session): ended with the session
    std::unique_ptr<PrintWorker> print_;       // null when the configured printer cannot work
    std::optional<Error> printer_problem_;
    enum class PrintState { none, printing, printed, failed };
    PrintState print_state_ = PrintState::none;
    std::uint64_t print_order_ = 0;  // the job whose outcome the screen waits for
    std::optional<Error> print_error_;
    std::string print_where_;  // the last job's file or queue, for tests and the technician
    PrintState ticket_print_state_ = PrintState::none;
    std::uint64_t ticket_print_order_ = 0;
    int ticket_prints_ = 0;  // of the ticket on screen, copies included
    std::vector<PendingReply> pending_;
    // Where the latest scans went ("tracking", "not_here", "refused", "too_long"), oldest
    // first: the automation interface's proof that a burst of scans was routed whole.
    static constexpr std::size_t kKeptScanRoutes = 1000;
    std::deque<std::string> scan_routes_;

    HomeScreen home_screen_;
    ServiceScreen service_screen_;
    TrackingScreen tracking_screen_;
    TicketScreen ticket_screen_;
    FormScreen form_screen_;
    IdlePrompt idle_prompt_;
    ProblemScreen problem_screen_;
    std::unique_ptr<RoleView> role_view_;  // the counter's or display's screens; null on a kiosk
    std::unique_ptr<TechnicianMode> technician_;  // drawn over any role while it is open
    int exit_code_ = 0;
    std::unique_ptr<ReceiptStatusView> receipt_status_;  // kiosk: a scanned procedure receipt
    ShownWidgets shown_;       // being filled by the frame in progress
    ShownWidgets last_shown_;  // what the last finished frame showed

    int frames_owed_ = kSettleFrames;
    long frames_rendered_ = 0;
    long last_frame_with_input_ = 0;
    ServerStatus last_status_;
    std::optional<Catalog> catalog_;
    std::optional<std::string> notice_;
    Clock::time_point notice_until_{};
    std::string shown_clock_;
    std::optional<std::string> screenshot_path_;
    std::string screenshot_result_;
    bool screenshot_done_ = false;
    int forced_frames_ = 0;
    bool style_dirty_ = true;
    Preferences styled_for_;

    StartupMarks startup_;
    double first_frame_ms_ = 0;
    std::vector<double> frame_wall_ms_;
    std::vector<double> frame_cpu_ms_;
    Clock::time_point tap_pushed_at_{};
    long tap_frame_ = -1;  // the frame after which a tap's result is on screen
    double last_tap_latency_ms_ = 0;
};

void Terminal::install_callbacks() {
    glfwSetWindowUserPointer(window_, this);
    glfwSetCursorPosCallback(window_, [](GLFWwindow* w, double x, double y) {
        auto* self = static_cast<Terminal*>(glfwGetWindowUserPointer(w));
        self->push({RawInput::Kind::mouse_move, {}, static_cast<float>(x), static_cast<float>(y)});
    });
    glfwSetMouseButtonCallback(window_, [](GLFWwindow* w, int button, int action, int) {
        auto* self = static_cast<Terminal*>(glfwGetWindowUserPointer(w));
        RawInput in{RawInput::Kind::mouse_button};
        in.code = button;
        in.down = action == GLFW_PRESS;
        self->push(in);
    });
    glfwSetScrollCallback(window_, [](GLFWwindow* w, double dx, double dy) {
        auto* self = static_cast<Terminal*>(glfwGetWindowUserPointer(w));
        self->push({RawInput::Kind::scroll, {}, static_cast<float>(dx), static_cast<float>(dy)});
    });
    glfwSetKeyCallback(window_, [](GLFWwindow* w, int key, int, int action, int) {
        if (action == GLFW_REPEAT) return;
        auto* self = static_cast<Terminal*>(glfwGetWindowUserPointer(w));
        RawInput in{RawInput::Kind::key};
        in.code = key;
        in.down = action == GLFW_PRESS;
        self->push(in);
    });
    glfwSetCharCallback(window_, [](GLFWwindow* w, unsigned int codepoint) {
        auto* self = static_cast<Terminal*>(glfwGetWindowUserPointer(w));
        RawInput in{RawInput::Kind::character};
        in.codepoint = codepoint;
        self->push(in);
    });
    glfwSetWindowRefreshCallback(window_, [](GLFWwindow* w) {
        auto* self = static_cast<Terminal*>(glfwGetWindowUserPointer(w));
        self->frames_owed_ = std::max(self->frames_owed_, 1);
    });
}

std::optional<Clock::time_point> Terminal::next_deadline(Clock::time_point now) const {
    std::optional<Clock::time_point> deadline;
    auto consider = [&](std::optional<Clock::time_point> t) {
        if (t && (!deadline || *t < *deadline)) deadline = t;
    };
    // The citizen's idle timeout belongs to the kiosk: a clerk or a waiting hall has none.
    if (role_view_) {
        consider(role_view_->next_deadline(now));
    } else {
        consider(flow_.next_deadline(now));
    }
    consider(input_.next_deadline());
    consider(technician_->next_deadline(now));
    // The progress line counts seconds while a look-up runs.
    if (tracking_.phase() == TrackingPhase::looking_up) consider(now + std::chrono::seconds(1));
    if (notice_) consider(notice_until_);
    // The camera's live preview, about ten times a second, only while it is on screen.
    if (showing_camera_preview()) consider(now + std::chrono::milliseconds(100));
    // The corner clock changes once a minute.
    auto wall = clock_.wall_now();
    auto into_minute = wall.time_since_epoch() % std::chrono::minutes(1);
    consider(now + std::chrono::duration_cast<Clock::duration>(std::chrono::minutes(1) - into_minute));
    return deadline;
}

int Terminal::run() {
    while (!glfwWindowShouldClose(window_)) {
        auto now = clock_.now();
        // While a scanner's burst is coming in, draw nothing: the keys are held back anyway,
        // and a frame drawn mid-burst would delay the next keys' timestamps past the
        // wedge's key interval and split the scan.
        bool in_burst = input_.next_deadline() && now < *input_.next_deadline();
        bool busy = !in_burst &&
                    (frames_owed_ > 0 || input_.pending() || !pending_.empty() || forced_frames_ > 0);
        if (busy) {
            glfwPollEvents();
        } else {
            auto deadline = next_deadline(now);
            double wait_s = deadline ? std::max(0.0, std::chrono::duration<double>(*deadline - now).count())
                                     : 3600.0;
            // Sleep until input, a worker's wake-up or the next deadline: an idle kiosk costs nothing.
            glfwWaitEventsTimeout(std::min(wait_s + 0.001, 3600.0));
        }
        now = clock_.now();
        // The same moment on the wall: a clock moved by automation below is seen by the
        // next pass in both, never in one of them only.
        const auto wall_now = clock_.wall_now();
        input_.observe_quiet(now);

        if (automation_) {
            for (auto& request : automation_->take()) handle_automation(std::move(request));
        }
        ServerStatus status = server_->status();
        if (!(status == last_status_)) {
            bool visible_change = status.state != last_status_.state ||
                                  status.catalog_version != last_status_.catalog_version ||
                                  status.forms_etag != last_status_.forms_etag;
            last_status_ = status;
            // The server is back: offline tickets go up now, not at the end of a backoff.
            if (status.state == ServerStatus::State::online && ticket_uploads_) ticket_uploads_->wake();
            if (visible_change) {
                catalog_ = server_->catalog();
                wizard_->set_forms(server_->forms());
                frames_owed_ = std::max(frames_owed_, kSettleFrames);
            }
        }
        for (auto& result : lookup_->drain()) {
            // The look-up just learnt whether the server is there: let the corner catch up.
            bool reached = result.answer.fresh.ok() ||
                           !result.answer.fresh.error().code.starts_with("net.");
            if (reached != (last_status_.state == ServerStatus::State::online)) server_->probe_soon();
            tracking_.on_answer(result.item_id, std::move(result.answer));
            frames_owed_ = std::max(frames_owed_, kSettleFrames);
        }
        if (print_) {
            for (const auto& outcome : print_->drain()) on_printed(outcome);
        }
        take_device_scans(now);
        if (wizard_->poll(print_.get(), receipt_place())) frames_owed_ = std::max(frames_owed_, kSettleFrames);
        if (issuer_) {
            for (auto& work : issuer_->drain()) on_ticket_work(std::move(work));
        }
        if (ticket_uploads_) {
            TicketUploadState fresh = ticket_uploads_->state();
            if (fresh.waiting != ticket_upload_state_.waiting) frames_owed_ = std::max(frames_owed_, 1);
            ticket_upload_state_ = std::move(fresh);
        }
        if (sync_) {
            SyncState fresh = sync_->state();
            bool visible = fresh.revoked != sync_state_.revoked ||
                           fresh.records_waiting != sync_state_.records_waiting ||
                           fresh.link != sync_state_.link;
            sync_state_ = std::move(fresh);
            if (visible) frames_owed_ = std::max(frames_owed_, kSettleFrames);
        }
        if (tracking_.phase() == TrackingPhase::looking_up) frames_owed_ = std::max(frames_owed_, 1);
        if (role_view_ && role_view_->poll(now)) frames_owed_ = std::max(frames_owed_, kSettleFrames);
        if (technician_->poll(now, wall_now)) frames_owed_ = std::max(frames_owed_, kSettleFrames);
        if (receipt_status_ && receipt_status_->poll()) frames_owed_ = std::max(frames_owed_, kSettleFrames);
        if (!role_view_ && flow_.tick(now)) {
            if (flow_.screen() == Screen::home) {
                end_tracking();
                end_ticket();
                if (receipt_status_) receipt_status_->reset();
                wizard_->end();
            }
            frames_owed_ = std::max(frames_owed_, kSettleFrames);
        }
        if (notice_ && now >= notice_until_) {
            notice_.reset();
            frames_owed_ = std::max(frames_owed_, kSettleFrames);
        }
        if (input_.pending() || input_.next_deadline()) {
            // Held keystrokes are released by feed_frame once due; draw then.
            if (input_.pending() || now >= *input_.next_deadline()) {
                frames_owed_ = std::max(frames_owed_, kSettleFrames);
            }
        }
        const std::string clock_text = format_local(clock_.wall_now(), "%H:%M");
        if (shown_clock_ != clock_text) {
            shown_clock_ = clock_text;
            frames_owed_ = std::max(frames_owed_, 1);
        }

        in_burst = input_.next_deadline() && now < *input_.next_deadline();
        if (!in_burst && (frames_owed_ > 0 || forced_frames_ > 0 || !pending_.empty())) {
            render_frame();
            if (frames_owed_ > 0) --frames_owed_;
            if (forced_frames_ > 0) --forced_frames_;
        }
        check_pending_replies();
    }
    for (auto& p : pending_) p.request.reply->set_value(R"({"ok":false,"error":"window closed"})");
    pending_.clear();
    automation_.reset();
    return exit_code_;
}

ScreenModel Terminal::make_model(Clock::time_point now, const ServerStatus& status) {
    ScreenModel model(flow_, text(), config(), status);
    model.office_name = office_name_in(flow_.preferences().language);
    model.catalog = catalog_ ? &*catalog_ : nullptr;
    model.clock_hhmm = shown_clock_;
    model.countdown_left_s = flow_.countdown_left_s(now);
    model.notice = notice_;
    model.tracking = &tracking_;
    model.lookup_elapsed_s = static_cast<int>(tracking_.lookup_elapsed_s(now));
    auto wall = clock_.wall_now();
    if (auto age = tracking_.cache_age(wall)) model.cache_age_text = text().tr(age->key, age->args);
    model.utc_offset = utc_offset_at(wall);
    model.can_print = print_state_ != PrintState::printing;
    if (sync_) model.sync = sync_state_;
    if (showing_camera_preview()) {
        model.camera_preview = CameraPreview{preview_texture_, preview_.width, preview_.height};
    }
    switch (print_state_) {
        case PrintState::none: break;
        case PrintState::printing: model.print_message = text().tr("track.printing"); break;
        case PrintState::printed: model.print_message = text().tr("track.printed"); break;
        case PrintState::failed:
            // The citizen gets what to do; the reason (a folder, a queue) is for the
            // technician and is in the log.
            model.print_message = text().tr("track.print_failed");
            model.print_failed = true;
            break;
    }
    if (showing_problems_) {
        for (const auto& problem : setup_.config.problems) {
            model.problems.push_back(text().translate(problem));
        }
        if (setup_.store_failure) {
            model.problems.push_back(text().translate(*setup_.store_failure));
            model.problems_consequence = text().tr("problems.store_blocks");
            model.problems_block_service = true;
        } else if (setup_.config.problems.empty()) {
            model.problems_consequence.clear();
        } else if (setup_.config.source == ConfigSource::last_good) {
            model.problems_consequence = text().tr("problems.using_last_good");
        } else {
            model.problems_consequence = text().tr("problems.using_defaults");
        }
        if (setup_.credentials_failure) {
            model.problems.push_back(text().translate(*setup_.credentials_failure));
            if (!model.problems_consequence.empty()) model.problems_consequence += " ";
            model.problems_consequence += text().tr("problems.not_uploading");
        }
    }
    return model;
}

void Terminal::render_frame() {
    auto frame_start = Clock::now();
    double cpu_start = process_cpu_ms();
    auto now = clock_.now();
    ImGuiIO& io = ImGui::GetIO();
    bool had_input = input_.pending();

    FrameInput in = input_.feed_frame(io, now);
    if (had_input) last_frame_with_input_ = frames_rendered_;
    // While the idle question is up, a tap answers it (the prompt sees it) and must not
    // dismiss it before it lands; keys and scans mean the person is there.
    if (in.activity && flow_.idle_phase() == IdlePhase::active) flow_.on_activity(now);
    for (const auto& scan : in.scans) handle_scan(scan, now);
    // The technician's corner: a press held for five seconds on any screen.
    technician_->observe_pointer(io.MouseDown[0], io.MousePos.x, io.MousePos.y, io.DisplaySize.x, io.DisplaySize.y,
                                 96.0f * scale_, now);

    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
    static_assert(sizeof(float) == 4);
    io.DeltaTime = 1.0f / 60.0f;

    const Preferences& prefs = flow_.preferences();
    Theme theme = make_theme(fonts_, scale_, prefs.large_text, prefs.high_contrast);
    if (style_dirty_ || !(styled_for_ == prefs)) {
        theme.apply_to_imgui_style();
        styled_for_ = prefs;
        style_dirty_ = false;
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    shown_.clear();
    Painter painter(theme, shown_);
    ServerStatus status = last_status_;
    ScreenModel model = make_model(now, status);
    Intents intents;
    bool role_asked = false;

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::PushFont(theme.body);
    ImGui::Begin("##screen", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                     ImGuiWindowFlags_NoBackground);  // glClear already painted it
    bool technician_asked = false;
    if (technician_->active()) {
        technician_asked = technician_->draw(technician_view(), painter, clock_.wall_now());
    } else if (showing_problems_) {
        problem_screen_.draw(model, intents, painter);
    } else if (role_view_) {
        role_asked = role_view_->draw(model, painter);
    } else if (flow_.screen() == Screen::home) {
        home_screen_.draw(model, intents, painter);
    } else if (flow_.screen() == Screen::track) {
        tracking_screen_.draw(model, intents, painter);
    } else if (flow_.screen() == Screen::ticket) {
        ticket_screen_.draw(model, ticket_view(), intents, painter);
    } else if (flow_.screen() == Screen::receipt && receipt_status_) {
        receipt_status_->draw(model, intents, painter);
    } else if (flow_.screen() == Screen::procedure || flow_.screen() == Screen::complaint) {
        form_screen_.draw(model, wizard_->view(text(), prefs.language, office_today()), intents, painter);
    } else {
        service_screen_.draw(model, intents, painter);
    }
    ImGui::End();
    if (!role_view_ && !technician_->active() && flow_.idle_phase() == IdlePhase::asking) {
        idle_prompt_.draw(model, intents, painter);
    }
    ImGui::PopFont();
    ImGui::Render();

    bool had_intent = intents.open || intents.finish_session || intents.language ||
                      intents.toggle_large_text || intents.toggle_high_contrast ||
                      intents.more_time || intents.typed_text || intents.dismiss_problems ||
                      intents.start_typing ||
                      intents.track_submit || intents.track_cancel || intents.track_reset ||
                      intents.track_print || role_asked || intents.ticket_service ||
                      intents.ticket_priority || intents.ticket_back || intents.ticket_check_in ||
                      intents.ticket_code || intents.ticket_reprint || intents.form.any() ||
                      technician_asked;
    // A frame that more queued input or its own intents replace at once is never seen:
    // run ImGui's logic (it must see every press and release) but skip the drawing, so a
    // tap costs one drawn frame, not three.
    bool superseded = (input_.pending() || had_intent) && !screenshot_path_ && forced_frames_ == 0;
    if (superseded) {
        ++frames_rendered_;
        std::swap(shown_, last_shown_);
        if (had_intent) {
            if (tap_frame_ == -2) tap_frame_ = frames_rendered_;
            apply(intents, now);
            if (role_asked) role_view_->apply(now);
            if (technician_asked) technician_->apply(now);
            frames_owed_ = std::max(frames_owed_, kSettleFrames);
        }
        return;
    }

    const ImVec4& bg = theme.palette().background;
    glViewport(0, 0, width, height);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    if (frames_rendered_ == 0) startup_.mark("laid out");
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (frames_rendered_ == 0) startup_.mark("drawn");  // llvmpipe generates its shader code here
    if (screenshot_path_) {
        capture_screenshot(*screenshot_path_);
        screenshot_path_.reset();
        screenshot_done_ = true;
    }
    context_.swap_buffers();

    std::swap(shown_, last_shown_);
    ++frames_rendered_;
    auto frame_end = Clock::now();
    if (frames_rendered_ == 1) {
        // The atlas is on the GPU now: its pixels in RAM (alpha and RGBA copies) go.
        io.Fonts->ClearTexData();
        glFinish();
        first_frame_ms_ = ms_between(options_.process_start, Clock::now());
        startup_.mark("first frame");
        log_line(LogLevel::info, "first frame after " + std::to_string(static_cast<int>(first_frame_ms_)) +
                                     " ms (start-up steps, ms since the process started: " +
                                     startup_.describe() + ")");
    }
    if (tap_frame_ >= 0 && frames_rendered_ > tap_frame_) {
        glFinish();
        last_tap_latency_ms_ = ms_between(tap_pushed_at_, Clock::now());
        tap_frame_ = -1;
    }
    if (frame_wall_ms_.size() > 4000) {
        frame_wall_ms_.erase(frame_wall_ms_.begin(), frame_wall_ms_.begin() + 2000);
        frame_cpu_ms_.erase(frame_cpu_ms_.begin(), frame_cpu_ms_.begin() + 2000);
    }
    frame_wall_ms_.push_back(ms_between(frame_start, frame_end));
    frame_cpu_ms_.push_back(process_cpu_ms() - cpu_start);
    if (had_intent) {  // drawn anyway (a screenshot or a benchmark asked for this frame)
        if (tap_frame_ == -2) tap_frame_ = frames_rendered_;
        apply(intents, now);
        if (role_asked) role_view_->apply(now);
        if (technician_asked) technician_->apply(now);
        frames_owed_ = std::max(frames_owed_, kSettleFrames);
    }
}

void Terminal::apply(const Intents& intents, Clock::time_point now) {
    if (intents.dismiss_problems) showing_problems_ = false;
    if (intents.more_time) flow_.on_activity(now);
    if (intents.finish_session) {
        flow_.finish_session(now);
        end_tracking();
        end_ticket();
        if (receipt_status_) receipt_status_->reset();
        wizard_->end();
        notice_.reset();
    }
    apply_ticket(intents, now);
    if (intents.form.any()) wizard_->apply(intents.form, clock_.wall_now(), office_today());
    if (intents.track_submit) start_lookup(*intents.track_submit, now);
    if (intents.track_cancel && tracking_.cancel()) lookup_->cancel();
    if (intents.track_reset) {
        end_tracking();
        flow_.set_typed_text("", now);
    }
    if (intents.track_print) print_tracking_receipt(now);
    if (intents.open) {
        if (*intents.open == Screen::ticket) end_ticket();
        if (*intents.open == Screen::procedure || *intents.open == Screen::complaint) wizard_->open(*intents.open);
        flow_.open(*intents.open, now);
    }
    if (intents.language) flow_.set_language(*intents.language, now);
    if (intents.toggle_large_text) flow_.toggle_large_text(now);
    if (intents.toggle_high_contrast) flow_.toggle_high_contrast(now);
    if (intents.typed_text) flow_.set_typed_text(*intents.typed_text, now);
    if (intents.start_typing) flow_.start_typing(now);
}

void Terminal::print_tracking_receipt(Clock::time_point now) {
    if (!tracking_.record() || print_state_ == PrintState::printing) return;  // a double tap
    flow_.on_activity(now);
    if (!print_) {
        print_state_ = PrintState::failed;
        print_error_ = printer_problem_;
        return;
    }
    auto wall = clock_.wall_now();
    std::optional<std::string> age;
    if (tracking_.record_is_cached()) {
        if (auto a = tracking_.cache_age(wall)) age = text().tr(a->key, a->args);
    }
    ReceiptDocument receipt = tracking_receipt(TrackingReceiptInput{
        *tracking_.record(), text(), office_name_in(flow_.preferences().language),
        config().terminal_number, wall, utc_offset_at(wall), age});
    print_order_ = print_->submit(std::move(receipt), receipt_options_for(config().printer),
                                  PrintRequest{"seguimiento-" + tracking_.record()->item_id, 1,
                                               text().tr("printer.copy_mark")});
    print_state_ = PrintState::printing;
    print_error_.reset();
    log_line(LogLevel::info, "printing the tracking receipt of " + tracking_.record()->item_id);
}

void Terminal::on_printed(const PrintOutcome& outcome) {
    if (technician_->on_printed(outcome)) frames_owed_ = std::max(frames_owed_, kSettleFrames);
    if (wizard_->on_printed(outcome)) frames_owed_ = std::max(frames_owed_, kSettleFrames);
    if (outcome.job) {
        print_where_ = outcome.job.value().where;
        log_line(LogLevel::info, "printed " + print_where_ + " (PDF made in " +
                                     std::to_string(outcome.render_ms) + " ms)");
    } else {
        log_line(LogLevel::error, "printing failed: " + outcome.job.error().describe());
    }
    if (outcome.order == ticket_print_order_ && ticket_print_state_ == PrintState::printing) {
        ticket_print_state_ = outcome.job ? PrintState::printed : PrintState::failed;
        if (!outcome.job) print_error_ = outcome.job.error();
        frames_owed_ = std::max(frames_owed_, kSettleFrames);
        return;
    }
    if (outcome.order != print_order_ || print_state_ != PrintState::printing) return;
    if (outcome.job) {
        print_state_ = PrintState::printed;
    } else {
        print_state_ = PrintState::failed;
        print_error_ = outcome.job.error();
    }
    frames_owed_ = std::max(frames_owed_, kSettleFrames);
}

void Terminal::apply_settings(const TerminalConfig& saved) {
    const TerminalConfig before = config();
    TerminalConfig& running = setup_.config.config;
    running = saved;
    // What the window and the workers were built with stays until the restart the
    // technician is offered: the scale, the role's screens, the server and its identity.
    running.role = before.role;
    running.terminal_number = before.terminal_number;
    running.display = before.display;
    running.server_url = before.server_url;
    running.allow_plain_http = before.allow_plain_http;
    running.server_key_pin = before.server_key_pin;
    setup_.config.source = ConfigSource::file;
    setup_.config.problems.clear();
    // A device is opened again only when its settings changed: a camera takes a second.
    if (!(running.scanner == before.scanner)) start_scanners();
    if (!(running.printer == before.printer)) start_printer();
    // The citizen's defaults: a fresh session in the new language, with the new timeouts.
    flow_ = CitizenFlow(IdleSettings{static_cast<double>(running.idle_timeout_s),
                                     static_cast<double>(running.idle_countdown_s)},
                        Preferences{running.language, running.display.large_text, running.display.high_contrast},
                        clock_.now());
    style_dirty_ = true;
    log_line(LogLevel::info, "settings applied: scanner " + scanners_->description() + ", printer " +
                                 (print_ ? print_->printer_name() : "none"));
}

Result<std::uint64_t> Terminal::print_test_page() {
    if (!print_) return printer_problem_.value_or(make_error("printer.unavailable"));
    const auto wall = clock_.wall_now();
    const Translations& t = config().language == "en" ? setup_.english : setup_.spanish;
    ReceiptDocument page = test_page_receipt(
        TestPageInput{t, config(), print_->printer_name(), format_local_day_time(wall, utc_offset_at(wall))});
    log_line(LogLevel::info, "printing a test page on " + print_->printer_name());
    return print_->submit(std::move(page), receipt_options_for(config().printer), PrintRequest{"prueba", 1});
}

TechnicianView Terminal::technician_view() const {
    TechnicianView view;
    view.server = last_status_;
    if (sync_) view.sync = sync_state_;
    view.tickets = ticket_upload_state_;
    view.printer_name = print_ ? print_->printer_name() : "";
    view.printer_problem = printer_problem_;
    view.scanner_description = scanners_->description();
    view.scanner_problems = scanner_problems_;
    if (showing_camera_preview()) {
        view.camera_preview = CameraPreview{preview_texture_, preview_.width, preview_.height};
    }
    for (const auto& problem : setup_.config.problems) view.problems.push_back(problem.describe());
    if (setup_.store_failure) view.problems.push_back(setup_.store_failure->describe());
    if (setup_.credentials_failure) view.problems.push_back(setup_.credentials_failure->describe());
    return view;
}

void Terminal::start_tickets() {
    if (!setup_.store || config().role != TerminalRole::kiosk) return;
    if (setup_.credentials) {
        TicketUploadOptions uploads;
        uploads.db_path = setup_.store_path;
        uploads.endpoint = sync_endpoint(config(), *setup_.credentials);
        uploads.on_change = [] { glfwPostEmptyEvent(); };
        auto worker = TicketUploadWorker::start(std::move(uploads));
        if (worker) {
            ticket_uploads_ = std::move(worker).value();
        } else {
            log_line(LogLevel::error, "ticket upload worker: " + worker.error().describe());
        }
    }
    TicketIssuerOptions options;
    options.db_path = setup_.store_path;
    if (setup_.credentials) options.issue.endpoint = sync_endpoint(config(), *setup_.credentials);
    // The server checks an offline number against the terminal number the device was
    // enrolled with: that one wins over the configuration's.
    options.issue.terminal_number = setup_.credentials && setup_.credentials->terminal_number > 0
                                        ? setup_.credentials->terminal_number
                                        : config().terminal_number;
    options.on_result = [] { glfwPostEmptyEvent(); };
    options.on_server_reached = [uploads = ticket_uploads_.get()] {
        if (uploads) uploads->wake();  // the server is back: offline tickets go up now
    };
    auto issuer = TicketIssuer::start(std::move(options));
    if (issuer) {
        issuer_ = std::move(issuer).value();
    } else {
        log_line(LogLevel::error, "ticket issuer: " + issuer.error().describe());
    }
}

void Terminal::start_forms() {
    const bool kiosk = config().role == TerminalRole::kiosk && setup_.store;
    wizard_ = std::make_unique<FormWizard>(FormWizardSetup{
        std::filesystem::path(config().data_dir) / "form-draft.sealed", setup_.store_path,
        kiosk ? setup_.keys : std::nullopt, config().office_id,
        setup_.credentials ? setup_.credentials->device_id : "", [] { glfwPostEmptyEvent(); },
        [this] {
            if (sync_) sync_->wake();
        }});
    wizard_->set_forms(server_->forms());
    if (!kiosk) return;
    // A draft left by a crash or a power cut: the citizen is likely still there.
    if (auto screen = wizard_->restore_draft()) flow_.open(*screen, clock_.now());
}

std::vector<std::string> Terminal::priority_group_ids() const {
    std::vector<std::string> ids;
    if (const Office* o = office()) {
        for (const auto& group : o->queue.priority_groups) {
            // Given only by an appointment check-in, never asked (docs/protocol.md).
            if (group.id != "appointment") ids.push_back(group.id);
        }
    }
    return ids;
}

TicketView Terminal::ticket_view() const {
    TicketView view;
    view.flow = &ticket_flow_;
    const bool english = flow_.preferences().language == "en";
    const auto wall = clock_.wall_now();
    if (const Office* o = office()) {
        for (const Service* service : open_services(*o, local_moment(wall, utc_offset_at(wall)))) {
            view.services.push_back({service->id, english && !service->name.en.empty() ? service->name.en
                                                                                      : service->name.es});
        }
        for (const auto& group : o->queue.priority_groups) {
            if (group.id == "appointment") continue;
            view.priority_groups.push_back({group.id, english && !group.name.en.empty() ? group.name.en
                                                                                      : group.name.es});
        }
    }
    if (ticket_flow_.ticket()) {
        view.service_name = service_name(ticket_flow_.ticket()->service_id);
        const auto issued = ticket_flow_.ticket()->issued_at;
        view.issued_hhmm = format_local_day_time(issued, utc_offset_at(issued)).substr(11);
    } else if (ticket_flow_.status()) {
        view.service_name = service_name(ticket_flow_.status()->service_id);
    } else {
        view.service_name = service_name(ticket_flow_.service_id());
    }
    if (ticket_flow_.error()) view.error_text = text().translate(*ticket_flow_.error());
    switch (ticket_print_state_) {
        case PrintState::none: break;
        case PrintState::printing: view.print_message = text().tr("ticket.screen.printing"); break;
        case PrintState::printed: view.print_message = text().tr("ticket.screen.printed"); break;
        case PrintState::failed:
            view.print_message = text().tr("ticket.screen.print_failed");
            view.print_failed = true;
            break;
    }
    view.can_print = print_ != nullptr && ticket_print_state_ != PrintState::printing;
    return view;
}

void Terminal::apply_ticket(const Intents& intents, Clock::time_point now) {
    if (intents.ticket_service) {
        if (ticket_flow_.choose_service(*intents.ticket_service, priority_group_ids())) ask_for_ticket(now);
    }
    if (intents.ticket_priority) {
        if (ticket_flow_.choose_priority(*intents.ticket_priority, priority_group_ids())) ask_for_ticket(now);
    }
    if (intents.ticket_back) ticket_flow_.back();
    if (intents.ticket_check_in) {
        ticket_flow_.start_check_in();
        flow_.set_typed_text("", now);
        flow_.start_typing(now);  // nothing else to do on that screen than type or scan the code
    }
    if (intents.ticket_code && issuer_ && ticket_flow_.submit_code()) {
        // A typo the check symbol catches is told here, precisely ("a character wrong or two
        // swapped", "references never contain O"), with or without the server.
        auto code = parse_reference_code(*intents.ticket_code);
        if (code) {
            ticket_order_ = issuer_->check_in(config().office_id, code->to_string());
        } else {
            ticket_flow_.on_issued(code.error());
        }
    }
    if (intents.ticket_reprint) print_ticket(/*copy=*/true);
}

void Terminal::ask_for_ticket(Clock::time_point now) {
    // One request per citizen's choice: the flow leaves the tiles before the next frame, so a
    // second tap lands on "Sacando su turno…", not on a tile.
    const Service* service = service_of(ticket_flow_.service_id());
    ticket_flow_.on_issuing();
    flow_.on_activity(now);
    if (!issuer_ || !service) {
        ticket_flow_.on_issued(make_error("ticket.unknown", "no issuer or unknown service",
                                          {{"id", ticket_flow_.service_id()}}));
        return;
    }
    ticket_service_name_ = service_name(service->id);
    ticket_order_ = issuer_->issue(
        TicketOrder{config().office_id, service->id, service->prefix, ticket_flow_.priority()});
}

void Terminal::on_ticket_work(TicketWork work) {
    frames_owed_ = std::max(frames_owed_, kSettleFrames);
    if (work.order != ticket_order_) return;  // the citizen left meanwhile
    if (work.kind == TicketWork::Kind::look_up) {
        ticket_flow_.on_status(ticket_flow_.looked_up_id(), std::move(work.status));
        return;
    }
    const bool issued = work.ticket.ok();
    if (issued) {
        log_line(LogLevel::info, "ticket " + work.ticket->number + (work.ticket->offline ? " (offline)" : "") +
                                     " issued");
    }
    ticket_flow_.on_issued(std::move(work.ticket));
    if (issued && ticket_flow_.phase() == TicketPhase::issued) {
        ticket_prints_ = 0;
        print_ticket(/*copy=*/false);
        if (ticket_flow_.ticket()->offline) {
            server_->probe_soon();  // the corner should say "sin conexión" now, not in 15 s
            if (ticket_uploads_) ticket_uploads_->wake();
        }
    }
}

void Terminal::print_ticket(bool copy) {
    if (!ticket_flow_.ticket() || ticket_print_state_ == PrintState::printing) return;  // a double tap
    if (!print_) {
        ticket_print_state_ = PrintState::failed;
        print_error_ = printer_problem_;
        return;
    }
    const Ticket& ticket = *ticket_flow_.ticket();
    std::string counters;
    if (const Service* service = service_of(ticket.service_id)) {
        for (std::size_t i = 0; i < service->counters.size(); ++i) {
            if (i > 0) counters += ", ";
            counters += std::to_string(service->counters[i]);
        }
    }
    const auto wall = clock_.wall_now();
    ReceiptDocument receipt = ticket_receipt(TicketReceiptInput{
        ticket, text(), office_name_in(flow_.preferences().language), service_name(ticket.service_id),
        counters, utc_offset_at(wall), copy});
    ticket_print_order_ = print_->submit(std::move(receipt), receipt_options_for(config().printer),
                                         PrintRequest{"turno-" + ticket.number + (copy ? "-copia" : ""), 1,
                                                      text().tr("printer.copy_mark")});
    ticket_print_state_ = PrintState::printing;
    ++ticket_prints_;
    log_line(LogLevel::info, std::string("printing ticket ") + ticket.number + (copy ? " (copy)" : ""));
}

void Terminal::handle_scan(const WedgeOutput& scan, Clock::time_point now) {
    if (scan.kind == WedgeOutput::Kind::scan_too_long) {
        flow_.on_activity(now);
        record_route("too_long");
        notice_ = text().tr("scan.too_long");
        notice_until_ = now + kNoticeDuration;
        frames_owed_ = std::max(frames_owed_, kSettleFrames);
        log_line(LogLevel::warning, "scan rejected: longer than a code can be");
        return;
    }
    take_scan(scan.text, "wedge", now);
}

void Terminal::take_scan(const std::string& raw, const std::string& source, Clock::time_point now) {
    if (technician_->active()) {
        technician_->on_scan(raw, source, now);
        frames_owed_ = std::max(frames_owed_, kSettleFrames);
        return;
    }
    // A wedge can type and a serial scanner can send any bytes, invalid UTF-8 and control
    // characters among them: every source passes the same gate.
    auto clean = sanitize_scan(raw);
    if (clean) return route_scan(clean.value(), now);
    flow_.on_activity(now);
    record_route("refused");
    notice_ = text().translate(clean.error());
    notice_until_ = now + kNoticeDuration;
    frames_owed_ = std::max(frames_owed_, kSettleFrames);
    log_line(LogLevel::warning, "scan from " + source + " rejected: " + clean.error().code);
}

void Terminal::record_route(const char* route) {
    if (scan_routes_.size() == kKeptScanRoutes) scan_routes_.pop_front();
    scan_routes_.push_back(route);
}

void Terminal::route_scan(const std::string& code, Clock::time_point now) {
    flow_.on_activity(now);
    flow_.add_scan(code, now);
    if (config().role == TerminalRole::kiosk && !showing_problems_) {
        // A ticket's QR ("VT1:<uuid>"), from any screen: where that turn stands now.
        if (auto ticket_id = ticket_id_from_code(code)) {
            record_route("ticket");
            end_tracking();
            flow_.open(Screen::ticket, now);
            ticket_flow_.look_up(*ticket_id);
            ticket_order_ = issuer_ ? issuer_->look_up(config().office_id, *ticket_id) : 0;
            if (!issuer_) ticket_flow_.on_status(*ticket_id, make_error("ticket.unreachable"));
            return;
        }
        // On the appointment screen a scan is the appointment's code.
        if (flow_.screen() == Screen::ticket && ticket_flow_.phase() == TicketPhase::entering_code) {
            record_route("appointment");
            Intents check_in;
            check_in.ticket_code = code;
            apply_ticket(check_in, now);
            return;
        }
    }
    ScanKind kind = classify_scan(code);
    // A code printed with spaces or read in lower case is still an item id.
    if (kind == ScanKind::unknown && normalise_tracking_id(code)) kind = ScanKind::s10_item;
    frames_owed_ = std::max(frames_owed_, kSettleFrames);
    if (kind == ScanKind::receipt_reference && receipt_status_ && !showing_problems_) {
        record_route("receipt");
        end_tracking();
        flow_.open(Screen::receipt, now);
        receipt_status_->look_up(code);
        return;
    }
    bool tracking = kind == ScanKind::s10_item || kind == ScanKind::giro_reference;
    if (tracking && !showing_problems_ && config().role == TerminalRole::kiosk) {
        record_route("tracking");
        flow_.open(Screen::track, now);
        start_lookup(code, now);
        return;
    }
    if (role_view_ && !showing_problems_) {
        record_route("role");
        role_view_->on_scan(code, now);
        return;
    }
    record_route("not_here");
    notice_ = text().tr("scan.not_here", {{"code", code}});
    notice_until_ = now + kNoticeDuration;
}

void Terminal::take_device_scans(Clock::time_point now) {
    for (const Scan& scan : scan_stream_.take_all()) take_scan(scan.text, scan.source, now);
    for (const Error& error : scan_stream_.take_errors()) {
        log_line(LogLevel::warning, "scanner: " + error.describe());
        if (scanner_problems_.size() == 20) scanner_problems_.erase(scanner_problems_.begin());
        scanner_problems_.push_back(error.code);
    }
    if (showing_camera_preview()) refresh_camera_preview();
}

void Terminal::refresh_camera_preview() {
    if (!scanners_->camera()->copy_preview_if_newer(preview_, preview_generation_)) return;
    if (preview_.width <= 0 || preview_.height <= 0) return;
    if (preview_texture_ == 0) {
        glGenTextures(1, &preview_texture_);
        glBindTexture(GL_TEXTURE_2D, preview_texture_);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        // One grey channel shown as grey: red copied to green and blue, opaque.
        const GLint swizzle[] = {GL_RED, GL_RED, GL_RED, GL_ONE};
        glTexParameteriv(GL_TEXTURE_2D, kGlTextureSwizzleRgba, swizzle);
    }
    glBindTexture(GL_TEXTURE_2D, preview_texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, kGlR8, preview_.width, preview_.height, 0, GL_RED, GL_UNSIGNED_BYTE,
                 preview_.pixels.data());
    ++preview_uploads_;
    frames_owed_ = std::max(frames_owed_, 1);
}

void Terminal::capture_screenshot(const std::string& path) {
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * static_cast<size_t>(height) * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's rows run bottom-up; PNG's top-down.
    stbi_flip_vertically_on_write(1);
    if (stbi_write_png(path.c_str(), width, height, 3, pixels.data(), width * 3)) {
        screenshot_result_ = Json{{"ok", true}, {"path", path}}.dump();
    } else {
        screenshot_result_ = Json{{"ok", false}, {"error", "cannot write " + path}}.dump();
    }
}

Json Terminal::state_json() const {
    const InputCounters& c = input_.counters();
    Json scans = Json::array();
    for (const auto& s : flow_.session().scans) scans.push_back(s);
    auto status = last_status_.state;
    return Json{{"ok", true},
                {"role", std::string(name_of(config().role))},
                {"screen", showing_problems_ ? "problems" : screen_name(flow_.screen())},
                {"language", flow_.preferences().language},
                {"large_text", flow_.preferences().large_text},
                {"high_contrast", flow_.preferences().high_contrast},
                {"idle_phase", flow_.idle_phase() == IdlePhase::asking ? "asking" : "active"},
                {"countdown_left_s", flow_.countdown_left_s(clock_.now())},
                {"sessions_timed_out", flow_.sessions_timed_out()},
                {"typed_text", flow_.session().typed_text},
                {"typing", flow_.session().typing},
                {"scans", scans},
                {"scan_routes", scan_routes_},
                {"scanner", scanners_->description()},
                {"sync", Json{{"enrolled", sync_ != nullptr},
                              {"link", sync_state_.link == SyncState::Link::online    ? "online"
                                       : sync_state_.link == SyncState::Link::offline ? "offline"
                                                                                      : "unknown"},
                              {"records_waiting", sync_state_.records_waiting},
                              {"records_set_aside", sync_state_.records_set_aside},
                              {"records_acknowledged", sync_state_.records_acknowledged},
                              {"paused", sync_state_.paused},
                              {"revoked", sync_state_.revoked},
                              {"last_error", sync_state_.last_error_code}}},
                {"scanner_problems", scanner_problems_},
                {"camera_preview_uploads", preview_uploads_},
                {"notice", notice_.value_or("")},
                {"tracking_phase", std::string(tracking_phase_name(tracking_.phase()))},
                {"ticket", Json{{"phase", std::string(ticket_phase_name(ticket_flow_.phase()))},
                                {"number", ticket_flow_.ticket() ? ticket_flow_.ticket()->number
                                           : ticket_flow_.status() ? ticket_flow_.status()->number
                                                                   : ""},
                                {"id", ticket_flow_.ticket() ? ticket_flow_.ticket()->id : ""},
                                {"offline", ticket_flow_.ticket() && ticket_flow_.ticket()->offline},
                                {"status", ticket_flow_.status() ? ticket_flow_.status()->status : ""},
                                {"error", ticket_flow_.error() ? ticket_flow_.error()->code : ""},
                                {"print_state", ticket_print_state_ == PrintState::printing  ? "printing"
                                                : ticket_print_state_ == PrintState::printed ? "printed"
                                                : ticket_print_state_ == PrintState::failed  ? "failed"
                                                                                             : "none"},
                                {"prints", ticket_prints_},
                                {"uploads_waiting", ticket_upload_state_.waiting},
                                {"uploads_set_aside", ticket_upload_state_.set_aside},
                                {"uploaded", ticket_upload_state_.uploaded}}},
                {"tracking_item", tracking_.item_id()},
                {"form", wizard_->state()},
                {"print_state", print_state_ == PrintState::printing  ? "printing"
                                : print_state_ == PrintState::printed ? "printed"
                                : print_state_ == PrintState::failed  ? "failed"
                                                                      : "none"},
                {"print_error", print_error_ ? print_error_->code : ""},
                {"print_where", print_where_},
                {"printer", print_ ? printer_status_json(print_->status()) : printer_problem_json(printer_problem_)},
                {"server", status == ServerStatus::State::online    ? "online"
                           : status == ServerStatus::State::offline ? "offline"
                                                                     : "unknown"},
                {"taps", c.taps},
                {"characters", c.characters},
                {"scan_count", c.scans},
                {"frames", frames_rendered_},
                {"config_source", setup_.config.source == ConfigSource::file        ? "file"
                                  : setup_.config.source == ConfigSource::last_good ? "last_good"
                                                                                    : "defaults"},
                {"problems", setup_.config.problems.size() + (setup_.store_failure ? 1 : 0)},
                {"receipt_status", receipt_status_ ? receipt_status_->state() : Json::object()},
                {"role_state", role_view_ ? role_view_->state() : Json::object()},
                {"technician", technician_->state()}};
}

Json Terminal::metrics_json() const {
    return Json{{"ok", true},
                {"first_frame_ms", first_frame_ms_},
                {"startup_ms", [this] {
                     Json steps = Json::array();
                     for (const auto& [step, ms] : startup_.all()) steps.push_back({step, ms});
                     return steps;
                 }()},
                {"frames", frames_rendered_},
                {"frame_wall_ms_mean", mean(frame_wall_ms_)},
                {"frame_wall_ms_p99", percentile(frame_wall_ms_, 0.99)},
                {"frame_cpu_ms_mean", mean(frame_cpu_ms_)},
                {"frame_cpu_ms_p99", percentile(frame_cpu_ms_, 0.99)},
                {"last_tap_latency_ms", last_tap_latency_ms_}};
}

void Terminal::handle_automation(AutomationRequest request) {
    const std::string& line = request.line;
    auto space = line.find(' ');
    std::string command = line.substr(0, space);
    std::string argument = space == std::string::npos ? "" : line.substr(space + 1);
    auto reply_now = [&](const Json& j) { request.reply->set_value(j.dump()); };
    auto fail = [&](const std::string& why) { reply_now(Json{{"ok", false}, {"error", why}}); };
    // Replies once the input is through the queue and the screen has settled on its result.
    auto after_input = [this](AutomationRequest r, std::function<Json()> answer) {
        frames_owed_ = std::max(frames_owed_, kSettleFrames);
        pending_.push_back({std::move(r), [this, answer]() -> std::optional<std::string> {
                                if (input_.pending() || input_.next_deadline()) return std::nullopt;
                                if (frames_rendered_ < last_frame_with_input_ + kSettleFrames) {
                                    return std::nullopt;
                                }
                                if (frames_owed_ > 0) return std::nullopt;
                                return answer().dump();
                            }});
    };

    if (command == "ping") {
        reply_now(Json{{"ok", true}});
    } else if (command == "state") {
        reply_now(state_json());
    } else if (command == "metrics") {
        reply_now(metrics_json());
    } else if (command == "shown") {
        Json items = Json::array();
        for (const auto& w : last_shown_.all()) {
            items.push_back(Json{{"text", w.text},
                                 {"x", w.min.x},
                                 {"y", w.min.y},
                                 {"w", w.max.x - w.min.x},
                                 {"h", w.max.y - w.min.y},
                                 {"tappable", w.tappable}});
        }
        reply_now(Json{{"ok", true}, {"shown", items}});
    } else if (command == "tap" || command == "tap_at") {
        float x = 0, y = 0;
        if (command == "tap") {
            const ShownWidget* w = last_shown_.find_tappable(argument);
            if (!w) return fail("nothing tappable labelled '" + argument + "' on screen");
            x = (w->min.x + w->max.x) / 2;
            y = (w->min.y + w->max.y) / 2;
        } else if (std::sscanf(argument.c_str(), "%f %f", &x, &y) != 2) {
            return fail("tap_at needs x and y");
        }
        tap_pushed_at_ = Clock::now();
        tap_frame_ = -2;  // set when the tap's intent is applied
        push({RawInput::Kind::mouse_move, {}, x, y});
        RawInput press{RawInput::Kind::mouse_button};
        press.down = true;
        push(press);
        RawInput release{RawInput::Kind::mouse_button};
        push(release);
        after_input(std::move(request), [this] { return Json{{"ok", true}, {"latency_ms", last_tap_latency_ms_}}; });
    } else if (command == "scan" || command == "type") {
        // scan: a keyboard-wedge burst ending in Enter; type: a person, 120 ms per key.
        std::vector<char32_t> codepoints;
        for (size_t i = 0; i < argument.size();) {
            auto c = static_cast<unsigned char>(argument[i]);
            int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            char32_t cp = len == 1 ? c : c & (0x3F >> (len - 1));
            for (int k = 1; k < len && i + static_cast<size_t>(k) < argument.size(); ++k) {
                cp = (cp << 6) | (static_cast<unsigned char>(argument[i + static_cast<size_t>(k)]) & 0x3F);
            }
            codepoints.push_back(cp);
            i += static_cast<size_t>(len);
        }
        auto now = clock_.now();
        auto gap = command == "scan" ? std::chrono::milliseconds(0) : std::chrono::milliseconds(120);
        auto when = now - gap * static_cast<long>(codepoints.size());
        for (char32_t cp : codepoints) {
            RawInput in{RawInput::Kind::character};
            in.codepoint = cp;
            in.when = when;
            input_.push(in);
            when += gap;
        }
        if (command == "scan") {
            RawInput enter{RawInput::Kind::key};
            enter.code = InputQueue::kEnterKey;
            enter.down = true;
            enter.when = now;
            input_.push(enter);
            enter.down = false;
            input_.push(enter);
        }
        after_input(std::move(request), [] { return Json{{"ok", true}}; });
    } else if (command == "key") {
        static const std::pair<const char*, int> keys[] = {
            {"enter", 257}, {"backspace", 259}, {"escape", 256}, {"tab", 258}, {"delete", 261}};
        int code = -1;
        for (auto& [name, value] : keys) {
            if (argument == name) code = value;
        }
        if (code < 0) return fail("unknown key '" + argument + "'");
        RawInput in{RawInput::Kind::key};
        in.code = code;
        in.down = true;
        push(in);
        in.down = false;
        push(in);
        after_input(std::move(request), [] { return Json{{"ok", true}}; });
    } else if (command == "wait_idle") {
        after_input(std::move(request), [] { return Json{{"ok", true}}; });
    } else if (command == "screenshot") {
        if (argument.empty()) return fail("screenshot needs a path");
        screenshot_path_ = argument;
        screenshot_done_ = false;
        frames_owed_ = std::max(frames_owed_, 1);
        pending_.push_back({std::move(request), [this]() -> std::optional<std::string> {
                                if (!screenshot_done_) return std::nullopt;
                                return screenshot_result_;
                            }});
    } else if (command == "clock_advance") {
        double seconds = std::atof(argument.c_str());
        if (seconds <= 0) return fail("clock_advance needs seconds > 0");
        clock_.advance(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)));
        frames_owed_ = std::max(frames_owed_, kSettleFrames);
        after_input(std::move(request), [this] { return state_json(); });
    } else if (command == "render_frames") {
        int n = std::atoi(argument.c_str());
        if (n <= 0 || n > 100000) return fail("render_frames needs a count");
        frame_wall_ms_.clear();
        frame_cpu_ms_.clear();
        forced_frames_ = n;
        pending_.push_back({std::move(request), [this]() -> std::optional<std::string> {
                                if (forced_frames_ > 0) return std::nullopt;
                                return metrics_json().dump();
                            }});
    } else if (command == "quit") {
        reply_now(Json{{"ok", true}});
        glfwSetWindowShouldClose(window_, GLFW_TRUE);
    } else {
        fail("unknown command '" + command + "'");
    }
}

void Terminal::check_pending_replies() {
    for (auto it = pending_.begin(); it != pending_.end();) {
        if (auto answer = it->answer_when_ready()) {
            it->request.reply->set_value(*answer);
            it = pending_.erase(it);
        } else {
            ++it;
        }
    }
}

void set_key_map(ImGuiIO& io) {
    io.KeyMap[ImGuiKey_Tab] = GLFW_KEY_TAB;
    io.KeyMap[ImGuiKey_LeftArrow] = GLFW_KEY_LEFT;
    io.KeyMap[ImGuiKey_RightArrow] = GLFW_KEY_RIGHT;
    io.KeyMap[ImGuiKey_UpArrow] = GLFW_KEY_UP;
    io.KeyMap[ImGuiKey_DownArrow] = GLFW_KEY_DOWN;
    io.KeyMap[ImGuiKey_Home] = GLFW_KEY_HOME;
    io.KeyMap[ImGuiKey_End] = GLFW_KEY_END;
    io.KeyMap[ImGuiKey_Delete] = GLFW_KEY_DELETE;
    io.KeyMap[ImGuiKey_Backspace] = GLFW_KEY_BACKSPACE;
    io.KeyMap[ImGuiKey_Enter] = GLFW_KEY_ENTER;
    io.KeyMap[ImGuiKey_KeyPadEnter] = GLFW_KEY_KP_ENTER;
    io.KeyMap[ImGuiKey_Escape] = GLFW_KEY_ESCAPE;
}

// ImGui's OpenGL backend uploads the font atlas as RGBA: at 1080p an 8 MB conversion and
// upload on Mesa's software renderer at every start. Our atlas is alpha only, so the backend
// gets a 1x1 white placeholder and its texture then receives the single channel, shown as
// white with that alpha (what the RGBA copy would have held).
void create_gpu_objects_with_alpha_font(ImFontAtlas& atlas) {
    unsigned char* alpha = nullptr;
    int width = 0, height = 0;
    atlas.GetTexDataAsAlpha8(&alpha, &width, &height);
    atlas.TexPixelsRGBA32 = static_cast<unsigned int*>(IM_ALLOC(sizeof(unsigned int)));
    *atlas.TexPixelsRGBA32 = 0xFFFFFFFFu;
    atlas.TexWidth = 1;
    atlas.TexHeight = 1;
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    atlas.TexWidth = width;
    atlas.TexHeight = height;
    IM_FREE(atlas.TexPixelsRGBA32);
    atlas.TexPixelsRGBA32 = nullptr;

    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(atlas.TexID)));
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glTexImage2D(GL_TEXTURE_2D, 0, kGlR8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, alpha);
    const GLint swizzle[] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glTexParameteriv(GL_TEXTURE_2D, kGlTextureSwizzleRgba, swizzle);
    glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace

int run_terminal(AppSetup& setup, const AppOptions& options) {
    glfwSetErrorCallback([](int code, const char* description) {
        log_line(LogLevel::error, "glfw error " + std::to_string(code) + ": " + description);
    });
    StartupMarks marks(options.process_start);
    const TerminalConfig& config = setup.config.config;
    // The font atlas is built on a worker from the first moment. It needs only the screen's
    // height, which the configuration gives (a window of another height rebuilds it below).
    // It runs on the other core while this thread opens the display and loads its driver,
    // and is done long before the window's context exists (docs/benchmarks.md). No ImGui
    // context exists until it is done.
    float planned_scale =
        scale_for_screen(config.display.height_px, static_cast<float>(config.display.ui_scale));
    auto atlas = std::make_unique<ImFontAtlas>();
    const bool board_font = config.role == TerminalRole::display;  // the waiting hall's numbers
    auto fonts_built = std::async(std::launch::async, [&atlas, &options, planned_scale, board_font] {
        return load_theme_fonts(*atlas, options.font_path, planned_scale, board_font);
    });
    if (!glfwInit()) {
        log_line(LogLevel::error,
                 "cannot open a window: no display. Set DISPLAY, or run under a virtual one: "
                 "xvfb-run -a -s '-screen 0 1920x1080x24' build/bin/ventanilla ...");
        return 4;
    }
    marks.mark("display");
    // No context from GLFW: ui/window_context.h makes it, in a fraction of GLFW's time.
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    int width = config.display.width_px;
    int height = config.display.height_px;
    bool fullscreen = config.display.fullscreen && !options.windowed;
    if (fullscreen) {
        // Borderless and as big as the screen: works under cage and Xvfb alike.
        if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
            if (const GLFWvidmode* mode = glfwGetVideoMode(monitor)) {
                width = mode->width;
                height = mode->height;
            }
        }
        glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    }
    GLFWwindow* window = glfwCreateWindow(width, height, "Ventanilla", nullptr, nullptr);
    if (!window) {
        log_line(LogLevel::error, "cannot create a window on this display");
        glfwTerminate();
        return 4;
    }
    glfwSetWindowPos(window, 0, 0);
    auto made = WindowContext::create(window);
    if (!made) {
        log_line(LogLevel::error, "cannot draw with OpenGL 3.3 on this display: " + made.error().describe());
        glfwDestroyWindow(window);
        glfwTerminate();
        return 4;
    }
    // Released before the window and the display connection go (see the ends below).
    std::optional<WindowContext> context(std::move(made).value());
    // The first clear of the full-size buffer is Mesa's software renderer writing 8 MB it has
    // just allocated (on this VM mostly page-table work). Flushed now, the renderer's own
    // threads do it while this thread goes on with the shaders and the first frame.
    glClear(GL_COLOR_BUFFER_BIT);
    glFlush();
    marks.mark("window");

    auto fonts = fonts_built.get();
    int fb_width = 0, fb_height = 0;
    glfwGetFramebufferSize(window, &fb_width, &fb_height);
    float scale = scale_for_screen(fb_height, static_cast<float>(config.display.ui_scale));
    if (fonts && scale != planned_scale) {  // another screen height than configured
        atlas->Clear();
        fonts = load_theme_fonts(*atlas, options.font_path, scale, board_font);
    }

    IMGUI_CHECKVERSION();
    ImGui::CreateContext(atlas.get());
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing of a session may be written to disk
    io.LogFilename = nullptr;
    io.BackendPlatformName = "ventanilla_glfw";
    set_key_map(io);

    if (!fonts) {
        log_line(LogLevel::error, "cannot load the font " + options.font_path +
                                      ": the screen would not show Spanish letters. Install "
                                      "fonts-dejavu-core or pass --font PATH.");
        ImGui::DestroyContext();
        context.reset();
        glfwDestroyWindow(window);
        glfwTerminate();
        return 3;
    }
    io.FontDefault = fonts->body;
    marks.mark("fonts");
    ImGui_ImplOpenGL3_Init("#version 330");
    create_gpu_objects_with_alpha_font(*atlas);  // shaders and the font texture, timed apart
    marks.mark("gpu objects");
    log_line(LogLevel::info, "window " + std::to_string(fb_width) + "x" + std::to_string(fb_height) +
                                 " scale " + std::to_string(scale) + " renderer " +
                                 reinterpret_cast<const char*>(glGetString(GL_RENDERER)) + ", " +
                                 context->description());

    int exit_code = options.finish_setup ? options.finish_setup() : 0;
    marks.mark("state loaded");
    if (exit_code == 0) {
        Terminal terminal(setup, options, window, *context, fonts.value(), scale, std::move(marks));
        if (!options.automation_socket.empty()) {
            auto started = terminal.start_automation(options.automation_socket);
            if (!started) {
                log_line(LogLevel::error, "automation interface: " + started.error().describe());
                exit_code = 5;
            }
        }
        if (exit_code == 0) exit_code = terminal.run();
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext();
    context.reset();
    glfwDestroyWindow(window);
    glfwTerminate();
    log_line(LogLevel::info, "terminal closed");
    return exit_code;
}

}  // namespace ventanilla::ui
