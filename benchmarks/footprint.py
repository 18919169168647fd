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


def timed(fn: Callable[[], Any]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def best_of(k: int, fn: Callable[[], Any]) -> float:
    return min(timed(fn) for _ in range(k))


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
    t_base = best_of(args.repeat, baseline)
    t_single = best_of(args.repeat, single)
    t_batch = best_of(args.repeat, batch)
    print(f"dataset {ds.version}: {len(ds.factors)} factors; {n:,} mixed jobs ({errors} rejected)")
    print(f"{'baseline (dict per job)':<26}{n / t_base:>14,.0f} jobs/s  {t_base * 1e3:8.1f} ms")
    print(
        f"{'single footprint() calls':<26}{n / t_single:>14,.0f} jobs/s  {t_single * 1e3:8.1f} ms"
        f"  ({t_single / t_base:.1f}× baseline)"
    )
    print(
        f"{'batch footprints()':<26}{n / t_batch:>14,.0f} jobs/s  {t_batch * 1e3:8.1f} ms"
        f"  ({t_batch / t_base:.1f}× baseline)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
