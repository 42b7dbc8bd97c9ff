#include "kiosk/upu_events.h"

#include <algorithm>
#include <array>

namespace ventanilla {

namespace {

// "Oficina de cambio de origen / de destino" is how the Spanish-speaking posts word
// the UPU's outward / inward office of exchange for the public.
constexpr std::array<UpuEvent, 23> kEvents{{
    {"EMA", "Admisión", "Posted", false},
    {"EMB", "Llegada a la oficina de cambio de origen", "Arrival at outward office of exchange",
     false},
    {"EMC", "Salida de la oficina de cambio de origen", "Departure from outward office of exchange",
     false},
    {"EXA", "Presentado a la aduana de exportación", "Submitted to export customs", false},
    {"EXB", "Retenido por la aduana de exportación", "Held by export customs", false},
    {"EXC", "Salida de la aduana de exportación", "Returned from export customs", false},
    {"EXD", "Retenido en la oficina de cambio de origen", "Held at outward office of exchange",
     false},
    {"EMJ", "Llegada a la oficina de cambio de tránsito", "Arrival at transit office of exchange",
     false},
    {"EMK", "Salida de la oficina de cambio de tránsito",
     "Departure from transit office of exchange", false},
    {"EMD", "Llegada a la oficina de cambio de destino", "Arrival at inward office of exchange",
     false},
    {"EDA", "Retenido en la oficina de cambio de destino", "Held at inward office of exchange",
     false},
    {"EDB", "Presentado a la aduana de importación", "Presented to import customs", false},
    {"EME", "Retenido por la aduana", "Held by customs", false},
    {"EDC", "Salida de la aduana", "Returned from customs", false},
    {"EMF", "Salida de la oficina de cambio de destino", "Departure from inward office of exchange",
     false},
    {"EDD", "Entrada en el centro de clasificación", "Arrived at sorting centre", false},
    {"EDE", "Salida del centro de clasificación", "Left sorting centre", false},
    {"EMG", "Llegada a la oficina de entrega", "Arrival at delivery office", false},
    {"EDF", "Retenido en la oficina de entrega", "Held at delivery office", false},
    {"EDG", "En reparto", "Out for delivery", false},
    {"EDH", "Listo para recoger", "Ready for pick-up", false},
    {"EMH", "Intento de entrega fallido", "Unsuccessful delivery attempt", false},
    {"EMI", "Entregado", "Delivered", true},
}};

}  // namespace

std::span<const UpuEvent> upu_events() {
    return kEvents;
}

const UpuEvent* find_upu_event(std::string_view code) {
    const auto it = std::find_if(kEvents.begin(), kEvents.end(),
                                 [code](const UpuEvent& event) { return event.code == code; });
    return it == kEvents.end() ? nullptr : &*it;
}

}  // namespace ventanilla
