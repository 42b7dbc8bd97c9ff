// The office queue over HTTP against the real ventanilla-central, on both backends: tickets,
// counters, the display feed, appointments, and every refusal.
#include <doctest/doctest.h>

#include <thread>

#include "tests/server/queue_support.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using namespace std::chrono_literals;

namespace {

struct QueueOffice {
    CentralServer central;
    EnrolledDevice kiosk;
    EnrolledDevice counter;
    EnrolledDevice display;
};

template <typename Backend>
QueueOffice start_office() {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto kiosk = enrol_device(*central, "kiosk", "hav-plaza", 9);
    REQUIRE_MESSAGE(kiosk.ok(), kiosk.failure_text());
    auto counter = enrol_device(*central, "counter", "hav-plaza", 2);
    REQUIRE_MESSAGE(counter.ok(), counter.failure_text());
    auto display = enrol_device(*central, "display", "hav-plaza", 20);
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    return {std::move(central).value(), *kiosk, *counter, *display};
}

std::int64_t tickets_stored(const CentralServer& central) {
    return database_integer(central.db_path(), "SELECT count(*) FROM queue_tickets");
}

nlohmann::json queue_of(const QueueOffice& office) {
    auto reply = office.central.client().Get("/api/v1/offices/hav-plaza/queue",
                                             bearer(office.display.token));
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 200, reply->body);
    return body_json(reply);
}

nlohmann::json service_in(const nlohmann::json& queue, const std::string& id) {
    for (const auto& service : queue["services"]) {
        if (service["id"] == id) return service;
    }
    FAIL("no service " << id);
    return nullptr;
}

std::string login(const QueueOffice& office, int counter, const std::vector<std::string>& services,
                  const std::string& clerk = "ana", const std::string& pin = "2580") {
    auto reply = open_session(office.central, office.counter, counter, clerk, pin, services);
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 201, reply->body);
    return body_json(reply)["session"].get<std::string>();
}

}  // namespace

TEST_CASE_TEMPLATE("queue tickets: numbered per service in order, a repeat answered as the first time",
                   Backend, OnSqlite, OnPostgresql) {
    QueueOffice office = start_office<Backend>();
    const auto first_body = ticket_body("giros");
    auto first = post_ticket(office.central, office.kiosk, first_body);
    REQUIRE(first);
    CHECK(first->status == 201);
    const auto ticket = body_json(first);
    CHECK(ticket["number"] == "B-001");
    CHECK(ticket["service"] == "giros");
    CHECK(ticket["priority"].is_null());
    CHECK(ticket["status"] == "waiting");
    CHECK(ticket["offline"] == false);
    CHECK(ticket["people_ahead"] == 0);
    CHECK(ticket["estimated_wait_s"] == 0);
    CHECK(ticket["id"] == first_body["id"]);

    // A lost answer, sent again: the same body, 200, nothing new stored.
    auto again = post_ticket(office.central, office.kiosk, first_body);
    REQUIRE(again);
    CHECK(again->status == 200);
    CHECK(again->body == first->body);
    // The same id with another body is a conflict, and changes nothing.
    auto other = first_body;
    other["service"] = "envios";
    check_error(post_ticket(office.central, office.kiosk, other), 409, "queue.ticket_conflict");
    CHECK(tickets_stored(office.central) == 1);

    auto second = body_json(post_ticket(office.central, office.kiosk, ticket_body("giros")));
    CHECK(second["number"] == "B-002");
    CHECK(second["people_ahead"] == 1);
    CHECK(second["estimated_wait_s"] == 300);  // no history yet: the default 5 minutes
    CHECK(second["sequence"].get<std::int64_t>() > ticket["sequence"].get<std::int64_t>());
    CHECK(body_json(post_ticket(office.central, office.kiosk, ticket_body("envios")))["number"] ==
          "A-001");
    // Plaza interleaves, and a day starts with a priority ticket due: nobody before it.
    auto elderly = body_json(post_ticket(office.central, office.kiosk, ticket_body("giros", "elderly")));
    CHECK(elderly["number"] == "B-003");
    CHECK(elderly["priority"] == "elderly");
    CHECK(elderly["people_ahead"] == 0);

    const auto queue = queue_of(office);
    CHECK(service_in(queue, "giros")["queue"] == nlohmann::json{"B-003", "B-001", "B-002"});
    CHECK(service_in(queue, "giros")["waiting"] == 3);
    CHECK(service_in(queue, "envios")["queue"] == nlohmann::json{"A-001"});
    // Numbers only: never a name, a device or a priority group in the public list.
    CHECK(queue.dump().find("elderly") == std::string::npos);
    CHECK(queue.dump().find(office.kiosk.device_id) == std::string::npos);
}

