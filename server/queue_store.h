// The office queue's rules: numbering, fairness, counters, calls and appointments, written
// once over CentralStore::queue_transaction so that SQLite and PostgreSQL behave alike.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/catalog.h"
#include "server/central_store.h"

namespace ventanilla {

// Every code these functions (and server/queue_api.cpp) answer with; each has a text in
// assets/i18n and a row in docs/protocol.md, "Queue errors".
inline constexpr std::array<std::string_view, 25> kQueueErrorCodes{
    "queue.invalid_request",      "queue.unknown_service",     "queue.unknown_priority",
    "queue.appointment_priority", "queue.ticket_conflict",     "queue.offline_number_taken",
    "queue.offline_ticket_stale", "queue.wrong_pin",           "queue.clerk_locked",
    "queue.session_required",     "queue.session_invalid",     "queue.session_ended",
    "queue.service_not_at_counter", "queue.ticket_in_hand",    "queue.no_ticket_in_hand",
    "queue.counter_paused",       "queue.call_by_number_off",  "queue.unknown_number",
    "queue.appointment_unknown",  "queue.appointment_too_early", "queue.appointment_too_late",
    "queue.appointment_used",     "auth.wrong_role",           "auth.wrong_office",
    "queue.unknown_ticket",
};

// Mean service time assumed while a service has served fewer than kMinServedForMean
// tickets in the last week.
inline constexpr std::int64_t kDefaultServiceTimeS = 300;
inline constexpr int kMinServedForMean = 3;
inline constexpr int kFailuresBeforeLock = 5;
inline constexpr std::int64_t kClerkLockS = 300;

// The office's local calendar day, "YYYY-MM-DD", in the server process's time zone (the
// TZ environment variable, else the system's): numbers restart when it changes.
std::string local_day(std::int64_t time_s);

// A kiosk's request for a ticket, checked for shape by the API.
struct TicketRequest {
    std::string id;                             // canonical lower-case UUID
    std::string service;                        // a service id of the office
    std::optional<std::string> priority;        // a priority group id of the office
    std::string created_at;                     // the terminal's clock, RFC 3339 as sent
    std::int64_t created_at_s = 0;              // the same, parsed
    std::optional<std::string> offline_number;  // "A-9-007": issued offline and printed
};

struct IssuedTicket {
    nlohmann::json answer;  // the ticket, as answered the first time
    bool repeated = false;  // an earlier request with this id and body made it
};

// Issues (or, for a repeated request, answers again) one ticket of `kiosk` at `office`.
// Numbers come from a per-day, per-service counter taken under the office's queue lock,
// so they are gapless and in order whatever the concurrency; an offline ticket keeps its
// own number. Errors: queue.unknown_service, queue.unknown_priority,
// queue.appointment_priority, queue.invalid_request (offline number), queue.ticket_conflict,
// queue.offline_number_taken, queue.offline_ticket_stale, or a store failure.
Result<IssuedTicket> issue_ticket(CentralStore& store, const Office& office, const Device& kiosk,
                                  const TicketRequest& request, std::int64_t now_s);

// Checks in appointment `code` (a reference code, any spelling parse_reference_code takes)
// with ticket `request.id`: a ticket of the appointment's service with priority
// "appointment", inside the appointment's window. `request.service` and `priority` are
// ignored. Errors as issue_ticket, plus queue.appointment_unknown, _too_early, _too_late,
// _used.
Result<IssuedTicket> check_in_appointment(CentralStore& store, const Office& office,
                                          const Device& kiosk, std::string_view code,
                                          TicketRequest request, std::int64_t now_s);

struct SessionRequest {
    std::string clerk;
    std::string pin;
    std::vector<std::string> services;
};

// Logs a clerk in at counter `counter` of the office from counter terminal `device`: the
// answer holds the session token (shown once). A new session ends the counter's earlier
// one and the clerk's sessions at other counters. Errors: queue.unknown_service,
// queue.service_not_at_counter, queue.wrong_pin, queue.clerk_locked.
Result<nlohmann::json> open_counter_session(CentralStore& store, const Office& office,
                                            const Device& device, int counter,
                                            const SessionRequest& request, std::int64_t now_s);

enum class CounterAction { call_next, recall, served, no_show, transfer, call_number, pause,
                           resume, end_session };

struct CounterCommand {
    CounterAction action = CounterAction::call_next;
    std::string argument;  // transfer: the service; call_number: the number; pause: the reason
};

// One operation of an open counter session, atomically under the office's queue lock.
Result<nlohmann::json> counter_command(CentralStore& store, const Office& office,
                                       const Device& device, int counter,
                                       std::string_view session_token,
                                       const CounterCommand& command, std::int64_t now_s);

// Every service's waiting numbers in call order, the tickets being served and the open
// counters. No personal data: numbers, services, counters.
Result<nlohmann::json> queue_state(CentralStore& store, const Office& office, std::int64_t now_s);

// Where one ticket stands now (GET …/tickets/{id}): number, service, status ("waiting",
// "called", "served", "no_show", or "expired" for one left waiting on an earlier day), the
// counter once called, and while waiting the people ahead and the estimated wait. No
// personal data. Error: queue.unknown_ticket.
Result<nlohmann::json> ticket_status(CentralStore& store, const Office& office,
                                     std::string_view id, std::int64_t now_s);

// The office's calls with a sequence above `after`, oldest first, at most `limit`.
Result<nlohmann::json> calls_after(CentralStore& store, const Office& office, std::int64_t after,
                                   int limit);

// The office's appointments from 12 h before to 36 h after now_s, by time.
Result<nlohmann::json> appointments_around(CentralStore& store, const Office& office,
                                           std::int64_t now_s);

struct Clerk {
    std::string office_id;
    std::string id;
    std::string name;
    std::string pin_hash;  // see server/clerk_pin.h
};

struct Appointment {
    std::string office_id;
    std::string code;  // the reference code's eight symbols, no dash
    std::string service;
    std::int64_t time_s = 0;
    std::int64_t early_s = 15 * 60;
    std::int64_t late_s = 10 * 60;
};

// Store clerks and appointments that are not stored yet (by office and id or code); the
// ones stored are left as they are, failed PIN attempts and check-ins included.
Status add_clerks(CentralStore& store, std::span<const Clerk> clerks);
Status add_appointments(CentralStore& store, std::span<const Appointment> appointments);

}  // namespace ventanilla
