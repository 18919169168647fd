"""HTTP API throughput and latency against a constant-dict Flask route, same gunicorn, same run.

    .venv/bin/python benchmarks/api.py                   # the real factors/, 2 s rounds
    .venv/bin/python benchmarks/api.py --factors tests/fixtures/factors --seconds 5

Both apps run under gunicorn on loopback with identical settings, the project's
``gunicorn.conf.py`` (gthread workers, so connections stay alive), started by the same
helper as the tests' live servers (``benchmarks/liveserver.py``). The load generator is a few processes, each holding one
keep-alive connection and sending pre-built requests over a raw socket (no HTTP client
library in the hot loop), so the generator is not what is measured. Scenarios:

* baseline: ``GET /const`` on ``benchmarks/baseline_app.py`` (Flask returning a dict);
* sized: the same app's ``GET /const-sized``, a constant the size of a factor's answer
  with as many headers: the floor's cost for an answer that big, not the API's code;
* factor lookup: ``GET /v1/factors/{id}`` (one hot id: served from the answer memo);
* random factor lookups: ``GET /v1/factors/{id}`` over every factor id of the latest
  version, shuffled (more than the response cache holds: the first-answer path);
* grid-intensity lookup: ``GET /v1/zones/{zone}/grid-intensity?year=`` (engine resolution);
* hardware detail: ``GET /v1/hardware/{model}`` (factors, defaults, composition, sources);
* footprint: ``POST /v1/footprint`` (one job) and ``POST /v1/footprints`` with 100 jobs.

Production settings: the project's ``gunicorn.conf.py`` as shipped (preloaded master,
``gc.freeze``, worker recycling off: docs/operating.md says why). ``--max-requests N``
turns recycling on to show what a recycle costs; ``--seconds 60`` rounds then span
several. The issue-21 run, on a quiet machine:

    .venv/bin/python benchmarks/api.py --seconds 60 --rounds 3 --only random,hardware
    .venv/bin/python benchmarks/api.py --seconds 60 --rounds 2 --only random --max-requests 30000

Reported: requests/s, p50 and p99 latency, the ratio of requests/s to the baseline's round
just before (best and worst round), and the servers' CPU per request (master and workers,
replaced workers included, from /proc) against the baseline's: on a shared, noisy machine
the CPU ratio is the steadier one. Every round is listed too, with the share of the
machine's CPU that other work used during it and the reconnections (a recycled worker),
so a low round can be put down to its cause. Hot lookups aim at 90%
of the baseline or more: their finished answers are served from memory before Flask runs
(``service/carbonfactors_service/fastpath.py``). One scenario repeats the hot factor
lookup with gunicorn's access log on, to show what logging costs.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from liveserver import Server

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent


# -- servers ------------------------------------------------------------------------------------
def start(app: str, cwd: Path, env: dict[str, str], args: argparse.Namespace, ready: str) -> Server:
    """gunicorn with the project's gunicorn.conf.py (the settings production runs)."""
    return Server(
        None,
        workers=args.workers,
        threads=args.threads,
        app=app,
        cwd=cwd,
        env=env,
        ready_path=ready,
    ).start()


