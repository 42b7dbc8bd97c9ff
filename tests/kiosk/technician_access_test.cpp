// The technician's PIN: none by default, set once with the obvious ones refused, kept only as
// an argon2id hash, five wrong tries lock the mode for five minutes (counted across a restart),
// and the lock ends by itself. The clock is moved, not waited for.
#include <doctest/doctest.h>

#include <fstream>

#include "kiosk/enrolment.h"
#include "kiosk/technician_access.h"
#include "tests/support/process.h"

using namespace ventanilla;
using ventanilla::testing::TempDir;
using namespace std::chrono;

TEST_CASE("technician access: no default PIN, a PIN set once, kept only as a hash") {
    TempDir dir;
    auto path = std::filesystem::path(dir.file("kiosk.secrets.json"));
    auto access = TechnicianAccess::open(path);
    REQUIRE(access.ok());
    CHECK(access->needs_pin());
    auto now = system_clock::now();
    CHECK(access->check_pin("", now).error().code == "technician.wrong_pin");  // nothing opens it

    CHECK(access->set_pin("1234").error().code == "technician.pin_format");
    CHECK(access->set_pin("12a456").error().code == "technician.pin_format");
    CHECK(access->set_pin("1234567890123").error().code == "technician.pin_format");
    CHECK(access->set_pin("000000").error().code == "technician.pin_weak");
    CHECK(access->set_pin("123456").error().code == "technician.pin_weak");
    CHECK(access->set_pin("987654").error().code == "technician.pin_weak");
    REQUIRE(access->set_pin("480271").ok());
    CHECK_FALSE(access->needs_pin());

    std::ifstream in(path);
    std::string secrets((std::istreambuf_iterator<char>(in)), {});
    CHECK(secrets.find("480271") == std::string::npos);
    CHECK(secrets.find("$argon2id$") != std::string::npos);

    auto reopened = TechnicianAccess::open(path);
    REQUIRE(reopened.ok());
    CHECK(reopened->check_pin("480271", now).ok());
    CHECK(reopened->check_pin("480272", now).error().args.at("attempts_left") == "4");
}

TEST_CASE("technician access: five wrong PINs lock for five minutes, across a restart, then it opens again") {
    TempDir dir;
    auto path = std::filesystem::path(dir.file("kiosk.secrets.json"));
    auto now = system_clock::now();
    {
        auto access = TechnicianAccess::open(path);
        REQUIRE(access->set_pin("480271").ok());
        for (int i = 0; i < 3; ++i) CHECK(access->check_pin("111111", now).error().code == "technician.wrong_pin");
    }
    auto access = TechnicianAccess::open(path);  // the plug pulled between tries
    REQUIRE(access.ok());
    CHECK(access->failures() == 3);
    CHECK(access->check_pin("111111", now).error().args.at("attempts_left") == "1");
    auto locked = access->check_pin("111111", now);
    CHECK(locked.error().code == "technician.locked");
    CHECK(locked.error().args.at("minutes") == "5");
    REQUIRE(access->locked_until(now).has_value());

    // Even the right PIN waits out the lock.
    CHECK(access->check_pin("480271", now + minutes(4)).error().code == "technician.locked");
    CHECK(TechnicianAccess::open(path)->check_pin("480271", now + minutes(4) + seconds(30)).error().code ==
          "technician.locked");
    CHECK_FALSE(access->locked_until(now + minutes(5) + seconds(1)).has_value());
    CHECK(access->check_pin("480271", now + minutes(5) + seconds(1)).ok());
    CHECK(access->failures() == 0);
}
