// Where an installed program finds its data: in the prefix it was installed into, found from
// its own binary (<prefix>/bin/ventanilla → <prefix>/share/ventanilla), so a package unpacked
// anywhere runs as it does in /usr. A build tree has no such folder and uses the source tree's.
#pragma once

#include <filesystem>
#include <string_view>

namespace ventanilla {

// The folder holding the running program's binary (read from /proc/self/exe).
std::filesystem::path program_folder();

// <prefix>/share/ventanilla/<name> when it exists beside `program` (a binary in <prefix>/bin),
// else `build_tree_fallback`.
std::filesystem::path installed_data_folder(const std::filesystem::path& program, std::string_view name,
                                            const std::filesystem::path& build_tree_fallback);

}  // namespace ventanilla
