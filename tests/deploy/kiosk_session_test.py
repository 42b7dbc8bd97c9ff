#!/usr/bin/env python3
"""The kiosk session as ventanilla-kiosk.service starts it, and started again as systemd would.

Reads the unit shipped in config/systemd/, checks what it promises (cage without VT switching,
restarted forever), then runs its ExecStart for real: cage with its headless wlroots backend in
place of the seat on tty1, the terminal drawing through cage's Xwayland, as an unprivileged user
(cage refuses root, the unit has User=ventanilla), in the unit's working directory, with the
unit's environment and VENTANILLA_ARGS from the environment file (here: the automation socket).

Then the restart-with-state contract, as Restart=always carries it out (systemd itself is not
PID 1 in a test, so the test starts the session again itself, the same way):
  - mid-form: a complaint half filled, the terminal killed with SIGKILL; cage ends with it (so
    systemd sees the service end); the session started again shows the complaint where it was;
  - mid-ticket: the server away, a provisional ticket issued from the kiosk's own numbering
    block, the terminal killed; started again, the next ticket continues the numbering and, once
    the server is back, both are uploaded exactly once.

    kiosk_session_test.py BUILD_DIR SOURCE_DIR
Exit 0: passed; 1: failed; 77: cannot run here (no cage or Xwayland, or not root to switch user).
"""
import json
import os
import pwd
import shlex
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

BUILD, SOURCE = (os.path.abspath(p) for p in sys.argv[1:3])
UNIT = os.path.join(SOURCE, "config/systemd/ventanilla-kiosk.service")
SKIP = 77
passes, failures = 0, 0


def check(what, ok, detail=""):
    global passes, failures
    if ok:
        passes += 1
    else:
        failures += 1
        print(f"FAILED: {what}" + (f": {detail}" if detail else ""), file=sys.stderr)
    return ok


