#include "kiosk/draft_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "kiosk/atomic_file.h"
#include "kiosk/sealed_data.h"

namespace ventanilla {

Status save_draft(const std::filesystem::path& path, const nlohmann::json& draft, std::string_view data_key) {
    return write_file_atomically(path, seal_data(draft.dump(), data_key), 0600);
}

Result<std::optional<nlohmann::json>> load_draft(const std::filesystem::path& path, std::string_view data_key) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::optional<nlohmann::json>();
    std::stringstream bytes;
    bytes << in.rdbuf();
    auto opened = open_sealed_data(bytes.str(), data_key);
    if (!opened) return opened.error();
    auto json = nlohmann::json::parse(opened.value(), nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return make_error("sealed.damaged", path.string());
    return std::optional<nlohmann::json>(std::move(json));
}

Status wipe_draft(const std::filesystem::path& path) {
    // Sealed already; overwriting as well leaves nothing to recover even with the key.
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return ok_status();
    } else {
        off_t size = ::lseek(fd, 0, SEEK_END);
        ::lseek(fd, 0, SEEK_SET);
        std::string zeros(4096, '\0');
        for (off_t done = 0; done < size;) {
            auto chunk = static_cast<std::size_t>(std::min<off_t>(size - done, static_cast<off_t>(zeros.size())));
            if (::write(fd, zeros.data(), chunk) != static_cast<ssize_t>(chunk)) break;
            done += static_cast<off_t>(chunk);
        }
        ::fsync(fd);
        ::close(fd);
    }
    std::error_code ec;
    std::filesystem::remove(path, ec);
    if (ec) return make_error("file.write_failed", path.string() + ": " + ec.message(), {{"path", path.string()}});
    return ok_status();
}

}  // namespace ventanilla
