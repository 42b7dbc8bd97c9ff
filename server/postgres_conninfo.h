// PostgreSQL connection strings: telling one from a SQLite file name, and showing one without its
// password.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

// True for a "postgresql://" or "postgres://" URI, or a libpq keyword string
// that starts with one of libpq's keywords and "=" ("host=db1 dbname=central").
// Anything else is a SQLite file name: "./host=x.db" stays a file.
bool is_postgres_conninfo(std::string_view text);

// Checks that libpq can parse it; "options.invalid" otherwise, with libpq's
// reason, the password masked.
Status check_postgres_conninfo(const std::string& text);

// The connection string as a libpq keyword string for logs and messages, the
// password shown as "***": "user=central password=*** dbname=central host=db1".
std::string masked_conninfo(const std::string& text);

}  // namespace ventanilla
