"""Bulk footprints: the frame kernel vs the dict path vs Dask, on the same jobs, in one run.

    .venv/bin/python benchmarks/frame.py --rows 1000000            # both mixes, then Dask
    .venv/bin/python benchmarks/frame.py --rows 300000 --no-dask

Two mixes of jobs, measured side by side: ``simple`` (models and locations vary, nothing
else) and ``varied`` (also per-row ``year``, ``count`` and ``include_embodied``, cloud
instances and regions, and about 0.3 % bad rows: unknown model, unknown location, negative
hours). For each: jobs per second by wall clock and by process CPU time (what to read on a
shared machine; best of interleaved rounds) and the frame's peak traced memory per million
rows (one call, input excluded), against the dict path (``carbonfactors.footprints()`` over
the same jobs as documents; on at most 200,000 rows). Dask: a LocalCluster of 2 processes
over the varied mix, the result gathered whole and reduced on the workers (sums by
location: the rows never travel), against the single-process frame, with each worker's RSS.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import carbonfactors as cf
from carbonfactors import frame

MODELS = np.array(
    ["nvidia-h100-sxm5-80gb", "A100 80GB", "dell-poweredge-c6420", "aws:p4d.24xlarge"]
)
LOCATIONS = np.array(["FR", "DE", "US", "aws:us-east-1", "gcp:europe-west1", "azure:westeurope"])
MORE_MODELS = np.array(["aws:m5.xlarge", "gcp:n2-standard-8"])
MORE_LOCATIONS = np.array(["aws:eu-west-3", "gcp:us-central1"])


def jobs(n: int) -> pd.DataFrame:
    """The simple mix: models and locations vary (and the row's numbers)."""
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "model": MODELS[rng.integers(0, len(MODELS), n)],
            "count": rng.integers(1, 9, n),
            "utilization": rng.random(n).round(3),
            "hours": (rng.random(n) * 100 + 0.1).round(3),
            "location": LOCATIONS[rng.integers(0, len(LOCATIONS), n)],
            "year": rng.integers(2019, 2025, n),
        }
    )


def varied(n: int) -> pd.DataFrame:
    """The varied mix of issue 21: per-row options, cloud instances and regions, bad rows."""
    rng = np.random.default_rng(1)
    models = np.concatenate([MODELS, MORE_MODELS])[rng.integers(0, 6, n)]
    locations = np.concatenate([LOCATIONS, MORE_LOCATIONS])[rng.integers(0, 8, n)]
    hours = (rng.random(n) * 100 + 0.1).round(3)
    models[rng.random(n) < 0.001] = "no-such-gpu"
    locations[rng.random(n) < 0.001] = "XX"
    hours[rng.random(n) < 0.001] = -1.0
    return pd.DataFrame(
        {
            "model": models,
            "count": rng.integers(1, 9, n),
            "utilization": rng.random(n).round(3),
            "hours": hours,
            "location": locations,
            "year": rng.integers(2019, 2025, n),
            "include_embodied": rng.random(n) < 0.8,
        }
    )


def documents(df: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for row in df.itertuples(index=False):
        doc: dict[str, Any] = {
            "hardware": [
                {"model": row.model, "count": int(row.count), "utilization": float(row.utilization)}
            ],
            "hours": float(row.hours),
            "location": row.location,
            "year": int(row.year),
        }
        if "include_embodied" in df.columns:
            doc["include_embodied"] = bool(row.include_embodied)
        out.append(doc)
    return out


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    gc.collect()
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def peak_mib_per_million(fn: Callable[[], Any], n: int) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return float(peak / n * 1e6 / 2**20)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--dict-rows", type=int, default=200_000)
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    n = args.rows
    ds = cf.load_dataset()
    mixes = {"simple": jobs(n), "varied": varied(n)}
    frame.footprints(mixes["simple"].head(1000), dataset=ds)
    runs: dict[str, list[tuple[float, float]]] = {}
    for _ in range(args.rounds):  # interleaved: the machine's load hits both mixes
        for name, df in mixes.items():
            runs.setdefault(name, []).append(timed(lambda df=df: frame.footprints(df, dataset=ds)))
    cpu = {k: min(c for _, c in v) for k, v in runs.items()}
    wall = {k: min(w for w, _ in v) for k, v in runs.items()}
    print(f"rows: {n:,}; best of {args.rounds} interleaved rounds")
    for name, df in mixes.items():
        k = min(n, args.dict_rows)
        docs = documents(df.head(k))
        cf.footprints(docs[:1000], dataset=ds)
        _, dict_cpu = timed(lambda docs=docs: cf.footprints(docs, dataset=ds))
        peak = peak_mib_per_million(lambda df=df: frame.footprints(df, dataset=ds), n)
        print(
            f"{name:7} frame {n / wall[name]:>11,.0f} jobs/s wall {n / cpu[name]:>11,.0f} jobs/s CPU"
            f"  peak {peak:4,.0f} MiB per million rows"
            f"  | dict path {k / dict_cpu:>8,.0f} jobs/s CPU ({k / dict_cpu / (n / cpu[name]):.3f}x)"
        )
    print(f"varied / simple (CPU): {cpu['simple'] / cpu['varied']:.2f}x")
    if not args.no_dask:
        dask_run(mixes["varied"], n, wall["varied"])


def _warm() -> None:
    cf.load_dataset()


def dask_run(df: pd.DataFrame, n: int, frame_wall: float) -> None:
    import dask.dataframe as dd
    import distributed

    from carbonfactors.dask import footprints as dask_footprints

    def rss() -> int:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
        return 0

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        ddf = dd.from_pandas(df, npartitions=8).persist()
        client.run(_warm)  # each worker loads the bundled dataset once (a per-process cache)

        def gathered() -> Any:
            return dask_footprints(ddf).compute()

        def reduced() -> Any:
            out = dask_footprints(ddf, include=())
            return out.groupby("location")[["total_kgco2e"]].sum().compute()

        t0 = time.perf_counter()
        gathered()
        t_all = time.perf_counter() - t0
        t0 = time.perf_counter()
        reduced()
        t_red = time.perf_counter() - t0
        mem = client.run(rss)
    print(
        f"dask, 2 workers: gathered whole {n / t_all:>10,.0f} jobs/s wall "
        f"({frame_wall / t_all:.2f}x the frame's wall time); reduced on the workers "
        f"{n / t_red:>10,.0f} jobs/s wall ({frame_wall / t_red:.2f}x); "
        f"worker RSS {', '.join(f'{v} MiB' for v in mem.values())}"
    )


if __name__ == "__main__":
    main()
