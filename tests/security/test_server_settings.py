"""`make lab` and `make app` as started for real under a hostile Jupyter config: what they listen on and let in."""
from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from jupyter_server.auth import passwd

ROOT = Path(__file__).resolve().parents[2]
#: `make lab` and `make app` run the console script `annotate`; beside this Python in a virtualenv.
ANNOTATE = [str(Path(sys.executable).with_name("annotate"))] if Path(sys.executable).with_name("annotate").exists() \
    else [sys.executable, "-m", "annotate.cli"]
#: Longest wait for a server to answer, and for the first page of the app (a kernel starts and loads the scorers)
#: while other tests load both cores: measured 3 s and 6 s unloaded.
START_S = 90
STOP_S = 20
#: What a hostile (or careless) user config says: no token, no password, every address, no origin or host checks.
HOSTILE = """
c.ServerApp.token = ''
c.IdentityProvider.token = ''
c.PasswordIdentityProvider.token = ''
c.ServerApp.password = ''
c.PasswordIdentityProvider.hashed_password = ''
c.ServerApp.password_required = False
c.ServerApp.ip = '0.0.0.0'
c.ServerApp.allow_remote_access = True
c.ServerApp.disable_check_xsrf = True
c.ServerApp.allow_origin = '*'
c.ServerApp.open_browser = False
c.Voila.ip = '0.0.0.0'
c.Voila.token = ''
c.Voila.open_browser = False
c.Voila.tornado_settings = {'allow_remote_access': True}
"""
#: A known password for anyone who reads the config (its .json files, which outrank the .py files beside them).
KNOWN_PASSWORD = "open sesame"
HOSTILE_JSON = {"ServerApp": {"token": "", "ip": "0.0.0.0", "allow_remote_access": True},
                "IdentityProvider": {"token": ""}, "Voila": {"ip": "0.0.0.0", "token": ""},
                "PasswordIdentityProvider": {"hashed_password": passwd(KNOWN_PASSWORD)}}
LOOPBACK = "127.0.0.1"
#: A name a hostile web page could point at 127.0.0.1 (DNS rebinding) to reach a server without a token.
FOREIGN_HOST = "attacker.example"


