#!/usr/bin/env bash
# The Debian packages as a technician gets them: built with CPack from this build, their
# control fields and contents read back with dpkg-deb, their systemd units verified, their
# log rotation run, and the installed layout started from a folder they were unpacked into
# (ventanilla-central serving its catalog and forms, the terminal finding its translations),
# never from the source tree.
#
#   package_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/ventanilla-package-test-XXXXXX)
central_pid=""
cleanup() {
    if [ -n "$central_pid" ]; then kill "$central_pid" 2>/dev/null || true; wait "$central_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
failures=0
passes=0
check() {  # check "what" command...
    local what=$1; shift
    if "$@"; then passes=$((passes + 1)); else echo "FAILED: $what" >&2; failures=$((failures + 1)); fi
}
field() { dpkg-deb -f "$1" "$2"; }

echo "== building the packages"
(cd "$build" && cpack -G DEB -B "$work/packages" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; exit 1; }
terminal_deb=$(ls "$work"/packages/ventanilla_*.deb)
central_deb=$(ls "$work"/packages/ventanilla-central_*.deb)
echo "$terminal_deb"; echo "$central_deb"

echo "== control fields"
check "terminal package name" [ "$(field "$terminal_deb" Package)" = ventanilla ]
check "central package name" [ "$(field "$central_deb" Package)" = ventanilla-central ]
check "architecture" [ "$(field "$terminal_deb" Architecture)" = "$(dpkg --print-architecture)" ]
check "version" [ -n "$(field "$terminal_deb" Version)" ]
terminal_depends=$(field "$terminal_deb" Depends)
central_depends=$(field "$central_deb" Depends)
echo "ventanilla Depends: $terminal_depends"
echo "ventanilla-central Depends: $central_depends"
for dep in libcups2 libglfw3 libpoppler-cpp0v5 libsodium23 libsqlite3-0 libcurl4 fonts-dejavu-core cage xwayland; do
    check "ventanilla depends on $dep" grep -q "\b$dep\b" <<<"$terminal_depends"
done
for dep in libsqlite3-0 libpq5 libsodium23; do
    check "ventanilla-central depends on $dep" grep -q "\b$dep\b" <<<"$central_depends"
done
check "ventanilla-central does not pull in the kiosk session" bash -c "! grep -q cage <<<'$central_depends'"
check "a description" grep -q "post offices" <<<"$(field "$terminal_deb" Description)"

echo "== contents"
dpkg-deb -c "$terminal_deb" | awk '{print $6}' >"$work/terminal.list"
dpkg-deb -c "$central_deb" | awk '{print $6}' >"$work/central.list"
for path in ./usr/bin/ventanilla ./usr/share/ventanilla/assets/i18n/es.json ./usr/share/ventanilla/assets/i18n/en.json \
    ./usr/share/ventanilla/examples/kiosk.example.json ./usr/lib/systemd/system/ventanilla-kiosk.service \
    ./usr/lib/sysusers.d/ventanilla.conf ./usr/lib/tmpfiles.d/ventanilla.conf ./etc/logrotate.d/ventanilla \
    ./etc/default/ventanilla ./usr/share/doc/ventanilla/installation.md; do
    check "ventanilla holds $path" grep -qx "$path" "$work/terminal.list"
done
for path in ./usr/bin/ventanilla-central ./usr/share/ventanilla/assets/forms/postal-giro.json \
    ./usr/lib/systemd/system/ventanilla-central.service ./etc/logrotate.d/ventanilla-central ./etc/default/ventanilla-central; do
    check "ventanilla-central holds $path" grep -qx "$path" "$work/central.list"
done
check "nothing of the source tree" bash -c "! grep -q '/work\|/build/' '$work/terminal.list' '$work/central.list'"
mkdir -p "$work/control"
dpkg-deb -e "$terminal_deb" "$work/control/terminal"
dpkg-deb -e "$central_deb" "$work/control/central"
check "conffiles of ventanilla" grep -qx /etc/logrotate.d/ventanilla "$work/control/terminal/conffiles"
check "conffiles of ventanilla-central" grep -qx /etc/default/ventanilla-central "$work/control/central/conffiles"
check "maintainer scripts are executable" [ -x "$work/control/terminal/postinst" ]
check "postinst creates the kiosk user" grep -q systemd-sysusers "$work/control/terminal/postinst"

echo "== unpacked into a folder of its own"
root="$work/root"
dpkg-deb -x "$terminal_deb" "$root"
dpkg-deb -x "$central_deb" "$root"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$root/usr/bin/ventanilla-central" --db "$work/central.db" --demo-data --listen 127.0.0.1 --port "$port" \
    >"$work/central.log" 2>&1 &
central_pid=$!
up=no
for _ in $(seq 100); do
    if curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then up=yes; break; fi
    sleep 0.1
done
check "the unpacked ventanilla-central starts" [ "$up" = yes ]
check "it serves its catalog" bash -c "curl -fsS http://127.0.0.1:$port/api/v1/catalog | grep -q '\"offices\"'"
check "it serves the forms it was packaged with" bash -c "curl -fsS http://127.0.0.1:$port/api/v1/forms | grep -q giro"
check "the forms came from the unpacked prefix" grep -q "forms from $root/usr/share/ventanilla/assets/forms" "$work/central.log"
kill "$central_pid"; wait "$central_pid" 2>/dev/null || true; central_pid=""

mkdir -p "$work/terminal"
cat >"$work/terminal/terminal.json" <<JSON
{"role": "kiosk", "office_id": "hav-plaza", "terminal_number": 1, "server_url": "http://127.0.0.1:$port",
 "allow_plain_http": true, "data_dir": "$work/terminal/data",
 "printer": {"backend": "pdf_folder", "pdf_folder": "$work/terminal/receipts"}}
JSON
# The terminal starts, reads its translations from the unpacked prefix and draws its first
# frame; then it is stopped.
(cd "$work" && timeout 60 xvfb-run -a -s "-screen 0 1280x800x24" "$root/usr/bin/ventanilla" \
    --config "$work/terminal/terminal.json" --windowed --automation "$work/terminal/automation.sock" \
    >"$work/terminal.log" 2>&1 &)
started=no
for _ in $(seq 300); do
    if grep -q "automation interface listening" "$work/terminal.log" 2>/dev/null; then started=yes; break; fi
    sleep 0.1
done
check "the unpacked terminal starts" [ "$started" = yes ]
check "it reads its translations from the unpacked prefix" grep -q "assets from $root/usr/share/ventanilla/assets" "$work/terminal.log"
check "it found them" bash -c "! grep -q 'translations:' '$work/terminal.log'"
if [ -S "$work/terminal/automation.sock" ]; then
    python3 - "$work/terminal/automation.sock" <<'PY' || true
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"quit\n"); s.recv(1000)
PY
fi
for _ in $(seq 100); do pgrep -f "$root/usr/bin/ventanilla " >/dev/null || break; sleep 0.1; done

