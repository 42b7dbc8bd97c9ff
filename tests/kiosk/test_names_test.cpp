// ctest runs each doctest case through a filter made from its name. CMake cuts a name at ";"
// (a list separator), so such a case ran an empty filter and "passed" without running: this
// keeps it from coming back.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

TEST_CASE("test names: no test case name holds a semicolon, which ctest would run as nothing") {
    const std::regex test_case(R"re(TEST_CASE(?:_TEMPLATE)?\(\s*"((?:[^"\\]|\\.)*)")re");
    std::vector<std::string> offenders;
    int seen = 0;
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(VENTANILLA_SOURCE_DIR) / "tests")) {
        if (entry.path().extension() != ".cpp") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const std::string source = text.str();
        for (std::sregex_iterator it(source.begin(), source.end(), test_case), end; it != end; ++it) {
            ++seen;
            if ((*it)[1].str().find(';') != std::string::npos) {
                offenders.push_back(entry.path().filename().string() + ": " + (*it)[1].str());
            }
        }
    }
    CHECK(seen > 100);  // the scan found the suite
    for (const auto& name : offenders) FAIL_CHECK(name);
    CHECK(offenders.empty());
}