@dataclass
class Started:
    proc: subprocess.Popen[bytes]
    log: Path
    children: set[int] = field(default_factory=set)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A project (its notebooks, seeds) and an environment whose Jupyter config turns every protection off."""
    project, config = tmp_path / "project", tmp_path / "jupyter-config"
    (project / "notebooks").mkdir(parents=True)
    shutil.copy2(ROOT / "notebooks" / "02_review_framing.ipynb", project / "notebooks")
    shutil.copytree(ROOT / "seeds", project / "seeds")
    config.mkdir()
    for name in ("jupyter_config", "jupyter_server_config", "jupyter_lab_config", "jupyter_notebook_config", "voila"):
        (config / f"{name}.py").write_text(HOSTILE, encoding="utf-8")
        (config / f"{name}.json").write_text(json.dumps(HOSTILE_JSON), encoding="utf-8")
    (project / "voila.json").write_text(json.dumps(HOSTILE_JSON), encoding="utf-8")  # Voilà reads the cwd's too
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_TOKEN", "ANNOTATE_APP_TOKEN", "JUPYTER_PATH")}
    env.update(JUPYTER_CONFIG_DIR=str(config), JUPYTER_DATA_DIR=str(tmp_path / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), IPYTHONDIR=str(tmp_path / "ipython"), BROWSER="true",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return project, env


@pytest.fixture
def started(tmp_path: Path) -> Iterator[list[Started]]:
    """Servers started by a test: stopped by PID with SIGTERM (kernels too), and proven gone with `ps`."""
    servers: list[Started] = []
    yield servers
    for server in servers:
        server.children |= descendants(server.proc.pid)
        if server.proc.poll() is None:
            server.proc.send_signal(signal.SIGTERM)
            try:
                server.proc.wait(STOP_S)
            except subprocess.TimeoutExpired:
                server.proc.kill()
                server.proc.wait(STOP_S)
        deadline = time.monotonic() + STOP_S
        while (left := {pid for pid in server.children if alive(pid)}) and time.monotonic() < deadline:
            time.sleep(0.2)
        for pid in left:
            os.kill(pid, signal.SIGKILL)  # a kernel the server failed to stop: this test started it
    ps = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True, check=True).stdout
    pids = {int(line.split()[0]) for line in ps.splitlines()[1:]}
    started_pids = {s.proc.pid for s in servers} | set().union(*(s.children for s in servers))
    assert not pids & started_pids, ps
    assert str(tmp_path) not in ps, ps


def start(started: list[Started], args: list[str], project: Path, env: dict[str, str]) -> Started:
    log = project.parent / f"server-{len(started)}.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen([*ANNOTATE, *args], cwd=project, env=env, stdout=fh, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    server = Started(proc, log)
    started.append(server)
    return server


def wait_for(server: Started, ready: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        assert server.proc.poll() is None, f"{what}: exited with {server.proc.returncode}\n{server.output()[-3000:]}"
        try:
            if ready():
                return
        except OSError:  # not listening yet
            pass
        time.sleep(0.25)
    pytest.fail(f"{what}: not ready after {START_S} s\n{server.output()[-3000:]}")


def descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def listening(pid: int) -> set[tuple[str, int]]:
    """The (address, port) pairs the process listens on, from /proc/net/tcp and tcp6 and its open sockets."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table, size in (("tcp", 4), ("tcp6", 16)):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            parts = line.split()
            if parts[3] == "0A" and parts[9] in inodes:  # LISTEN
                address, port = parts[1].split(":")
                raw = bytes.fromhex(address)
                # The kernel writes each 32-bit word in host order (little-endian here).
                raw = b"".join(raw[i:i + 4][::-1] for i in range(0, size, 4))
                found.add((socket.inet_ntop(socket.AF_INET if size == 4 else socket.AF_INET6, raw), int(port, 16)))
    return found


def get(port: int, path: str, host: str | None = None) -> tuple[int, str]:
    """(status, Location) of a GET on this machine, redirects not followed."""
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=START_S)
    try:
        conn.request("GET", path, headers={"Host": f"{host}:{port}"} if host else {})
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        conn.close()


