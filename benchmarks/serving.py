"""Serving under load and faults: the long versions of tests/deploy/, plus memory and locks.

    .venv/bin/python benchmarks/serving.py                      # the real factors/, 20 s load
    .venv/bin/python benchmarks/serving.py --factors tests/fixtures/factors --seconds 5

Reports, each against the same build of the database:

* warm while building: latency of a footprint on the (already indexed) latest version
  while another thread indexes an older version's dataset, next to the same request alone;
* growth: worker RSS (and PSS) with recycling off and otherwise the production settings
  (preloaded master, ``gc.freeze``), over ``--growth-requests`` (200,000) lookups across
  every stored factor and hardware answer of every version, marked every fifth (what
  decides ``max_requests``: docs/operating.md);
* memory: resident set size of each gunicorn worker at start (the master preloaded the
  latest version and every version's bundle facts), after each version's first round
  (does it grow with the number of versions?), and after a lookup of each kind and a
  footprint on every version; the goal is under 150 MiB;
* load: a fixed number of keep-alive clients for a fixed duration over a mix of lookups
  (throughput, p50/p99, errors);
* worker kill: the same load while one worker is SIGKILLed part way; the clients may lose
  at most their requests in flight (one each).

Everything runs on loopback, bounded in time and request count.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.request import Request, urlopen

from carbonfactors_service import create_app
from liveserver import Server
from loadgen import run_load

ROOT = Path(__file__).resolve().parents[1]
JOB = {"hardware": [{"model": "nvidia-a100-sxm4-80gb", "count": 8}], "hours": 24, "location": "FR"}
MIX = (
    "/v1/factors/grid_intensity:FR:2023:ember-owid",
    "/v1/zones/gcp:europe-west1/grid-intensity?year=2023",
    "/v1/pue/google",
    "/v1/factors?kind=grid_intensity&limit=5",
    "/v1/zones/aws:us-east-1",
    "/v1/hardware/H100",
    "/v1/health",
)


def build_db(factors: Path, out: Path) -> list[str]:
    """Build ``factors`` into ``out``; returns its versions, newest release first."""

    from carbonfactors_pipeline.build import build_database
    from carbonfactors_pipeline.validate import validate_tree

    res = validate_tree(factors)
    if not res.ok:
        raise SystemExit(f"{factors} does not validate ({len(res.problems)} problems)")
    build_database(factors, res.snapshot, out, answers=True)
    return versions_of(out)


def versions_of(out: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(out) as conn:
        rows = conn.execute(
            "select version from versions order by is_release desc, position desc"
        ).fetchall()
    return [r[0] for r in rows]


def warm_while_building(db: Path, versions: list[str]) -> None:
    app = create_app({"DATABASE": str(db)})
    client = app.test_client()
    assert client.post("/v1/footprint", json=JOB).status_code == 200  # latest indexed
    alone = []
    for _ in range(50):
        t0 = time.perf_counter()
        client.post("/v1/footprint", json=JOB)
        alone.append(time.perf_counter() - t0)
    during = []
    for other in versions[1:]:
        builder = threading.Thread(
            target=lambda v=other: app.test_client().post(f"/v1/footprint?version={v}", json=JOB)
        )
        builder.start()
        time.sleep(0.05)  # the build is under way
        t0 = time.perf_counter()
        client.post("/v1/footprint", json=JOB)
        during.append(time.perf_counter() - t0)
        builder.join()
    print(
        f"warm footprint on {versions[0]}: alone median {statistics.median(alone) * 1000:.2f} ms; "
        "while another version is being indexed: "
        + ", ".join(f"{v} {d * 1000:.2f} ms" for v, d in zip(versions[1:], during, strict=True))
    )


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pss_mb(pid: int) -> float:
    """Proportional set size: shared pages (the master's preloaded data) split by sharers."""
    path = Path(f"/proc/{pid}/smaps_rollup")
    for line in path.read_text().splitlines() if path.exists() else ():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_line(server: Server) -> str:
    return ", ".join(f"{rss_mb(p):.0f} MiB (PSS {pss_mb(p):.0f})" for p in server.worker_pids())


def memory(server: Server, versions: list[str]) -> float:
    """RSS per worker after a lookup of each kind and a footprint on every version."""
    pids = server.worker_pids()
    print(f"RSS per worker after start (master preloaded every version): {rss_line(server)}; "
          f"master {rss_mb(server.pid):.0f} MiB")  # fmt: skip
    body = __import__("json").dumps(JOB).encode()
    steps = []
    for round_ in range(len(pids) * 3):  # new connections land on every worker
        for v in versions:
            for path in MIX:
                sep = "&" if "?" in path else "?"
                with urlopen(f"{server.url}{path}{sep}version={v}", timeout=60) as resp:
                    resp.read()
            req = Request(f"{server.url}/v1/footprint?version={v}", data=body,
                          headers={"Content-Type": "application/json"})  # fmt: skip
            with urlopen(req, timeout=60) as resp:
                resp.read()
            if round_ == 0:
                steps.append(f"{v} {max(rss_mb(p) for p in pids):.0f}")
    print("largest worker RSS (MiB) after each version's first round: " + ", ".join(steps))
    worst = max(rss_mb(p) for p in pids)
    print(f"RSS per worker after requesting each of the {len(versions)} versions: "
          f"{rss_line(server)}; under 150 MiB: {'yes' if worst < 150 else 'NO'}")  # fmt: skip
    return worst


def growth(db: Path, versions: list[str], args: argparse.Namespace) -> None:
    """Worker RSS over a long-ish run of distinct lookups with recycling off: does it grow?"""
    import json
    import random
    import sqlite3
    from urllib.parse import quote

    conn = sqlite3.connect(db)
    # Each stored key in one of the versions that has it (a 404 costs its "did you mean").
    held: dict[str, list[str]] = {}
    for version, key in conn.execute("select version, key from answers order by key, version"):
        held.setdefault(key, []).append(version)
    conn.close()
    prefix = {"factor": "/v1/factors/", "hardware": "/v1/hardware/"}
    paths = []
    for key, among in held.items():
        _, kind, ident, *_ = json.loads(key)
        if kind in prefix:
            version = random.Random(key).choice(among)
            paths.append(f"{prefix[kind]}{quote(ident, safe=':')}?version={version}")
    random.Random(21).shuffle(paths)
    env = {"CARBONFACTORS_MAX_REQUESTS": "0"}
    total = args.growth_requests
    with Server(db, workers=args.workers, threads=args.threads, env=env) as server:
        before = rss_line(server)
        marks, done, t0 = [], 0, time.perf_counter()
        step = max(1, total // 5)  # five marks, each after another fifth of the requests
        while done < total:
            load = run_load(server.url, paths[done % len(paths):] + paths[:done % len(paths)],
                            concurrency=args.clients, seconds=600, max_requests=step)  # fmt: skip
            if load.requests == 0:
                break
            done += load.requests
            marks.append(f"{done:,} req: {rss_line(server)}")
        print(f"growth, production settings (preload, gc.freeze), recycling off, "
              f"{len(paths):,} distinct factor/hardware URLs over every version, "
              f"{done:,} requests in {time.perf_counter() - t0:.0f} s: start {before}; "
              + "; ".join(marks))  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--factors", type=Path, default=ROOT / "factors")
    ap.add_argument("--db", type=Path, help="serve this built database (skips the build)")
    ap.add_argument("--skip", nargs="*", default=[], choices=("warm", "growth", "load"))
    ap.add_argument("--seconds", type=float, default=20.0, help="duration of each load run")
    ap.add_argument("--clients", type=int, default=8, help="keep-alive client connections")
    ap.add_argument("--growth-requests", type=int, default=200_000,
                    help="requests of the growth run (worker RSS marked every fifth)")  # fmt: skip
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "serving.db"
        versions = versions_of(db) if args.db else build_db(args.factors, db)
        if "warm" not in args.skip:
            warm_while_building(db, versions)
        if "growth" not in args.skip:
            growth(db, versions, args)
        with Server(db, workers=args.workers, threads=args.threads) as server:
            memory(server, versions)
            if "load" in args.skip:
                return 0
            budget = int(args.seconds * 20_000)
            load = run_load(server.url, MIX, concurrency=args.clients, seconds=args.seconds,
                            max_requests=budget)  # fmt: skip
            print(f"load, {args.clients} clients, {args.workers}x{args.threads} gthread: "
                  f"{load.summary()}")  # fmt: skip
            victim = server.worker_pids()[0]
            killer = threading.Timer(args.seconds / 3, os.kill, (victim, signal.SIGKILL))
            killer.start()
            fault = run_load(server.url, MIX, concurrency=args.clients, seconds=args.seconds,
                             max_requests=budget)  # fmt: skip
            killer.join()
            print(f"worker {victim} SIGKILLed at {args.seconds / 3:.0f} s: {fault.summary()}; "
                  f"lost {fault.errors} request(s) with {args.clients} in flight at most")  # fmt: skip
    return 1 if load.errors or fault.errors > args.clients else 0


if __name__ == "__main__":
    sys.exit(main())
