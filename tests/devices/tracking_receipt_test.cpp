// The tracking receipt: what it says (read back with pdftotext), that its code scans back to the
// item id, its size and its bounds; and the print worker that takes it to the printer.
#include "devices/tracking_receipt.h"

#include <doctest/doctest.h>

#include <atomic>

#include <filesystem>
#include <fstream>
#include <regex>

#include "devices/image_scan_source.h"
#include "devices/print_worker.h"
#include "devices/receipt_pdf.h"
#include "tests/devices/receipt_test_support.h"
#include "tests/support/process.h"
#include "tests/support/fixed_values.h"

using namespace ventanilla;
using namespace std::chrono_literals;
using namespace ventanilla::testing;
namespace fs = std::filesystem;

namespace {

TrackingEvent event(const char* id, const char* code, const char* when, const char* office,
                    const char* location, const char* country, const char* counter = "") {
    return TrackingEvent{id, code, at(when), "", office, location, country, counter};
}

// Newest first, as the server sends it: posted in Spain, ready for pick-up in Havana.
TrackingRecord parcel() {
    return TrackingRecord{
        "RR123456785CU",
        {event("e4", "EDH", "2026-11-20T14:05:00Z", "Correos Plaza", "La Habana", "CU", "2"),
         event("e3", "EMD", "2026-11-18T09:30:00Z", "Oficina de cambio", "La Habana", "CU"),
         event("e2", "EMC", "2026-11-15T22:10:00Z", "Centro internacional", "Madrid", "ES"),
         event("e1", "EMA", "2026-11-14T10:00:00Z", "Oficina Centro", "Madrid", "ES")},
        at("2026-11-21T13:00:00Z")};
}

TrackingReceiptInput input_of(const TrackingRecord& record, const Translations& text,
                              std::string office, int terminal, WallTime printed,
                              std::chrono::minutes utc_offset,
                              std::optional<std::string> cached_age = std::nullopt) {
    return TrackingReceiptInput{record, text, std::move(office), terminal, printed, utc_offset,
                                std::move(cached_age)};
}

std::string text_of(const ReceiptDocument& doc, const std::string& name) {
    return render_and_read(doc, name).second;
}

}  // namespace

TEST_CASE("tracking receipt: id, status, history newest first, where and when printed") {
    Translations es = shipped_translations("es");
    TrackingRecord record = parcel();
    TrackingReceiptInput input = input_of(record, es, "Correos Plaza", 3, at("2026-11-21T13:05:00Z"), -5h);
    std::string text = text_of(tracking_receipt(input), "tracking_receipt_es.pdf");

    CHECK(text.find("Seguimiento de envío") != std::string::npos);
    CHECK(text.find("RR123456785CU") != std::string::npos);
    CHECK(text.find("Listo para recoger en Correos Plaza, ventanilla 2") != std::string::npos);
    CHECK(text.find("Consultado al servidor el 21/11/2026 08:00.") != std::string::npos);
    // Local times (UTC−5), the UPU wording in Spanish, places with their country abroad.
    auto newest = text.find("20/11/2026 09:05");
    auto oldest = text.find("14/11/2026 05:00");
    REQUIRE(newest != std::string::npos);
    REQUIRE(oldest != std::string::npos);
    CHECK(newest < oldest);
    CHECK(text.find("Oficina Centro, Madrid, ES") != std::string::npos);
    CHECK(text.find("Impreso 21/11/2026 08:05") != std::string::npos);
    CHECK(text.find("Correos Plaza, n.º 3") != std::string::npos);
    CHECK(text.find("sin conexión") == std::string::npos);
}

TEST_CASE("tracking receipt: English, and a cached answer says it is the last known one") {
    Translations en = shipped_translations("en");
    TrackingRecord record = parcel();
    TrackingReceiptInput input = input_of(record, en, "Correos Plaza", 1, at("2026-11-21T16:00:00Z"),
                                          -5h, "3 hours ago");
    std::string text = text_of(tracking_receipt(input), "tracking_receipt_en_cached.pdf");
    CHECK(text.find("Item tracking") != std::string::npos);
    CHECK(text.find("last known status, updated 3 hours ago") != std::string::npos);
    CHECK(text.find("Asked the server") == std::string::npos);
    CHECK(text.find("Posted") != std::string::npos);  // EMA in English
}

TEST_CASE("tracking receipt: the barcode scans back to the item id") {
    Translations es = shipped_translations("es");
    TrackingRecord record = parcel();
    ReceiptDocument doc = tracking_receipt(input_of(record, es, "Correos Plaza", 1, at("2026-11-21T13:05:00Z"), 0min));
    int barcodes = 0;
    for (const auto& line : doc.lines) {
        if (const auto* code = std::get_if<ReceiptBarcode>(&line)) {
            ++barcodes;
            CHECK(code->payload == "RR123456785CU");
        }
    }
    CHECK(barcodes == 1);
    // Printed, rasterised at the printer's 203 dpi, and read back by the decoder the
    // kiosk's camera uses.
    bool found = false;
    for (const auto& code : codes_on_paper(doc)) found = found || code.text == "RR123456785CU";
    CHECK(found);
}

