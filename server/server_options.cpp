#include "server/server_options.h"

#include <charconv>
#include <cstdint>
#include <optional>

#include "server/postgres_conninfo.h"

namespace ventanilla {

namespace {

Error invalid(const std::string& detail) {
    return make_error("options.invalid", detail);
}

std::optional<std::uint64_t> parse_unsigned(const std::string& text) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// The largest body we let an operator allow: past this a typo is likelier than intent.
constexpr std::uint64_t kMaxBodyLimit = 1024ull * 1024 * 1024;

}  // namespace

Result<CommandLine> parse_command_line(const std::vector<std::string>& args) {
    CommandLine command;
    ServerOptions& options = command.options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i];
        std::optional<std::string> inline_value;
        if (const auto equals = name.find('=');
            name.starts_with("--") && equals != std::string::npos) {
            inline_value = name.substr(equals + 1);
            name = name.substr(0, equals);
        }
        auto value = [&]() -> Result<std::string> {
            if (inline_value) {
                return *inline_value;
            }
            if (i + 1 >= args.size()) {
                return invalid(name + " needs a value");
            }
            return args[++i];
        };
        auto flag = [&]() -> Status {
            if (inline_value) {
                return invalid(name + " takes no value");
            }
            return ok_status();
        };

        if (name == "--help" || name == "-h") {
            command.action = CommandLine::Action::help;
            return command;
        }
        if (name == "--version") {
            command.action = CommandLine::Action::version;
            return command;
        }
        if (name == "--demo-data") {
            if (auto status = flag(); !status) {
                return status.error();
            }
            options.demo_data = true;
            continue;
        }
        if (name != "--db" && name != "--listen" && name != "--port" && name != "--port-file" &&
            name != "--max-body-bytes" && name != "--import-events" && name != "--forms") {
            return invalid("unknown option " + name);
        }
        auto text = value();
        if (!text) {
            return text.error();
        }
        if (name == "--db") {
            if (text->empty()) {
                return invalid("--db needs a file name or a PostgreSQL connection string");
            }
            options.database = *text;
            options.store_kind = StoreKind::sqlite;
            if (is_postgres_conninfo(*text)) {
                if (auto status = check_postgres_conninfo(*text); !status) {
                    return status.error();
                }
                options.store_kind = StoreKind::postgresql;
            }
        } else if (name == "--listen") {
            if (text->empty()) {
                return invalid("--listen needs an address");
            }
            options.listen_address = *text;
        } else if (name == "--port") {
            const auto port = parse_unsigned(*text);
            if (!port || *port > 65535) {
                return invalid("--port must be a number from 0 to 65535, not \"" + *text + "\"");
            }
            options.port = static_cast<int>(*port);
        } else if (name == "--port-file") {
            options.port_file = *text;
        } else if (name == "--forms") {
            if (text->empty()) {
                return invalid("--forms needs a folder");
            }
            options.forms_dir = *text;
        } else if (name == "--import-events") {
            if (text->empty()) {
                return invalid("--import-events needs a file name");
            }
            options.import_events_path = *text;
            command.action = CommandLine::Action::import_events;
        } else {
            const auto bytes = parse_unsigned(*text);
            if (!bytes || *bytes == 0 || *bytes > kMaxBodyLimit) {
                return invalid("--max-body-bytes must be a number from 1 to " +
                               std::to_string(kMaxBodyLimit) + ", not \"" + *text + "\"");
            }
            options.max_body_bytes = static_cast<std::size_t>(*bytes);
        }
    }
    if (options.database.empty()) {
        return invalid("--db is required");
    }
    return command;
}

std::string usage_text() {
    return R"(Usage: ventanilla-central --db PATH|CONNINFO [options]

Serves the Ventanilla terminals' HTTP API (JSON under /api/v1).

  --db PATH             SQLite database; created if missing, migrated if old.
                        A damaged file or one from a newer release is refused,
                        never overwritten.
  --db CONNINFO         PostgreSQL instead, for several server processes behind
                        a load balancer: postgresql://USER:PASSWORD@HOST:5432/DB
                        (or postgres://), or libpq keywords "host=H dbname=DB
                        user=U". The database must exist; its schema is created
                        and migrated on start. Logs show the password as ***.
  --listen ADDRESS      address to listen on (default 127.0.0.1)
  --port N              port to listen on (default 8080; 0 picks a free one)
  --port-file PATH      once listening, write the port there (atomically);
                        removed again on a clean shutdown
  --demo-data           load the demo offices and services (safe to repeat)
  --max-body-bytes N    largest request body accepted (default 1048576)
  --forms DIR           the procedure forms served to terminals and checked on
                        every submission (default: the installed assets/forms);
                        a malformed one stops the start with its file and path
  --import-events FILE  store the tracking events of a CSV file and exit (header:
                        event_id,item_id,code,time,office_code,office_name,
                        location,country,counter); one line per row, exit 0
                        when every row was accepted or a duplicate, else 1
  --version             print the version and exit
  --help                print this help and exit

Stops cleanly on SIGTERM or SIGINT. Logs one line per request to stderr.
)";
}

std::string database_for_display(const ServerOptions& options) {
    return options.store_kind == StoreKind::postgresql ? masked_conninfo(options.database)
                                                       : options.database;
}

}  // namespace ventanilla
