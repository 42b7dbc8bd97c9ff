// Demo reference data: three Cuban offices with their services, for demos and tests.
#pragma once

#include <vector>

#include "kiosk/catalog.h"
#include "server/central_store.h"

namespace ventanilla {

// Correos de Cuba — Oficina Plaza and Oficina de Trámites Centro Habana (La
// Habana), Correos Santiago — Oficina Central. Fixed content, so the catalog
// version it yields is the same on every run.
std::vector<Office> demo_offices();

// Stores the demo offices; loading them again changes nothing.
Status load_demo_data(CentralStore& store);

}  // namespace ventanilla
