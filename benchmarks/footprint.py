"""Throughput of the footprint engine: single calls and the batch path, against a baseline.

    .venv/bin/python benchmarks/footprint.py                 # fixture dataset, 100,000 jobs
    .venv/bin/python benchmarks/footprint.py --factors factors --jobs 20000

Jobs are a seeded random mix of the job document's paths (catalog GPUs and cloud instances
with load curves, measured energy, explicit overrides, embodied on/off, SCI) with
continuous counts, hours and utilizations, so no two jobs are alike. The baseline is a
trivial loop building one small dict per job, measured in the same run, so the ratio is
comparable across machines.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import carbonfactors as cf

ROOT = Path(__file__).resolve().parents[1]


def load(args: argparse.Namespace) -> cf.Dataset:
    if args.dataset:
        return cf.load_dataset(args.dataset)
    from carbonfactors_pipeline.validate import validate_tree

    res = validate_tree(Path(args.factors))
    if not res.ok:
        sys.exit(f"{args.factors} does not validate ({len(res.problems)} problems)")
    return cf.Dataset.from_snapshot(res.snapshot)


def catalog(ds: cf.Dataset) -> tuple[list[str], list[str], list[int]]:
    """Models with a usable power and embodied factor, locations with a grid value, years."""
    kinds: dict[str, set[str]] = {}
    for f in ds.factors.values():
        if f.unit in ("W", "kgCO2e"):
            kinds.setdefault(f.subject, set()).add(f.kind)
    models = [hid for hid in sorted(ds.hardware) if {"power", "embodied"} <= kinds.get(hid, set())]
    models = models[:50]
    locations = []
    for zid in sorted(ds.zones):
        try:
            ds.resolve_grid(zid)
            ds.resolve_pue(zid)
        except cf.CarbonFactorsError:
            continue
        locations.append(zid)
        if len(locations) >= 50:
            break
    years = sorted({f.year for f in ds.factors.values() if f.kind == "grid_intensity"})[-3:]
    return models, locations, years


def make_jobs(ds: cf.Dataset, n: int, seed: int = 7) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    models, locations, years = catalog(ds)
    if not models or not locations:
        sys.exit("the dataset has no model with power+embodied or no location with a grid value")
    jobs: list[dict[str, Any]] = []
    for _ in range(n):
        kind = rnd.random()
        loc = rnd.choice(locations)
        if kind < 0.6:  # catalog hardware, power-based
            job: dict[str, Any] = {
                "hardware": [
                    {
                        "model": rnd.choice(models),
                        "count": rnd.randint(1, 16),
                        "utilization": round(rnd.random(), 3),
                    }
                    for _ in range(rnd.randint(1, 2))
                ],
                "hours": rnd.uniform(0.1, 1000.0),
                "location": loc,
            }
            if rnd.random() < 0.7:
                job["year"] = rnd.choice(years)
        elif kind < 0.75:  # measured energy
            job = {"energy_kwh": rnd.uniform(1, 1e4), "location": loc, "include_embodied": False}
        elif kind < 0.9:  # energy + embodied of listed hardware
            job = {
                "energy_kwh": rnd.uniform(1, 1e4),
                "hours": rnd.uniform(1, 100),
                "hardware": [{"model": rnd.choice(models), "count": rnd.randint(1, 8)}],
                "location": loc,
            }
        else:  # explicit overrides
            job = {
                "hardware": [
                    {
                        "power_w": rnd.uniform(50, 800),
                        "count": rnd.randint(1, 4),
                        "embodied_kgco2e": 1000.0,
                        "lifetime_years": 4.0,
                    }
                ],
                "hours": rnd.uniform(1, 100),
                "pue": 1.2,
                "grid_intensity": rnd.uniform(10, 900),
            }
        if rnd.random() < 0.1:
            job["functional_units"] = float(rnd.randint(1, 10000))
        jobs.append(job)
    return jobs


class Collector:
    """Time spent in the garbage collector's full passes while a path runs (the batch used
    to pause the collector; now it allocates little enough that it rarely needs a pass)."""

    def __init__(self) -> None:
        self.passes, self.seconds, self._t0 = 0, 0.0, 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._t0 = time.process_time()
        else:
            self.passes += 1
            self.seconds += time.process_time() - self._t0


def timed(fn: Callable[[], Any], gc_log: Collector | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; the CPU time is what to read on a shared machine."""
    gc.collect()
    if gc_log is not None:
        gc.callbacks.append(gc_log)
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        fn()
    finally:
        t1, c1 = time.perf_counter(), time.process_time()
        if gc_log is not None:
            gc.callbacks.remove(gc_log)
    return t1 - t0, c1 - c0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--jobs", type=int, default=100_000)
    ap.add_argument("--factors", default=str(ROOT / "tests" / "fixtures" / "engine"))
    ap.add_argument("--dataset", help="a snapshot file instead of a factors tree")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args, _ = ap.parse_known_args(argv)  # benchmarks/run.py passes its own argv along

    ds = load(args)
    jobs = make_jobs(ds, args.jobs)
    n = len(jobs)

    def baseline() -> list[dict[str, Any]]:
        return [{"n": len(j), "hours": j.get("hours"), "location": j.get("location")} for j in jobs]

    def single() -> list[Any]:
        footprint, out = cf.footprint, []
        for j in jobs:
            try:
                out.append(footprint(j, dataset=ds))
            except cf.CarbonFactorsError as exc:
                out.append(exc)
        return out

    def batch() -> list[Any]:
        return cf.footprints(jobs, dataset=ds)

    results = batch()
    errors = sum(not r.ok for r in results)
    paths = {"baseline": baseline, "single": single, "batch": batch}
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in paths}
    gc_log = Collector()
    for _ in range(args.repeat):  # interleaved rounds: the machine's load hits every path
        for name, fn in paths.items():
            runs[name].append(timed(fn, gc_log if name == "batch" else None))
    wall = {k: min(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: min(c for _, c in v) for k, v in runs.items()}
    print(f"dataset {ds.version}: {len(ds.factors)} factors; {n:,} mixed jobs ({errors} rejected)")
    print(f"best of {args.repeat} interleaved rounds; jobs/s by wall clock and by process CPU time")
    labels = {
        "baseline": "baseline (dict per job)",
        "single": "single footprint() calls",
        "batch": "batch footprints()",
    }
    for name, label in labels.items():
        ratio = "" if name == "baseline" else f"  ({cpu[name] / cpu['baseline']:.1f}× baseline CPU)"
        print(
            f"{label:<26}{n / wall[name]:>12,.0f} jobs/s wall {n / cpu[name]:>12,.0f} jobs/s CPU"
            f"{ratio}"
        )
    print(
        f"batch / single calls: {cpu['single'] / cpu['batch']:.2f}× (CPU); collector full passes "
        f"during the batch: {gc_log.passes / args.repeat:.1f} per run, "
        f"{gc_log.seconds / args.repeat * 1e3:.0f} ms CPU per run (collector left on)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