TEST_CASE("tracking receipt: small, and bounded however long the history") {
    Translations es = shipped_translations("es");
    TrackingRecord record = parcel();
    auto pdf = render_receipt_pdf(tracking_receipt(input_of(record, es, "Correos Plaza", 1, at("2026-11-21T13:05:00Z"), 0min)));
    REQUIRE(pdf.ok());
    CHECK(pdf.value().size() <= 8 * 1024);

    // The server's limit is 500 events: the receipt shows the newest 40 and says how many more.
    TrackingRecord endless = record;
    endless.events.clear();
    for (int i = 0; i < 500; ++i) {
        endless.events.push_back(event("x", "EMJ", "2026-11-01T10:00:00Z", "Centro", "Madrid", "ES"));
    }
    ReceiptDocument doc = tracking_receipt(input_of(endless, es, "Correos Plaza", 1, at("2026-11-21T13:05:00Z"), 0min));
    std::string text = text_of(doc, "tracking_receipt_long.pdf");
    CHECK(text.find("… y 460 movimientos anteriores.") != std::string::npos);

    TrackingRecord empty{"RR123456785CU", {}, at("2026-11-21T13:00:00Z")};
    CHECK(text_of(tracking_receipt(input_of(empty, es, "", 1, at("2026-11-21T13:05:00Z"), 0min)), "tracking_receipt_empty.pdf")
              .find("Todavía no hay movimientos de este envío") != std::string::npos);
}

TEST_CASE("print worker: receipts reach the folder in order, failures come back as errors") {
    TempDir dir;
    PrinterConfig config;
    config.pdf_folder = dir.file("receipts");
    auto printer = make_printer(config);
    REQUIRE(printer.ok());
    std::atomic<int> wakes{0};
    PrintWorker worker(std::move(printer).value(), [&] { ++wakes; });
    CHECK(worker.printer_name().find(dir.file("receipts")) != std::string::npos);

    Translations es = shipped_translations("es");
    TrackingRecord record = parcel();
    ReceiptDocument doc = tracking_receipt(input_of(record, es, "Correos Plaza", 1, at("2026-11-21T13:05:00Z"), 0min));
    auto first = worker.submit(doc, receipt_options_for(config), {"seguimiento", 1});
    auto second = worker.submit(doc, receipt_options_for(config), {"seguimiento", 1});
    std::vector<PrintOutcome> outcomes;
    REQUIRE(wait_until([&] {
        for (auto& o : worker.drain()) outcomes.push_back(std::move(o));
        return outcomes.size() == 2;
    }, 10s));
    CHECK(wakes >= 1);
    CHECK(outcomes[0].order == first);
    CHECK(outcomes[1].order == second);
    for (const auto& o : outcomes) {
        REQUIRE_MESSAGE(o.job.ok(), o.job.failure_text());
        CHECK(fs::file_size(o.job.value().where) == render_receipt_pdf(doc).value().size());
    }
    CHECK(outcomes[0].job.value().where != outcomes[1].job.value().where);

    // A receipt too wide for its paper never reaches the printer: the error comes back.
    ReceiptOptions narrow = receipt_options_for(config);
    narrow.paper_width_mm = 6;
    worker.submit(doc, narrow, {"seguimiento", 1});
    std::vector<PrintOutcome> failed;
    REQUIRE(wait_until([&] {
        for (auto& o : worker.drain()) failed.push_back(std::move(o));
        return !failed.empty();
    }, 10s));
    REQUIRE_FALSE(failed[0].job.ok());
    CHECK(failed[0].job.error().code.starts_with("receipt."));
}

TEST_CASE("print worker: jobs submitted before shutdown still print") {
    TempDir dir;
    PrinterConfig config;
    config.pdf_folder = dir.file("receipts");
    Translations es = shipped_translations("es");
    TrackingRecord record = parcel();
    ReceiptDocument doc = tracking_receipt(input_of(record, es, "Correos Plaza", 1, at("2026-11-21T13:05:00Z"), 0min));
    {
        PrintWorker worker(make_printer(config).value(), {});
        for (int i = 0; i < 5; ++i) worker.submit(doc, receipt_options_for(config), {"seguimiento", 1});
    }
    int files = 0;
    for (const auto& entry : fs::directory_iterator(dir.file("receipts"))) {
        files += entry.path().extension() == ".pdf";
    }
    CHECK(files == 5);
}

TEST_CASE("make_printer: every configured backend gets its own printer, named for the technician") {
    PrinterConfig config;
    config.pdf_folder = "/var/lib/ventanilla/receipts";
    config.cups_queue = "recibos";
    config.escpos_device = "/dev/usb/lp0";
    std::vector<std::pair<PrinterBackend, std::string>> expected = {
        {PrinterBackend::pdf_folder, "pdf-folder:/var/lib/ventanilla/receipts"},
        {PrinterBackend::cups, "cups:recibos"},
        {PrinterBackend::escpos, "escpos:/dev/usb/lp0"}};
    for (const auto& [backend, name] : expected) {
        config.backend = backend;
        auto printer = make_printer(config);
        REQUIRE_MESSAGE(printer.ok(), printer.failure_text());
        CHECK((*printer)->name() == name);
    }
}