# -- a minimal HTTP/1.1 client over a raw keep-alive socket --------------------------------------
def read_response(sock: socket.socket, buf: bytearray) -> tuple[int, bytes]:
    """One response from ``sock`` (Content-Length framing, as gunicorn sends for Flask)."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("server closed the connection")
        buf += chunk
    head, _, rest = bytes(buf).partition(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    while len(rest) < length:
        chunk = sock.recv(max(65536, length - len(rest)))
        if not chunk:
            raise ConnectionError("server closed the connection")
        rest += chunk
    buf[:] = rest[length:]
    return status, rest[:length]


def one_request(port: int, raw: bytes) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(raw)
        return read_response(s, bytearray())


def worker(port: int, raws: list[bytes], start: int, seconds: float, out: Any) -> None:
    """Send ``raws`` (cycling from ``start``) back to back on one keep-alive connection.

    A connection the server closes between requests (a recycled worker closes its idle
    keep-alive connections) is reopened and the request sent again, as HTTP clients do;
    those reconnections are counted, and their wait is in the request's latency.
    """
    latencies: list[float] = []
    errors = reconnects = 0

    def connect() -> socket.socket:
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return s

    sock = connect()
    buf = bytearray()
    clock = time.perf_counter
    end = clock() + seconds
    i = start
    try:
        while True:
            t0 = clock()
            if t0 >= end:
                break
            raw = raws[i % len(raws)]
            i += 1
            for _attempt in range(3):
                try:
                    sock.sendall(raw)
                    status, _ = read_response(sock, buf)
                    break
                except (ConnectionError, OSError):
                    sock.close()
                    sock, buf = connect(), bytearray()
                    reconnects += 1
            else:
                status = 0
            latencies.append(clock() - t0)
            if status != 200:
                errors += 1
    finally:
        sock.close()
    out.put((latencies, errors, reconnects))


def server_cpu(pid: int) -> float:
    """CPU seconds used by a gunicorn master and its workers, the replaced ones included
    (a reaped worker's time is in the master's ``cutime``/``cstime``)."""
    tick = os.sysconf("SC_CLK_TCK")

    def fields(p: int | str) -> list[str]:
        text = Path(f"/proc/{p}/stat").read_text()
        return text[text.rindex(")") + 2 :].split()

    try:
        own = fields(pid)
        total = sum(int(x) for x in own[11:15])  # utime stime cutime cstime
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return float("nan")
    for child in children:
        try:
            total += sum(int(x) for x in fields(child)[11:13])
        except OSError:  # exited in between: counted once reaped
            pass
    return total / tick


def machine_busy() -> float:
    """CPU seconds the whole machine spent busy or stolen by the hypervisor (idle and
    iowait excluded), from /proc/stat: with the server's and the load generator's own CPU
    taken out, what is left is other work on the machine, so a slow round can be told
    apart from a slow server."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - fields[3] - fields[4]) / tick


