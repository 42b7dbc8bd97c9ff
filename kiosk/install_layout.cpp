#include "kiosk/install_layout.h"

#include <system_error>

namespace ventanilla {

std::filesystem::path program_folder() {
    std::error_code ec;
    std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    return self.parent_path();
}

std::filesystem::path installed_data_folder(const std::filesystem::path& program, std::string_view name,
                                            const std::filesystem::path& build_tree_fallback) {
    if (!program.empty()) {
        std::filesystem::path installed = program.parent_path() / "share" / "ventanilla" / name;
        std::error_code ec;
        if (std::filesystem::is_directory(installed, ec)) return installed.lexically_normal();
    }
    return build_tree_fallback;
}

}  // namespace ventanilla
