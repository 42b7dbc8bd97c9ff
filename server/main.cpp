// ventanilla-central: wires the store and the HTTP API together and serves until SIGTERM.
#include <httplib.h>
#include <malloc.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/install_layout.h"
#include "kiosk/version.h"
#include "server/central_api.h"
#include "server/demo_data.h"
#include "server/form_library.h"
#include "server/forms_api.h"
#include "server/submissions_api.h"
#include "server/event_import.h"
#include "server/http_router.h"
#include "server/line_log.h"
#include "server/port_file.h"
#include "server/postgres_central_store.h"
#include "server/queue_api.h"
#include "server/server_options.h"
#include "server/shutdown_signal.h"
#include "server/sqlite_central_store.h"
#include "server/sync_api.h"
#include "server/sync_options.h"

using namespace ventanilla;

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr std::size_t kWorkerThreads = 64;
// Connections the kernel completes before the server accepts them (capped by
// net.core.somaxconn, 4096 on Debian 12).
constexpr int kListenBacklog = 1024;
constexpr std::size_t kKeepAliveRequests = 100;

// --import-events: one line per row on stdout, a summary, exit 0 only when
// every row is stored (accepted now or a duplicate of what is stored).
int import_events(CentralStore& store, const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    if (!file) {
        std::cerr << "ventanilla-central: cannot read " << path << '\n';
        return kExitFailure;
    }
    const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    auto report = import_events_csv(store, text.str(), now_s);
    if (!report) {
        std::cerr << "ventanilla-central: cannot import " << path << ": "
                  << report.error().describe() << '\n';
        return kExitFailure;
    }
    for (const ImportedRow& row : report->rows) {
        std::cout << "line " << row.line << ": " << row.result.event_id << ' ' << row.result.status;
        if (!row.result.reason.empty()) {
            std::cout << ' ' << row.result.reason << " (" << row.result.message << ')';
        }
        std::cout << '\n';
    }
    std::cout << path << ": " << report->accepted << " accepted, " << report->duplicate
              << " duplicate, " << report->rejected << " rejected\n";
    return report->rejected == 0 ? 0 : kExitFailure;
}

// --db decides the backend: a PostgreSQL connection string or a SQLite file.
Result<std::unique_ptr<CentralStore>> open_store(const ServerOptions& options) {
    if (options.store_kind == StoreKind::postgresql) {
        auto store = PostgresCentralStore::open(options.database);
        if (!store) {
            return store.error();
        }
        return std::unique_ptr<CentralStore>(std::move(store).value());
    }
    auto store = SqliteCentralStore::open(options.database);
    if (!store) {
        return store.error();
    }
    return std::unique_ptr<CentralStore>(std::move(store).value());
}

// --issue-enrolment-code prints the code alone on stdout, for scripts; --revoke-device
// says what it did. Exit 0 on success, 1 otherwise.
int run_sync_command(CentralStore& store, const SyncCommand& command) {
    const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    if (command.action == SyncCommand::Action::issue_enrolment_code) {
        auto code = issue_enrolment_code(store, command.role, command.office_id,
                                         command.valid_hours, now_s);
        if (!code) {
            std::cerr << "ventanilla-central: cannot issue an enrolment code: "
                      << code.error().describe() << '\n';
            return kExitFailure;
        }
        std::cout << *code << '\n';
        std::cerr << "ventanilla-central: enrolment code for a " << command.role << " at "
                  << command.office_id << ", valid " << command.valid_hours << " h, usable once\n";
        return 0;
    }
    auto revoked = store.revoke_device(command.device_id, now_s);
    if (!revoked) {
        std::cerr << "ventanilla-central: cannot revoke: " << revoked.error().describe() << '\n';
        return kExitFailure;
    }
    if (!*revoked) {
        std::cerr << "ventanilla-central: no device " << command.device_id << '\n';
        return kExitFailure;
    }
    std::cout << "revoked " << command.device_id << '\n';
    return 0;
}

std::string signal_name(int signal) {
    return signal == SIGTERM ? "SIGTERM" : signal == SIGINT ? "SIGINT" : std::to_string(signal);
}

}  // namespace

