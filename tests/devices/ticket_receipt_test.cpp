// The printed queue ticket: what it says (pdftotext), its QR code read back, its size.
#include "devices/ticket_receipt.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "devices/receipt_pdf.h"
#include "tests/devices/receipt_test_support.h"

using namespace ventanilla;
using namespace std::chrono_literals;
using namespace ventanilla::testing;
namespace fs = std::filesystem;

namespace {

Ticket online_ticket() {
    Ticket t;
    t.id = "0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a";
    t.office_id = "hav-plaza";
    t.service_id = "giros";
    t.priority = "elderly";
    t.number = "B-042";
    t.issued_at = parse_rfc3339("2026-11-23T14:05:00Z").value();
    t.people_ahead = 3;
    t.estimated_wait_s = 530;
    return t;
}

}  // namespace

TEST_CASE("ticket receipt: number, service, time, people ahead, wait, counters, no personal data") {
    Translations es = shipped_translations("es");
    Ticket ticket = online_ticket();
    auto [pdf, text] = render_and_read(ticket_receipt({ticket, es, "Correos Plaza", "Giros postales", "1, 2 y 3", -5h}),
                              "ticket_es.pdf");
    CHECK(text.find("Correos Plaza") != std::string::npos);
    CHECK(text.find("Su turno") != std::string::npos);
    CHECK(text.find("B-042") != std::string::npos);
    CHECK(text.find("Giros postales") != std::string::npos);
    CHECK(text.find("Atención preferente: persona mayor") != std::string::npos);
    CHECK(text.find("Emitido 23/11/2026 09:05") != std::string::npos);
    CHECK(text.find("Personas delante 3") != std::string::npos);
    CHECK(text.find("Espera estimada 9 min") != std::string::npos);
    CHECK(text.find("Ventanillas 1, 2 y 3") != std::string::npos);
    CHECK(text.find("sin conexión") == std::string::npos);
    CHECK(pdf.size() <= 8 * 1024);
}

TEST_CASE("ticket receipt: a reprint is marked as a copy") {
    Translations es = shipped_translations("es");
    Ticket ticket = online_ticket();
    TicketReceiptInput input{ticket, es, "Correos Plaza", "Giros postales", "", -5h};
    input.copy = true;
    auto [pdf, text] = render_and_read(ticket_receipt(input), "ticket_copy_es.pdf");
    CHECK(text.find("COPIA") != std::string::npos);
    CHECK(text.find("B-042") != std::string::npos);
}

TEST_CASE("ticket receipt: an offline ticket says so and leaves out what the kiosk cannot know") {
    Translations en = shipped_translations("en");
    Ticket ticket = online_ticket();
    ticket.offline = true;
    ticket.number = "B-2-001";
    ticket.priority.clear();
    ticket.people_ahead.reset();
    ticket.estimated_wait_s.reset();
    auto [pdf, text] = render_and_read(ticket_receipt({ticket, en, "Correos Plaza", "Postal money orders", "", 0min}),
                              "ticket_en_offline.pdf");
    CHECK(text.find("B-2-001") != std::string::npos);
    CHECK(text.find("Issued without a connection to the server") != std::string::npos);
    CHECK(text.find("People ahead") == std::string::npos);
    CHECK(text.find("Priority") == std::string::npos);
}

TEST_CASE("ticket receipt: the QR code scans back to the ticket's code") {
    Translations es = shipped_translations("es");
    Ticket ticket = online_ticket();
    auto codes = codes_on_paper(ticket_receipt({ticket, es, "Correos Plaza", "Giros postales", "", 0min}));
    REQUIRE(codes.size() == 1);
    CHECK(codes[0].text == "VT1:0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a");
    CHECK(codes[0].format == "QRCode");
}
