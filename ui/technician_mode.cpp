#include "ui/technician_mode.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "devices/cups_queues.h"
#include "kiosk/log.h"
#include "kiosk/outbox.h"
#include "kiosk/scan_route.h"
#include "kiosk/store.h"
#include "kiosk/terminal_keys.h"
#include "kiosk/tracking_time.h"
#include "kiosk/version.h"

namespace ventanilla::ui {

namespace {

using Json = nlohmann::json;
using WallClock = std::chrono::system_clock;

template <typename T>
bool is_ready(const std::future<T>& job) {
    return job.valid() && job.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

// Runs `work` on a thread of its own and wakes the main loop when it is done.
template <typename Work>
auto run_off_frame(std::function<void()> wake, Work work) {
    return std::async(std::launch::async, [wake = std::move(wake), work = std::move(work)]() mutable {
        auto result = work();
        wake();
        return result;
    });
}

// `when` in the terminal's local time.
std::string local_hhmm(WallClock::time_point when) { return format_local(when, "%H:%M"); }
std::string local_date_time(WallClock::time_point when) { return format_local(when, "%Y-%m-%d %H:%M"); }

// Folders where a USB stick is mounted now (/media/…, /run/media/…), for the export.
std::vector<std::string> removable_mounts() {
    std::vector<std::string> found;
    std::ifstream mounts("/proc/mounts");
    std::string device, point, rest;
    while (mounts >> device >> point && std::getline(mounts, rest)) {
        if (point.starts_with("/media/") || point.starts_with("/run/media/")) found.push_back(point);
    }
    return found;
}

std::string link_name(const Translations& t, SyncState::Link link) {
    switch (link) {
        case SyncState::Link::online: return t.tr("status.online");
        case SyncState::Link::offline: return t.tr("status.offline");
        case SyncState::Link::unknown: break;
    }
    return t.tr("status.connecting");
}

std::string server_state_name(ServerStatus::State state) {
    switch (state) {
        case ServerStatus::State::online: return "online";
        case ServerStatus::State::offline: return "offline";
        case ServerStatus::State::unknown: break;
    }
    return "unknown";
}

TechnicianPage page_of(SettingsPage page) {
    switch (page) {
        case SettingsPage::terminal: return TechnicianPage::settings_terminal;
        case SettingsPage::server: return TechnicianPage::settings_server;
        case SettingsPage::scanner: return TechnicianPage::settings_scanner;
        case SettingsPage::printer: return TechnicianPage::settings_printer;
    }
    return TechnicianPage::menu;
}

// A code as people read it: the error's own text when there is one, else the code.
std::string code_text(const Translations& t, const std::string& code) {
    if (code.empty()) return t.tr("tech.diagnostics.none");
    return t.has("error." + code) ? t.translate(make_error(code)) + " (" + code + ")" : code;
}

}  // namespace

TechnicianMode::TechnicianMode(AppSetup& setup, TechnicianHost& host, std::function<void()> wake)
    : setup_(setup), host_(host), wake_(std::move(wake)) {
    auto access = TechnicianAccess::open(secrets_path_for(setup.config_path));
    if (access) {
        access_.emplace(std::move(access.value()));
        needs_pin_ = access_->needs_pin();
    } else {
        access_problem_ = access.error();
        log_line(LogLevel::error, "technician access: " + access.error().describe());
    }
    export_folder_ = "/media";
}

TechnicianMode::~TechnicianMode() = default;  // the futures wait for their work

const Translations& TechnicianMode::text() const {
    return setup_.config.config.language == "en" ? setup_.english : setup_.spanish;
}

std::optional<WallClock::time_point> TechnicianMode::lock_now(WallClock::time_point wall_now) const {
    // Never while a PIN job runs: the worker writes the access's state.
    return access_ && !pin_job_.valid() ? access_->locked_until(wall_now) : std::nullopt;
}

void TechnicianMode::observe_pointer(bool down, float x, float y, float width, float height, float corner_px,
                                     TechnicianClock::time_point now) {
    if (active()) {
        if (down) flow_.on_activity(now);
        return;
    }
    corner_.observe(down, x, y, width, height, corner_px, now);
}

void TechnicianMode::open_mode(TechnicianClock::time_point now) {
    if (!access_ || pin_job_.valid()) return;  // a damaged secrets file: the problem screen says so
    flow_.open(access_->needs_pin(), lock_now(wall_now_), now);
    log_line(LogLevel::info, "technician mode: PIN asked");
}

void TechnicianMode::leave() {
    bool was_open = flow_.phase() == TechnicianPhase::open;
    flow_.close();
    draft_.reset();
    checked_.reset();
    settings_message_.clear();
    enrolment_code_.clear();
    enrolment_message_.clear();
    scan_test_waiting_ = false;
    scan_seen_.reset();
    server_steps_.reset();
    print_test_ = PrintTest::none;
    export_message_.clear();
    if (was_open) log_line(LogLevel::info, "technician mode: left");
    host_.left();
}

bool TechnicianMode::poll(TechnicianClock::time_point now, WallClock::time_point wall_now) {
    wall_now_ = wall_now;
    bool changed = false;
    if (!active() && corner_.take_fired(now)) {
        open_mode(now);
        changed = true;
    }
    if (is_ready(pin_job_)) {
        Status result = pin_job_.get();
        needs_pin_ = access_->needs_pin();
        failures_ = access_->failures();
        if (result) {
            log_line(LogLevel::info, "technician mode: opened");
            draft_.emplace(setup_.config.config);
            refresh_outbox();
        } else {
            log_line(LogLevel::warning, "technician mode: " + result.error().code);  // never the PIN
        }
        flow_.on_pin_result(result, lock_now(wall_now), now);
        changed = true;
    }
    if (is_ready(save_job_)) {
        Status saved = save_job_.get();
        if (saved && saving_) {
            bool restart = draft_ && draft_->changes_need_restart();
            host_.apply_settings(*saving_);
            draft_.emplace(*saving_);
            settings_failed_ = false;
            restart_offered_ = restart_offered_ || restart;
            settings_message_ = text().tr(restart ? "tech.saved_restart" : "tech.saved_applied");
            log_line(LogLevel::info, "technician: settings saved to " + setup_.config_path.string());
        } else if (!saved) {
            settings_failed_ = true;
            settings_message_ = text().translate(saved.error());
            log_line(LogLevel::error, "technician: settings not saved: " + saved.error().describe());
        }
        saving_.reset();
        changed = true;
    }
    if (is_ready(queues_job_)) {
        auto queues = queues_job_.get();
        if (queues) {
            cups_queues_ = queues.value();
            queues_problem_.reset();
        } else {
            queues_problem_ = queues.error();
        }
        changed = true;
    }
    if (is_ready(enrol_job_)) {
        auto enrolled = enrol_job_.get();
        if (enrolled) {
            Status kept = save_credentials(secrets_path_for(setup_.config_path), enrolled.value());
            enrolment_failed_ = !kept;
            if (kept) {
                enrolment_message_ = text().tr("tech.enrolment.done", {{"device", enrolled->device_id}});
                log_line(LogLevel::info, "technician: enrolled as device " + enrolled->device_id);
                host_.enrolled(enrolled.value());
            } else {
                enrolment_message_ = text().translate(kept.error());
            }
        } else {
            enrolment_failed_ = true;
            enrolment_message_ = text().translate(enrolled.error());
            log_line(LogLevel::warning, "technician: enrolment failed: " + enrolled.error().code);
        }
        changed = true;
    }
    if (is_ready(server_job_)) {
        server_steps_ = server_job_.get();
        changed = true;
    }
    if (is_ready(outbox_job_)) {
        outbox_ = outbox_job_.get();
        changed = true;
    }
    if (is_ready(export_job_)) {
        auto exported = export_job_.get();
        export_failed_ = !exported;
        export_message_ = exported ? text().tr("tech.export.done", {{"path", exported->string()}})
                                   : text().translate(exported.error());
        log_line(exported ? LogLevel::info : LogLevel::error,
                 exported ? "technician: diagnostics exported to " + exported->string()
                          : "technician: export failed: " + exported.error().describe());
        changed = true;
    }
    if (flow_.tick(now, wall_now)) {
        if (!active()) leave();
        changed = true;
    }
    return changed;
}

std::optional<TechnicianClock::time_point> TechnicianMode::next_deadline(TechnicianClock::time_point now) const {
    auto deadline = flow_.next_deadline(now);
    if (auto held = corner_.deadline(); held && (!deadline || *held < *deadline)) deadline = held;
    return deadline;
}

void TechnicianMode::on_scan(const std::string& text, const std::string& source, TechnicianClock::time_point now) {
    flow_.on_activity(now);
    if (flow_.phase() != TechnicianPhase::open) return;
    auto clean = sanitize_scan(text);
    scan_seen_ = ScanSeen{clean ? clean.value() : this->text().translate(clean.error()), source};
    scan_test_waiting_ = false;
    log_line(LogLevel::info, "technician: test scan from " + source);  // not what it read
}

bool TechnicianMode::on_printed(const PrintOutcome& outcome) {
    if (print_test_ != PrintTest::printing || outcome.order != print_order_) return false;
    if (outcome.job) {
        print_test_ = PrintTest::passed;
        print_where_ = outcome.job->where;
    } else {
        print_test_ = PrintTest::failed;
        print_error_ = outcome.job.error();
    }
    return true;
}

void TechnicianMode::refresh_queues() {
    if (queues_job_.valid()) return;
    queues_job_ = run_off_frame(wake_, [] { return list_cups_queues(); });
}

void TechnicianMode::refresh_outbox() {
    removable_folders_ = removable_mounts();
    if (outbox_job_.valid() || setup_.store_failure) return;
    outbox_job_ = run_off_frame(wake_, [path = setup_.store_path] {
        OutboxLook look;
        auto store = LocalStore::open(path);
        if (!store) {
            look.problem = store.error();
            return look;
        }
        Outbox outbox(store.value());
        auto counts = outbox.counts();
        if (counts) look.counts = counts.value();
        auto set_aside = outbox.set_aside_records();
        if (set_aside) {
            look.set_aside = std::move(set_aside.value());
            for (auto& record : look.set_aside) record.content.clear();  // never shown, never kept here
        } else {
            look.problem = set_aside.error();
        }
        return look;
    });
}

void TechnicianMode::save_settings() {
    if (!draft_ || save_job_.valid()) return;
    checked_ = draft_->check();
    if (!checked_->ok()) {
        settings_failed_ = true;
        const std::size_t wrong = checked_->field_errors.size() + checked_->other_errors.size();
        settings_message_ = wrong == 1 ? text().tr("tech.not_saved_one")
                                       : text().tr("tech.not_saved", {{"n", std::to_string(wrong)}});
        return;
    }
    saving_ = *checked_->config;
    std::filesystem::path last_good = setup_.config_path;
    last_good += ".last-good";
    save_job_ = run_off_frame(wake_, [path = setup_.config_path, last_good, config = *saving_] {
        return save_terminal_config(path, last_good, config);
    });
}

void TechnicianMode::start_enrolment() {
    if (!draft_ || enrol_job_.valid()) return;
    EnrolmentRequest request;
    request.server_url = draft_->value("server_url");
    request.code = enrolment_code_;
    auto number = draft_->check();
    request.terminal_number = number.config ? number.config->terminal_number : setup_.config.config.terminal_number;
    request.name = setup_.config.config.office_id + " " + std::to_string(request.terminal_number);
    request.transport = TransportOptions{setup_.config.config.server_key_pin, setup_.config.config.allow_plain_http};
    auto keys = load_or_make_terminal_keys(secrets_path_for(setup_.config_path));
    if (keys) request.signing_public_key = keys->signing.public_key;
    enrolment_failed_ = false;
    enrolment_message_ = text().tr("tech.enrolment.running");
    enrol_job_ = run_off_frame(wake_, [request] { return enrol_terminal(request); });
}

void TechnicianMode::export_now() {
    if (export_job_.valid()) return;
    // The worker gets copies: the configuration may change under the frame meanwhile.
    struct Bundle {
        ConfigInEffect config;
        std::string server_version, server_state;
        std::optional<SyncState> sync;
        std::vector<std::string> problems;
        std::vector<SetAsideSummary> set_aside;
    };
    Bundle bundle{setup_.config, last_view_.server.server_version, server_state_name(last_view_.server.state),
                  last_view_.sync, last_view_.problems, {}};
    for (const auto& record : outbox_.set_aside) {
        bundle.set_aside.push_back(
            {record.id, record.kind, record.created_at, record.set_aside_reason, record.set_aside_message});
    }
    export_message_ = text().tr("tech.export.running");
    export_failed_ = false;
    export_job_ = run_off_frame(wake_, [bundle = std::move(bundle), folder = std::filesystem::path(export_folder_)] {
        DiagnosticsInput input{bundle.config, kVersion,          bundle.server_version, bundle.server_state,
                               bundle.sync,   bundle.problems,   recent_log_lines(),    WallClock::now(),
                               bundle.set_aside};
        return export_diagnostics(folder, input);
    });
}

bool TechnicianMode::draw(const TechnicianView& view, Painter& painter, WallClock::time_point wall_now) {
    last_view_ = view;
    intents_ = TechnicianIntents{};
    TechnicianModel model = make_model(view, wall_now);
    if (flow_.phase() == TechnicianPhase::open) {
        pages_screen_.draw(model, intents_, painter);
    } else {
        pin_screen_.draw(model, intents_, painter);
    }
    return intents_.any();
}

void TechnicianMode::apply(TechnicianClock::time_point now) {
    TechnicianIntents asked = std::move(intents_);
    intents_ = TechnicianIntents{};
    flow_.on_activity(now);
    if (asked.digit) flow_.press_digit(*asked.digit, now);
    if (asked.erase_digit) flow_.erase_digit(now);
    if (asked.submit_pin && access_) {
        if (auto job = flow_.submit(now)) {
            // One job at a time: the flow is busy until its answer came.
            TechnicianAccess* access = &*access_;
            auto when = wall_now_;
            pin_job_ = run_off_frame(wake_, [access, job = std::move(*job), when]() mutable {
                Status result = job.kind == PinJob::Kind::set ? access->set_pin(job.pin) : access->check_pin(job.pin, when);
                std::fill(job.pin.begin(), job.pin.end(), '\0');
                return result;
            });
        }
    }
    if (asked.leave) return leave();
    if (asked.show) {
        flow_.show(*asked.show, now);
        if (*asked.show == TechnicianPage::settings_printer) refresh_queues();
        if (*asked.show == TechnicianPage::diagnostics) refresh_outbox();
        settings_message_.clear();
    }
    if (asked.set_field && draft_) {
        draft_->set(asked.set_field->first, asked.set_field->second);
        if (checked_) checked_ = draft_->check();  // errors shown go as they are mended
    }
    if (asked.save_settings) save_settings();
    if (asked.refresh_queues) refresh_queues();
    if (asked.restart) host_.restart();
    if (asked.enrolment_code) enrolment_code_ = *asked.enrolment_code;
    if (asked.enrol) start_enrolment();
    if (asked.test_scan) {
        scan_test_waiting_ = true;
        scan_seen_.reset();
    }
    if (asked.test_print && print_test_ != PrintTest::printing) {
        auto order = host_.print_test_page();
        print_error_.reset();
        if (order) {
            print_order_ = order.value();
            print_test_ = PrintTest::printing;
        } else {
            print_test_ = PrintTest::failed;
            print_error_ = order.error();
        }
    }
    if (asked.test_server && !server_job_.valid()) {
        ServerCheckRequest request;
        request.server_url = setup_.config.config.server_url;
        request.transport = TransportOptions{setup_.config.config.server_key_pin, setup_.config.config.allow_plain_http};
        request.credentials = setup_.credentials;
        server_steps_.reset();
        server_job_ = run_off_frame(wake_, [request] { return check_server(request); });
    }
    if (asked.export_folder) export_folder_ = *asked.export_folder;
    if (asked.export_diagnostics) export_now();
    if (asked.refresh_diagnostics) refresh_outbox();
}

TechnicianModel TechnicianMode::make_model(const TechnicianView& view, WallClock::time_point wall_now) const {
    const Translations& t = text();
    TechnicianModel model{t};
    model.phase = flow_.phase();
    model.pin_step = flow_.pin_step();
    model.page = flow_.page();
    model.digits_typed = flow_.digits_typed();
    model.busy = flow_.busy();
    if (flow_.phase() == TechnicianPhase::locked && flow_.locked_until()) {
        auto left = std::chrono::ceil<std::chrono::minutes>(*flow_.locked_until() - wall_now);
        model.message = t.tr("error.technician.locked", {{"until", local_hhmm(*flow_.locked_until())},
                                                         {"minutes", std::to_string(std::max<long>(1, left.count()))}});
    } else if (flow_.message()) {
        model.message = t.translate(*flow_.message());
    }
    if (flow_.phase() != TechnicianPhase::open) return model;

    model.draft = draft_ ? &*draft_ : nullptr;
    if (checked_) {
        for (const auto& [key, error] : checked_->field_errors) {
            model.field_errors.emplace_back(key, describe_setting_error(error, t));
        }
    }
    model.settings_message = settings_message_;
    if (checked_ && !checked_->other_errors.empty() && settings_failed_) {
        for (const Error& error : checked_->other_errors) model.settings_message += " " + t.translate(error);
    }
    if (checked_ && settings_failed_) {
        // Problems on fields of other pages are named here, so none is missed.
        for (const auto& [key, error] : checked_->field_errors) {
            const SettingField* field = setting_field(key);
            TechnicianPage page = field ? page_of(field->page) : TechnicianPage::menu;
            if (page != flow_.page()) {
                std::string name(technician_page_name(page));
                model.settings_message += "\n• " + t.tr("tech.page." + name) + ": " + describe_setting_error(error, t);
            }
        }
    }
    model.settings_failed = settings_failed_;
    model.restart_offered = restart_offered_;
    model.cups_queues = cups_queues_;
    if (queues_job_.valid()) {
        model.cups_message = t.tr("tech.cups.reading");
    } else if (queues_problem_) {
        model.cups_message = t.translate(*queues_problem_);
    } else if (cups_queues_.empty()) {
        model.cups_message = t.tr("tech.cups.none");
    }
    model.enrolment_code = enrolment_code_;
    model.enrolment_message = enrolment_message_;
    model.enrolment_failed = enrolment_failed_;
    model.camera_preview = view.camera_preview;
    fill_self_tests(model);
    if (flow_.page() == TechnicianPage::diagnostics) fill_diagnostics(model, view);
    return model;
}

namespace {

// The scanner a test scan came from, as the technician calls it ("wedge" → "el lector USB
// (teclado)"); a source without a name of its own is shown as it is.
std::string source_name(const Translations& t, const std::string& source) {
    const std::string key = "tech.selftest.source." + source;
    return t.has(key) ? t.tr(key) : source;
}

}  // namespace

void TechnicianMode::fill_self_tests(TechnicianModel& model) const {
    const Translations& t = model.text;
    using Mark = TechnicianLine::Mark;
    model.scan_test_waiting = scan_test_waiting_;
    if (scan_seen_) {
        model.self_tests.push_back({t.tr("tech.selftest.scan_line"),
                                    t.tr("tech.selftest.scan_read", {{"text", scan_seen_->text},
                                                                     {"source", source_name(t, scan_seen_->source)}}),
                                    Mark::pass});
    }
    switch (print_test_) {
        case PrintTest::none: break;
        case PrintTest::printing:
            model.self_tests.push_back({t.tr("tech.selftest.print_line"), t.tr("tech.selftest.printing"), Mark::running});
            break;
        case PrintTest::passed:
            model.self_tests.push_back(
                {t.tr("tech.selftest.print_line"), t.tr("tech.selftest.printed", {{"where", print_where_}}), Mark::pass});
            break;
        case PrintTest::failed:
            model.self_tests.push_back({t.tr("tech.selftest.print_line"),
                                        print_error_ ? t.translate(*print_error_) : std::string(), Mark::fail});
            break;
    }
    if (server_job_.valid()) {
        model.self_tests.push_back({t.tr("tech.selftest.server_line"), t.tr("tech.selftest.checking"), Mark::running});
    }
    if (server_steps_) {
        for (const auto& step : *server_steps_) {
            std::string label = t.tr("tech.selftest.step." + std::string(name_of(step.step)));
            Mark mark = step.outcome == ServerCheckStep::Outcome::fail ? Mark::fail : Mark::pass;
            std::string found = step.error ? t.translate(*step.error)
                                : step.found_key.empty() ? std::string()
                                                         : t.tr(step.found_key, step.found_args);
            model.self_tests.push_back({label, found, mark});
        }
    }
}

void TechnicianMode::fill_diagnostics(TechnicianModel& model, const TechnicianView& view) const {
    const Translations& t = model.text;
    const TerminalConfig& config = setup_.config.config;
    auto line = [&](const char* key, std::string value) { model.diagnostics.push_back({t.tr(key), std::move(value)}); };
    line("tech.diagnostics.versions",
         t.tr("tech.diagnostics.versions_value",
              {{"terminal", kVersion},
               {"server", view.server.server_version.empty() ? t.tr("tech.diagnostics.unknown") : view.server.server_version}}));
    line("tech.diagnostics.identity", std::string(name_of(config.role)) + " · " + config.office_id + " · " +
                                          std::to_string(config.terminal_number) + " · " + config.server_url);
    line("tech.diagnostics.config_source", t.tr(setup_.config.source == ConfigSource::file        ? "tech.source.file"
                                                : setup_.config.source == ConfigSource::last_good ? "tech.source.last_good"
                                                                                                  : "tech.source.defaults") +
                                               " — " + setup_.config_path.string());
    line("tech.diagnostics.devices", view.scanner_description + " · " +
                                         (view.printer_name.empty() ? t.tr("tech.diagnostics.no_printer")
                                                                    : view.printer_name));
    if (view.sync) {
        const SyncState& sync = *view.sync;
        std::string last = sync.last_success ? local_date_time(*sync.last_success) : t.tr("tech.diagnostics.never");
        line("tech.diagnostics.sync",
             t.tr("tech.diagnostics.sync_value", {{"link", link_name(t, sync.link)},
                                                 {"last", last},
                                                 {"waiting", std::to_string(sync.records_waiting)},
                                                 {"set_aside", std::to_string(sync.records_set_aside)}}));
        line("tech.diagnostics.last_error", code_text(t, sync.last_error_code));
        if (sync.clock_offset) {
            line("tech.diagnostics.clock_offset", std::to_string(sync.clock_offset->count()) + " s");
        }
        if (sync.revoked || sync.paused) line("tech.diagnostics.paused", t.tr(sync.revoked ? "status.revoked" : "tech.diagnostics.paused_value"));
    } else {
        line("tech.diagnostics.sync", t.tr("tech.diagnostics.not_enrolled"));
    }
    if (outbox_.counts) {
        line("tech.diagnostics.outbox", t.tr("tech.diagnostics.outbox_value",
                                             {{"waiting", std::to_string(outbox_.counts->waiting)},
                                              {"set_aside", std::to_string(outbox_.counts->set_aside)}}));
    }
    line("tech.diagnostics.tickets", t.tr("tech.diagnostics.outbox_value",
                                          {{"waiting", std::to_string(view.tickets.waiting)},
                                           {"set_aside", std::to_string(view.tickets.set_aside)}}));
    struct statvfs disk {};
    if (::statvfs(config.data_dir.c_str(), &disk) == 0) {
        auto megabytes = [&](unsigned long long blocks) { return std::to_string((blocks * disk.f_frsize) >> 20); };
        line("tech.diagnostics.disk", t.tr("tech.diagnostics.disk_value", {{"free_mb", megabytes(disk.f_bavail)},
                                                                          {"total_mb", megabytes(disk.f_blocks)},
                                                                          {"folder", config.data_dir}}));
    }
    for (const auto& record : outbox_.set_aside) {
        model.set_aside.push_back(record.created_at + " · " + record.kind + " · " + record.id + " · " +
                                  record.set_aside_reason + ": " + record.set_aside_message);
    }
    if (outbox_.problem) model.recent_errors.push_back(t.translate(*outbox_.problem));
    for (const auto& problem : view.problems) model.recent_errors.push_back(problem);
    for (const auto& problem : view.scanner_problems) model.recent_errors.push_back(code_text(t, problem));
    if (view.printer_problem) model.recent_errors.push_back(t.translate(*view.printer_problem));
    std::vector<std::string> log = recent_log_lines();
    for (const auto& entry : log) {
        if (entry.find(" error ") != std::string::npos || entry.find(" warn ") != std::string::npos) {
            model.recent_errors.push_back(entry);
        }
    }
    if (model.recent_errors.size() > 12) {
        model.recent_errors.erase(model.recent_errors.begin(), model.recent_errors.end() - 12);
    }
    std::size_t from = log.size() > 20 ? log.size() - 20 : 0;
    model.log_lines.assign(log.begin() + static_cast<long>(from), log.end());
    model.export_folder = export_folder_;
    model.removable_folders = removable_folders_;
    model.export_message = export_message_;
    model.export_failed = export_failed_;
}

Json TechnicianMode::state() const {
    Json self_tests = Json::object();
    if (scan_seen_) self_tests["scan"] = Json{{"text", scan_seen_->text}, {"source", scan_seen_->source}};
    const char* print = print_test_ == PrintTest::printing  ? "printing"
                        : print_test_ == PrintTest::passed  ? "passed"
                        : print_test_ == PrintTest::failed  ? "failed"
                                                            : "none";
    self_tests["print"] = Json{{"state", print}, {"where", print_where_}, {"error", print_error_ ? print_error_->code : ""}};
    if (server_steps_) {
        Json steps = Json::array();
        for (const auto& step : *server_steps_) {
            steps.push_back({{"step", std::string(name_of(step.step))},
                             {"outcome", step.outcome == ServerCheckStep::Outcome::pass   ? "pass"
                                         : step.outcome == ServerCheckStep::Outcome::fail ? "fail"
                                                                                          : "not_applicable"},
                             {"error", step.error ? step.error->code : ""}});
        }
        self_tests["server"] = steps;
    }
    Json field_errors = Json::object();
    if (checked_) {
        for (const auto& [key, error] : checked_->field_errors) field_errors[key] = error.code;
    }
    return Json{{"phase", std::string(technician_phase_name(flow_.phase()))},
                {"page", std::string(technician_page_name(flow_.page()))},
                {"needs_pin", needs_pin_},
                {"failures", failures_},
                {"message", flow_.message() ? flow_.message()->code : ""},
                {"field_errors", field_errors},
                {"typing", pages_screen_.typing()},
                {"keyboard", keyboard_name(TechnicianPagesScreen::keyboard_for_field(pages_screen_.typing()))},
                {"settings_message", settings_message_},
                {"cups_queues", cups_queues_},
                {"enrolment", enrolment_message_},
                {"self_tests", self_tests},
                {"export", export_message_},
                {"set_aside", outbox_.set_aside.size()}};
}

}  // namespace ventanilla::ui
