"""Memory per served dataset version: what one version costs a service worker.

    .venv/bin/python benchmarks/memory.py                        # the real factors/
    .venv/bin/python benchmarks/memory.py --factors tests/fixtures/factors

Builds the database once, then in one process, measured with ``tracemalloc`` (Python
allocations still alive, after a collection) against the same process just before:

* open: the version as the service opens it (``datasets.dataset_for``);
* typical: after a typical request mix: grid intensity and PUE of 20 zones, 20
  footprints, hardware search for four names, the zones and sources rankings;
* walked: after a walk over everything: grid intensity and PUE of every zone and a
  footprint on every 10th hardware model (a worst case: every subject read once);
* peak: the highest allocation seen while opening and working.

The baseline is the size of the version's own snapshot held as decoded JSON, measured in
the same run (what any in-memory form must at least beat to be worth having).

Then, as a worker of the preloaded master serves them (``datasets.preload(every=True)``):
the CPU of a ``?year=`` grid lookup on an old version whose Dataset was evicted (the
worker reopens its pack: ``old-datasets`` keeps two), against the same lookup on a
version still open, and the process's RSS after each version is asked (``--db`` serves a
built database instead of building ``--factors``).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

MB = 1024 * 1024


def _now() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--factors", type=Path, default=ROOT / "factors")
    ap.add_argument("--db", type=Path, help="a built database: only the old-versions part")
    args = ap.parse_args(argv)
    if args.db is not None:
        return old_versions(args.db)

    import carbonfactors as cf
    from carbonfactors_service import create_app
    from carbonfactors_service.datasets import dataset_for
    from carbonfactors_service.versioning import latest
    from carbonfactors_service.versions import load_snapshot
    from serving import build_db

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "factors.db"
        build_db(args.factors, db)
        app = create_app({"DATABASE": str(db)})
        with app.app_context():
            version = latest()
            tracemalloc.start()
            before = _now()
            ds = dataset_for(version)
            opened = _now() - before
            _work(cf, ds, app, version.version, typical=True)
            typical = _now() - before
            _work(cf, ds, app, version.version, typical=False)
            worked = _now() - before
            peak = tracemalloc.get_traced_memory()[1] - before
            tracemalloc.stop()
            tracemalloc.start()
            base0 = _now()
            whole = load_snapshot(version.version)
            baseline = _now() - base0
            del whole
            tracemalloc.stop()
    print(f"version {version.version} ({args.factors})")
    print(f"  baseline: its snapshot as decoded JSON     {baseline / MB:8.1f} MB")
    print(f"  open (dataset_for)                         {opened / MB:8.1f} MB")
    print(f"  after a typical request mix                {typical / MB:8.1f} MB")
    print(f"  after walking every zone and model         {worked / MB:8.1f} MB")
    print(f"  peak while opening and working             {peak / MB:8.1f} MB")
    print(f"  typical / baseline                         {typical / max(baseline, 1):8.2f} x")
    return 0


def _rss() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def old_versions(db: Path) -> int:
    """CPU of a lookup on an evicted old version against an open one; RSS per version."""
    import time

    from carbonfactors_service import create_app
    from carbonfactors_service.datasets import preload
    from carbonfactors_service.heap import trim

    app = create_app({"DATABASE": str(db)})
    names = preload(app, every=True)
    gc.collect()
    trim()
    client = app.test_client()
    print(f"{len(names)} versions, preloaded: RSS {_rss():.0f} MiB")

    def cpu(version: str, year: int) -> float:
        t = time.process_time()
        r = client.get(f"/v1/zones/FR/grid-intensity?year={year}&version={version}")
        assert r.status_code == 200, r.data
        return time.process_time() - t

    steps = []
    for v in names[1:]:
        cpu(v, 2023)
        steps.append(f"{v} {_rss():.0f}")
    print("RSS (MiB) after asking each old version: " + ", ".join(steps))
    # names[-1] and names[-2] are open (the LRU keeps two); names[1:4] were evicted.
    warm = min(cpu(names[-1], y) for y in (2019, 2020, 2021))
    cold = []
    for y in (2019, 2020, 2021):  # three versions in turn through an LRU of two: reopens
        cold += [cpu(v, y) for v in names[1:4]]
    cold_ms = statistics.median(cold) * 1000
    print(f"grid ?year= lookup on an open old version:    {warm * 1000:7.1f} ms CPU (baseline)")
    print(f"same on an evicted old version (reopened):    {cold_ms:7.1f} ms CPU "
          f"({cold_ms / max(warm * 1000, 0.001):.0f}x)")  # fmt: skip
    print(f"RSS after: {_rss():.0f} MiB")
    return 0


def _work(cf: Any, ds: Any, app: Any, version: str, *, typical: bool) -> None:
    zones = sorted(ds.zones)
    models = sorted(ds.hardware)
    if typical:
        zones = zones[:: max(1, len(zones) // 20)][:20]
        models = models[:: max(1, len(models) // 20)][:20]
    else:
        models = models[::10]
    for zone in zones:
        for call in (ds.resolve_grid, ds.resolve_pue):
            try:
                call(zone)
            except cf.CarbonFactorsError:
                pass
    for hid in models:
        job = {"hardware": [{"model": hid}], "hours": 1, "location": "FR"}
        try:
            cf.footprint(job, dataset=ds)
        except cf.CarbonFactorsError:
            pass
    if not typical:
        return
    for name in ("V100", "H100", "MI300X", "TPU v4"):
        ds.names.search.rank(name)
    client = app.test_client()
    for path in ("/v1/zones?q=france", "/v1/sources?q=ember", "/v1/hardware?q=V100"):
        client.get(f"{path}&version={version}")


if __name__ == "__main__":
    raise SystemExit(main())
