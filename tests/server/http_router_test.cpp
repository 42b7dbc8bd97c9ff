// HttpRouter in-process: JSON bodies (415, 400), handler failures (500) and the request log.
#include "server/http_router.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/central.h"
#include "tests/support/process.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

// A router on a real socket with two test routes: the binary has no POST
// endpoint yet, and these are the rules every future one will go through.
class RouterOnLoopback {
public:
    RouterOnLoopback() : log_(log_text_), router_(log_) {
        router_.add(
            "POST", "/echo/([a-z]+)",
            [](const ApiRequest& request) {
                return json_response({{"name", request.captures.at(0)}, {"got", request.body}},
                                     201);
            },
            RequestBody::json);
        router_.add("GET", "/broken", [](const ApiRequest&) -> ApiResponse {
            throw std::logic_error("handler bug");
        });
        router_.install(server_);
        port_ = server_.bind_to_any_port("127.0.0.1");
        REQUIRE(port_ > 0);
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        REQUIRE(wait_until([this] { return server_.is_running(); }, 2s));
    }
    ~RouterOnLoopback() {
        server_.stop();
        thread_.join();
    }

    httplib::Client client() const { return httplib::Client("127.0.0.1", port_); }
    std::string log() const { return log_text_.str(); }

private:
    std::ostringstream log_text_;
    LineLog log_;
    HttpRouter router_;
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

}  // namespace

TEST_CASE("a JSON route gets the parsed body and the path's captures") {
    RouterOnLoopback loopback;
    auto reply = loopback.client().Post("/echo/giro", R"({"importe": 250, "nota": "señor"})",
                                        "application/json; charset=utf-8");
    REQUIRE(reply);
    CHECK(reply->status == 201);
    const auto body = body_json(reply);
    CHECK(body["name"] == "giro");
    CHECK(body["got"]["importe"] == 250);
    CHECK(body["got"]["nota"] == "señor");
}

TEST_CASE("a JSON route refuses another media type with 415 and bad JSON with 400") {
    RouterOnLoopback loopback;
    auto client = loopback.client();

    auto form = client.Post("/echo/giro", "importe=250", "application/x-www-form-urlencoded");
    REQUIRE(form);
    CHECK(form->status == 415);
    CHECK(body_json(form)["error"]["code"] == "unsupported_media_type");

    auto untyped = client.Post("/echo/giro", "{}", "");
    REQUIRE(untyped);
    CHECK(untyped->status == 415);

    auto malformed = client.Post("/echo/giro", R"({"importe": 250,)", "application/json");
    REQUIRE(malformed);
    CHECK(malformed->status == 400);
    const auto error = body_json(malformed)["error"];
    CHECK(error["code"] == "malformed_json");
    CHECK(error["message"].get<std::string>().find("byte") != std::string::npos);
}

TEST_CASE("a handler that throws gives a 500 JSON answer and a log line with the reason") {
    RouterOnLoopback loopback;
    auto reply = loopback.client().Get("/broken");
    REQUIRE(reply);
    CHECK(reply->status == 500);
    CHECK(body_json(reply)["error"]["code"] == "internal");
    CHECK(reply->body.find("handler bug") == std::string::npos);  // not told to the client
    REQUIRE(wait_until([&] { return loopback.log().find("GET /broken 500") != std::string::npos; },
                       2s));
    CHECK(loopback.log().find("(exception: handler bug)") != std::string::npos);
}

TEST_CASE("the request log keeps control characters and bodies out") {
    RouterOnLoopback loopback;
    auto client = loopback.client();
    REQUIRE(client.Get("/nothing%0Ainjected 200 0.0ms forged"));
    REQUIRE(client.Post("/echo/giro", R"({"ci": "85010112345"})", "application/json"));
    // Lines are written after the responses, by different workers: wait for both.
    std::string log;
    CHECK(wait_until(
        [&] {
            log = loopback.log();
            return log.find("POST /echo/giro 201") != std::string::npos &&
                   log.find("GET /nothing?injected") != std::string::npos;
        },
        2s));
    CHECK(log.find("\ninjected") == std::string::npos);
    CHECK(log.find("85010112345") == std::string::npos);
}

TEST_CASE("dates for headers and bodies") {
    const auto moment = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    CHECK(http_date(moment) == "Tue, 14 Nov 2023 22:13:20 GMT");
    CHECK(rfc3339_utc(moment) == "2023-11-14T22:13:20Z");
}