echo "== systemd units"
if command -v systemd-analyze >/dev/null; then
    mkdir -p "$work/units"
    for unit in ventanilla-kiosk.service ventanilla-central.service; do
        # The binaries where this test unpacked them; everything else as shipped.
        sed "s|/usr/bin/ventanilla|$root/usr/bin/ventanilla|g" "$root/usr/lib/systemd/system/$unit" >"$work/units/$unit"
    done
    if systemd-analyze verify "$work/units/ventanilla-kiosk.service" "$work/units/ventanilla-central.service" \
        >"$work/verify.log" 2>&1; then
        passes=$((passes + 1))
    else
        cat "$work/verify.log" >&2; echo "FAILED: systemd-analyze verify" >&2; failures=$((failures + 1))
    fi
    check "the kiosk restarts whatever ends it" grep -qx "Restart=always" "$work/units/ventanilla-kiosk.service"
    check "the kiosk runs in cage" grep -q "^ExecStart=/usr/bin/cage .* -- $root/usr/bin/ventanilla " "$work/units/ventanilla-kiosk.service"
else
    echo "systemd-analyze is not installed: units not verified"
fi

echo "== log rotation"
if command -v logrotate >/dev/null; then
    mkdir -p "$work/log"
    sed "s|/var/log/ventanilla/|$work/log/|" "$root/etc/logrotate.d/ventanilla" >"$work/logrotate.conf"
    printf 'a line of the terminal\n' >"$work/log/terminal.log"
    logrotate --force --state "$work/logrotate.state" "$work/logrotate.conf"
    check "the log was rotated" [ -s "$work/log/terminal.log.1" ]
    check "and truncated in place, for the open file to go on" [ ! -s "$work/log/terminal.log" ]
else
    echo "logrotate is not installed: rotation not run"
fi

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
