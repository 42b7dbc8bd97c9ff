#include "kiosk/upu_events.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>

using namespace ventanilla;

namespace {

struct Expected {
    std::string_view code;
    std::string_view es;
    std::string_view en;
    bool is_final;
};

// The wording a citizen reads; written out again here so a slip in the table shows.
constexpr Expected kExpected[] = {
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
};

}  // namespace

TEST_CASE("every UPU event code has its Spanish and English wording and finality") {
    for (const Expected& expected : kExpected) {
        CAPTURE(expected.code);
        const UpuEvent* event = find_upu_event(expected.code);
        REQUIRE(event != nullptr);
        CHECK(event->code == expected.code);
        CHECK(event->es == expected.es);
        CHECK(event->en == expected.en);
        CHECK(event->is_final == expected.is_final);
    }
    CHECK(upu_events().size() == std::size(kExpected));
}

TEST_CASE("event codes are unique, three upper-case letters, with text in both languages") {
    std::set<std::string_view> seen;
    for (const UpuEvent& event : upu_events()) {
        CAPTURE(event.code);
        CHECK(seen.insert(event.code).second);
        REQUIRE(event.code.size() == 3);
        for (char c : event.code) CHECK((c >= 'A' && c <= 'Z'));
        CHECK(!event.es.empty());
        CHECK(!event.en.empty());
        CHECK(find_upu_event(event.code) == &event);
    }
}

TEST_CASE("only final delivery is a final state") {
    for (const UpuEvent& event : upu_events()) {
        CAPTURE(event.code);
        CHECK(event.is_final == (event.code == "EMI"));
    }
}

TEST_CASE("unknown, lower-case or padded codes are not found") {
    for (std::string_view code : {"", "EM", "EMZ", "emi", " EMI", "EMI ", "EMIX", "XYZ"}) {
        CAPTURE(code);
        CHECK(find_upu_event(code) == nullptr);
    }
}
