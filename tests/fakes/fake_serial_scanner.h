// A serial barcode scanner played by a pseudo-terminal, for the scanner and UI tests.
#pragma once

#include <doctest/doctest.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace ventanilla::testing {

// A pseudo-terminal standing in for the scanner: the test writes into the master side,
// the scanner source reads the slave side through a link, as it would a udev link.
class FakeSerialScanner {
public:
    explicit FakeSerialScanner(std::filesystem::path link) : link_(std::move(link)) { plug(); }
    ~FakeSerialScanner() { unplug(); }

    void plug() {
        master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
        REQUIRE(master_ >= 0);
        REQUIRE(::grantpt(master_) == 0);
        REQUIRE(::unlockpt(master_) == 0);
        const char* slave = ::ptsname(master_);
        REQUIRE(slave != nullptr);
        std::filesystem::create_symlink(slave, link_);
    }
    void unplug() {
        std::error_code ignored;
        std::filesystem::remove(link_, ignored);
        if (master_ >= 0) ::close(master_);
        master_ = -1;
    }
    void type(const std::string& bytes) {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(master_, bytes.data() + done, bytes.size() - done);
            REQUIRE(n > 0);
            done += static_cast<std::size_t>(n);
        }
    }

private:
    std::filesystem::path link_;
    int master_ = -1;
};

}  // namespace ventanilla::testing
