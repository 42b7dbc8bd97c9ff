#include "tests/support/postgres.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

extern char** environ;

namespace ventanilla::testing {

namespace {

Error unavailable(const std::string& why) {
    return make_error("postgres.unavailable",
                      "cannot run a test PostgreSQL server: " + why +
                          " (the postgresql and libpq-dev packages come with "
                          "scripts/install-deps.sh)");
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

// pg_config knows where the server's programs are; Debian keeps them off PATH
// under /usr/lib/postgresql/<major>/bin, so look there too (newest first).
std::optional<std::string> find_bin_dir() {
    std::vector<std::string> candidates;
    if (FILE* pipe = popen("pg_config --bindir 2>/dev/null", "r")) {
        char line[512] = {};
        if (std::fgets(line, sizeof line, pipe)) {
            candidates.push_back(trimmed(line));
        }
        pclose(pipe);
    }
    std::vector<std::string> versions;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", error)) {
        versions.push_back(entry.path().string() + "/bin");
    }
    std::sort(versions.begin(), versions.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() > b.size() : a > b;  // "15" before "9.6"
    });
    candidates.insert(candidates.end(), versions.begin(), versions.end());
    for (const std::string& dir : candidates) {
        if (access((dir + "/initdb").c_str(), X_OK) == 0 &&
            access((dir + "/postgres").c_str(), X_OK) == 0) {
            return dir;
        }
    }
    return std::nullopt;
}

struct PgConnDeleter {
    void operator()(PGconn* connection) const { PQfinish(connection); }
};
using Connection = std::unique_ptr<PGconn, PgConnDeleter>;

struct PgResultDeleter {
    void operator()(PGresult* result) const { PQclear(result); }
};
using QueryResult = std::unique_ptr<PGresult, PgResultDeleter>;

Result<Connection> connect(const std::string& conninfo) {
    Connection connection(PQconnectdb(conninfo.c_str()));
    if (!connection || PQstatus(connection.get()) != CONNECTION_OK) {
        return make_error("postgres.connect",
                          trimmed(connection ? PQerrorMessage(connection.get()) : "out of memory"));
    }
    return connection;
}

Result<QueryResult> execute(const std::string& conninfo, const std::string& sql) {
    auto connection = connect(conninfo);
    if (!connection) {
        return connection.error();
    }
    QueryResult result(PQexec(connection->get(), sql.c_str()));
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        return make_error("postgres.sql",
                          trimmed(PQerrorMessage(connection->get())) + " in: " + sql);
    }
    return result;
}

// Runs the PostgreSQL programs as `postgres` when we are root: setpriv execs
// the program in place, so the pid we hold is the server's own.
std::vector<std::string> as_owner(bool root, std::vector<std::string> argv) {
    if (root) {
        argv.insert(argv.begin(),
                    {"setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups", "--"});
    }
    return argv;
}

// Changing to the postgres user clears the server's parent-death signal, so a
// test process killed by a timeout would leave it running. A small shell, not
// our child in any way that dies with us, stops it then and removes its files.
int start_watchdog(pid_t server, const std::string& dir) {
    const std::string script = "while kill -0 " + std::to_string(getpid()) +
                               " 2>/dev/null; do sleep 1; done; "
                               "if [ -d '" +
                               dir + "' ]; then kill -QUIT " + std::to_string(server) +
                               " 2>/dev/null; sleep 2; rm -rf '" + dir + "'; fi";
    std::vector<std::string> argv_strings = {"/bin/sh", "-c", script};
    std::vector<char*> argv;
    for (auto& text : argv_strings) {
        argv.push_back(text.data());
    }
    argv.push_back(nullptr);
    // Nothing of ours stays open in it: ctest waits for the test's output pipe
    // to close, and would wait for the watchdog too.
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    for (int fd = 0; fd <= 2; ++fd) {
        posix_spawn_file_actions_addopen(&files, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
    }
    posix_spawn_file_actions_addclosefrom_np(&files, 3);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, "/bin/sh", &files, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&files);
    return rc == 0 ? pid : -1;
}

}  // namespace

Result<TestPostgres*> TestPostgres::get() {
    static std::mutex mutex;
    static std::unique_ptr<TestPostgres> cluster;
    static std::optional<Error> failure;
    std::lock_guard lock(mutex);
    if (!cluster && !failure) {
        Result<std::unique_ptr<TestPostgres>> started =
            make_error("postgres.unavailable", "not tried");
        if (const char* shared = std::getenv("VENTANILLA_TEST_POSTGRES"); shared && *shared) {
            started = attach(shared);
        }
        if (!started) {
            started = start();  // run by hand, or the shared cluster is gone: one of our own
        }
        if (started) {
            cluster = std::move(started).value();
        } else {
            failure = started.error();
        }
    }
    if (failure) {
        return *failure;
    }
    return cluster.get();
}