TEST_CASE_TEMPLATE("queue tickets: bad input, wrong tokens and roles get clear 4xx, nothing stored",
                   Backend, OnSqlite, OnPostgresql) {
    QueueOffice office = start_office<Backend>();
    auto post = [&](const nlohmann::json& body) { return post_ticket(office.central, office.kiosk, body); };
    check_error(post(ticket_body("telegramas")), 400, "queue.unknown_service");
    check_error(post(ticket_body("giros", "vip")), 400, "queue.unknown_priority");
    check_error(post(ticket_body("giros", "appointment")), 400, "queue.appointment_priority");
    check_error(post(ticket_body("giros", nullptr, "not-a-uuid")), 400, "queue.invalid_request");
    check_error(post(ticket_body("giros", nullptr, "0B7E6C1E-4A9F-4C1E-9D2B-1F2E3D4C5B6A")), 400,
                "queue.invalid_request");
    auto body = ticket_body("giros");
    body["created_at"] = "yesterday";
    check_error(post(body), 400, "queue.invalid_request");
    body = ticket_body("giros");
    body["name"] = "Juan";
    check_error(post(body), 400, "queue.invalid_request");
    check_error(post(ticket_body("giros", 3)), 400, "queue.invalid_request");
    check_error(post(nlohmann::json::array()), 400, "queue.invalid_request");

    auto client = office.central.client();
    const std::string json_body = ticket_body("giros").dump();
    check_error(client.Post("/api/v1/offices/hav-plaza/tickets", json_body, "application/json"),
                401, "auth.required");
    check_error(client.Post("/api/v1/offices/hav-plaza/tickets", bearer(std::string(43, 'x')),
                            json_body, "application/json"),
                401, "auth.invalid");
    check_error(client.Post("/api/v1/offices/hav-plaza/tickets", bearer(office.counter.token),
                            json_body, "application/json"),
                403, "auth.wrong_role");
    check_error(client.Post("/api/v1/offices/hav-centro/tickets", bearer(office.kiosk.token),
                            json_body, "application/json"),
                403, "auth.wrong_office");
    check_error(client.Get("/api/v1/offices/hav-plaza/calls", bearer(office.kiosk.token)), 403,
                "auth.wrong_role");
    CHECK(tickets_stored(office.central) == 0);
    // The numbering did not move either.
    CHECK(body_json(post(ticket_body("giros")))["number"] == "B-001");
}

TEST_CASE_TEMPLATE("queue tickets: an offline ticket keeps its printed number and joins at upload",
                   Backend, OnSqlite, OnPostgresql) {
    QueueOffice office = start_office<Backend>();
    auto online = body_json(post_ticket(office.central, office.kiosk, ticket_body("giros")));
    auto offline = ticket_body("giros");
    offline["offline_number"] = "B-9-007";
    auto reply = post_ticket(office.central, office.kiosk, offline);
    REQUIRE(reply);
    CHECK(reply->status == 201);
    const nlohmann::json ticket = body_json(reply);
    CHECK(ticket["number"] == "B-9-007");
    CHECK(ticket["offline"] == true);
    CHECK(ticket["people_ahead"] == 1);  // behind those who are here already
    CHECK(post_ticket(office.central, office.kiosk, offline)->status == 200);
    // The server's own numbering is untouched by it.
    CHECK(body_json(post_ticket(office.central, office.kiosk, ticket_body("giros")))["number"] ==
          "B-002");

    auto twice = ticket_body("giros");
    twice["offline_number"] = "B-9-007";
    check_error(post_ticket(office.central, office.kiosk, twice), 409,
                "queue.offline_number_taken");
    auto wrong_letter = ticket_body("giros");
    wrong_letter["offline_number"] = "A-9-008";
    check_error(post_ticket(office.central, office.kiosk, wrong_letter), 400,
                "queue.invalid_request");
    auto other_kiosk = ticket_body("giros");
    other_kiosk["offline_number"] = "B-3-008";
    check_error(post_ticket(office.central, office.kiosk, other_kiosk), 400,
                "queue.invalid_request");
    auto stale = ticket_body("giros");
    stale["offline_number"] = "B-9-009";
    stale["created_at"] =
        format_rfc3339_utc(std::chrono::system_clock::now() - std::chrono::hours(72));
    check_error(post_ticket(office.central, office.kiosk, stale), 409, "queue.offline_ticket_stale");
    CHECK(tickets_stored(office.central) == 3);
    CHECK(online["number"] == "B-001");
}