def wait_until(predicate, seconds, step=0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(step)
    return False


def read_unit(path):
    """The [Service] and [Unit] keys of a unit file, the last value of each key kept."""
    keys = {}
    with open(path) as unit:
        for line in unit:
            line = line.strip()
            if not line or line[0] in "#;[" or "=" not in line:
                continue
            key, value = line.split("=", 1)
            keys.setdefault(key, []).append(value)
    return keys


class Automation:
    """The terminal's automation socket: one command line, one JSON line back."""

    def __init__(self, path):
        self.path = path

    def send(self, command, timeout=30):
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(timeout)
            s.connect(self.path)
            s.sendall(command.encode() + b"\n")
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                reply += chunk
        return json.loads(reply)

    def must(self, command):
        reply = self.send(command)
        if not reply.get("ok", False):
            shown = [w["text"] for w in self.send("shown").get("shown", [])]
            raise RuntimeError(f"{command!r}: {reply}; on screen: {shown}")
        return reply

    def state(self):
        return self.must("state")

    def shows(self, text):
        return any(w["text"] == text for w in self.must("shown")["shown"])


def png_size(path):
    with open(path, "rb") as f:
        header = f.read(24)
    return struct.unpack(">II", header[16:24])


def main():
    unit = read_unit(UNIT)
    exec_start = shlex.split(unit["ExecStart"][0])
    # What the unit promises, read from the unit itself.
    cage_options = exec_start[1:exec_start.index("--")] if "--" in exec_start else []
    check("the session is cage", exec_start[0] == "/usr/bin/cage", exec_start[0])
    check("cage runs the terminal", "--" in exec_start and exec_start[exec_start.index("--") + 1] == "/usr/bin/ventanilla")
    check("no VT switching: cage's -s would allow it", "-s" not in cage_options, " ".join(cage_options))
    check("restarted whatever ends it", unit.get("Restart") == ["always"], unit.get("Restart"))
    check("restarted forever", unit.get("StartLimitIntervalSec") == ["0"], unit.get("StartLimitIntervalSec"))
    check("as an unprivileged user", unit.get("User") == ["ventanilla"], unit.get("User"))

    missing = [tool for tool in ("cage", "Xwayland") if not shutil.which(tool)]
    if missing or os.geteuid() != 0:
        print(f"{passes} checks of the unit passed; the session itself cannot run here: "
              + (f"{', '.join(missing)} not installed" if missing else "not root, cannot switch to an unprivileged user"))
        return 1 if failures else SKIP

    nobody = pwd.getpwnam("nobody")
    uid, gid = nobody.pw_uid, nobody.pw_gid
    work = tempfile.mkdtemp(prefix="ventanilla-session-")
    os.chmod(work, 0o755)
    etc, state_dir, runtime, logs = (os.path.join(work, d) for d in ("etc", "state", "runtime", "log"))
    for folder, mode in ((etc, 0o750), (state_dir, 0o750), (runtime, 0o700), (logs, 0o750)):
        os.makedirs(folder, mode)
        os.chown(folder, uid, gid)
    central_db = os.path.join(work, "central.db")
    central = None
    session = None

    def as_the_unit_user():
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
        os.umask(0o027)  # UMask=

    def start_central(port):
        process = subprocess.Popen(
            [os.path.join(BUILD, "bin/ventanilla-central"), "--db", central_db, "--demo-data", "--listen", "127.0.0.1",
             "--port", str(port)], stdout=open(os.path.join(work, "central.log"), "a"), stderr=subprocess.STDOUT)
        up = wait_until(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status == 200, 20)
        if not up:
            raise RuntimeError("ventanilla-central did not start: " + open(os.path.join(work, "central.log")).read())
        # Open at any hour: the demo's office hours would make the test depend on when it runs.
        with sqlite3.connect(central_db) as db:
            db.execute("DELETE FROM service_hours")
        return process

    def start_session():
        """ExecStart as systemd runs it: the unit's user, folder, environment and arguments."""
        environment = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": state_dir, "LANG": "C.UTF-8",
                       "XDG_RUNTIME_DIR": runtime,  # pam_systemd gives the session one
                       "WLR_BACKENDS": "headless", "WLR_LIBINPUT_NO_DEVICES": "1"}  # no seat, no tty1 here
        for assignment in unit.get("Environment", []):
            key, value = assignment.split("=", 1)
            environment[key] = value
        environment["VENTANILLA_ARGS"] = f"--automation {runtime}/automation.sock"  # /etc/default/ventanilla
        argv = []
        for word in exec_start:
            if word == "$VENTANILLA_ARGS":
                argv += environment["VENTANILLA_ARGS"].split()
            elif word == "/usr/bin/ventanilla":
                argv.append(os.path.join(BUILD, "bin/ventanilla"))
            elif word == "/etc/ventanilla/terminal.json":
                argv.append(os.path.join(etc, "terminal.json"))
            else:
                argv.append(word)

        log = open(os.path.join(logs, "terminal.log"), "a")  # StandardOutput=append:
        if os.path.exists(f"{runtime}/automation.sock"):
            os.unlink(f"{runtime}/automation.sock")
        process = subprocess.Popen(argv, env=environment, cwd=state_dir, preexec_fn=as_the_unit_user, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        automation = Automation(f"{runtime}/automation.sock")
        if not wait_until(lambda: automation.send("wait_idle", timeout=5)["ok"], 60, 0.2):
            raise RuntimeError("the terminal did not start under cage: " + open(os.path.join(logs, "terminal.log")).read()[-3000:])
        return process, automation

    def terminal_pid(cage):
        children = open(f"/proc/{cage.pid}/task/{cage.pid}/children").read().split()
        for child in children:
            if os.readlink(f"/proc/{child}/exe") == os.path.realpath(os.path.join(BUILD, "bin/ventanilla")):
                return int(child)
        raise RuntimeError(f"no terminal under cage (children {children})")

    def kill_terminal(cage):
        """SIGKILL to the terminal, as a crash would; cage must end with it, for systemd to see."""
        os.kill(terminal_pid(cage), signal.SIGKILL)
        try:
            cage.wait(timeout=15)
        except subprocess.TimeoutExpired:
            check("cage ends when the terminal dies (so systemd restarts the session)", False)
            cage.kill()
            cage.wait()
            return
        check("cage ends when the terminal dies (so systemd restarts the session)", True)

    try:
        port_socket = socket.socket()
        port_socket.bind(("127.0.0.1", 0))
        port = port_socket.getsockname()[1]
        port_socket.close()
        central = start_central(port)
        issued = subprocess.run([os.path.join(BUILD, "bin/ventanilla-central"), "--db", central_db,
                                 "--issue-enrolment-code", "--role", "kiosk", "--office", "hav-plaza"],
                                capture_output=True, text=True, check=True).stdout
        code = next(word for word in issued.split() if word.count("-") == 2 and len(word) == 14)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/enrolment", method="POST",
                                         headers={"Content-Type": "application/json"},
                                         data=json.dumps({"code": code, "terminal_number": 4, "name": "Kiosk 4"}).encode())
        device = json.load(urllib.request.urlopen(request, timeout=10))
        server_url = f"http://127.0.0.1:{port}"
        with open(os.path.join(SOURCE, "config/kiosk.example.json")) as example:
            config = json.load(example)  # as installation.md says: the example, edited
        config.update({"office_id": "hav-plaza", "terminal_number": 4, "server_url": server_url,
                       "allow_plain_http": True, "data_dir": state_dir})
        config["printer"] = {"backend": "pdf_folder", "pdf_folder": "var/receipts", "paper_width_mm": 80}
        secrets = {"device": {"device_id": device["device_id"], "token": device["token"], "role": "kiosk",
                              "office_id": "hav-plaza", "terminal_number": 4, "server_url": server_url}}
        for name, content, mode in (("terminal.json", config, 0o640), ("terminal.secrets.json", secrets, 0o600)):
            path = os.path.join(etc, name)
            with open(path, "w") as out:
                json.dump(content, out, indent=2)
            os.chmod(path, mode)
            os.chown(path, uid, gid)

        print("== the session starts: cage, Xwayland, the terminal full screen")
        session, terminal = start_session()
        pid = terminal_pid(session)
        environ = dict(item.split("=", 1) for item in open(f"/proc/{pid}/environ").read().split("\0") if "=" in item)
        check("the terminal runs as the unit's unprivileged user", os.stat(f"/proc/{pid}").st_uid == uid)
        check("it draws through cage's Xwayland", "DISPLAY" in environ and "WAYLAND_DISPLAY" in environ, str(environ))
        check("the citizen's home screen", terminal.state()["screen"] == "home", terminal.state()["screen"])
        screenshot = os.path.join(runtime, "session.png")
        terminal.must(f"screenshot {screenshot}")
        # Xwayland lets in only the session's own user: ask it as that user.
        geometry = subprocess.run(["xdpyinfo", "-display", environ["DISPLAY"]], capture_output=True, text=True,
                                  preexec_fn=as_the_unit_user).stdout
        dimensions = next((line.split()[1] for line in geometry.splitlines() if "dimensions:" in line), "?")
        width, height = png_size(screenshot)
        print(f"cage's screen {dimensions}, the terminal's frame {width}x{height}")
        check("full screen in cage", dimensions == f"{width}x{height}", f"{dimensions} vs {width}x{height}")
        artifacts = os.path.join(BUILD, "test-artifacts")
        os.makedirs(artifacts, exist_ok=True)
        shutil.copy(screenshot, os.path.join(artifacts, "kiosk_session_cage.png"))

        print("== mid-form: killed, started again, the complaint where it was")
        check("the server's forms arrive", wait_until(lambda: terminal.state()["form"]["offered"] >= 6, 30))
        terminal.must("wait_idle")
        for tap in ("Quejas y sugerencias", "Queja", "La espera y la atención", "Escriba su mensaje"):
            terminal.must(f"tap {tap}")
        terminal.must("type Esperé dos horas")
        for tap in ("Listo", "Siguiente", "Sí"):
            terminal.must(f"tap {tap}")
        check("on the complaint's second step", terminal.state()["form"]["step"] == "answer")
        kill_terminal(session)
        session, terminal = start_session()
        state = terminal.state()
        check("the complaint is back after the restart", state["screen"] == "complaint" and state["form"]["restored"],
              json.dumps(state["form"]))
        check("on the step it was on", state["form"]["step"] == "answer")
        check("with what was typed", state["form"]["answers"].get("text") == "Esperé dos horas")
        check("and says so", terminal.shows("Recuperamos su solicitud a medias: puede seguir donde la dejó."))
        terminal.must(f"screenshot {screenshot}")
        shutil.copy(screenshot, os.path.join(artifacts, "kiosk_session_restored_form.png"))
        terminal.must("tap Salir")

        print("== mid-ticket: the server away, a provisional ticket, killed, started again")
        check("online", wait_until(lambda: terminal.state()["server"] == "online", 30))
        central.terminate()
        central.wait()
        central = None
        for tap in ("Tomar un turno", "Envíos y paquetería", "Personas mayores"):
            terminal.must(f"tap {tap}")
        check("a ticket is issued", wait_until(lambda: terminal.state()["ticket"]["phase"] == "issued", 30))
        first = terminal.state()["ticket"]
        check("provisional, from the kiosk's own block", first["offline"] is True, json.dumps(first))
        kill_terminal(session)
        session, terminal = start_session()
        check("the ticket waits for upload after the restart", terminal.state()["ticket"]["uploads_waiting"] == 1,
              json.dumps(terminal.state()["ticket"]))
        for tap in ("Tomar un turno", "Envíos y paquetería", "Personas mayores"):
            terminal.must(f"tap {tap}")
        check("a second ticket", wait_until(lambda: terminal.state()["ticket"]["phase"] == "issued", 30))
        second = terminal.state()["ticket"]
        print(f"provisional tickets {first['number']} (before the kill) and {second['number']} (after)")
        check("the numbering goes on from where it was", second["number"] > first["number"],
              f"{first['number']} then {second['number']}")
        central = start_central(port)
        check("both uploaded once the server is back",
              wait_until(lambda: terminal.state()["ticket"]["uploads_waiting"] == 0, 90, 0.5),
              json.dumps(terminal.state()["ticket"]))
        with sqlite3.connect(central_db) as db:
            for ticket in (first, second):
                count = db.execute("SELECT count(*) FROM queue_tickets WHERE number = ? AND offline = 1",
                                   (ticket["number"],)).fetchone()[0]
                check(f"ticket {ticket['number']} stored once by the server", count == 1, str(count))
    finally:
        if session and session.poll() is None:
            os.killpg(session.pid, signal.SIGTERM)
            try:
                session.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(session.pid, signal.SIGKILL)
        if central and central.poll() is None:
            central.terminate()
            central.wait()
        if failures:
            print(open(os.path.join(logs, "terminal.log")).read()[-4000:], file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)

    print(f"{passes} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
