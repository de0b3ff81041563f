"""The 5th of the month: N clients save and sign reports through the API at once, against the real
server (`cchc serve`) on a fresh database, for T seconds. With --crash-at S the server is killed
with SIGKILL S seconds in and started again (bench/crash.py).

    python bench/rush.py                                   # SQLite file in a temporary folder
    python bench/rush.py --database postgresql://postgres@127.0.0.1:5432/postgres
    python bench/rush.py --clients 50 --seconds 30 --units 200 --crash-at 15
    python bench/rush.py --rate 160 --database …           # 160 requests/s together (≈ 105 saves/s)

By default each client sends its next request as soon as it has the answer (a closed loop: a
stress test), or after a pause (--think). With --rate the clients together send that many requests
per second at random instants, whatever the server's speed, and each latency counts from when the
request was due — the figure a person pressing "Lưu" on the 5th would see.

Each client logs in through POST /api/v1/token as the leader of its own unit, then cycles through
the unit's four reports of 2021: a few draft saves (PUT with the revision read, now and then a
deliberately stale one that must get 409), the leader's submission, and the coordinator's return so
the report can be saved again. The client keeps its own account of every acknowledged write; at the
end it is compared with the database row by row:

- no 5xx, ever;
- exactly one report per unit and period, none lost, none duplicated;
- every report's values, status and revision are those of the last acknowledged write;
- every acknowledged submission is a stored version with exactly the values sent;
- a write whose answer was lost in a crash either happened whole or not at all.

Prints throughput and p50/p95/p99 latency. Exit status 0 when every check holds, 1 otherwise.
With a PostgreSQL URL, a scratch database is created on that server and dropped at the end.
"""

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PERIODS = ["2021-Q1", "2021-H1", "2021-Q3", "2021-Y"]
PASSWORD = "Rush-mat-khau-2021"
COORDINATOR = "rush.noivu"

SETUP = r"""
import sys, django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from cchc.orgunits.models import Membership, OrgUnit
from cchc.orgunits.users import add_user
codes, password = sys.argv[1].split(","), sys.argv[2]
User = get_user_model()
hashed = make_password(password)  # hashed once: 200 accounts share it, setup stays quick
units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
with transaction.atomic():
    users = User.objects.bulk_create([User(username=f"rush.{c.lower()}", password=hashed, first_name=c) for c in codes])
    Membership.objects.bulk_create([Membership(user=u, unit=units[c], role="leader") for u, c in zip(users, codes)])
add_user(sys.argv[3], unit="NV", role="coordinator", password=password, check_password=False)
"""

DUMP = r"""
import json, django
django.setup()
from cchc.reporting.models import Report
out = {}
for r in Report.objects.filter(unit__code__startswith="RUSH").select_related("unit", "period"):
    key = r.unit.code + " " + r.period.code
    if key in out:
        out[key]["duplicate"] = True
    out[key] = {"status": r.status, "revision": r.revision,
                "values": {c: str(v) for c, v in r.values.values_list("indicator__code", "value")},
                "versions": [v.values for v in r.versions.order_by("number")]}
print(json.dumps(out))
"""


def norm(values):
    """{code: Decimal} so 95.5, "95.5000" and Decimal("95.50") compare equal."""
    return {c: Decimal(str(v)).normalize() for c, v in values.items() if v is not None}


def random_values(rng):
    """A ward's report that passes every error rule of the 2021 form, different each time."""
    planned, checked, found, staff = rng.randint(5, 60), rng.randint(5, 40), rng.randint(0, 20), rng.randint(15, 40)
    procedures = rng.randint(80, 200)
    v = {
        "1.1.1": planned,
        "1.1.2": rng.randint(0, planned),
        "1.1.3": rng.randint(0, 9),
        "1.2.1": checked,
        "1.2.2": rng.randint(0, checked),
        "1.2.3": found,
        "1.2.4": rng.randint(0, found),
        "3.1.3": procedures,
        "3.1.3.a": (town := rng.randint(0, procedures)),
        "3.1.3.b": procedures - town,
        "3.4.1": round(rng.uniform(80, 100), 2),
        "3.4.2": round(rng.uniform(80, 100), 1),
        "4.2.1": staff,
        "4.2.2": rng.randint(max(0, staff - 5), staff),
        "4.2.3": rng.randint(0, 5),
        "5.3.1": rng.randint(0, 1),
        "7.4": round(rng.uniform(0, 100), 2),
    }
    return v


