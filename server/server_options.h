// ServerOptions: ventanilla-central's command line, parsed and checked.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla {

// Where the central data lives, told apart by the form of --db.
enum class StoreKind { sqlite, postgresql };

struct ServerOptions {
    // --db, required: a SQLite file, or a PostgreSQL connection string
    // ("postgresql://…", "postgres://…" or libpq keywords such as "host=… dbname=…").
    std::string database;
    StoreKind store_kind = StoreKind::sqlite;
    std::string listen_address = "127.0.0.1";  // --listen
    int port = 8080;                           // --port; 0 picks a free one
    std::string port_file;                     // --port-file: where to write the port chosen
    bool demo_data = false;                    // --demo-data
    std::size_t max_body_bytes = 1024 * 1024;  // --max-body-bytes
    std::string import_events_path;            // --import-events: CSV of tracking events
    std::string forms_dir;                     // --forms: the procedure forms (empty: built-in default)
};

struct CommandLine {
    // import_events: store the events of options.import_events_path and exit.
    enum class Action { serve, import_events, help, version };
    Action action = Action::serve;
    ServerOptions options;
};

// `args` excludes the program name. Both "--port 80" and "--port=80" work.
// Errors have code "options.invalid" and say which option and why.
Result<CommandLine> parse_command_line(const std::vector<std::string>& args);

std::string usage_text();

// --db as it may be shown in logs: the file name, or the connection string
// with its password masked.
std::string database_for_display(const ServerOptions& options);

}  // namespace ventanilla
