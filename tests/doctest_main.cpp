// The one main() of each doctest binary; doctest itself is in test_support
// (tests/support/doctest_impl.cpp).
#include <doctest/doctest.h>

int main(int argc, char** argv) { return doctest::Context(argc, argv).run(); }
