#include "server/demo_queue.h"

#include <sodium.h>

#include <ctime>

#include "kiosk/reference_code.h"

namespace ventanilla {

namespace {

LocalizedText group_name(std::string_view id) {
    if (id == "elderly") return {"Personas mayores", "Older people"};
    if (id == "pregnant") return {"Embarazadas", "Pregnant women"};
    if (id == "disability") return {"Personas con discapacidad", "People with disabilities"};
    return {"Cita previa", "Appointment"};
}

std::vector<QueuePriorityGroup> groups(int elderly, int pregnant, int disability, int appointment) {
    return {{"elderly", elderly, group_name("elderly")},
            {"pregnant", pregnant, group_name("pregnant")},
            {"disability", disability, group_name("disability")},
            {"appointment", appointment, group_name("appointment")}};
}

// The counters of each service, by office and service id.
std::vector<int> counters_of(std::string_view office, std::string_view service) {
    struct Row {
        std::string_view office, service;
        std::vector<int> counters;
    };
    static const std::vector<Row> kRows = {
        {"hav-plaza", "envios", {1, 2}},
        {"hav-plaza", "giros", {2, 3}},
        {"hav-plaza", "quejas", {4}},
        {"hav-centro", "identidad", {1, 2, 3}},
        {"hav-centro", "registro-civil", {4, 5}},
        {"hav-centro", "licencias", {6}},
        {"hav-centro", "quejas", {6}},
        {"scu-central", "envios", {1, 2}},
        {"scu-central", "giros", {2, 3}},
        {"scu-central", "identidad", {4, 5}},
        {"scu-central", "registro-civil", {5}},
        {"scu-central", "licencias", {6}},
        {"scu-central", "quejas", {6}},
    };
    for (const Row& row : kRows) {
        if (row.office == office && row.service == service) return row.counters;
    }
    return {};
}

// Eight symbols of a reference code, from a hash of `seed`: the same seed, the same code.
std::string derived_code(const std::string& seed) {
    unsigned char digest[28];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(seed.data()),
                       seed.size(), nullptr, 0);
    std::size_t next = 0;
    return generate_reference_code([&] {
               std::uint32_t value = 0;
               for (int i = 0; i < 4; ++i) value = (value << 8) | digest[next++];
               return value;
           })
        .symbols;
}

std::int64_t local_midnight(std::int64_t now_s) {
    const auto seconds = static_cast<std::time_t>(now_s);
    std::tm local{};
    localtime_r(&seconds, &local);
    local.tm_hour = 0;
    local.tm_min = 0;
    local.tm_sec = 0;
    local.tm_isdst = -1;
    return static_cast<std::int64_t>(std::mktime(&local));
}

}  // namespace

std::vector<Office> with_demo_queues(std::vector<Office> offices) {
    for (Office& office : offices) {
        if (office.id == "hav-plaza") {
            // One priority ticket after every two normal ones, as the post office does.
            office.queue = {{FairnessKind::interleave, 2}, groups(10, 10, 10, 20), true};
        } else if (office.id == "hav-centro") {
            // Identity and civil-registry counters: priority by law, heaviest first.
            office.queue = {{FairnessKind::strict, 1}, groups(3, 3, 3, 5), true};
        } else if (office.id == "scu-central") {
            // Priority as minutes of head start, so nobody waits all day.
            office.queue = {{FairnessKind::aging, 1}, groups(15, 15, 20, 30), false};
        }
        for (Service& service : office.services) {
            service.counters = counters_of(office.id, service.id);
        }
    }
    return offices;
}

std::vector<Clerk> demo_clerks() {
    return {
        {"hav-plaza", "ana", "Ana Rodríguez", 
         "$argon2id$v=19$m=19456,t=2,p=1$qIJ6+rPTdbW/Y2XZxxPhyg$2q5EsF40Ourud1VHUXSHk90rEj+VMvnqaWbj6Trkx14"},
        {"hav-plaza", "luis", "Luis Hernández", 
         "$argon2id$v=19$m=19456,t=2,p=1$ajrTj3wFDgd2pDHR/indnQ$/FR5/9FGMDtq8zqUOeVR7gNFdTeYJ8rp8/yPSBRG74I"},
        {"hav-plaza", "marta", "Marta Pérez", 
         "$argon2id$v=19$m=19456,t=2,p=1$zW5IvbyPV43Fyodkh3qhiQ$fUGfXbPtlMQ79RS8JrQmIPXiwuxMqN/ojGaBomrtfSc"},
        {"hav-centro", "yanet", "Yanet García", 
         "$argon2id$v=19$m=19456,t=2,p=1$Njk1bADGLFolNKOfi7g7Lw$0SqbQq2NzfXNjEENMILibH0dsefsJZQGw3jaWYGnvTw"},
        {"hav-centro", "pedro", "Pedro Fernández", 
         "$argon2id$v=19$m=19456,t=2,p=1$XkqgDG0t+wpQNn85ThtCXA$dGr01/vJyA5ZTHnMC9jAGYh0cBPcZRi90p+qDUh9iSw"},
        {"scu-central", "osmany", "Osmany Castillo", 
         "$argon2id$v=19$m=19456,t=2,p=1$qY33XnmSsuq7/fjjYOknXw$VBwp/xO7+axX0eQUwT3zzc2h2dgKIII4/pilYatJn2M"},
        {"scu-central", "dayana", "Dayana Martínez", 
         "$argon2id$v=19$m=19456,t=2,p=1$0myW9YCZqpjwK90KAx8NPw$X7kJJuwgm5hFKocs6s53mK9K5iFBsJ9zrDK77qap1ZE"},
    };
}

std::vector<Appointment> demo_appointments(std::int64_t now_s) {
    struct OfficeServices {
        std::string office;
        std::vector<std::string> services;
    };
    const std::vector<OfficeServices> offices = {
        {"hav-plaza", {"envios", "giros"}},
        {"hav-centro", {"identidad", "registro-civil", "licencias"}},
        {"scu-central", {"giros", "identidad", "registro-civil"}},
    };
    const std::int64_t midnight = local_midnight(now_s);
    std::vector<Appointment> appointments;
    for (const OfficeServices& office : offices) {
        const std::string day = std::to_string(midnight);
        int slot = 0;
        for (std::int64_t minute = 9 * 60; minute <= 16 * 60; minute += 30, ++slot) {
            const std::string& service = office.services[static_cast<std::size_t>(slot) %
                                                         office.services.size()];
            appointments.push_back({office.office,
                                    derived_code(office.office + "/" + day + "/" + std::to_string(slot)),
                                    service, midnight + minute * 60});
        }
        const std::int64_t minute_now = now_s - now_s % 60;
        const std::pair<const char*, std::int64_t> around[] = {
            {"late", minute_now - 40 * 60}, {"due", minute_now}, {"early", minute_now + 90 * 60}};
        for (const auto& [name, time_s] : around) {
            appointments.push_back({office.office,
                                    derived_code(office.office + "/" + name + "/" +
                                                 std::to_string(minute_now)),
                                    office.services.front(), time_s});
        }
    }
    return appointments;
}

Status load_demo_queue(CentralStore& store, std::int64_t now_s) {
    const auto clerks = demo_clerks();
    if (auto status = add_clerks(store, clerks); !status) return status;
    const auto appointments = demo_appointments(now_s);
    return add_appointments(store, appointments);
}

}  // namespace ventanilla
