// Demo data of the office queues: queue settings and counters, clerks with PINs, appointments.
#pragma once

#include <cstdint>
#include <vector>

#include "kiosk/catalog.h"
#include "server/central_store.h"
#include "server/queue_store.h"

namespace ventanilla {

// Gives each demo office its queue settings (policy, priority groups) and each service
// the counters that serve it. docs/protocol.md, "Demo data", lists them.
std::vector<Office> with_demo_queues(std::vector<Office> offices);

// Two or three clerks per demo office, each with a PIN printed in docs/protocol.md.
std::vector<Clerk> demo_clerks();

// Today's appointments at the demo offices (local day of `now_s`, every 30 minutes from
// 09:00 to 16:00), and three per office around `now_s`: 40 minutes ago (too late to check
// in), now (due) and in 90 minutes (too early). Codes are derived from the office, the day
// and the slot, so loading the demo again the same day adds nothing twice.
std::vector<Appointment> demo_appointments(std::int64_t now_s);

// Stores the clerks and appointments above; ones already stored are kept as they are.
Status load_demo_queue(CentralStore& store, std::int64_t now_s);

}  // namespace ventanilla