TEST_CASE_TEMPLATE("queue tickets: a lost answer - the upload of the printed offline number is taken, once",
                   Backend, OnSqlite, OnPostgresql) {
    QueueOffice office = start_office<Backend>();
    post_ticket(office.central, office.kiosk, ticket_body("giros"));
    // The kiosk asked online; the server stored B-002 but its answer never arrived.
    const auto asked = ticket_body("giros", "elderly");
    REQUIRE(post_ticket(office.central, office.kiosk, asked)->status == 201);
    post_ticket(office.central, office.kiosk, ticket_body("giros"));  // B-003, behind it
    // The kiosk printed its own number and uploads the same id with it.
    auto upload = asked;
    upload["offline_number"] = "B-9-001";
    auto reply = post_ticket(office.central, office.kiosk, upload);
    REQUIRE(reply);
    CHECK_MESSAGE(reply->status == 200, reply->body);
    const auto adopted = body_json(reply);
    CHECK(adopted["id"] == asked["id"]);
    CHECK(adopted["number"] == "B-9-001");
    CHECK(adopted["offline"] == true);
    CHECK(adopted["priority"] == "elderly");
    // The same upload again: the same answer, byte for byte; one ticket, in its first place.
    auto again = post_ticket(office.central, office.kiosk, upload);
    REQUIRE(again);
    CHECK(again->status == 200);
    CHECK(again->body == reply->body);
    CHECK(tickets_stored(office.central) == 3);
    const auto queue = service_in(queue_of(office), "giros")["queue"];
    CHECK(std::find(queue.begin(), queue.end(), "B-9-001") != queue.end());
    CHECK(std::find(queue.begin(), queue.end(), "B-002") == queue.end());
    // Not a lost answer: another number for an offline ticket already taken, or other content.
    auto other = upload;
    other["offline_number"] = "B-9-002";
    check_error(post_ticket(office.central, office.kiosk, other), 409, "queue.ticket_conflict");
    auto changed = asked;
    changed["offline_number"] = "B-9-003";
    changed["service"] = "envios";
    changed["offline_number"] = "A-9-003";
    check_error(post_ticket(office.central, office.kiosk, changed), 409, "queue.ticket_conflict");
}

TEST_CASE_TEMPLATE("queue tickets: a lost answer for a ticket called meanwhile as a no-show puts it back",
                   Backend, OnSqlite, OnPostgresql) {
    QueueOffice office = start_office<Backend>();
    const auto asked = ticket_body("giros");
    REQUIRE(post_ticket(office.central, office.kiosk, asked)->status == 201);
    const std::string session = login(office, 2, {"giros"});
    CHECK(body_json(counter_post(office.central, office.counter, 2, session, "call-next"))["ticket"]["number"] == "B-001");
    CHECK(body_json(counter_post(office.central, office.counter, 2, session, "no-show"))["ticket"]["status"] == "no_show");
    auto upload = asked;
    upload["offline_number"] = "B-9-001";
    auto reply = post_ticket(office.central, office.kiosk, upload);
    REQUIRE(reply);
    CHECK_MESSAGE(reply->status == 200, reply->body);
    CHECK(body_json(reply)["status"] == "waiting");
    CHECK(service_in(queue_of(office), "giros")["queue"] == nlohmann::json{"B-9-001"});
}

