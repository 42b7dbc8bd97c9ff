// Demo data: three Cuban offices with their services, and tracked items with their histories.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/catalog.h"
#include "server/central_store.h"

namespace ventanilla {

// Correos de Cuba — Oficina Plaza and Oficina de Trámites Centro Habana (La
// Habana), Correos Santiago — Oficina Central. Fixed content, so the catalog
// version it yields is the same on every run.
std::vector<Office> demo_offices();

// Parcels, letters and a giro with event histories ending `now_s` (seconds since
// 1970) and reaching back a few weeks; docs/protocol.md lists the items. Event
// ids are fixed ("demo-<item>-<n>"), times follow `now_s`.
std::vector<PostalEvent> demo_tracking_events(std::int64_t now_s);

// The canonical ids of the demo's tracked items, in the order they are described.
std::vector<std::string> demo_item_ids();

// Stores the demo offices, tracked items, clerks and appointments (server/demo_queue.h);
// loading them again changes nothing (events already stored keep their first times, so
// the histories age with the database).
Status load_demo_data(CentralStore& store, std::int64_t now_s);

}  // namespace ventanilla
