"""Peak memory and time of ``carbonfactors footprint`` over N jobs, per 100,000 rows.

The one CSV path (``footprint FILE.csv``: the frame kernel, streamed in chunks) against
two baselines measured in the same run: the job-document path (the same jobs as a JSON
list, computed one document at a time by the per-job engine) and the floor, a process
that only imports pandas, loads the dataset and reads the whole CSV with ``read_csv``.
Each runs in its own process; its peak resident set (``ru_maxrss``) and wall time are
printed with the ratios. The CSV path runs again on 3N rows: streamed, its peak memory
stays where it was for N rows (the "x3 rows" line), while its time grows with the rows.
Options: ``--rows N`` (default 100,000).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

CLI = [sys.executable, "-m", "carbonfactors"]
MODELS = ["nvidia-h100-sxm5-80gb", "A100 80GB", "aws:m5.xlarge", "nvidia-a100-sxm4-40gb"]
LOCATIONS = ["FR", "DE", "US", "aws:us-east-1", "gcp:europe-west1"]
_MEASURE = (
    "import resource, subprocess, sys;"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def write_jobs(folder: Path, n: int) -> tuple[Path, Path]:
    rng = np.random.default_rng(0)
    rows = [
        {
            "model": MODELS[rng.integers(len(MODELS))],
            "count": int(rng.integers(1, 9)),
            "utilization": round(float(rng.random()), 3),
            "hours": round(float(rng.random() * 100 + 0.1), 3),
            "location": LOCATIONS[rng.integers(len(LOCATIONS))],
            "year": int(rng.integers(2019, 2025)),
        }
        for _ in range(n)
    ]
    csv_path = folder / "jobs.csv"
    with csv_path.open("w") as f:
        f.write("model,count,utilization,hours,location,year\n")
        for r in rows:
            f.write(f"{r['model']},{r['count']},{r['utilization']},{r['hours']},")
            f.write(f"{r['location']},{r['year']}\n")
    json_path = folder / "jobs.json"
    docs = [
        {
            "hardware": [{k: r[k] for k in ("model", "count", "utilization")}],
            **{k: r[k] for k in ("hours", "location", "year")},
        }
        for r in rows
    ]
    json_path.write_text(json.dumps(docs))
    return csv_path, json_path


#: The floor: what any pandas tool pays to hold the file and the dataset.
_FLOOR = (
    "import sys, pandas, carbonfactors; carbonfactors.load_dataset().zone('FR');"
    "pandas.read_csv(sys.argv[1])"
)


def triple(path: Path) -> Path:
    """The same jobs three times over (3N rows)."""
    lines = path.read_text().splitlines(keepends=True)
    out = path.with_name("jobs3.csv")
    out.write_text(lines[0] + "".join(lines[1:]) * 3)
    return out


def measure(argv: list[str]) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of one command in a fresh process."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *argv], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip()) / 1024, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    per = 100_000 / args.rows
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, json_path = write_jobs(Path(tmp), args.rows)
        out = Path(tmp) / "out.csv"
        floor_mb, floor_s = measure([sys.executable, "-c", _FLOOR, str(csv_path)])
        base_mb, base_s = measure([*CLI, "footprint", str(json_path), "--format", "csv"])
        csv_mb, csv_s = measure([*CLI, "footprint", str(csv_path), "--out", str(out)])
        big_mb, big_s = measure([*CLI, "footprint", str(triple(csv_path)), "--out", str(out)])
    print(f"{args.rows:,} jobs; time per 100,000 rows (memory: whole-process peak RSS)")
    print(f"  floor: pandas + dataset + read_csv  {floor_mb:6.0f} MB  {floor_s * per:6.1f} s")
    print(f"  job documents (baseline)            {base_mb:6.0f} MB  {base_s * per:6.1f} s")
    print(
        f"  footprint FILE.csv                  {csv_mb:6.0f} MB  {csv_s * per:6.1f} s"
        f"   memory x{csv_mb / base_mb:.2f} of the baseline, x{csv_mb / floor_mb:.2f} of"
        f" the floor; speed x{base_s / csv_s:.1f}; {args.rows / csv_s:,.0f} rows/s"
    )
    print(
        f"  footprint FILE.csv, x3 rows         {big_mb:6.0f} MB  {big_s * per / 3:6.1f} s"
        f"   memory x{big_mb / csv_mb:.2f} of N rows (streamed: flat);"
        f" {3 * args.rows / big_s:,.0f} rows/s"
    )


if __name__ == "__main__":
    main()