def children_cpu() -> float:
    """CPU seconds of this process's reaped children (the load generator's processes)."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    reconnects: int
    seconds: float
    cpu_ms: float  # server CPU per request
    p50_ms: float
    p99_ms: float
    others_pct: float  # CPU used by other work on the machine (of all its cores), stolen incl.

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def measure(name: str, server: Server, raws: list[bytes], args: argparse.Namespace) -> Result:
    port = server.port
    # Warm up every worker process (lazy imports, the engine's Dataset); with one request
    # this also fills the answer memo, with many distinct ones it mostly cannot.
    for _ in range(args.workers * args.threads * 2):
        one_request(port, raws[0])  # a new connection each: reaches every worker
    queue: Any = mp.Queue()
    stride = max(1, len(raws) // args.connections)
    procs = [
        mp.Process(target=worker, args=(port, raws, c * stride, args.seconds, queue))
        for c in range(args.connections)
    ]
    cpu0 = server_cpu(server.pid)
    busy0 = machine_busy()
    clients0 = children_cpu()
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    elapsed = time.perf_counter() - t0
    cpu = server_cpu(server.pid) - cpu0
    for p in procs:
        p.join()
    others = machine_busy() - busy0 - cpu - (children_cpu() - clients0)
    lat = sorted(x for lats, _, _ in results for x in lats)
    errors = sum(e for _, e, _ in results)
    reconnects = sum(r for _, _, r in results)
    n = len(lat)
    return Result(
        name,
        n,
        errors,
        reconnects,
        min(elapsed, args.seconds + 0.5),
        cpu * 1000 / n if n else float("nan"),
        lat[n // 2] * 1000 if n else float("nan"),
        lat[min(n - 1, int(n * 0.99))] * 1000 if n else float("nan"),
        max(0.0, 100 * others / (elapsed * (os.cpu_count() or 1))),
    )


def get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n".encode()


def post(path: str, body: bytes) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def build_db(factors: Path, out: Path) -> None:
    from carbonfactors_pipeline.build import build_database
    from carbonfactors_pipeline.validate import validate_tree

    res = validate_tree(factors)
    if not res.ok:
        raise SystemExit(f"{factors} does not validate ({len(res.problems)} problems)")
    build_database(factors, res.snapshot, out, answers=True)


def distinct_factor_ids(db: Path, n: int | None = None) -> list[str]:
    """``n`` (default: all) factor ids the latest version serves, shuffled (a cold mix)."""
    import sqlite3

    conn = sqlite3.connect(db)
    (version,) = conn.execute(
        "select version from versions order by is_release desc, position desc limit 1"
    ).fetchone()
    # The ids the default (full) bundle serves: a version's table also holds factors left
    # out of that bundle (licence), whose lookups are 404s and not the path measured.
    # A database built with answers lists them; without, every id of the version.
    has_answers = conn.execute(
        "select 1 from sqlite_master where type = 'table' and name = 'answers'"
    ).fetchone()
    keys = (
        conn.execute(
            "select key from answers where version = ? and key like ? order by key",
            (version, '["full","factor",%'),
        ).fetchall()
        if has_answers
        else []
    )
    ids = [json.loads(k)[2] for (k,) in keys] or [
        r[0]
        for r in conn.execute("select id from factors where version = ? order by id", (version,))
    ]
    conn.close()
    import random

    random.Random(21).shuffle(ids)
    return ids if n is None else ids[:n]


def batch_body(n: int) -> bytes:
    jobs = [
        {
            "hardware": [
                {
                    "model": "nvidia-a100-sxm4-80gb",
                    "count": 1 + i % 8,
                    "utilization": 0.5 + (i % 5) / 10,
                }
            ],
            "hours": 1 + i % 72,
            "location": ("gcp:europe-west1", "aws:us-east-1", "FR", "DE")[i % 4],
        }
        for i in range(n)
    ]
    return json.dumps({"jobs": jobs}).encode()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--factors", type=Path, default=ROOT / "factors")
    ap.add_argument("--db", type=Path, help="serve this built database (skips the build)")
    ap.add_argument(
        "--seconds", type=float, default=2.0, help="duration of one round of a scenario"
    )
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds")
    ap.add_argument("--connections", type=int, default=4, help="keep-alive client connections")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers (both apps)")
    ap.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    ap.add_argument(
        "--factor", default="grid_intensity:FR:2023:ember-owid", help="factor id to look up"
    )
    ap.add_argument("--zone", default="gcp:europe-west1", help="zone for grid intensity")
    ap.add_argument(
        "--max-requests",
        type=int,
        default=None,
        help="override gunicorn.conf.py's worker recycling (0: off); default: as shipped",
    )
    ap.add_argument("--hardware", default="nvidia-h100-sxm5-80gb", help="hardware detail model")
    ap.add_argument(
        "--only",
        default="",
        help="comma-separated scenario names to run besides the baseline (e.g. random,hardware;"
        " default: all), to fit a short run on a shared machine",
    )
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if args.db is None:
            build_db(args.factors, db)
        env = dict(os.environ, CARBONFACTORS_DB=str(db))
        if args.max_requests is not None:
            env["CARBONFACTORS_MAX_REQUESTS"] = str(args.max_requests)
        env["PYTHONPATH"] = os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")])
        base = start("baseline_app:create_app()", HERE, env, args, "/const")
        api = start("carbonfactors_service:create_app()", ROOT, env, args, "/v1/health")
        # The same API with gunicorn's access log on (one line per request, to a file).
        logged = start(
            "carbonfactors_service:create_app()",
            ROOT,
            {**env, "CARBONFACTORS_ACCESS_LOG": str(Path(tmp) / "access.log")},
            args,
            "/v1/health",
        )
        cold = [get(f"/v1/factors/{quote(i, safe=':')}") for i in distinct_factor_ids(db)]
        scenarios = [
            ("baseline  GET /const (constant dict)", base, [get("/const")]),
            (
                "sized     GET /const-sized (2.3 KB, 10 headers)",
                base,
                [get("/const-sized")],
            ),
            ("factor    GET /v1/factors/{id}", api, [get(f"/v1/factors/{args.factor}")]),
            (
                "factor    ... with the access log on",
                logged,
                [get(f"/v1/factors/{args.factor}")],
            ),
            (
                "grid      GET /v1/zones/{zone}/grid-intensity",
                api,
                [get(f"/v1/zones/{args.zone}/grid-intensity?year=2023")],
            ),
            (f"random    GET /v1/factors/{{id}} x {len(cold):,} ids", api, cold),
            (
                "hardware  GET /v1/hardware/{model}",
                api,
                [get(f"/v1/hardware/{args.hardware}")],
            ),
            (
                "footprint POST /v1/footprint (one job)",
                api,
                [post("/v1/footprint", json.dumps(json.loads(batch_body(1))["jobs"][0]).encode())],
            ),
            (
                "batch     POST /v1/footprints (100 jobs)",
                api,
                [post("/v1/footprints", batch_body(100))],
            ),
        ]
        wanted = {w.strip() for w in args.only.split(",") if w.strip()}
        if wanted:
            scenarios = [
                sc for i, sc in enumerate(scenarios) if i == 0 or sc[0].split()[0] in wanted
            ]
        try:
            # Rounds interleave the scenarios so a noisy neighbour hits them alike; each
            # round's ratio is against the baseline's round just before it, and the worst
            # round's ratio is shown too (a worker recycle shows up there).
            rounds: dict[str, list[Result]] = {name: [] for name, _, _ in scenarios}
            ratios: dict[str, list[float]] = {name: [] for name, _, _ in scenarios}
            for _ in range(args.rounds):
                floor = 0.0
                for name, port, raw in scenarios:
                    r = measure(name, port, raw, args)
                    floor = floor or r.rps
                    rounds[name].append(r)
                    ratios[name].append(r.rps / floor)
            results = [max(rounds[name], key=lambda r: r.rps) for name, _, _ in scenarios]
        finally:
            for server in (logged, api, base):
                server.stop()

    print(
        f"gunicorn gthread, {args.workers} workers x {args.threads} threads, loopback, "
        f"gunicorn.conf.py (max_requests: "
        f"{'as shipped' if args.max_requests is None else args.max_requests}); "
        f"{args.connections} keep-alive connections; {args.rounds} interleaved rounds of "
        f"{args.seconds:g} s (best round shown; ratio: best and worst round vs its floor round)"
    )
    floor_cpu = min(x.cpu_ms for x in rounds[results[0].name])
    print(
        f"{'scenario':48} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'best':>6} {'worst':>6}"
        f" {'CPU ms/req':>10} {'floor/CPU':>9}"
    )
    for r in results:
        extra = f" ({r.rps * 100:,.0f} jobs/s)" if "batch" in r.name else ""
        errors = sum(x.errors for x in rounds[r.name])
        err = f"  {errors} non-200!" if errors else ""
        recon = sum(x.reconnects for x in rounds[r.name])
        err += f"  {recon} reconnects (recycled worker)" if recon else ""
        best_ratio, worst = max(ratios[r.name]), min(ratios[r.name])
        cpu = min(x.cpu_ms for x in rounds[r.name])
        print(
            f"{r.name:48} {r.rps:9,.0f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} "
            f"{best_ratio:5.2f}x {worst:5.2f}x {cpu:10.3f} {floor_cpu / cpu:8.2f}x{extra}{err}"
        )
    # Every round, so a low "worst" can be read: a recycle shows as reconnects, a noisy
    # neighbour as stolen CPU or a floor round that is itself slow; the server's own CPU
    # per request stays put in both cases.
    print(
        "rounds: ratio vs its floor round, req/s, server CPU ms/req, "
        "CPU of other work on the machine %, reconnects"
    )
    for name, _, _ in scenarios:
        cells = "; ".join(
            f"{q:.2f}x {x.rps:,.0f} {x.cpu_ms:.3f} {x.others_pct:.0f}% {x.reconnects}"
            for q, x in zip(ratios[name], rounds[name], strict=True)
        )
        print(f"  {name.split()[0]:10} {cells}")
    return 1 if any(x.errors for rs in rounds.values() for x in rs) else 0


if __name__ == "__main__":
    sys.exit(main())
