// The program version, as set by CMake.
#pragma once
namespace ventanilla {
#ifdef VENTANILLA_VERSION
inline constexpr const char* kVersion = VENTANILLA_VERSION;
#else
inline constexpr const char* kVersion = "0.0.0";
#endif
}  // namespace ventanilla
