"""Time weighting in the frame engine: a year of half-hours for 100,000 jobs.

Every job runs in Great Britain (basis direct, the NESO 2023 half-hourly series) with a
random start in 2023 and a random length up to a week; the same jobs without ``start`` and
``end`` (annual factor) are the baseline, measured in the same run. Prints jobs per second
for both and the ratio, plus the per-job engine on a sample for comparison. The dataset is
the development tree (``factors/``, the series is not in a release yet). Options:
``--rows N`` (default 100,000).
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

import numpy as np
import pandas as pd

import carbonfactors as cf
from carbonfactors import Dataset, frame
from carbonfactors.series import format_instant

ROOT = Path(__file__).resolve().parents[1]
YEAR_START = 1672531200.0  # 2023-01-01T00:00:00Z
YEAR_S = 365 * 86400.0


def jobs(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    start = YEAR_START + rng.random(n) * (YEAR_S - 7 * 86400)
    length = rng.random(n) * 7 * 86400 + 60
    return pd.DataFrame(
        {
            "power_w": (rng.random(n) * 5000 + 100).round(1),
            "count": rng.integers(1, 9, n),
            "location": "GB",
            "basis": "direct",
            "pue": 1.2,
            "include_embodied": False,
            "start": [format_instant(s) for s in start],
            "end": [format_instant(s + d) for s, d in zip(start, length, strict=True)],
            "hours": np.round(length) / 3600.0,
        }
    )


def timed(fn: object, *args: object, **kw: object) -> tuple[float, object]:
    gc.collect()
    t = time.perf_counter()
    out = fn(*args, **kw)  # type: ignore[operator]
    return time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    from carbonfactors_pipeline.validate import validate_tree

    ds = Dataset.from_snapshot(validate_tree(ROOT / "factors").snapshot)
    df = jobs(args.rows)
    df["hours"] = (
        pd.to_datetime(df["end"]) - pd.to_datetime(df["start"])
    ).dt.total_seconds() / 3600.0
    frame.footprints(df.head(100), dataset=ds)  # warm: plans, series prefix sums
    annual = df.drop(columns=["start", "end"])
    base_s, _ = timed(frame.footprints, annual, dataset=ds)
    weighted_s, out = timed(frame.footprints, df, dataset=ds)
    assert out["error"].isna().all(), out["error"].dropna().head()  # type: ignore[index]
    share = out["covered_energy_share"].mean()  # type: ignore[index]
    sample = [
        {
            "hardware": [{"power_w": float(r.power_w), "count": int(r.count)}],
            "location": "GB",
            "basis": "direct",
            "pue": 1.2,
            "include_embodied": False,
            "start": r.start,
            "end": r.end,
        }
        for r in df.head(2000).itertuples()
    ]
    per_job_s, _ = timed(cf.footprints, sample, dataset=ds)
    n = args.rows
    print(f"rows: {n:,}; mean covered energy share {share:.4f}")
    print(f"frame, annual factor (baseline): {n / base_s:12,.0f} jobs/s ({base_s:.3f} s)")
    print(
        f"frame, half-hourly weighted:     {n / weighted_s:12,.0f} jobs/s ({weighted_s:.3f} s)"
        f"  ratio to baseline {base_s / weighted_s:.2f}"
    )
    print(f"per-job engine, weighted (2,000): {2000 / per_job_s:10,.0f} jobs/s")


if __name__ == "__main__":
    main()
