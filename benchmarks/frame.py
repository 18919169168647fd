"""Bulk footprints: the frame kernel vs the dict path vs Dask, on the same jobs, in one run.

Prints jobs per second for each path and the ratio to the dict path (``footprints()`` over
job documents), measured in this run on this machine, plus the frame's memory per million
rows (peak traced allocations of one call, input excluded). Options: ``--rows N``
(default 1,000,000), ``--no-dask``.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc

import numpy as np
import pandas as pd

import carbonfactors as cf
from carbonfactors import frame

MODELS = np.array(
    ["nvidia-h100-sxm5-80gb", "A100 80GB", "dell-poweredge-c6420", "aws:p4d.24xlarge"]
)
LOCATIONS = np.array(["FR", "DE", "US", "aws:us-east-1", "gcp:europe-west1", "azure:westeurope"])


def jobs(n: int) -> pd.DataFrame:
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


def timed(fn: object, *args: object, **kw: object) -> float:
    gc.collect()
    t = time.perf_counter()
    fn(*args, **kw)  # type: ignore[operator]
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    n = args.rows
    df = jobs(n)
    ds = cf.load_dataset()
    docs = [
        {
            "hardware": [{"model": m, "count": int(c), "utilization": float(u)}],
            "hours": float(h),
            "location": loc,
            "year": int(y),
        }
        for m, c, u, h, loc, y in df.itertuples(index=False)
    ]
    frame.footprints(df.head(1000), dataset=ds)
    cf.footprints(docs[:1000], dataset=ds)
    dict_s = timed(cf.footprints, docs, dataset=ds)
    frame_s = min(timed(frame.footprints, df, dataset=ds) for _ in range(3))
    print(f"rows: {n:,}")
    print(f"dict path   {n / dict_s:12,.0f} jobs/s  (baseline)")
    print(f"frame       {n / frame_s:12,.0f} jobs/s  {dict_s / frame_s:6.1f}x the dict path")
    tracemalloc.start()
    frame.footprints(df, dataset=ds)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"frame memory: {peak / n * 1e6 / 2**20:,.0f} MiB per million rows (peak, one call)")
    if args.no_dask:
        return
    import dask.dataframe as dd
    import distributed

    from carbonfactors.dask import footprints as dask_footprints

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        ddf = dd.from_pandas(df, npartitions=8).persist()
        dask_footprints(ddf).compute()  # workers load the bundled dataset once
        dask_s = min(timed(lambda: dask_footprints(ddf).compute()) for _ in range(2))
    print(f"dask (2 workers) {n / dask_s:7,.0f} jobs/s  {dict_s / dask_s:6.1f}x the dict path")


if __name__ == "__main__":
    main()
