#include "server/demo_data.h"

namespace ventanilla {

namespace {

// Post offices open weekdays and Saturday morning; identity and civil-registry
// counters keep weekday office hours only.
std::vector<OpeningPeriod> postal_hours() {
    return {{{1, 2, 3, 4, 5}, "08:00", "17:00"}, {{6}, "08:00", "12:00"}};
}

std::vector<OpeningPeriod> counter_hours() {
    return {{{1, 2, 3, 4, 5}, "08:30", "16:30"}};
}

Service parcels() {
    return {"envios", "A", {"Envíos y paquetería", "Shipping and parcels"}, postal_hours()};
}

Service money_orders() {
    return {"giros", "B", {"Giros postales", "Postal money orders"}, postal_hours()};
}

Service identity_card() {
    return {"identidad",
            "C",
            {"Trámites de identidad (carné)", "Identity card (carné) procedures"},
            counter_hours()};
}

Service civil_registry() {
    return {"registro-civil", "D", {"Registro civil", "Civil registry"}, counter_hours()};
}

Service driving_licence() {
    return {"licencias",
            "E",
            {"Licencias de conducción", "Driving licences"},
            {{{1, 2, 3, 4}, "08:30", "16:00"}}};
}

Service complaints(std::vector<OpeningPeriod> hours) {
    return {
        "quejas", "Q", {"Quejas y sugerencias", "Complaints and suggestions"}, std::move(hours)};
}

}  // namespace

std::vector<Office> demo_offices() {
    return {
        {"hav-centro",
         "HAB-02",
         {"Oficina de Trámites Centro Habana", "Centro Habana Service Office"},
         {"Calle San Rafael No. 512, entre Lealtad y Escobar", "Centro Habana", "La Habana"},
         {identity_card(), civil_registry(), driving_licence(), complaints(counter_hours())}},
        {"hav-plaza",
         "HAB-01",
         {"Correos de Cuba — Oficina Plaza", "Cuban Post — Plaza Office"},
         {"Av. Rancho Boyeros y 20 de Mayo", "Plaza de la Revolución", "La Habana"},
         {parcels(), money_orders(), complaints(postal_hours())}},
        {"scu-central",
         "SCU-01",
         {"Correos Santiago — Oficina Central", "Santiago Post — Central Office"},
         {"Calle Aguilera No. 519, esquina a Clarín", "Santiago de Cuba", "Santiago de Cuba"},
         {parcels(), money_orders(), identity_card(), civil_registry(), driving_licence(),
          complaints(postal_hours())}},
    };
}

Status load_demo_data(CentralStore& store) {
    const std::vector<Office> offices = demo_offices();
    return store.put_offices(offices);
}

}  // namespace ventanilla