TEST_CASE_TEMPLATE("queue tickets: GET a ticket by id - waiting with people ahead, called, served, unknown",
                   Backend, OnSqlite, OnPostgresql) {
    QueueOffice office = start_office<Backend>();
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        auto body = ticket_body("giros");
        ids.push_back(body["id"].get<std::string>());
        REQUIRE(post_ticket(office.central, office.kiosk, body)->status == 201);
    }
    auto get = [&](const std::string& id, const EnrolledDevice& device) {
        return office.central.client().Get("/api/v1/offices/hav-plaza/tickets/" + id,
                                           bearer(device.token));
    };
    auto third = get(ids[2], office.kiosk);
    REQUIRE(third);
    REQUIRE_MESSAGE(third->status == 200, third->body);
    nlohmann::json state = body_json(third);
    CHECK(state["number"] == "B-003");
    CHECK(state["service"] == "giros");
    CHECK(state["status"] == "waiting");
    CHECK(state["people_ahead"] == 2);
    CHECK(state["estimated_wait_s"] > 0);
    CHECK_FALSE(state.contains("device_id"));
    CHECK(third->get_header_value("Cache-Control") == "no-store");

    const std::string session = login(office, 2, {"giros"});
    counter_post(office.central, office.counter, 2, session, "call-next");
    state = body_json(get(ids[0], office.kiosk));
    CHECK(state["status"] == "called");
    CHECK(state["counter"] == 2);
    CHECK_FALSE(state.contains("people_ahead"));
    CHECK(body_json(get(ids[2], office.kiosk))["people_ahead"] == 1);
    counter_post(office.central, office.counter, 2, session, "served");
    CHECK(body_json(get(ids[0], office.counter))["status"] == "served");

    check_error(get(make_uuid_v4(), office.kiosk), 404, "queue.unknown_ticket");
    check_error(get("not-a-uuid", office.kiosk), 404, "queue.unknown_ticket");
    check_error(get(ids[0], office.display), 403, "auth.wrong_role");
    auto stranger = enrol_device(office.central, "kiosk", "hav-centro", 4);
    REQUIRE(stranger.ok());
    auto elsewhere = office.central.client().Get("/api/v1/offices/hav-centro/tickets/" + ids[0],
                                                 bearer(stranger->token));
    check_error(elsewhere, 404, "queue.unknown_ticket");
}

