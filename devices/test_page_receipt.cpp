#include "devices/test_page_receipt.h"

#include "kiosk/version.h"

namespace ventanilla {

ReceiptDocument test_page_receipt(const TestPageInput& input) {
    const Translations& t = input.text;
    const TerminalConfig& config = input.config;
    ReceiptDocument page;
    page.lines.push_back(ReceiptTitle{t.tr("tech.test_page.title")});
    page.lines.push_back(ReceiptText{t.tr("tech.test_page.intro")});
    page.lines.push_back(ReceiptSeparator{});
    page.lines.push_back(ReceiptKeyValue{t.tr("tech.test_page.printer"), input.printer_name});
    page.lines.push_back(ReceiptKeyValue{t.tr("tech.test_page.paper"), std::to_string(config.printer.paper_width_mm) + " mm"});
    page.lines.push_back(ReceiptKeyValue{t.tr("tech.test_page.office"), config.office_id});
    page.lines.push_back(ReceiptKeyValue{t.tr("tech.test_page.terminal"), std::to_string(config.terminal_number)});
    page.lines.push_back(ReceiptKeyValue{t.tr("tech.test_page.version"), kVersion});
    page.lines.push_back(ReceiptKeyValue{t.tr("tech.test_page.printed_at"), input.printed_at_local});
    page.lines.push_back(ReceiptSeparator{});
    page.lines.push_back(ReceiptHeading{t.tr("tech.test_page.codes")});
    page.lines.push_back(ReceiptBarcode{"RR123456785CU"});
    page.lines.push_back(ReceiptQrCode{"VENTANILLA-TEST-PAGE"});
    page.lines.push_back(ReceiptText{"ÁÉÍÓÚ áéíóú Ññ Üü ¿? ¡! 0123456789"});
    page.lines.push_back(ReceiptSmallPrint{t.tr("tech.test_page.footer")});
    return page;
}

}  // namespace ventanilla
