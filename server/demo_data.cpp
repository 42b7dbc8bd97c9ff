#include "server/demo_data.h"

#include <algorithm>

#include "kiosk/giro_reference.h"
#include "kiosk/s10.h"
#include "server/demo_queue.h"

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
    return with_demo_queues({
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
    });
}

namespace {

// Where the demo items pass. Codes follow the UPU's office-of-exchange style
// (country + place + letter) abroad and Cuban postal codes at home.
struct Place {
    const char* code;
    const char* name;
    const char* location;
    const char* country;
};

constexpr Place kMadridRetiro{"ES28009", "Oficina de Correos Madrid Retiro", "Madrid", "ES"};
constexpr Place kMadridExchange{"ESMADA", "Centro de Tratamiento Internacional de Madrid",
                                "Barajas, Madrid", "ES"};
constexpr Place kMexicoCentro{"MX06000", "Oficina Postal Centro Histórico", "Ciudad de México",
                              "MX"};
constexpr Place kMexicoExchange{"MXMEXA", "Centro Internacional de Depósito Postal",
                                "Ciudad de México", "MX"};
constexpr Place kMiamiLittleHavana{"US33135", "Little Havana Post Office", "Miami, FL", "US"};
constexpr Place kMiamiExchange{"USMIAA", "International Service Center Miami", "Miami, FL", "US"};
constexpr Place kPanamaTransit{"PAPTYA", "Centro de Canje Internacional Tocumen",
                               "Ciudad de Panamá", "PA"};
constexpr Place kBoyerosExchange{"CUHAVA", "Centro de Clasificación Internacional",
                                 "Boyeros, La Habana", "CU"};
constexpr Place kBoyerosCustoms{"CUHAVC", "Aduana de Envíos Postales", "Boyeros, La Habana", "CU"};
constexpr Place kHavanaSorting{"CU10600", "Centro de Clasificación Postal de La Habana",
                               "Cerro, La Habana", "CU"};
constexpr Place kSantiagoSorting{"CU90600", "Centro de Clasificación Postal de Santiago",
                                 "Santiago de Cuba", "CU"};
constexpr Place kCorreosPlaza{"CU10400", "Correos Plaza", "La Habana", "CU"};
constexpr Place kCorreosCentro{"CU10200", "Correos Centro Habana", "La Habana", "CU"};
constexpr Place kCorreosSantiago{"CU90100", "Correos Santiago — Oficina Central",
                                 "Santiago de Cuba", "CU"};

struct Step {
    const char* code;
    double days_ago;
    const Place* place;
    const char* counter = nullptr;
};

std::string s10(const char* service, const char* serial, const char* country) {
    return std::string(service) + serial + std::to_string(s10_check_digit(serial)) + country;
}

std::string giro_item() {
    return make_giro_reference(4'000'012'345).to_string();
}

struct DemoItem {
    std::string item_id;
    std::vector<Step> steps;  // oldest first
};

std::vector<DemoItem> demo_items() {
    return {
        // Domestic registered letter, Santiago → La Habana, waiting at counter 2.
        {s10("RR", "12345678", "CU"),
         {{"EMA", 9.2, &kCorreosSantiago},
          {"EDD", 8.6, &kSantiagoSorting},
          {"EDE", 8.1, &kSantiagoSorting},
          {"EDD", 6.7, &kHavanaSorting},
          {"EDE", 6.2, &kHavanaSorting},
          {"EMG", 5.9, &kCorreosPlaza},
          {"EDH", 5.8, &kCorreosPlaza, "2"}}},
        // Parcel from Spain through export customs, delivered in Centro Habana.
        {s10("CX", "20481736", "ES"),
         {{"EMA", 27.3, &kMadridRetiro},
          {"EMB", 26.5, &kMadridExchange},
          {"EXA", 26.4, &kMadridExchange},
          {"EXC", 25.6, &kMadridExchange},
          {"EMC", 24.9, &kMadridExchange},
          {"EMD", 21.2, &kBoyerosExchange},
          {"EDB", 20.8, &kBoyerosCustoms},
          {"EME", 20.7, &kBoyerosCustoms},
          {"EDC", 15.4, &kBoyerosCustoms},
          {"EMF", 15.1, &kBoyerosExchange},
          {"EDD", 14.6, &kHavanaSorting},
          {"EDE", 14.2, &kHavanaSorting},
          {"EMG", 13.9, &kCorreosCentro},
          {"EDG", 13.7, &kCorreosCentro},
          {"EMI", 13.5, &kCorreosCentro}}},
        // Parcel from Mexico, still held by Cuban customs.
        {s10("CP", "61570328", "MX"),
         {{"EMA", 19.4, &kMexicoCentro},
          {"EMB", 18.7, &kMexicoExchange},
          {"EMC", 17.9, &kMexicoExchange},
          {"EMD", 12.3, &kBoyerosExchange},
          {"EDA", 12.2, &kBoyerosExchange},
          {"EDB", 10.8, &kBoyerosCustoms},
          {"EME", 10.7, &kBoyerosCustoms}}},
        // Parcel from the USA, held by export customs, through Panamá, out for delivery.
        {s10("LZ", "90417263", "US"),
         {{"EMA", 24.2, &kMiamiLittleHavana},
          {"EMB", 23.6, &kMiamiExchange},
          {"EXA", 23.5, &kMiamiExchange},
          {"EXB", 23.1, &kMiamiExchange},
          {"EXC", 20.4, &kMiamiExchange},
          {"EXD", 20.3, &kMiamiExchange},
          {"EMC", 18.8, &kMiamiExchange},
          {"EMJ", 18.1, &kPanamaTransit},
          {"EMK", 16.9, &kPanamaTransit},
          {"EMD", 14.3, &kBoyerosExchange},
          {"EDB", 13.9, &kBoyerosCustoms},
          {"EDC", 9.6, &kBoyerosCustoms},
          {"EMF", 9.2, &kBoyerosExchange},
          {"EDD", 8.2, &kSantiagoSorting},
          {"EDE", 7.6, &kSantiagoSorting},
          {"EMG", 1.3, &kCorreosSantiago},
          {"EDG", 0.1, &kCorreosSantiago}}},
        // EMS from Spain: the delivery attempt failed, nobody was home.
        {s10("EE", "31095846", "ES"),
         {{"EMA", 11.4, &kMadridRetiro},
          {"EMB", 11.0, &kMadridExchange},
          {"EMC", 10.6, &kMadridExchange},
          {"EMD", 8.9, &kBoyerosExchange},
          {"EDB", 8.7, &kBoyerosCustoms},
          {"EDC", 6.4, &kBoyerosCustoms},
          {"EMF", 6.2, &kBoyerosExchange},
          {"EDD", 5.6, &kHavanaSorting},
          {"EDE", 5.2, &kHavanaSorting},
          {"EMG", 2.9, &kCorreosPlaza},
          {"EDG", 2.1, &kCorreosPlaza},
          {"EMH", 1.8, &kCorreosPlaza}}},
        // Small packet from the USA that has just arrived in Cuba.
        {s10("UA", "55238017", "US"),
         {{"EMA", 6.3, &kMiamiLittleHavana},
          {"EMB", 5.8, &kMiamiExchange},
          {"EMC", 4.9, &kMiamiExchange},
          {"EMD", 0.6, &kBoyerosExchange}}},
        // Parcel from La Habana to Spain, refused at customs there and returned to
        // its sender, who collected it at Correos Plaza.
        {s10("CP", "47281234", "CU"),
         {{"EMA", 34.6, &kCorreosPlaza},
          {"EDD", 34.1, &kHavanaSorting},
          {"EMB", 33.5, &kBoyerosExchange},
          {"EMC", 32.4, &kBoyerosExchange},
          {"EMD", 29.8, &kMadridExchange},
          {"EDB", 29.6, &kMadridExchange},
          {"EME", 29.5, &kMadridExchange},
          {"EMH", 22.3, &kMadridExchange},
          {"EMC", 21.1, &kMadridExchange},
          {"EMD", 17.2, &kBoyerosExchange},
          {"EMF", 16.8, &kBoyerosExchange},
          {"EMG", 15.3, &kCorreosPlaza},
          {"EDF", 15.2, &kCorreosPlaza, "2"},
          {"EMI", 12.6, &kCorreosPlaza, "2"}}},
        // Domestic letter, La Habana → Santiago, held at the delivery office.
        {s10("RR", "70361542", "CU"),
         {{"EMA", 4.4, &kCorreosPlaza},
          {"EDD", 4.1, &kHavanaSorting},
          {"EDE", 3.7, &kHavanaSorting},
          {"EDD", 2.6, &kSantiagoSorting},
          {"EDE", 2.2, &kSantiagoSorting},
          {"EMG", 1.9, &kCorreosSantiago},
          {"EDF", 1.8, &kCorreosSantiago, "4"}}},
        // National money order (giro) from Santiago, ready to be paid at Correos Plaza.
        {giro_item(),
         {{"EMA", 3.3, &kCorreosSantiago},
          {"EMG", 1.2, &kCorreosPlaza},
          {"EDH", 1.1, &kCorreosPlaza, "2"}}},
    };
}

// Cuban civil time is UTC−5 (−4 in summer); the demo ignores summer time.
constexpr std::int64_t kCubaOffsetS = -5 * 3600;
constexpr std::int64_t kDayS = 24 * 3600;

// `days_ago` days before `now_s`, moved into office hours: the whole days pick
// the day, the fraction the time between 08:00 and 17:00 Cuban time (a larger
// fraction is earlier that day, so an item's order is kept). Never later than
// a few minutes before now.
std::int64_t office_hours_time(std::int64_t now_s, double days_ago) {
    const std::int64_t local_now = now_s + kCubaOffsetS;
    const std::int64_t local_midnight = local_now - local_now % kDayS;
    const auto whole_days = static_cast<std::int64_t>(days_ago);
    const double fraction = days_ago - static_cast<double>(whole_days);
    const auto minutes_into_day = static_cast<std::int64_t>(8 * 60 + (1.0 - fraction) * 9 * 60);
    const std::int64_t local = local_midnight - whole_days * kDayS + minutes_into_day * 60;
    const std::int64_t utc = local - kCubaOffsetS;
    const std::int64_t latest = now_s - now_s % 60 - 7 * 60;
    return std::min(utc - utc % 60, latest);
}

}  // namespace

std::vector<PostalEvent> demo_tracking_events(std::int64_t now_s) {
    std::vector<PostalEvent> events;
    for (const DemoItem& item : demo_items()) {
        int number = 0;
        for (const Step& step : item.steps) {
            PostalEvent event;
            ++number;
            event.event_id =
                "demo-" + item.item_id + "-" + (number < 10 ? "0" : "") + std::to_string(number);
            event.item_id = item.item_id;
            event.code = step.code;
            event.time_s = office_hours_time(now_s, step.days_ago);
            event.time = format_rfc3339_utc(WallTime(std::chrono::seconds(event.time_s)));
            event.office_code = step.place->code;
            event.office_name = step.place->name;
            event.location = step.place->location;
            event.country = step.place->country;
            if (step.counter != nullptr) {
                event.counter = step.counter;
            }
            events.push_back(std::move(event));
        }
    }
    return events;
}

std::vector<std::string> demo_item_ids() {
    std::vector<std::string> ids;
    for (const DemoItem& item : demo_items()) {
        ids.push_back(item.item_id);
    }
    return ids;
}

Status load_demo_data(CentralStore& store, std::int64_t now_s) {
    const std::vector<Office> offices = demo_offices();
    if (auto status = store.put_offices(offices); !status) {
        return status;
    }
    // Conflicts are expected on a second load (same ids, later times) and keep
    // the first histories; nothing else can go wrong with our own events.
    const std::vector<PostalEvent> events = demo_tracking_events(now_s);
    auto written = store.put_tracking_events(events, now_s);
    if (!written) {
        return written.error();
    }
    return load_demo_queue(store, now_s);
}

}  // namespace ventanilla
