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
"""

from __future__ import annotations

import argparse
import gc
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
    args = ap.parse_args(argv)

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
