#!/usr/bin/env bash
# Remakes the golden barcode samples with zint, an encoder independent of ZXing, so the
# decoder is never checked against its own writer. Each folder <format>-N holds one image
# and, beside it, the text it must decode to (no trailing newline). Run from this folder.
set -euo pipefail
cd "$(dirname "$0")"
im=$(command -v convert-im6.q16 || command -v convert)
export MAGICK_THREAD_LIMIT=1

# sample DIR TEXT ZINT_ARGS...: a plain symbol as zint draws it.
sample() {
  local dir=$1 text=$2; shift 2
  mkdir -p "$dir"
  zint "$@" --quietzones -d "$text" -o "$dir/image.png" >/dev/null
  printf '%s' "$text" > "$dir/image.txt"
}

# framed DIR TEXT ANGLE ZINT_ARGS...: the symbol turned and blurred on a grey 640x360
# camera-like frame, saved as JPEG.
framed() {
  local dir=$1 text=$2 angle=$3; shift 3
  mkdir -p "$dir"
  local code
  code=$(mktemp --suffix=.png)
  zint "$@" --quietzones -d "$text" -o "$code" >/dev/null
  "$im" -size 640x360 gradient:gray75-gray45 \( "$code" -colorspace gray -background white \
    -rotate "$angle" \) -gravity center -composite -blur 0x0.7 -colorspace gray -quality 75 \
    "$dir/image.jpg"
  rm -f "$code"
  printf '%s' "$text" > "$dir/image.txt"
}

sample code128-1 'RR123456785CU' -b 20
sample code128-2 '7K3M-Q9XA' -b 20 --scale=2
framed code128-3 'CP000000005CU' 38 -b 20 --scale=1.5
sample qrcode-1 'Envío RR123456785CU — Camagüey' -b 58 --scale=2
framed qrcode-2 'https://www.correos.cu/rastreo?id=EE123456785CU' -25 -b 58 --scale=2
sample datamatrix-1 'CU-2026-000123' -b 71 --square --scale=3
sample datamatrix-2 'RR123456785CU' -b 71 --scale=3