Result<std::unique_ptr<TestPostgres>> TestPostgres::start() {
    const auto bin = find_bin_dir();
    if (!bin) {
        return unavailable(
            "no initdb and postgres found by pg_config --bindir nor in "
            "/usr/lib/postgresql/*/bin");
    }
    const bool root = geteuid() == 0;
    TempDir dir("ventanilla-pg-");
    if (root) {
        const passwd* owner = getpwnam("postgres");
        if (!owner) {
            return unavailable(
                "running as root, and PostgreSQL refuses to; there is no "
                "'postgres' user to run it as");
        }
        if (chown(dir.path().c_str(), owner->pw_uid, owner->pw_gid) != 0) {
            return unavailable("cannot give " + dir.path() + " to the postgres user");
        }
    }
    const std::string data = dir.file("data");
    {
        auto initdb = Process::start(
            {.argv = as_owner(root,
                              {*bin + "/initdb", "-D", data, "--auth=trust", "--username=postgres",
                               "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"}),
             .log_path = dir.file("initdb.log")});
        if (!initdb) {
            return unavailable(initdb.error().detail);
        }
        const auto code = initdb->wait_exit(60s);
        if (code != 0) {
            return unavailable("initdb failed: " + read_file(dir.file("initdb.log")).value_or(""));
        }
    }
    // A free port can be taken by someone else before the server binds it: try a few.
    std::string last_log;
    for (int attempt = 0; attempt < 3; ++attempt) {
        const int port = free_port();
        // Durability is worth nothing in a throw-away cluster; speed is.
        auto server = Process::start(
            {.argv = as_owner(
                 root, {*bin + "/postgres", "-D", data, "-k", dir.path(), "-p",
                        std::to_string(port), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                        "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c",
                        "shared_buffers=32MB", "-c", "max_connections=200"}),
             .log_path = dir.file("server.log")});
        if (!server) {
            return unavailable(server.error().detail);
        }
        const std::string ping = "host=127.0.0.1 port=" + std::to_string(port) +
                                 " dbname=postgres user=postgres connect_timeout=2";
        const bool ready = wait_until(
            [&] { return PQping(ping.c_str()) == PQPING_OK || !server->is_running(); }, 30s, 20ms);
        if (ready && server->is_running()) {
            const int watchdog = root ? start_watchdog(server->pid(), dir.path()) : -1;
            std::string log_path = dir.file("server.log");
            return std::unique_ptr<TestPostgres>(new TestPostgres(
                std::move(dir), std::move(server).value(), port, watchdog, std::move(log_path)));
        }
        server->kill_hard();
        last_log = read_file(dir.file("server.log")).value_or("");
    }
    return unavailable("the server did not start; its log:\n" + last_log);
}

Result<std::unique_ptr<TestPostgres>> TestPostgres::attach(const std::string& shared_dir) {
    const auto text = read_file(shared_dir + "/port");
    int port = 0;
    if (!text ||
        std::from_chars(text->data(), text->data() + text->size(), port).ec != std::errc()) {
        return unavailable("no port file in the shared cluster's " + shared_dir);
    }
    const std::string ping = "host=127.0.0.1 port=" + std::to_string(port) +
                             " dbname=postgres user=postgres connect_timeout=2";
    if (PQping(ping.c_str()) != PQPING_OK) {
        return unavailable("the shared cluster in " + shared_dir + " does not answer");
    }
    return std::unique_ptr<TestPostgres>(
        new TestPostgres(std::nullopt, std::nullopt, port, -1, shared_dir + "/server.log"));
}

TestPostgres::~TestPostgres() {
    if (watchdog_pid_ > 0) {
        kill(watchdog_pid_, SIGKILL);
        waitpid(watchdog_pid_, nullptr, 0);
    }
    if (!server_) {
        // The shared cluster lives on for other tests; what we made goes.
        for (const std::string& name : created_) {
            (void)execute(uri("postgres"), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
    if (server_) {
        // Immediate shutdown: the data goes away with the directory anyway.
        server_->send_signal(SIGQUIT);
        if (!server_->wait_exit(5s)) {
            server_->kill_hard();
        }
    }
}

Result<std::string> TestPostgres::create_database() {
    std::string name;
    {
        std::lock_guard lock(mutex_);
        // Unique across the processes that share one cluster.
        name = "vt_" + std::to_string(getpid()) + "_" + std::to_string(++databases_);
    }
    auto created = execute(uri("postgres"), "CREATE DATABASE " + name + " TEMPLATE template0");
    if (!created) {
        return created.error();
    }
    {
        std::lock_guard lock(mutex_);
        created_.push_back(name);
    }
    return uri(name);
}

std::string TestPostgres::uri(const std::string& database) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string TestPostgres::log() const {
    return read_file(log_path_).value_or("");
}

Status run_postgres_sql(const std::string& conninfo, const std::string& sql) {
    auto result = execute(conninfo, sql);
    if (!result) {
        return result.error();
    }
    return ok_status();
}

Result<std::string> postgres_query_text(const std::string& conninfo, const std::string& sql) {
    auto result = execute(conninfo, sql);
    if (!result) {
        return result.error();
    }
    if (PQntuples(result->get()) < 1 || PQnfields(result->get()) < 1) {
        return make_error("postgres.sql", "no rows from: " + sql);
    }
    return std::string(PQgetvalue(result->get(), 0, 0));
}

std::string fresh_postgres_database() {
    auto postgres = TestPostgres::get();
    REQUIRE_MESSAGE(postgres.ok(), postgres.failure_text());
    auto uri = (*postgres)->create_database();
    REQUIRE_MESSAGE(uri.ok(), uri.failure_text());
    return *uri;
}

}  // namespace ventanilla::testing