def after_save(status):
    """A saved draft stays a draft; a returned report being corrected stays returned until signed."""
    return status if status in ("draft", "returned") else "draft"


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = {}  # kind -> [seconds]
        self.counts = {}
        self.errors = []

    def add(self, kind, seconds, status):
        with self.lock:
            self.latency.setdefault(kind, []).append(seconds)
            key = f"{kind} {status}"
            self.counts[key] = self.counts.get(key, 0) + 1

    def error(self, message):
        with self.lock:
            if len(self.errors) < 50:
                self.errors.append(message)
            self.counts["check failures"] = self.counts.get("check failures", 0) + 1


class Lost(Exception):
    """The connection died before an answer: the write may or may not have happened."""


class Client(threading.Thread):
    def __init__(self, n, unit, port, stats, coordinator_token, stop_at, rng_seed, stale_every, think=0.0, rate=0.0):
        super().__init__(daemon=True, name=f"client-{n}")
        self.unit, self.port, self.stats = unit, port, stats
        self.coordinator_token, self.stop_at = coordinator_token, stop_at
        self.rng = random.Random(rng_seed)
        self.stale_every = stale_every
        self.think = think
        self.rate = rate  # this client's requests per second when arrivals are paced (--rate)
        self.scheduled = None  # when the request being sent was due (--rate): latency counts from then
        self.conn = None
        self.token = None
        # The client's own account of each report: what the server acknowledged.
        self.model = {p: {"status": "not_started", "revision": 0, "values": {}, "versions": []} for p in PERIODS}
        self.saves_left = {p: self.rng.randint(2, 5) for p in PERIODS}
        self.ready = threading.Event()
        self.go = threading.Event()

    # --- HTTP ---------------------------------------------------------------------------------
    def request(self, kind, method, path, body=None, token=None, headers=None):
        for attempt in range(2):  # one silent retry on a keep-alive connection the server had closed
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            hdrs = {"Content-Type": "application/json", "Authorization": f"Bearer {token or self.token}"}
            hdrs.update(headers or {})
            data = json.dumps(body).encode() if body is not None else None
            started = time.perf_counter()
            if self.scheduled is not None and attempt == 0:
                # Paced arrivals: a client that fell behind because the server was slow sends late,
                # and that lateness is part of what its user waited.
                started = min(started, self.scheduled)
            try:
                self.conn.request(method, "/api/v1" + path, body=data, headers=hdrs)
                response = self.conn.getresponse()
                payload = response.read()
            except (TimeoutError, ConnectionError, http.client.HTTPException, OSError) as exc:
                self.conn.close()
                self.conn = None
                if (
                    attempt == 0
                    and isinstance(exc, (http.client.RemoteDisconnected, BrokenPipeError))
                    and method == "GET"
                ):
                    continue
                raise Lost(str(exc)) from None
            elapsed = time.perf_counter() - started
            self.stats.add(kind, elapsed, response.status)
            if response.status >= 500:
                self.stats.error(f"{method} {path} → {response.status}: {payload[:300]!r}")
            try:
                return response.status, json.loads(payload) if payload else None
            except ValueError:
                self.stats.error(f"{method} {path} → non-JSON answer {payload[:200]!r}")
                return response.status, None
        raise Lost("retry failed")

    def login(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        started = time.perf_counter()
        conn.request(
            "POST",
            "/api/v1/token",
            body=json.dumps({"username": f"rush.{self.unit.lower()}", "password": PASSWORD}),
            headers={"Content-Type": "application/json"},
        )
        response = conn.getresponse()
        body = json.loads(response.read())
        self.stats.add("login", time.perf_counter() - started, response.status)
        conn.close()
        if response.status != 200:
            raise RuntimeError(f"login of {self.unit} refused: {response.status} {body}")
        self.token = body["token"]

    # --- the work -----------------------------------------------------------------------------
    def run(self):
        try:
            self.login()
        except Exception as exc:  # noqa: BLE001 — reported, and the run fails
            self.stats.error(f"{self.unit}: {exc}")
            self.ready.set()
            return
        self.ready.set()
        self.go.wait()
        i = 0
        due = time.perf_counter()
        while time.monotonic() < self.stop_at:
            period = PERIODS[i % len(PERIODS)]
            i += 1
            if self.rate:
                # Arrivals at random (Poisson) instants, as people pressing "Lưu" independently do,
                # whatever the server's speed: an open load at a set rate.
                due += self.rng.expovariate(self.rate)
                time.sleep(max(0.0, due - time.perf_counter()))
                if time.monotonic() >= self.stop_at:
                    break
                self.scheduled = due
            try:
                self.step(period)
            except Lost:
                self.resolve_after_crash(period)
            if self.think:
                # A person between two clicks (or a script pacing itself): uniform around the mean.
                time.sleep(self.rng.uniform(0.5, 1.5) * self.think)

    def step(self, period):
        m = self.model[period]
        path = f"/reports/{self.unit}/{period}"
        if m["status"] == "submitted":
            self.pending = ("return", None)
            status, body = self.request(
                "return", "POST", path + "/return", {"reason": "Rà soát lại số liệu."}, token=self.coordinator_token
            )
            self.expect(status, 200, "return", body)
            if status == 200:
                m.update(status="returned", revision=body["revision"])
            return
        if self.saves_left[period] <= 0:
            self.pending = ("submit", None)
            status, body = self.request("submit", "POST", path + "/submit")
            self.expect(status, 200, "submit", body)
            if status == 200:
                m.update(status="submitted", revision=body["revision"])
                m["versions"].append(dict(m["values"]))
                self.saves_left[period] = self.rng.randint(2, 5)
            return
        values = random_values(self.rng)
        if self.stale_every and m["revision"] > 1 and self.rng.randrange(self.stale_every) == 0:
            # Someone else's old screen: must be refused and change nothing.
            self.pending = ("stale", None)
            status, body = self.request("stale save", "PUT", path, {"values": values, "revision": m["revision"] - 1})
            self.expect(status, 409, "stale save", body)
            return
        self.pending = ("save", values)
        status, body = self.request("save", "PUT", path, {"values": values, "revision": m["revision"]})
        self.expect(status, 200, "save", body)
        if status == 200:
            if norm(body["values"]) != norm(values):
                self.stats.error(f"{path}: the answer to a save does not echo the values sent")
            if body["status"] != after_save(m["status"]):
                self.stats.error(f"{path}: a save turned {m['status']} into {body['status']}")
            m.update(status=body["status"], revision=body["revision"], values=values)
            self.saves_left[period] -= 1

    def expect(self, status, wanted, what, body):
        if status != wanted and status < 500:
            self.stats.error(f"{self.unit}: {what} → {status} (expected {wanted}): {str(body)[:300]}")

    def resolve_after_crash(self, period):
        """The answer was lost: read the report back (waiting for the server to return) and decide
        whether the write happened — whole — or not at all."""
        what, values = getattr(self, "pending", (None, None))
        self.scheduled = None  # the reads below wait for the server's return; they are not the load
        m = self.model[period]
        path = f"/reports/{self.unit}/{period}"
        while True:
            try:
                status, body = self.request("read after crash", "GET", path)
                break
            except Lost:
                time.sleep(0.2)
        if status != 200:
            self.stats.error(f"{path}: read after crash → {status}")
            return
        got = norm(body["values"])
        if body["revision"] == m["revision"]:
            # Not written: everything must be as acknowledged before.
            if got != norm(m["values"]) or body["status"] != m["status"]:
                self.stats.error(f"{path}: unchanged revision but different content after crash")
            self.stats.add("lost in crash: not applied", 0, 0)
            return
        if body["revision"] != m["revision"] + 1:
            self.stats.error(f"{path}: revision jumped from {m['revision']} to {body['revision']} after crash")
        if what == "save":
            if got != norm(values) or body["status"] != after_save(m["status"]):
                self.stats.error(f"{path}: a save cut by the crash is half-written")
            m.update(status=body["status"], revision=body["revision"], values=values)
            self.saves_left[period] -= 1
        elif what == "submit":
            if body["status"] != "submitted" or got != norm(m["values"]):
                self.stats.error(f"{path}: a submission cut by the crash is half-written")
            m.update(status="submitted", revision=body["revision"])
            m["versions"].append(dict(m["values"]))
            self.saves_left[period] = self.rng.randint(2, 5)
        elif what == "return":
            if body["status"] != "returned" or got != norm(m["values"]):
                self.stats.error(f"{path}: a return cut by the crash is half-written")
            m.update(status="returned", revision=body["revision"])
        else:
            self.stats.error(f"{path}: a stale save was applied during the crash")
        self.stats.add("lost in crash: applied whole", 0, 0)


# --- the server and its database ------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env, port, workers, threads, log):
        self.env, self.port, self.workers, self.threads, self.log = env, port, workers, threads, log
        self.proc = None

    def start(self):
        argv = [
            sys.executable,
            "-c",
            "import sys; from cchc.cli import main; sys.exit(main())",
            "serve",
            "--port",
            str(self.port),
        ]
        if self.workers:
            argv += ["--workers", str(self.workers)]
        if self.threads:
            argv += ["--threads", str(self.threads)]
        # Its own process group, so SIGKILL reaches the master and every worker at once, as a
        # power cut or the OOM killer would.
        self.proc = subprocess.Popen(argv, env=self.env, stdout=self.log, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"cchc serve exited with {self.proc.returncode}; see {self.log.name}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/api/v1/openapi.json")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("cchc serve did not answer within 60 s")

    def cpu_seconds(self):
        """CPU time used so far by the server's processes (master and workers), from /proc."""
        total = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.proc.pid:  # process group = the server's session
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def kill(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


def scratch_database(url, tmp):
    """(DATABASE_URL of a fresh database, cleanup function)."""
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{tmp / 'rush.sqlite3'}", lambda: None
    import psycopg

    parts = urlsplit(url)
    name = f"cchc_rush_{uuid.uuid4().hex[:8]}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def run_cchc(env, *argv, stdin=None):
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from cchc.cli import main; sys.exit(main())", *argv],
        env=env,
        capture_output=True,
        text=True,
        input=stdin,
    )
    if done.returncode != 0:
        raise RuntimeError(f"cchc {' '.join(argv)} failed:\n{done.stderr}")
    return done.stdout


def database_cpu_seconds(db_url):
    """CPU used so far by the PostgreSQL backends serving the scratch database (a local server's
    processes, from /proc); 0 on SQLite, where the database works inside the server's processes."""
    if not db_url.startswith("postgres"):
        return 0.0
    import psycopg

    name = urlsplit(db_url).path.lstrip("/")
    with psycopg.connect(db_url, autocommit=True) as conn:
        pids = [
            r[0]
            for r in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
            )
        ]
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def save_cpu(server, db_url, port, unit, saves, stats):
    """One client alone saving a report `saves` times in a row, on a unit the rush leaves alone:
    the server's CPU per API save, the database's included (the issue's ≤ 5 ms), measured from
    /proc, not from inside the server. (server ms, database ms) per save."""
    client = Client(-1, unit, port, stats, None, 0, 0, 0)
    client.login()
    path = f"/reports/{unit}/{PERIODS[0]}"
    rng = random.Random(7)
    revision = 0
    for _ in range(20):  # warm: the worker's connection opened, the form's spec cached
        status, body = client.request("calibration", "PUT", path, {"values": random_values(rng), "revision": revision})
        revision = body["revision"]
    server_before, db_before = server.cpu_seconds(), database_cpu_seconds(db_url)
    for _ in range(saves):
        status, body = client.request("calibration", "PUT", path, {"values": random_values(rng), "revision": revision})
        if status != 200:
            raise RuntimeError(f"calibration save refused: {status} {body}")
        revision = body["revision"]
    server_ms = (server.cpu_seconds() - server_before) * 1000 / saves
    db_ms = (database_cpu_seconds(db_url) - db_before) * 1000 / saves
    client.conn.close()
    return server_ms, db_ms


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--units", type=int, default=200, help="units created (at least --clients)")
    parser.add_argument(
        "--database",
        default=os.environ.get("RUSH_DATABASE_URL", ""),
        help="PostgreSQL server URL (a scratch database is created on it); default SQLite",
    )
    parser.add_argument("--workers", type=int, default=None, help="cchc serve --workers")
    parser.add_argument("--threads", type=int, default=None, help="cchc serve --threads")
    parser.add_argument("--crash-at", type=float, default=None, help="SIGKILL the server this many seconds in")
    parser.add_argument("--stale-every", type=int, default=15, help="about one save in N is deliberately stale")
    parser.add_argument(
        "--rate",
        type=float,
        default=0.0,
        help="requests per second of all clients together, at random instants (an open load; "
        "latency counts from when each request was due); 0: each client goes as fast as "
        "answers come (closed loop)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean pause of each client between requests, seconds (0: back to back, a stress test)",
    )
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument(
        "--calibrate",
        type=int,
        default=300,
        help="API saves in a row by one client before the rush, for the server CPU per save (0: none)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (server log, SQLite file)")
    args = parser.parse_args(argv)
    args.units = max(args.units, args.clients)

    tmp = Path(tempfile.mkdtemp(prefix="cchc-rush-"))
    db_url, drop = scratch_database(args.database, tmp)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=db_url,
        CCHC_VAR_DIR=str(tmp / "var"),
        CCHC_SECRET_KEY="rush-" + uuid.uuid4().hex * 2,
        DJANGO_SETTINGS_MODULE="cchc.settings",
        CCHC_LOG_LEVEL="ERROR",
    )
    engine = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    server = None
    log = open(tmp / "server.log", "w+")
    try:
        t0 = time.monotonic()
        run_cchc(env, "init")
        codes = [f"RUSH{i:03d}" for i in range(1, args.units + 1)]
        csv = "code,name,kind,parent\n" + "".join(f"{c},Xã thử tải {c[4:]},commune,ANKHE\n" for c in codes)
        (tmp / "units.csv").write_text(csv, encoding="utf-8")
        run_cchc(env, "units", "import", str(tmp / "units.csv"))
        subprocess.run([sys.executable, "-c", SETUP, ",".join(codes), PASSWORD, COORDINATOR], env=env, check=True)
        print(f"{engine}: {args.units} units and accounts ready in {time.monotonic() - t0:.1f} s", flush=True)

        server = Server(env, free_port(), args.workers, args.threads, log)
        server.start()
        stats = Stats()
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        conn.request(
            "POST",
            "/api/v1/token",
            body=json.dumps({"username": COORDINATOR, "password": PASSWORD}),
            headers={"Content-Type": "application/json"},
        )
        coordinator_token = json.loads(conn.getresponse().read())["token"]

        t0 = time.monotonic()
        clients = [
            Client(
                n,
                codes[n],
                server.port,
                stats,
                coordinator_token,
                0,
                args.seed + n,
                args.stale_every,
                args.think,
                args.rate / args.clients,
            )
            for n in range(args.clients)
        ]
        for c in clients:
            c.start()
        for c in clients:
            c.ready.wait()
        logins = stats.latency.get("login", [])
        print(
            f"{len(logins)} logins through POST /api/v1/token in {time.monotonic() - t0:.1f} s "
            f"(p95 {percentile(logins, 95) * 1000:.0f} ms — password hashing is meant to be slow)",
            flush=True,
        )

        spare = codes[args.clients :]  # units no client of the rush touches
        if spare and args.calibrate:
            server_ms, db_ms = save_cpu(server, db_url, server.port, spare[0], args.calibrate, stats)
            print(
                f"one client alone, {args.calibrate} API saves in a row (a ward's 17 figures each): server CPU "
                f"{server_ms + db_ms:.1f} ms per save — the application {server_ms:.1f} ms"
                + (f" + PostgreSQL {db_ms:.1f} ms" if db_url.startswith("postgres") else " (SQLite inside it)")
                + " (target ≤ 5 ms on PostgreSQL)",
                flush=True,
            )
        cpu_before = server.cpu_seconds()
        start = time.monotonic()
        stop_at = start + args.seconds
        for c in clients:
            c.stop_at = stop_at
            c.go.set()
        restarted = None
        if args.crash_at is not None:
            time.sleep(max(0, start + args.crash_at - time.monotonic()))
            server.kill()
            print(f"server killed with SIGKILL at {time.monotonic() - start:.1f} s", flush=True)
            server.start()
            restarted = time.monotonic() - start
            print(f"server back at {restarted:.1f} s", flush=True)
        for c in clients:
            c.join()
        elapsed = time.monotonic() - start
        server_cpu = server.cpu_seconds() - cpu_before if restarted is None else None

        # --- the checks ----------------------------------------------------------------------
        stored = json.loads(
            subprocess.run([sys.executable, "-c", DUMP], env=env, capture_output=True, text=True, check=True).stdout
        )
        expected = {}
        for c in clients:
            for period, m in c.model.items():
                if m["status"] != "not_started":
                    expected[f"{c.unit} {period}"] = m
        for key, m in expected.items():
            row = stored.get(key)
            if row is None:
                stats.error(f"{key}: acknowledged but not in the database (lost)")
                continue
            if row.get("duplicate"):
                stats.error(f"{key}: stored twice")
            if row["status"] != m["status"] or row["revision"] != m["revision"]:
                stats.error(
                    f"{key}: stored {row['status']} r{row['revision']}, acknowledged {m['status']} r{m['revision']}"
                )
            if norm(row["values"]) != norm(m["values"]):
                stats.error(f"{key}: stored values differ from the last acknowledged save")
            if len(row["versions"]) != len(m["versions"]):
                stats.error(
                    f"{key}: {len(row['versions'])} versions stored, {len(m['versions'])} submissions acknowledged"
                )
            for n, (got, sent) in enumerate(zip(row["versions"], m["versions"], strict=False), 1):
                if norm(got) != norm(sent):
                    stats.error(f"{key}: version {n} is not what was submitted")
        for key in set(stored) - set(expected):
            if key.split()[0] not in spare:
                stats.error(f"{key}: in the database but never acknowledged")

        stats.latency.get("save", [])
        every = [
            x
            for kind, xs in stats.latency.items()
            if kind not in ("login", "calibration") and not kind.startswith("lost")
            for x in xs
        ]
        server_errors = sum(n for k, n in stats.counts.items() if k.split()[-1].isdigit() and int(k.split()[-1]) >= 500)
        print(
            f"\n{engine}, {args.clients} clients"
            + (
                f" sending {args.rate:.0f} requests/s together at random instants"
                if args.rate
                else f" pausing {args.think * 1000:.0f} ms on average between requests"
                if args.think
                else " back to back"
            )
            + f", {elapsed:.1f} s"
            + (f", server killed at {args.crash_at:.0f} s and back at {restarted:.1f} s" if restarted else "")
        )
        print(
            f"  saves acknowledged: {stats.counts.get('save 200', 0)}  → {stats.counts.get('save 200', 0) / elapsed:.1f} saves/s"
        )
        cpu = (
            (
                f"; server CPU {server_cpu * 1000 / max(1, len(every)):.1f} ms per request "
                f"({server_cpu / elapsed:.2f} cores busy)"
            )
            if restarted is None
            else ""
        )
        print(f"  all requests: {len(every)} → {len(every) / elapsed:.1f} req/s{cpu}")
        for kind in ("save", "submit", "return", "stale save"):
            xs = stats.latency.get(kind, [])
            if xs:
                print(
                    f"  {kind:<11} n={len(xs):<6} p50 {percentile(xs, 50) * 1000:6.1f} ms  "
                    f"p95 {percentile(xs, 95) * 1000:6.1f} ms  p99 {percentile(xs, 99) * 1000:6.1f} ms  "
                    f"mean {statistics.fmean(xs) * 1000:6.1f} ms"
                )
        print(
            f"  all         p50 {percentile(every, 50) * 1000:6.1f} ms  p95 {percentile(every, 95) * 1000:6.1f} ms  "
            f"p99 {percentile(every, 99) * 1000:6.1f} ms"
        )
        print("  answers: " + ", ".join(f"{k}: {n}" for k, n in sorted(stats.counts.items())))
        print(
            f"  reports checked: {len(expected)}, submissions checked: "
            f"{sum(len(m['versions']) for m in expected.values())}, 5xx: {server_errors}"
        )
        if stats.errors:
            print("\nFAILED checks:")
            for e in stats.errors:
                print("  " + e)
            return 1
        print("  every check holds: no 5xx, nothing lost or duplicated, every acknowledged write stored exactly")
        return 0
    finally:
        if server:
            server.stop()
        log.close()
        drop()
        if args.keep:
            print(f"kept {tmp}")
        else:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