TEST_CASE_TEMPLATE("counter: log in, call next, recall, served, no-show, transfer, call by number, pause",
                   Backend, OnSqlite, OnPostgresql) {
    QueueOffice office = start_office<Backend>();
    auto& central = office.central;
    for (int i = 0; i < 3; ++i) post_ticket(central, office.kiosk, ticket_body("giros"));

    check_error(open_session(central, office.counter, 2, "ana", "0000", {"giros"}), 403,
                "queue.wrong_pin");
    check_error(open_session(central, office.counter, 2, "nadie", "2580", {"giros"}), 403,
                "queue.wrong_pin");
    check_error(open_session(central, office.counter, 3, "ana", "2580", {"envios"}), 409,
                "queue.service_not_at_counter");
    check_error(open_session(central, office.counter, 2, "ana", "12", {"giros"}), 400,
                "queue.invalid_request");
    check_error(open_session(central, office.kiosk, 2, "ana", "2580", {"giros"}), 403,
                "auth.wrong_role");
    const std::string session = login(office, 2, {"giros"});
    auto act = [&](const std::string& action, const nlohmann::json& body = nullptr) {
        return counter_post(central, office.counter, 2, session, action, body);
    };
    check_error(counter_post(central, office.counter, 2, "", "call-next"), 401,
                "queue.session_required");
    check_error(counter_post(central, office.counter, 2, "nonsense", "call-next"), 401,
                "queue.session_invalid");
    check_error(counter_post(central, office.counter, 3, session, "call-next"), 401,
                "queue.session_invalid");
    check_error(act("served"), 409, "queue.no_ticket_in_hand");

    nlohmann::json called = body_json(act("call-next"));
    CHECK(called["ticket"]["number"] == "B-001");
    CHECK(called["call"]["counter"] == 2);
    CHECK(called["call"]["recall"] == false);
    CHECK(called["waiting"] == 2);
    const auto first_sequence = called["call"]["sequence"].get<std::int64_t>();
    // One ticket in hand at a time (novosga#213).
    check_error(act("call-next"), 409, "queue.ticket_in_hand");
    auto recalled = body_json(act("recall"));
    CHECK(recalled["call"]["recall"] == true);
    CHECK(recalled["call"]["number"] == "B-001");
    CHECK(recalled["call"]["sequence"] == first_sequence + 1);
    CHECK(body_json(act("served"))["ticket"]["status"] == "served");
    CHECK(body_json(act("call-next"))["ticket"]["number"] == "B-002");
    CHECK(body_json(act("no-show"))["ticket"]["status"] == "no_show");
    CHECK(body_json(act("call-next"))["ticket"]["number"] == "B-003");
    check_error(act("transfer", {{"service", "telegramas"}}), 400, "queue.unknown_service");
    auto moved = body_json(act("transfer", {{"service", "envios"}}));
    CHECK(moved["ticket"]["number"] == "B-003");  // it keeps its number
    CHECK(moved["ticket"]["service"] == "envios");
    CHECK(service_in(queue_of(office), "envios")["queue"] == nlohmann::json{"B-003"});
    auto empty = body_json(act("call-next"));
    CHECK(empty["ticket"].is_null());

    // Plaza lets a counter call a given ticket.
    check_error(act("call", {{"number", "Z-999"}}), 404, "queue.unknown_number");
    auto by_number = body_json(act("call", {{"number", "B-003"}}));
    CHECK(by_number["ticket"]["number"] == "B-003");
    CHECK(body_json(act("served"))["ticket"]["status"] == "served");

    check_error(act("pause", {{"reason", ""}}), 400, "queue.invalid_request");
    CHECK(body_json(act("pause", {{"reason", "almuerzo"}}))["session"]["paused"] == true);
    check_error(act("call-next"), 409, "queue.counter_paused");
    const auto queue = queue_of(office);
    REQUIRE(queue["counters"].size() == 1);
    CHECK(queue["counters"][0]["counter"] == 2);
    CHECK(queue["counters"][0]["paused"] == true);
    CHECK(queue["counters"][0]["pause_reason"] == "almuerzo");
    CHECK(body_json(act("resume"))["session"]["paused"] == false);

    // The display's feed: every call, in order, recalls marked.
    auto feed = central.client().Get("/api/v1/offices/hav-plaza/calls?after=0",
                                     bearer(office.display.token));
    REQUIRE(feed);
    REQUIRE(feed->status == 200);
    const auto calls = body_json(feed)["calls"];
    REQUIRE(calls.size() == 5);
    CHECK(calls[1]["recall"] == true);
    CHECK(calls[4]["number"] == "B-003");
    CHECK(body_json(feed)["last_sequence"] == calls[4]["sequence"]);

    auto ended = central.client().Delete(counter_path(2, "session"),
                                         bearer(office.counter.token, session));
    REQUIRE(ended);
    CHECK(ended->status == 200);
    check_error(act("call-next"), 401, "queue.session_ended");
    CHECK(queue_of(office)["counters"].empty());
}

TEST_CASE_TEMPLATE("counter: five wrong PINs lock the clerk for five minutes", Backend, OnSqlite,
                   OnPostgresql) {
    QueueOffice office = start_office<Backend>();
    for (int left = 4; left >= 1; --left) {
        auto reply = open_session(office.central, office.counter, 2, "luis", "9999", {"giros"});
        check_error(reply, 403, "queue.wrong_pin");
        CHECK(body_json(reply)["error"]["attempts_left"] == left);
    }
    auto locked = open_session(office.central, office.counter, 2, "luis", "9999", {"giros"});
    check_error(locked, 429, "queue.clerk_locked");
    CHECK(locked->get_header_value("Retry-After") == "300");
    // Even the right PIN waits now; another clerk does not.
    check_error(open_session(office.central, office.counter, 2, "luis", "1397", {"giros"}), 429,
                "queue.clerk_locked");
    CHECK(open_session(office.central, office.counter, 2, "ana", "2580", {"giros"})->status == 201);
    // The server keeps an argon2id hash, never the PIN.
    CHECK(database_integer(office.central.db_path(),
                           "SELECT count(*) FROM clerks WHERE pin_hash LIKE '$argon2id$%'") >= 3);
}

