#!/usr/bin/env bash
# Makes the decode benchmark's frames: 1280x720 grey camera-like pictures of Code128 and QR
# codes drawn by zint (not by ZXing, the decoder under test) and spoilt by imagemagick, plus
# frames with no code at all. Writes OUT/manifest.tsv last: "file<TAB>expected text" (empty
# text = no code). Deterministic (seeded), about 30 s on two cores.
#
#   bench/make_decode_set.sh OUT [CODE_FRAMES=240] [EMPTY_FRAMES=24]
set -euo pipefail

out=${1:?usage: make_decode_set.sh OUT [CODE_FRAMES] [EMPTY_FRAMES]}
code_frames=${2:-240}
empty_frames=${3:-24}
jobs=${JOBS:-$(nproc)}
font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

for tool in zint convert identify xargs; do
  command -v "$tool" >/dev/null || { echo "make_decode_set: $tool is missing" >&2; exit 2; }
done
# Debian's own binary when there is one: a `convert` earlier on PATH may be a wrapper
# that costs more to start than the drawing does.
im_convert=$(command -v convert-im6.q16 || command -v convert)
# One thread per convert: the jobs already fill the cores.
export MAGICK_THREAD_LIMIT=1
mkdir -p "$out"
rm -f "$out/manifest.tsv"
RANDOM=${SEED:-20261122}  # the same set every time (SEED=n for another one)

# rand LOW HIGH: sets R to an integer in [LOW, HIGH]. No $( ): a subshell would not
# advance this shell's RANDOM (or would reseed it), and the set would not be reproducible.
rand() { R=$(( $1 + RANDOM % ($2 - $1 + 1) )); }

# Sets S10 to a UPU S10 item id with a correct check digit (weights 8 6 4 2 3 5 9 7).
s10() {
  local digits sum=0 i c
  printf -v digits '%08d' $(( (RANDOM * 32768 + RANDOM) % 100000000 ))
  local weights=(8 6 4 2 3 5 9 7)
  for i in 0 1 2 3 4 5 6 7; do sum=$(( sum + ${digits:i:1} * weights[i] )); done
  c=$(( 11 - sum % 11 ))
  (( c == 10 )) && c=0
  (( c == 11 )) && c=5
  local prefixes=(RR CP EE LX RA CX)
  S10="${prefixes[RANDOM % 6]}${digits}${c}CU"
}

categories=(clean rotated blur noise perspective low_contrast jpeg small combined shadow)
job_file=$(mktemp)
manifest=$(mktemp)
trap 'rm -f "$job_file" "$manifest"' EXIT

for (( i = 0; i < code_frames; i++ )); do
  category=${categories[i % ${#categories[@]}]}
  s10
  if (( RANDOM % 5 < 3 )); then
    format=code128; symbology=20; text=$S10
  else
    format=qr; symbology=58
    if (( RANDOM % 2 )); then text="https://www.correos.cu/rastreo?id=$S10"; else text=$S10; fi
  fi
  # Scale in tenths of zint's scale; zint scale 1 is 2 px per module.
  rand 15 22; scale=$R; rand -5 5; angle=$R; rand -150 150; dx=$R; rand -80 80; dy=$R
  # Backgrounds come in steps of 5 % grey, so a few drawn once serve every frame.
  rand 14 18; light=$(( R * 5 )); rand 7 11; dark=$(( R * 5 ))
  # code_ops spoil the code's own picture (cheaper than the whole frame, same effect on the
  # code); post spoils the whole frame.
  perspective=""; code_ops=""; post=""; ext=png; resize=100
  case $category in
    clean) ;;
    rotated) rand 0 359; angle=$R; rand 15 18; scale=$R ;;
    blur) rand 28 32; scale=$R; rand -40 40; dx=$R; rand -3 3; angle=$R
          rand 12 20; code_ops="-blur 0x$(( R / 10 )).$(( R % 10 ))" ;;
    noise) rand 4 8; post="-attenuate 0.$R +noise Gaussian" ;;
    perspective)
      # Each corner moves by up to 12 % of the code's size, as a receipt held at an angle:
      # "from_x,from_y,to_x,to_y" in percent, four times.
      rand 6 12; k=$R
      for corner in "0,0" "100,0" "0,100" "100,100"; do
        fx=${corner%,*}; fy=${corner#*,}
        rand 0 "$k"; tx=$(( fx == 0 ? R : 100 - R ))
        rand 0 "$k"; ty=$(( fy == 0 ? R : 100 - R ))
        perspective+="$fx,$fy,$tx,$ty "
      done ;;
    low_contrast) rand 35 42; low=$R; rand 62 68; post="+level $low%,$R%" ;;
    jpeg) ext=jpg; rand 12 30; post="-quality $R" ;;
    small) # Drawn at 2 px per module, then shrunk as a lens would, to 1.4-1.6 px per module.
           scale=10; rand 70 80; resize=$R ;;
    combined) rand -30 30; angle=$R; ext=jpg
              code_ops="-blur 0x1"; post="-attenuate 0.3 +noise Gaussian -quality 40" ;;
    shadow) post="SHADOW -compose multiply -composite" ;;
  esac
  printf -v name '%03d-%s-%s.%s' "$i" "$format" "$category" "$ext"
  printf -v scale_arg '%d.%d' $(( scale / 10 )) $(( scale % 10 ))
  echo "$name|$symbology|$scale_arg|$text|$angle|$dx|$dy|$perspective|$post|$light|$dark|$resize|$code_ops" >> "$job_file"
  printf '%s\t%s\n' "$name" "$text" >> "$manifest"
