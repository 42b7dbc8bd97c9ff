// outbox_driver: makes records with the real kiosk library and uploads them, to be killed.
//
//   outbox_driver --db FILE --server URL --device-id ID --token TOKEN
//                 [--create N] [--run NAME] [--ledger FILE] [--drain-ms MS]
//
// Each record is committed by Outbox::enqueue; only then is its id appended to the ledger
// (one line, one write()), as a screen would only then say "done". A test kills this program
// at random moments and checks that every id in the ledger reaches the server exactly once.
// Exit 0 once everything made is acknowledged, 3 if not within --drain-ms, 2 on bad usage.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "kiosk/outbox.h"
#include "kiosk/outbox_worker.h"
#include "kiosk/store.h"

using namespace ventanilla;

int main(int argc, char** argv) {
    std::string db, server, device_id, token, ledger, run = "run";
    int create = 0;
    long drain_ms = 20000;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string name = argv[i];
        const std::string value = argv[i + 1];
        if (name == "--db") db = value;
        else if (name == "--server") server = value;
        else if (name == "--device-id") device_id = value;
        else if (name == "--token") token = value;
        else if (name == "--ledger") ledger = value;
        else if (name == "--run") run = value;
        else if (name == "--create") create = std::stoi(value);
        else if (name == "--drain-ms") drain_ms = std::stol(value);
        else {
            std::cerr << "outbox_driver: unknown option " << name << '\n';
            return 2;
        }
    }
    if (db.empty() || server.empty() || device_id.empty() || token.empty()) {
        std::cerr << "outbox_driver: --db, --server, --device-id and --token are required\n";
        return 2;
    }
    // The terminal's own start: full checks (integrity included) on its file.
    auto store = LocalStore::open(db);
    if (!store) {
        std::cerr << "outbox_driver: " << store.error().describe() << '\n';
        return 1;
    }
    OutboxWorkerOptions options;
    options.db_path = db;
    options.endpoint.base_url = server;
    options.endpoint.device_id = device_id;
    options.endpoint.token = token;
    options.endpoint.connect_timeout_ms = 1000;
    options.endpoint.total_timeout_ms = 5000;
    options.retry = {std::chrono::milliseconds(20), std::chrono::milliseconds(300)};
    auto worker = OutboxWorker::start(options);
    if (!worker) {
        std::cerr << "outbox_driver: " << worker.error().describe() << '\n';
        return 1;
    }
    const int ledger_fd =
        ledger.empty() ? -1 : ::open(ledger.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    Outbox outbox(store.value());
    for (int n = 0; n < create; ++n) {
        auto id = outbox.enqueue("event", {{"run", run}, {"n", n}, {"text", "registro de prueba"}});
        if (!id) {
            std::cerr << "outbox_driver: " << id.error().describe() << '\n';
            return 1;
        }
        if (ledger_fd >= 0) {
            const std::string line = *id + " " + run + " " + std::to_string(n) + "\n";
            if (::write(ledger_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
                return 1;
            }
        }
        (*worker)->wake();
    }
    const bool drained = (*worker)->wait_until_drained(std::chrono::milliseconds(drain_ms));
    const SyncState state = (*worker)->state();
    std::cout << "outbox_driver: " << (drained ? "drained" : "NOT drained") << ", waiting "
              << state.records_waiting << ", set aside " << state.records_set_aside
              << ", acknowledged " << state.records_acknowledged << ", last error "
              << (state.last_error_code.empty() ? "-" : state.last_error_code) << '\n';
    return drained && state.records_set_aside == 0 ? 0 : 3;
}