TEST_CASE_TEMPLATE("display feed: a long poll answers within a second of a call", Backend,
                   OnSqlite, OnPostgresql) {
    QueueOffice office = start_office<Backend>();
    post_ticket(office.central, office.kiosk, ticket_body("giros"));
    const std::string session = login(office, 2, {"giros"});

    auto at_once = office.central.client().Get("/api/v1/offices/hav-plaza/calls?after=0&wait=0",
                                               bearer(office.display.token));
    REQUIRE(at_once);
    CHECK(at_once->status == 200);
    CHECK(body_json(at_once)["calls"].empty());
    check_error(office.central.client().Get("/api/v1/offices/hav-plaza/calls?after=-1",
                                            bearer(office.display.token)),
                400, "queue.invalid_request");

    std::chrono::steady_clock::time_point answered;
    nlohmann::json polled;
    std::thread display([&] {
        auto client = office.central.client();
        client.set_read_timeout(40);
        auto reply = client.Get("/api/v1/offices/hav-plaza/calls?after=0&wait=25",
                                bearer(office.display.token));
        answered = std::chrono::steady_clock::now();
        polled = body_json(reply);
    });
    std::this_thread::sleep_for(500ms);
    const auto called_at = std::chrono::steady_clock::now();
    CHECK(counter_post(office.central, office.counter, 2, session, "call-next")->status == 200);
    display.join();
    CHECK(answered - called_at < 1s);
    REQUIRE(polled["calls"].size() == 1);
    CHECK(polled["calls"][0]["number"] == "B-001");
    CHECK(polled["calls"][0]["counter"] == 2);
    CHECK(polled["calls"][0]["appointment"] == false);
}

TEST_CASE_TEMPLATE("appointments: check in inside the window, refused too early, too late or twice",
                   Backend, OnSqlite, OnPostgresql) {
    QueueOffice office = start_office<Backend>();
    auto list = office.central.client().Get("/api/v1/offices/hav-plaza/appointments",
                                            bearer(office.kiosk.token));
    REQUIRE(list);
    REQUIRE(list->status == 200);
    const auto now = std::chrono::system_clock::now();
    std::string due, early, late;
    const nlohmann::json appointments = body_json(list)["appointments"];
    for (const auto& appointment : appointments) {
        const auto time = *parse_rfc3339(appointment["time"].get<std::string>());
        const auto from_now = std::chrono::duration_cast<std::chrono::minutes>(time - now).count();
        const std::string code = appointment["code"];
        if (from_now >= -2 && from_now <= 1) due = code;
        if (from_now >= 80 && from_now <= 95) early = code;
        if (from_now >= -45 && from_now <= -35) late = code;
    }
    REQUIRE_FALSE(due.empty());
    REQUIRE_FALSE(early.empty());
    REQUIRE_FALSE(late.empty());
    // One creation time for every request: a repeat must be the same request, and a second
    // boundary between two calls would otherwise make it a conflict.
    const std::string created_at = format_rfc3339_utc(std::chrono::system_clock::now());
    auto check_in = [&](const std::string& code, const std::string& id) {
        const nlohmann::json body = {{"id", id}, {"created_at", created_at}};
        return office.central.client().Post(
            "/api/v1/offices/hav-plaza/appointments/" + code + "/check-in",
            bearer(office.kiosk.token), body.dump(), "application/json");
    };
    const std::string id = make_uuid_v4();
    auto reply = check_in(due, id);
    REQUIRE(reply);
    CHECK_MESSAGE(reply->status == 201, reply->body);
    const nlohmann::json ticket = body_json(reply);
    CHECK(ticket["priority"] == "appointment");
    CHECK(ticket["appointment"] == due);
    CHECK(ticket["number"].get<std::string>().ends_with("-001"));
    CHECK(check_in(due, id)->status == 200);
    check_error(check_in(due, make_uuid_v4()), 409, "queue.appointment_used");
    auto too_early = check_in(early, make_uuid_v4());
    check_error(too_early, 409, "queue.appointment_too_early");
    CHECK(body_json(too_early)["error"].contains("opens_at"));
    auto too_late = check_in(late, make_uuid_v4());
    check_error(too_late, 409, "queue.appointment_too_late");
    CHECK(body_json(too_late)["error"].contains("closes_at"));
    check_error(check_in("2222-2222", make_uuid_v4()), 404, "queue.appointment_unknown");
    check_error(check_in("hello", make_uuid_v4()), 404, "queue.appointment_unknown");
    CHECK(tickets_stored(office.central) == 1);

    // Its call says so, for the display to show apart.
    const std::string session = login(office, 2, {ticket["service"].get<std::string>()});
    auto called = body_json(counter_post(office.central, office.counter, 2, session, "call-next"));
    CHECK(called["call"]["appointment"] == true);
}

