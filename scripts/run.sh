#!/usr/bin/env bash
# `make run`: the central server on 127.0.0.1 with SQLite and demo data, and the terminal
# app pointed at it. Stops the server when the terminal closes.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
port=${VENTANILLA_PORT:-8420}
state="$root/var"
mkdir -p "$state/terminal"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  cat >&2 <<MSG
make run: there is no display to open the terminal's window on.
On a machine without a screen, run it under a virtual display:

    xvfb-run -a -s '-screen 0 1920x1080x24' make run

and take screenshots with:  import -display :99 -window root shot.png
MSG
  exit 1
fi

"$root/$build/bin/ventanilla-central" --db "$state/central.db" --demo-data \
  --listen 127.0.0.1 --port "$port" &
central=$!
trap 'kill $central 2>/dev/null; wait $central 2>/dev/null || true' EXIT

for _ in $(seq 50); do
  if curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 $central 2>/dev/null; then echo "make run: ventanilla-central did not start (is port $port taken? set VENTANILLA_PORT)" >&2; exit 1; fi
  sleep 0.1
done

cd "$root"
"$root/$build/bin/ventanilla" --config "$root/config/kiosk.json" \
  --server "http://127.0.0.1:$port" ${VENTANILLA_ARGS:---windowed}