def command_lines(pids: set[int]) -> str:
    lines = []
    for pid in pids:
        try:
            lines.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace"))
        except OSError:
            continue
    return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def post_json(port: int, path: str) -> dict[str, str]:
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=START_S)
    try:
        conn.request("POST", path, body="{}", headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        assert response.status == 201, response.status
        answer: dict[str, str] = json.loads(response.read())
        return answer
    finally:
        conn.close()


def signs_in_with(port: int, password: str) -> bool:
    """Whether the login page takes ``password`` (with the XSRF cookie it sets, as a browser would send it)."""
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=START_S)
    try:
        conn.request("GET", "/login")
        page = conn.getresponse()
        page.read()
        xsrf = re.search(r"_xsrf=([^;]+)", page.getheader("Set-Cookie") or "")
        cookie = f"_xsrf={xsrf.group(1)}" if xsrf else ""
        body = urlencode({"password": password, "_xsrf": xsrf.group(1) if xsrf else ""})
        conn.request("POST", "/login", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        answer = conn.getresponse()
        answer.read()
        return answer.status == 302 and "username-" in (answer.getheader("Set-Cookie") or "")
    finally:
        conn.close()


def environment(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().decode("utf-8", "replace").split("\0")
    return dict(pair.split("=", 1) for pair in pairs if "=" in pair)


def refused(status: int, location: str) -> bool:
    return status == 403 or (status == 302 and "/login" in location)


def test_make_lab_keeps_its_token_and_this_machine_whatever_the_user_config_says(
        hostile: tuple[Path, dict[str, str]], started: list[Started]) -> None:
    project, env = hostile
    runtime, port = Path(env["JUPYTER_RUNTIME_DIR"]), free_port()
    with (Path(env["JUPYTER_CONFIG_DIR"]) / "jupyter_server_config.py").open("a", encoding="utf-8") as fh:
        fh.write(f"c.ServerApp.port = {port}\n")  # a harmless setting of the user's own still holds
    lab = start(started, ["lab"], project, env)
    info_file = runtime / f"jpserver-{lab.proc.pid}.json"  # Jupyter's own record of what it runs with
    wait_for(lab, lambda: info_file.exists() and get(json.loads(info_file.read_text())["port"], "/api")[0] == 200,
             "annotate lab")
    info = json.loads(info_file.read_text())
    assert info["port"] == port
    token = info["token"]
    assert len(token) >= 32, f"the lab runs with token {token!r}"
    assert listening(lab.proc.pid) == {(LOOPBACK, port)}
    assert refused(*get(port, "/api/status")) and refused(*get(port, "/lab"))
    assert get(port, f"/api/status?token={token}")[0] == 200 and get(port, f"/lab?token={token}")[0] == 200
    assert get(port, f"/api/status?token={token}", host=FOREIGN_HOST)[0] == 403  # no DNS rebinding
    assert signs_in_with(port, token) and not signs_in_with(port, KNOWN_PASSWORD)  # the token is the one way in
    kernel = post_json(port, f"/api/kernels?token={token}")
    wait_for(lab, lambda: bool(descendants(lab.proc.pid)), "a kernel")
    assert kernel["id"] and token not in command_lines({lab.proc.pid} | descendants(lab.proc.pid))
    assert not [pid for pid in descendants(lab.proc.pid) if token in str(environment(pid))]  # nor a kernel's
    assert token in lab.output()  # the address to open is printed for the reviewer


def test_make_app_serves_this_machine_without_a_token_and_refuses_other_hosts(
        hostile: tuple[Path, dict[str, str]], started: list[Started]) -> None:
    """Documented choice: on 127.0.0.1 the app needs no token; then only this machine's names may reach it."""
    project, env = hostile
    port = free_port()
    app = start(started, ["app", "--corpus", "seeds", "--port", str(port)], project, env)
    wait_for(app, lambda: bool(listening(app.proc.pid)), "annotate app")
    assert listening(app.proc.pid) == {(LOOPBACK, port)}
    assert get(port, "/")[0] == 200  # signs in with a name: no token on this machine
    assert get(port, "/", host=FOREIGN_HOST)[0] == 403  # a page elsewhere cannot rebind a name to 127.0.0.1


def test_make_app_on_the_network_needs_its_token_which_no_command_line_shows(
        hostile: tuple[Path, dict[str, str]], started: list[Started]) -> None:
    project, env = hostile
    port = free_port()
    app = start(started, ["app", "--corpus", "seeds", "--port", str(port), "--ip", "0.0.0.0"], project, env)
    wait_for(app, lambda: bool(listening(app.proc.pid)) and "token=" in app.output(), "annotate app --ip 0.0.0.0")
    match = re.search(r"\?token=([\w-]+)", app.output())
    assert match is not None and len(match.group(1)) >= 32
    token = match.group(1)
    assert listening(app.proc.pid) == {("0.0.0.0", port)}  # asked for: then the token is the way in
    assert refused(*get(port, "/")) and refused(*get(port, "/", host=FOREIGN_HOST))
    assert signs_in_with(port, token) and not signs_in_with(port, KNOWN_PASSWORD)
    assert get(port, f"/?token={token}")[0] == 200
    kernels = descendants(app.proc.pid)  # the visitor's kernel
    assert kernels and token not in command_lines({app.proc.pid} | kernels)
    # Voilà gives a visitor's kernel the address of their own request (with their token); nothing else holds it.
    assert {name for pid in kernels for name, value in environment(pid).items() if token in value} <= {
        "QUERY_STRING", "VOILA_REQUEST_URL"}
