#!/usr/bin/env bash
# Installs the Debian 12 packages Ventanilla builds, runs and tests with.
# Idempotent: it asks apt only for what is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config make git
  libimgui-dev libglfw3-dev libgl-dev libglx-dev libx11-dev libstb-dev fonts-dejavu-core
  # GLFW's native-access header (ui/window_context.cpp) includes Xrandr's.
  libxrandr-dev
  libcurl4-openssl-dev libsqlite3-dev sqlite3
  libpq-dev postgresql
  libzxing-dev libhpdf-dev libpoppler-cpp-dev libcups2-dev doctest-dev
  nlohmann-json3-dev libcpp-httplib-dev libsodium-dev
  libespeak-ng-dev libasound2-dev
  xvfb xauth xdotool x11-utils libgl1-mesa-dri imagemagick poppler-utils cups-daemon cups-client curl
  zbar-tools zint
  procps
  # Printing tests: Debian's virtual PDF printer behind a private cupsd (CUPS's filters and
  # Ghostscript, as a real printer's job goes).
  printer-driver-cups-pdf
  # Packaging and its test: dpkg-shlibdeps for the packages' Depends, the kiosk session's
  # cage (systemd-analyze verify checks that ExecStart's program exists), logrotate, systemd.
  dpkg-dev file cage xwayland logrotate systemd
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
