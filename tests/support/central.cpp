#include "tests/support/central.h"

#include <charconv>

#include "tests/support/enrolled_device.h"
#include "tests/support/postgres.h"

namespace ventanilla::testing {

namespace {

std::string tail(const std::string& text, std::size_t size) {
    return text.size() <= size ? text : "..." + text.substr(text.size() - size);
}

std::optional<int> read_port(const std::string& path) {
    const auto text = read_file(path);
    // The server writes the file whole through rename(), with a final newline.
    if (!text || text->empty() || text->back() != '\n') {
        return std::nullopt;
    }
    int port = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size() - 1, port);
    if (ec != std::errc() || port <= 0 || port > 65535) {
        return std::nullopt;
    }
    return port;
}

}  // namespace

std::string CentralServer::binary_path() {
    return std::string(VENTANILLA_BIN_DIR) + "/ventanilla-central";
}

Result<std::string> new_database(StoreBackend backend, const TempDir& dir) {
    if (backend == StoreBackend::sqlite) {
        return dir.file("central.db");
    }
    auto postgres = TestPostgres::get();
    if (!postgres) {
        return postgres.error();
    }
    return (*postgres)->create_database();
}

Result<CentralServer> CentralServer::start(CentralOptions options) {
    TempDir dir("ventanilla-central-");
    std::string db_path = options.db_path;
    if (db_path.empty()) {
        auto fresh = new_database(options.backend, dir);
        if (!fresh) {
            return fresh.error();
        }
        db_path = std::move(fresh).value();
    }
    const std::string port_file = dir.file("port");
    std::vector<std::string> argv = {binary_path(), "--db",        db_path,  "--port",
                                     "0",           "--port-file", port_file};
    if (options.demo_data) {
        argv.push_back("--demo-data");
    }
    argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());

    auto process = Process::start({.argv = argv, .log_path = dir.file("central.log")});
    if (!process) {
        return process.error();
    }
    const std::string log_path = process->log_path();
    auto failure = [&](const std::string& why) {
        return make_error("central.not_ready",
                          why + "; log:\n" + tail(read_file(log_path).value_or(""), 2000));
    };

    std::optional<int> port;
    const bool got_port = wait_until(
        [&] {
            port = read_port(port_file);
            return port.has_value() || !process->is_running();
        },
        options.ready_timeout);
    if (!got_port || !port) {
        return failure(process->is_running()
                           ? "no port file in time"
                           : "exited with code " + std::to_string(*process->exit_code()));
    }

    httplib::Client client("127.0.0.1", *port);
    client.set_connection_timeout(1);
    client.set_read_timeout(2);
    const bool healthy = wait_until(
        [&] {
            auto reply = client.Get("/api/v1/health");
            return (reply && reply->status == 200) || !process->is_running();
        },
        options.ready_timeout, 20ms);
    if (!healthy || !process->is_running()) {
        return failure(process->is_running()
                           ? "/api/v1/health did not answer 200 in time"
                           : "exited with code " + std::to_string(*process->exit_code()));
    }
    return CentralServer(std::move(dir), std::move(process).value(), *port, db_path);
}

std::string CentralServer::base_url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
}

std::string CentralServer::log() const {
    return read_file(process_.log_path()).value_or("");
}

httplib::Client CentralServer::client() const {
    httplib::Client client(base_url());
    client.set_connection_timeout(2);
    client.set_read_timeout(5);
    client.set_write_timeout(5);
    return client;
}

int CentralServer::stop(std::chrono::milliseconds grace) {
    return process_.terminate(grace);
}

std::optional<Finished> run_central(const std::vector<std::string>& args,
                                    std::chrono::milliseconds timeout) {
    std::vector<std::string> argv = {CentralServer::binary_path()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto finished = run_program(argv, timeout);
    if (!finished) return std::nullopt;
    return Finished{finished->exit_code, std::move(finished->output)};
}

std::int64_t database_integer(const std::string& database, const std::string& sql) {
    if (!database.starts_with("postgresql://") && !database.starts_with("postgres://")) {
        return sqlite_integer(database, sql);
    }
    const auto text = postgres_query_text(database, sql);
    std::int64_t value = -1;
    if (!text ||
        std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc()) {
        return -1;
    }
    return value;
}

nlohmann::json body_json(const httplib::Result& result) {
    if (!result) {
        return nullptr;
    }
    auto parsed = nlohmann::json::parse(result->body, nullptr, /*allow_exceptions=*/false);
    return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

void check_error(const httplib::Result& reply, int status, const std::string& code) {
    REQUIRE(reply);
    CHECK_MESSAGE(reply->status == status, reply->body);
    CHECK(reply->get_header_value("Content-Type") == "application/json; charset=utf-8");
    const auto body = body_json(reply);
    REQUIRE_MESSAGE(body.is_object(), reply->body);
    CHECK_MESSAGE(body["error"]["code"] == code, reply->body);
    CHECK(body["error"]["message"].is_string());
    CHECK_FALSE(body["error"]["message"].get<std::string>().empty());
}

}  // namespace ventanilla::testing
