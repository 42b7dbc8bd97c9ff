// The clerk's flow at a counter terminal: log in (clerk, PIN, services), then call, recall,
// finish, transfer, call by number, pause and resume, and log out. Advanced by intents and by
// the server's answers (kiosk/counter_worker.h runs the requests); no I/O, no clock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/counter_client.h"
#include "kiosk/result.h"

namespace ventanilla {

enum class CounterPhase {
    login,       // clerk id, PIN on the pad, services served
    logging_in,  // the server is checking the PIN
    working,     // a session is open
};

// A choice the working screen asks for before the operation is sent.
enum class CounterPanel { none, transfer, call_number, pause };

std::string_view counter_phase_name(CounterPhase phase);

// Work for the worker, made by the flow; `id` ties the answer to it.
struct CounterRequest {
    enum class Kind { log_in, action, log_out };
    Kind kind = Kind::action;
    std::uint64_t id = 0;
    std::string clerk;
    std::string pin;
    std::vector<std::string> services;
    ClerkAction action = ClerkAction::call_next;
    std::string argument;
    std::string session_token;
};

// A line for the clerk: a translation key with its values; `error` draws it as a problem.
struct CounterMessage {
    std::string key;
    std::map<std::string, std::string> args;
    bool error = false;
    std::string code;  // the error's code, when it is one
};

// A service this counter may serve, from the catalog.
struct CounterService {
    std::string id;
    std::string prefix;
};

inline constexpr std::size_t kMinPinDigits = 4;
inline constexpr std::size_t kMaxPinDigits = 8;

class CounterFlow {
public:
    // `services_here`: the office's services served at this counter; all chosen at first.
    void set_office(std::vector<CounterService> services_here, bool call_by_number);

    CounterPhase phase() const { return phase_; }
    CounterPanel panel() const { return panel_; }
    const std::vector<CounterService>& services_here() const { return services_here_; }
    bool call_by_number() const { return call_by_number_; }

    // --- login
    const std::string& clerk_input() const { return clerk_input_; }
    std::size_t pin_length() const { return pin_.size(); }
    bool service_chosen(const std::string& id) const;
    void type_clerk(std::string clerk);
    void press_digit(char digit);  // '0'…'9'; ignored past kMaxPinDigits
    void press_backspace();
    void clear_pin();
    void toggle_service(const std::string& id);
    bool can_log_in() const;
    // The request to send, or nullopt when the form is incomplete or a request is running.
    std::optional<CounterRequest> log_in();

    // --- working
    const std::optional<CounterSession>& session() const { return session_; }
    const std::optional<HeldTicket>& ticket_in_hand() const;
    bool paused() const { return session_ && session_->paused; }
    bool busy() const { return running_.has_value(); }
    std::optional<ClerkAction> running_action() const;
    // Whether the button of `action` can apply now: one called ticket at most, nothing while
    // paused but resume, nothing while a request runs.
    bool can(ClerkAction action) const;
    std::optional<CounterRequest> act(ClerkAction action, std::string argument = {});
    void open_panel(CounterPanel panel);  // only when its action can apply
    void close_panel() { panel_ = CounterPanel::none; }
    // Ends the session here at once (the token is forgotten) and asks the server to end it.
    std::optional<CounterRequest> log_out();

    // --- answers
    void on_logged_in(std::uint64_t id, Result<CounterSession> session);
    void on_action_done(std::uint64_t id, Result<ActionOutcome> outcome);
    void on_queue(const Result<QueueSnapshot>& snapshot);
    void on_figures(const Result<DayFigures>& figures);
    // Any answer or failure of the network tells whether the server can be reached.
    bool server_reachable() const { return reachable_; }

    const std::optional<CounterMessage>& message() const { return message_; }
    void dismiss_message() { message_.reset(); }
    const std::optional<QueueSnapshot>& queue() const { return queue_; }
    const std::optional<DayFigures>& figures() const { return figures_; }
    // The waiting count of a service in the last snapshot; nullopt before one.
    std::optional<int> waiting(const std::string& service) const;

private:
    std::uint64_t next_id() { return ++last_id_; }
    void note_failure(const Error& error);
    void back_to_login();

    CounterPhase phase_ = CounterPhase::login;
    CounterPanel panel_ = CounterPanel::none;
    std::vector<CounterService> services_here_;
    bool call_by_number_ = false;
    bool office_set_ = false;
    std::string clerk_input_;
    std::string pin_;
    std::vector<std::string> chosen_;
    std::optional<CounterSession> session_;
    std::optional<CounterRequest> running_;  // the request whose answer is awaited
    std::uint64_t last_id_ = 0;
    std::optional<CounterMessage> message_;
    std::optional<QueueSnapshot> queue_;
    std::optional<DayFigures> figures_;
    bool reachable_ = true;
};

}  // namespace ventanilla
