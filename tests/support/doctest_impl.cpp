// doctest's implementation, compiled once for every test binary and benchmark that links
// test_support (their main() is their own: tests/doctest_main.cpp for the test binaries).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