done

# Frames with no code: plain, noisy, textured, printed text, and stripes and checks that
# look like bars and modules to a careless decoder.
empty_kinds=(blank noise plasma text stripes checks)
for (( i = 0; i < empty_frames; i++ )); do
  kind=${empty_kinds[i % ${#empty_kinds[@]}]}
  printf -v name 'empty-%02d-%s.png' "$i" "$kind"
  rand 1 30000
  echo "$name|EMPTY|$kind|$R" >> "$job_file"
  printf '%s\t\n' "$name" >> "$manifest"
done

# Drawing a 1280x720 gradient costs more than the rest of a frame: draw each one once.
backgrounds="$out/.backgrounds"
mkdir -p "$backgrounds"
export im_convert backgrounds
make_background() {
  "$im_convert" -size 1280x720 "gradient:gray$1-gray$2" -colorspace gray \
    -define png:compression-level=1 "$backgrounds/bg-$1-$2.png"
}
export -f make_background
for light in 70 75 80 85 90; do
  for dark in 35 40 45 50 55; do echo "$light $dark"; done
done | xargs -P "$jobs" -L1 bash -c 'make_background "$@"' _
"$im_convert" -size 1280x720 radial-gradient:white-gray35 -colorspace gray "$backgrounds/shadow.png"

export out font im_convert backgrounds
make_one() {
  local name symbology scale text angle dx dy perspective post light dark resize code_ops
  IFS='|' read -r name symbology scale text angle dx dy perspective post light dark resize \
    code_ops <<< "$1"
  post=${post/SHADOW/$backgrounds/shadow.png}
  local target="$out/$name"
  if [[ $symbology == EMPTY ]]; then
    local kind=$scale seed=$text
    case $kind in
      blank) "$im_convert" -size 1280x720 "xc:gray$(( seed % 60 + 30 ))" "$target" ;;
      noise) "$im_convert" -size 1280x720 xc:gray60 -seed "$seed" -attenuate 1.5 +noise Gaussian \
               -colorspace gray "$target" ;;
      plasma) "$im_convert" -size 1280x720 -seed "$seed" plasma:fractal -colorspace gray "$target" ;;
      text) "$im_convert" -size 1280x720 xc:white -font "$font" -pointsize 28 -fill black \
              -annotate +60+120 "Correos de Cuba  -  Recibo de envío\nRemitente: 12 y 23, Vedado\nDestino: Camagüey\nPeso 1,25 kg   Importe 35,00 CUP" \
              -blur 0x0.6 -colorspace gray "$target" ;;
      stripes) # Random-width vertical bars: the nearest thing to a Code128 that is not one.
        local draw="" x=200 w
        while (( x < 1080 )); do
          w=$(( (seed + x * 7919) % 9 + 2 )); draw+="rectangle $x,200 $(( x + w - 1 )),520 "
          x=$(( x + w + (seed + x * 104729) % 9 + 2 ))
        done
        "$im_convert" -size 1280x720 xc:white -fill black -draw "$draw" -colorspace gray "$target" ;;
      checks) "$im_convert" -size 1280x720 xc:white -seed "$seed" \( -size 60x60 xc:gray50 +noise Random \
                -colorspace gray -threshold 50% -scale 600% \) -gravity center -composite \
                -colorspace gray "$target" ;;
    esac
    return
  fi
  local code
  code=$(mktemp --suffix=.png)
  zint -b "$symbology" --quietzones --scale="$scale" -d "$text" -o "$code" >/dev/null
  local distort=()
  if [[ -n $perspective ]]; then
    local w h marks=() m fx fy tx ty
    read -r w h < <(identify -format '%w %h' "$code")
    for m in $perspective; do
      IFS=, read -r fx fy tx ty <<< "$m"
      marks+=("$(( fx * w / 100 )),$(( fy * h / 100 )),$(( tx * w / 100 )),$(( ty * h / 100 ))")
    done
    distort=(-virtual-pixel white +distort Perspective "${marks[*]}")
  fi
  local background="$backgrounds/bg-$light-$dark.png"
  # shellcheck disable=SC2086  # $post is a list of imagemagick arguments
  "$im_convert" "$background" \
    \( "$code" -colorspace gray -resize "$resize%" "${distort[@]}" -background white \
       -rotate "$angle" $code_ops \) \
    -gravity center -geometry "+${dx}+${dy}" -composite $post -colorspace gray \
    -define png:compression-level=1 "$target"
  rm -f "$code"
}
export -f make_one

xargs -d '\n' -P "$jobs" -I{} bash -c 'make_one "$1"' _ {} < "$job_file"
rm -rf "$backgrounds"
mv "$manifest" "$out/manifest.tsv"
trap - EXIT
rm -f "$job_file"
echo "make_decode_set: $code_frames code frames, $empty_frames empty frames in $out"
