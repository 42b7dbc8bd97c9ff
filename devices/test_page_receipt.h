// The technician's test page: what printer and paper the terminal thinks it has, a barcode
// and a QR code to check the print quality, and when it was printed.
#pragma once

#include <chrono>
#include <string>

#include "devices/receipt.h"
#include "kiosk/config.h"
#include "kiosk/i18n.h"

namespace ventanilla {

struct TestPageInput {
    const Translations& text;
    const TerminalConfig& config;
    std::string printer_name;      // PrintWorker::printer_name(): "cups:receipts"
    std::string printed_at_local;  // "2025-03-14 09:26"
};

// Pure: the same input gives the same page.
ReceiptDocument test_page_receipt(const TestPageInput& input);

}  // namespace ventanilla