TEST_CASE_TEMPLATE("queue: kill -9 mid-day, restart on the same database, the queue is intact",
                   Backend, OnSqlite, OnPostgresql) {
    QueueOffice office = start_office<Backend>();
    for (int i = 0; i < 3; ++i) post_ticket(office.central, office.kiosk, ticket_body("giros"));
    const std::string session = login(office, 2, {"giros"});
    CHECK(body_json(counter_post(office.central, office.counter, 2, session, "call-next"))["ticket"]
                   ["number"] == "B-001");
    const auto before = queue_of(office);
    const std::string db = office.central.db_path();
    office.central.process().kill_hard();

    Result<CentralServer> restarted = CentralServer::start({.db_path = db});
    REQUIRE_MESSAGE(restarted.ok(), restarted.failure_text());
    office.central = std::move(restarted).value();
    auto after = queue_of(office);
    before.at("time");
    after["time"] = before["time"];
    CHECK(after == before);
    CHECK(service_in(after, "giros")["serving"][0]["number"] == "B-001");
    // Numbering goes on; the session survived; the ticket in hand is still in hand.
    CHECK(body_json(post_ticket(office.central, office.kiosk, ticket_body("giros")))["number"] ==
          "B-004");
    check_error(counter_post(office.central, office.counter, 2, session, "call-next"), 409,
                "queue.ticket_in_hand");
    CHECK(counter_post(office.central, office.counter, 2, session, "served")->status == 200);
    CHECK(body_json(counter_post(office.central, office.counter, 2, session, "call-next"))["ticket"]
                   ["number"] == "B-002");
}

// The answer to a new ticket counts the people ahead in the database instead of ranking the
// queue; the ticket's own state (GET) ranks it with call_order. They must agree in every
// office's policy (plaza interleaves two to one, centro is strict, Santiago ages), with
// priorities of several weights and calls in between.
TEST_CASE_TEMPLATE("queue tickets: people ahead at issue agree with the ticket's place, in every policy",
                   Backend, OnSqlite, OnPostgresql) {
    QueueOffice office = start_office<Backend>();
    const std::vector<std::pair<std::string, std::string>> offices = {
        {"hav-plaza", "giros"}, {"hav-centro", "identidad"}, {"scu-central", "envios"}};
    const std::vector<nlohmann::json> priorities = {nullptr, nullptr, "elderly", nullptr,
                                                    "disability", "pregnant", nullptr};
    const std::string session = login(office, 2, {"giros"});
    for (const auto& [office_id, service] : offices) {
        auto kiosk = enrol_device(office.central, "kiosk", office_id, 8);
        REQUIRE_MESSAGE(kiosk.ok(), kiosk.failure_text());
        for (int i = 0; i < 20; ++i) {
            CAPTURE(office_id);
            CAPTURE(i);
            const nlohmann::json body =
                ticket_body(service, priorities[static_cast<std::size_t>(i) % priorities.size()]);
            const auto issued = body_json(post_ticket(office.central, *kiosk, body, office_id));
            REQUIRE_MESSAGE(issued.contains("people_ahead"), issued.dump());
            const std::string id = body["id"];
            auto reply = office.central.client().Get(
                "/api/v1/offices/" + office_id + "/tickets/" + id, bearer(kiosk->token));
            REQUIRE(reply);
            const auto state = body_json(reply);
            CHECK(issued["people_ahead"] == state["people_ahead"]);
            if (office_id == "hav-plaza" && i % 5 == 4) {
                counter_post(office.central, office.counter, 2, session, "call-next");
                counter_post(office.central, office.counter, 2, session, "served");
            }
        }
    }
}
