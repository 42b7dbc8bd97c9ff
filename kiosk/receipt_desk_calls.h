// What the counter's worker does for the receipt desk (kiosk/receipt_desk.h): the terminals'
// keys kept on disk and refreshed with If-None-Match, a submission opened (the code checked
// again with fresh keys when its terminal was unknown, the form's labels found among the kept
// forms), an outcome recorded. Each call blocks: run it on a worker.
#pragma once

#include <atomic>
#include <filesystem>
#include <optional>

#include "kiosk/form_definition.h"
#include "kiosk/receipt_desk.h"
#include "kiosk/result.h"
#include "kiosk/submission_client.h"

namespace ventanilla {

struct DeskServer {
    SyncEndpoint endpoint;
    std::filesystem::path keys_file;   // data_dir/terminal-keys.json, this module's own
    std::filesystem::path forms_file;  // data_dir/forms.json, kept by ServerLink
};

// The keys kept on disk; an empty list when there is no file or it cannot be read (then the
// next refresh fetches them whole).
TerminalKeyList load_kept_terminal_keys(const std::filesystem::path& file);

// Asks the server for the keys (If-None-Match: known's ETag) and keeps a new list on disk.
// Returns the list in hand afterwards: `known` when unchanged.
Result<TerminalKeyList> refresh_terminal_keys(const DeskServer& server, const TerminalKeyList& known,
                                              const std::atomic<bool>* cancelled = nullptr);

struct DeskOpened {
    Result<OpenedSubmission> opened = make_error("net.cancelled");
    std::optional<Error> verdict;               // after a key refresh: nullopt when genuine
    std::optional<FormDefinition> form;         // the version the submission was made with
    std::optional<TerminalKeyList> fresh_keys;  // when the request refreshed them
};

DeskOpened open_for_desk(const DeskServer& server, const DeskRequest& request, const TerminalKeyList& keys,
                         const std::atomic<bool>* cancelled = nullptr);

// The form `id` version `version` among the forms kept on disk, when they hold it; version 0:
// the latest one kept.
std::optional<FormDefinition> kept_form(const std::filesystem::path& forms_file, const std::string& id,
                                        int version);

}  // namespace ventanilla
