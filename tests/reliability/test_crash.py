"""kill -9 in the middle of saving: after a restart every acknowledged write is there, whole, and a
write whose answer was lost either happened entirely or not at all. The real server (`cchc serve`,
gunicorn) on a scratch database, killed with its whole process group as a power cut would."""

import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from decimal import Decimal

TOKENS = r"""
import django, json
django.setup()
from cchc.api.models import Token
from cchc.orgunits.users import add_user
out = {}
for name, unit in (("crash.ngomay", "NGO-MAY"), ("crash.anbinh", "AN-BINH")):
    out[unit] = Token.issue(add_user(name, unit=unit, role="leader"))[1]
print(json.dumps(out))
"""
PERIODS = ("2021-Q1", "2021-H1", "2021-Q3", "2021-Y")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(env, port, log):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from cchc.cli import main; sys.exit(main())",
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--threads",
            "2",
        ],
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, "cchc serve exited"
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/openapi.json")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    raise AssertionError("cchc serve did not start")


def call(port, method, path, token, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(
        method,
        "/api/v1" + path,
        body=json.dumps(body) if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    response = conn.getresponse()
    return response.status, json.loads(response.read() or b"null")


def norm(values):
    return {c: Decimal(str(v)).normalize() for c, v in values.items()}


def test_it_keeps_every_acknowledged_write_through_a_kill_9(scratch, tmp_path):
    url = scratch.new()
    scratch.cchc(url, "init")
    env = scratch.env(url)
    tokens = json.loads(
        subprocess.run([sys.executable, "-c", TOKENS], env=env, capture_output=True, text=True, check=True).stdout
    )
    port = free_port()
    log = open(tmp_path / "server.log", "w")
    server = serve(env, port, log)
    acked, in_flight, server_errors = {}, {}, []
    stop = threading.Event()

    def client(unit, period):
        n = 0
        while not stop.is_set():
            n += 1
            values = {"1.1.1": 10 + n, "1.1.2": n % 10, "3.4.2": round(50 + n / 7, 2), "1.2.1": 5 * n}
            in_flight[(unit, period)] = values
            try:
                status, body = call(port, "PUT", f"/reports/{unit}/{period}", tokens[unit], {"values": values})
            except (OSError, http.client.HTTPException):
                return  # the server is gone: this write's fate is unknown
            if status >= 500:
                server_errors.append(body)
            if status == 200:
                acked[(unit, period)] = (body["revision"], values)
                del in_flight[(unit, period)]

    threads = [threading.Thread(target=client, args=(u, p)) for u in tokens for p in PERIODS]
    try:
        for t in threads:
            t.start()
        time.sleep(2.0)
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        stop.set()
        for t in threads:
            t.join(15)
        assert len(acked) == len(threads) and not server_errors

        if url.startswith("sqlite"):
            db = sqlite3.connect(url.removeprefix("sqlite:///"))
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            db.close()
        server = serve(env, port, log)
        for (unit, period), (revision, values) in acked.items():
            status, body = call(port, "GET", f"/reports/{unit}/{period}", tokens[unit])
            assert status == 200
            lost = in_flight.get((unit, period))
            if body["revision"] == revision:
                assert norm(body["values"]) == norm(values)  # the last acknowledged save, intact
            else:
                # The save in flight at the kill made it — whole.
                assert lost is not None and body["revision"] == revision + 1
                assert norm(body["values"]) == norm(lost)
        # And the server is fully usable again.
        status, body = call(port, "PUT", "/reports/NGO-MAY/2021-Q1", tokens["NGO-MAY"], {"values": {"1.1.1": 1}})
        assert status == 200
    finally:
        stop.set()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
