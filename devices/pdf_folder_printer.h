// The default printer: each receipt becomes a PDF file in a folder, written atomically.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "devices/printer.h"

namespace ventanilla {

struct PdfFolderPrinterOptions {
    std::filesystem::path folder;  // created on first print when missing
    // The time in file names (local time). Tests pass a fixed clock.
    std::function<std::chrono::system_clock::time_point()> now = [] {
        return std::chrono::system_clock::now();
    };
};

// Writes every job as `YYYYMMDD-HHMMSS-<title>.pdf` (then `…-<title>-2.pdf` and so on
// within the same second). A file appears complete or not at all: it is written to a
// hidden temporary file, fsynced, and renamed without replacing anything. The folder
// is an archive rather than paper, so `copies` does not multiply files.
class PdfFolderPrinter final : public Printer {
public:
    // Removes temporary files a crash may have left in the folder, if it exists.
    explicit PdfFolderPrinter(PdfFolderPrinterOptions options);

    Result<PrintJob> print(std::string_view pdf_bytes, const PrintRequest& request) override;
    // A job is its file name: completed while the file is there.
    Result<PrintJob> job(std::string_view job_id) override;
    // Ready while the folder (or, before the first receipt, the folder above it) is writable.
    PrinterHealth health() override;
    std::string name() const override;

private:
    PdfFolderPrinterOptions options_;
};

// The title as a file-name part: ASCII letters and digits, Spanish accents dropped
// ("Envío Ñ" → "Envio-N"), everything else a single "-", at most 48 characters.
std::string file_name_title(std::string_view title);

// The printer error for a failed system call: ENOSPC and EDQUOT are "printer.disk_full",
// EACCES, EPERM, EROFS, ENOTDIR… "printer.folder_unwritable", the rest "printer.write_failed".
Error folder_printer_error(int error_number, const std::filesystem::path& path,
                           std::string_view step);

}  // namespace ventanilla
