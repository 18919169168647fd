"""The SDK's start-up and lookup costs, each next to a baseline measured in the same run.

    .venv/bin/python benchmarks/sdk.py                  # 15 fresh processes per scenario
    .venv/bin/python benchmarks/sdk.py --runs 30

Start-up (fresh processes, median of ``--runs``):
  * bare interpreter (``python -c pass``): the baseline;
  * ``import carbonfactors``;
  * import + first offline footprint from the whole snapshot (``snapshot.json.gz``: JSON
    decode of every record, the format bundled until the next release);
  * import + first offline footprint from the packed index (``snapshot.pack``, built here
    in a temporary folder from the committed bundle: the format the next release ships),
    given as a path, and through the default lookup (``carbonfactors.footprint(job)``, with
    the package's bundle pointed at the temporary folder).

Lookups (one process, median per call), on the same grid-intensity lookups:
  * in-memory cache: a pinned ``Client`` asked again (cachetools, no request);
  * on-disk snapshot: ``Client(offline=True)`` on the real bundled release synced into a
    fresh store (its packed index), cold (open the index and resolve; one fresh dataset per
    call) and warm (the same client again);
  * live server: a ``Client`` against gunicorn on loopback (the fixture dataset), each call a
    distinct URL, so every one is a request.
The zone/year keys are those both datasets resolve.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from api import build_db, start, stop  # noqa: E402  (benchmarks/api.py)

JOB = (
    "{'hardware': [{'model': 'nvidia-h100-sxm5-80gb', 'count': 8, 'utilization': 0.9}],"
    " 'hours': 72, 'location': 'gcp:europe-west1', 'year': 2023}"
)


def fresh(code: str, runs: int, env: dict[str, str]) -> float:
    """Median wall time (ms) of ``python -c code`` in fresh processes."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def per_call(fn: Callable[[int], object], n: int) -> float:
    """Median time (µs) of ``fn(i)`` over ``n`` calls."""
    times = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t) * 1e6)
    return statistics.median(times)


def startup(args: argparse.Namespace, tmp: Path) -> None:
    from carbonfactors import snapshot as snap
    from carbonfactors import store

    bundle = tmp / "bundle"
    bundle.mkdir()
    pack = bundle / store.BUNDLED_PACK.name
    pack.write_bytes(snap.pack(snap.read(store.BUNDLED)))
    (bundle / store.BUNDLED.name).write_bytes(store.BUNDLED.read_bytes())
    default = (
        "import pathlib, carbonfactors as cf, carbonfactors.store as s; "
        f"s.BUNDLED = pathlib.Path({str(bundle / store.BUNDLED.name)!r}); "
        f"s.BUNDLED_PACK = pathlib.Path({str(pack)!r}); "
        f"cf.footprint({JOB})"
    )
    env = dict(os.environ, CARBONFACTORS_CACHE_DIR=str(tmp / "empty-store"))
    first = "import carbonfactors as cf; cf.footprint({job}, dataset=cf.load_dataset({path!r}))"
    rows = [
        ("bare interpreter (python -c pass)", "pass"),
        ("import carbonfactors", "import carbonfactors"),
        (
            "+ first footprint, whole snapshot (.json.gz)",
            first.format(job=JOB, path=str(store.BUNDLED)),
        ),
        ("+ first footprint, packed index (.pack)", first.format(job=JOB, path=str(pack))),
        ("+ first footprint, packed bundle, default lookup", default),
    ]
    # Interleave the scenarios run by run, so a burst of load hits them all alike.
    samples: dict[str, list[float]] = {name: [] for name, _ in rows}
    for _ in range(args.runs):
        for name, code in rows:
            samples[name].append(fresh(code, 1, env))
    base = statistics.median(samples[rows[0][0]])
    print(f"start-up, fresh processes, median of {args.runs} (interleaved):")
    for name, _ in rows:
        ms = statistics.median(samples[name])
        extra = "" if name.startswith("bare") else f"  (+{ms - base:6.1f} ms over bare)"
        print(f"  {name:48} {ms:7.1f} ms{extra}")


def lookups(args: argparse.Namespace, tmp: Path) -> None:
    import carbonfactors as cf
    from carbonfactors import snapshot as snap
    from carbonfactors import store
    from carbonfactors.dataset import forget_loaded

    fixture = ROOT / "tests" / "fixtures" / "factors"
    release = fixture / "releases" / "2026.02.json"
    db = tmp / "fixture.db"
    build_db(fixture, db)
    folder = tmp / "store"
    real = snap.gunzip(store.BUNDLED).decode("utf-8")
    real_version = str(snap.loads(real)["version"])
    store.write(folder, real_version, real, snap.sha256_text(real))
    zones = sorted(z["id"] for z in snap.read(release)["zones"])
    keys = [(z, y) for z in zones for y in (2019, 2020, 2021, 2022, 2023, 2024, None)]
    usable = []
    offline = cf.Client(offline=True, version=real_version, cache_dir=folder)
    fixture_ds = cf.load_dataset(release)
    for z, y in keys:
        try:
            offline.grid_intensity(z, y)
            fixture_ds.resolve_grid(z, y)
            usable.append((z, y))
        except cf.CarbonFactorsError:
            pass
    n = args.lookups

    def key(i: int) -> tuple[str, int | None]:
        return usable[i % len(usable)]

    def cold(i: int) -> object:
        forget_loaded()
        c = cf.Client(offline=True, version=real_version, cache_dir=folder)
        return c.grid_intensity(*key(i))

    rows = [
        ("on-disk snapshot, cold (open index + resolve)", per_call(cold, min(n, 200))),
        (
            "on-disk snapshot, warm (Client offline)",
            per_call(lambda i: offline.grid_intensity(*key(i)), n),
        ),
    ]
    server_args = argparse.Namespace(workers=1, threads=2)
    env = dict(os.environ, CARBONFACTORS_DB=str(db))
    proc, port = start("carbonfactors_service:create_app()", ROOT, env, server_args, "/v1/health")
    try:
        pinned = cf.Client(f"http://127.0.0.1:{port}", version="2026.02", cache_dir=folder)
        for i in range(len(usable)):
            pinned.grid_intensity(*key(i))
        cached = per_call(lambda i: pinned.grid_intensity(*key(i)), n)
        live = cf.Client(f"http://127.0.0.1:{port}", cache_dir=folder, cache_size=1)
        served = per_call(lambda i: live.grid_intensity(*key(i)), min(n, 500))
    finally:
        stop(proc)
    rows.insert(0, ("in-memory cache (pinned Client, no request)", cached))
    rows.append(("live server (gunicorn, loopback, one request each)", served))
    print(f"grid-intensity lookups, median per call ({len(usable)} distinct zone/year keys):")
    for name, us in rows:
        print(f"  {name:52} {us:9.1f} µs  ({us / cached:8.1f}× the in-memory cache)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="fresh processes per start-up scenario")
    ap.add_argument("--lookups", type=int, default=2000, help="calls per lookup scenario")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cf-bench-") as d:
        tmp = Path(d)
        startup(args, tmp)
        lookups(args, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