int main(int argc, char** argv) {
    // glibc gives each of the many request threads an arena and hands freed memory back
    // to the kernel eagerly; on a VM every such madvise flushes the other CPUs' TLBs,
    // which cost more than the ticket work itself (docs/benchmarks.md, queue).
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    // First, before any thread exists (see ShutdownSignal).
    ShutdownSignal shutdown;
    LineLog log(std::cerr);
    auto say = [&](const std::string& line) { log.write("ventanilla-central: " + line); };

    std::vector<std::string> args(argv + 1, argv + argc);
    auto sync_command = take_sync_options(args);
    if (!sync_command) {
        say(sync_command.error().detail + " (see --help)");
        return kExitUsage;
    }
    auto command = parse_command_line(args);
    if (!command) {
        say(command.error().detail + " (see --help)");
        return kExitUsage;
    }
    if (command->action == CommandLine::Action::help) {
        std::cout << usage_text() << sync_usage_text();
        return 0;
    }
    if (command->action == CommandLine::Action::version) {
        std::cout << "ventanilla-central " << kVersion << '\n';
        return 0;
    }
    const ServerOptions& options = command->options;

    auto store = open_store(options);
    if (!store) {
        say("cannot use the database: " + store.error().detail);
        return kExitFailure;
    }
    if (options.demo_data) {
        const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
        if (auto status = load_demo_data(**store, now_s); !status) {
            say("cannot load the demo data: " + status.error().describe());
            return kExitFailure;
        }
        say("demo data loaded");
    }

    if (command->action == CommandLine::Action::import_events) {
        return import_events(**store, options.import_events_path);
    }
    if (sync_command->action != SyncCommand::Action::none) {
        return run_sync_command(**store, *sync_command);
    }

    // The procedure forms: served to terminals and the measure of every submission.
    std::filesystem::path forms_dir =
        options.forms_dir.empty()
            ? installed_data_folder(program_folder(), "assets/forms", VENTANILLA_FORMS_DIR)
            : std::filesystem::path(options.forms_dir);
    auto forms = FormLibrary::load(forms_dir);
    if (!forms) {
        say("cannot use the forms in " + forms_dir.string() + ": " + forms.error().detail);
        return kExitFailure;
    }
    say(std::to_string(forms->size()) + " procedure forms from " + forms_dir.string());

    HttpRouter router(log);
    CentralApi api(
        **store, [] { return std::chrono::system_clock::now(); }, kVersion);
    api.add_routes(router);
    SyncApiOptions sync_options;
    if (const char* fault = std::getenv("VENTANILLA_FAULT")) {
        // TEST-ONLY: see SyncApiOptions and docs/protocol.md, "Fault hook".
        sync_options.exit_after_commit = std::string_view(fault) == "exit_after_commit";
        say(std::string("TEST-ONLY fault hook VENTANILLA_FAULT=") + fault);
    }
    sync_options.forms = &forms.value();
    SyncApi sync_api(
        **store, [] { return std::chrono::system_clock::now(); }, sync_options);
    sync_api.add_routes(router);
    QueueApi queue_api(**store, sync_api, [] { return std::chrono::system_clock::now(); });
    queue_api.add_routes(router);
    FormsApi forms_api(forms.value());
    forms_api.add_routes(router);
    SubmissionsApi submissions_api(**store, sync_api, [] { return std::chrono::system_clock::now(); });
    submissions_api.add_routes(router);

    httplib::Server server;
    // Each waiting-hall display holds a worker for its long poll (up to 30 s), so the
    // pool is larger than cpp-httplib's 8; docs/deployment.md says how to plan for it.
    server.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
    server.set_payload_max_length(options.max_body_bytes);
    // Short keep-alive: an idle connection holds a worker, and shutdown waits
    // for it, so this bounds how long SIGTERM can take.
    server.set_keep_alive_timeout(1);
    // cpp-httplib closes a keep-alive connection after its fifth request by default, so a
    // busy client (or nginx) connected again every fifth request: a handshake, an accept
    // and a new worker task each time. The idle timeout above still frees an idle
    // connection's worker after 1 s.
    server.set_keep_alive_max_count(kKeepAliveRequests);
    // cpp-httplib writes the headers and the body apart; with Nagle on, the body waits for
    // the client's delayed ACK (40 ms on Linux) whenever it does not fill a segment: the
    // catalog took 50 ms a request. libcurl, the terminals' client, sets TCP_NODELAY too.
    server.set_tcp_nodelay(true);
    server.set_read_timeout(5);
    server.set_write_timeout(5);
    router.install(server);
    // cpp-httplib's default also sets SO_REUSEPORT, which lets a second server
    // bind the same port and silently take half the connections. Keep only
    // SO_REUSEADDR, so a restart can bind again at once.
    socket_t listening = INVALID_SOCKET;
    server.set_socket_options([&listening](socket_t socket) {
        int yes = 1;
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        listening = socket;
    });

    int port = options.port;
    if (port == 0) {
        port = server.bind_to_any_port(options.listen_address);
    } else if (!server.bind_to_port(options.listen_address, port)) {
        port = -1;
    }
    if (port < 0) {
        say("cannot listen on " + options.listen_address + ":" + std::to_string(options.port) +
            ": " + std::strerror(errno));
        return kExitFailure;
    }
    // cpp-httplib listens with a backlog of 5. When more terminals than that connect at
    // once (every one after a restart of the server, 32 bench clients reconnecting after
    // their 100th request), the kernel dropped the handshakes that did not fit and the
    // client heard again only after TCP's 1 s retransmission, or lost its request. Linux
    // takes a second listen() on a listening socket as a new backlog.
    if (listening != INVALID_SOCKET && ::listen(listening, kListenBacklog) != 0) {
        say(std::string("cannot raise the listen backlog (connections beyond 5 at once wait): ") +
            std::strerror(errno));
    }
    if (!options.port_file.empty()) {
        if (auto status = write_port_file(options.port_file, port); !status) {
            say("cannot write the port file: " + status.error().detail);
            return kExitFailure;
        }
    }
    say("listening on http://" + options.listen_address + ":" + std::to_string(port) + " (store " +
        std::string((*store)->backend()) + ", " + database_for_display(options) + ", version " +
        kVersion + ")");

    std::atomic<bool> listen_returned{false};
    std::atomic<bool> stop_requested{false};
    shutdown.watch([&](int signal) {
        say("received " + signal_name(signal) + ", shutting down");
        stop_requested = true;
        // The signal may come before listen_after_bind() marks the server as
        // running, when stop() would do nothing; wait for that moment.
        while (!server.is_running() && !listen_returned) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        queue_api.stop_waiting();  // long polls answer now rather than hold up the exit
        server.stop();
    });

    // Returns once stop() closed the listening socket and the workers have
    // finished the requests they were serving.
    const bool listened = server.listen_after_bind();
    listen_returned = true;
    shutdown.close();  // the watcher uses `server`, which goes before `shutdown` does
    if (!stop_requested) {
        say(std::string("the server stopped by itself") + (listened ? "" : " (accept failed)"));
        return kExitFailure;
    }
    store->reset();  // close the database before saying we are done
    if (!options.port_file.empty()) {
        // Nobody listens on that port any more; a stale file would say otherwise.
        std::remove(options.port_file.c_str());
    }
    say("shutdown complete");
    return 0;
}
