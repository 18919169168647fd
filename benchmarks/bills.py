"""Cloud bills: rows per second and peak memory of the streaming reader, pandas and Dask.

Writes a large FOCUS CSV made of the real sample's 1,000 rows repeated (charge periods and
resource ids varied so groups stay realistic), then runs, each in a fresh process so peak
memory (``ru_maxrss``) is its own:

* baseline: ``pandas.read_csv`` of the file in the same chunks, nothing else;
* pandas: ``footprint_bill`` (read, classify, compute, group, write Parquet lines);
* dask: ``footprint_bill_dask`` (CSV blocks in, partitioned Parquet out).

Prints rows/s, the ratio to the baseline's rows/s, CPU seconds and their ratio (steadier
than wall time on a shared machine), peak resident memory, /proc/loadavg before and after
each run and the number of resource groups (``--variants N``: N variants of each resource
id, the groups grow with it; the rest of the peak is bounded by a chunk). Options: ``--rows N`` (default
2,000,000) or ``--gb G`` (a file of about G GB), ``--seconds S`` (each streaming run stops
after S seconds, 170 by default, and says ``partial``: the rate and peak of the part
streamed), ``--dask-rows N`` (Dask on a file of N rows, as it cannot stop midway),
``--dataset SNAPSHOT`` (default: the bundled release), ``--no-dask``.

    .venv/bin/python benchmarks/bills.py --gb 2 --dask-rows 1000000 --dataset dev.json
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "sources" / "focus-sample-data" / "FOCUS-1.0" / "focus_sample.csv"

#: How many variants of each resource id the generated file holds (the resource groups).
VARIANTS = 500

CHILD = r"""
import json, resource, sys, time
mode, path, out, dataset, budget = sys.argv[1:6]
budget = float(budget)
import pandas as pd
from carbonfactors import load_dataset
summary = None
ds = load_dataset(dataset) if dataset != "-" else load_dataset()
t = time.perf_counter()
cpu = time.process_time()
load = open("/proc/loadavg").read().split()[0]
groups = None
rows = 0
partial = False


class Budget(Exception):
    pass


def progress(n):
    global rows
    rows += n
    if time.perf_counter() - t > budget:
        raise Budget


if mode == "baseline":
    for chunk in pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=50_000):
        rows += len(chunk)
        if time.perf_counter() - t > budget:
            partial = True
            break
elif mode == "sample":
    from carbonfactors.readers.bills import footprint_bill
    r = footprint_bill(path, out, dataset=ds, keep_lines=False)
    rows = r.summary["rows"]
    summary = r.summary
elif mode == "pandas":
    from carbonfactors.readers.bills import footprint_bill
    try:
        r = footprint_bill(
            path, "focus", dataset=ds, out=out, keep_lines=False, progress=progress
        )
        rows = r.summary["rows"]
        groups = len(r.groups["resource"])
    except Budget:
        partial = True
else:
    import dask
    dask.config.set(scheduler="threads", num_workers=2)
    from carbonfactors.readers.bills.dask import footprint_bill_dask
    r = footprint_bill_dask(path, "focus", out=out, dataset=ds, blocksize="32MB")
    rows = r.summary["rows"]
    groups = len(r.groups["resource"])
secs = time.perf_counter() - t
cpu = time.process_time() - cpu
load = f'{load}-{open("/proc/loadavg").read().split()[0]}'
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
extra = {"summary": summary} if mode == "sample" else {}
print(json.dumps({"rows": rows, "seconds": secs, "cpu_seconds": cpu, "load": load,
                  "resource_groups": groups, "peak_mb": peak, "partial": partial, **extra}))
"""


def make_file(path: Path, n: int) -> None:
    """``n`` rows: the sample repeated with varied days and resource ids (up to 1,000,000
    rows), then that body appended again as it is (a 10M-row file in minutes, not hours)."""
    first = min(n, 1_000_000)
    _make(path, first)
    if n == first:
        return
    with path.open("rb") as fh:
        fh.readline()
        start = fh.tell()
    size = path.stat().st_size
    with path.open("ab") as out:  # copied in 16 MB pieces: a child inherits our peak RSS
        for _ in range(n // first - 1):
            with path.open("rb") as fh:
                fh.seek(start)
                left = size - start
                while left > 0:
                    piece = fh.read(min(left, 16 << 20))
                    out.write(piece)
                    left -= len(piece)
    rest = n % first
    if rest:
        with path.open("ab") as out, path.open("rb") as fh:
            fh.readline()
            for _ in range(rest):
                out.write(fh.readline())


def to_parquet_dir(src: Path, folder: Path, rows_per_file: int = 100_000) -> int:
    """The CSV as a partitioned Parquet folder (text columns as strings), streamed. A file
    is a Dask partition, processed whole: its rows x the workers bound Dask's peak memory
    (1M rows: 908 MB with 250,000-row files, 621 MB with 100,000)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    folder.mkdir()
    with src.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    convert = pcsv.ConvertOptions(column_types=dict.fromkeys(header, pa.string()))
    reader = pcsv.open_csv(
        str(src),
        read_options=pcsv.ReadOptions(use_threads=False),
        parse_options=pcsv.ParseOptions(newlines_in_values=True),
        convert_options=convert,
    )
    parts, pending, count = 0, [], 0
    for batch in reader:
        pending.append(batch)
        count += batch.num_rows
        if count >= rows_per_file:
            pq.write_table(pa.Table.from_batches(pending), folder / f"part-{parts:05d}.parquet")
            parts, pending, count = parts + 1, [], 0
    if pending:
        pq.write_table(pa.Table.from_batches(pending), folder / f"part-{parts:05d}.parquet")
        parts += 1
    return parts


def _in_child(fn: Any, *args: Any) -> Any:
    """``fn(*args)`` in a fresh process: Arrow's CSV reader reads ahead, and a measured
    child would inherit this process's peak RSS."""
    code = (
        "import sys, json; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
        f"import bills; print(json.dumps(bills.{fn.__name__}(*map(Path, sys.argv[2:]))))"
    )
    argv = [sys.executable, "-c", code, str(Path(__file__).parent), *map(str, args)]
    run = subprocess.run(argv, capture_output=True, text=True, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def _make(path: Path, n: int) -> None:
    with SAMPLE.open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    start = header.index("ChargePeriodStart")
    res = header.index("ResourceId")
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        i = 0
        while i < n:
            rep = i // len(rows)
            for r in rows[: n - i]:
                if rep:
                    r = list(r)
                    day = 1 + rep % 28
                    r[start] = f"2024-09-{day:02d}" + r[start][10:]
                    if r[res] not in ("", "NULL"):
                        r[res] = f"{r[res]}-{rep % VARIANTS}"
                w.writerow(r)
            i += len(rows[: n - i])


def child(mode: str, path: Path, out: Path, dataset: str, budget: float = 1e9) -> dict[str, float]:
    """One measured run in a fresh process; a streaming run stops after ``budget`` seconds
    (``partial``: rows/s and peak memory of the part streamed, never a whole-file claim)."""
    run = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path), str(out), dataset, str(budget)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


SAMPLES = (
    (SAMPLE, "focus"),
    (
        ROOT.parent
        / "shared"
        / "sources"
        / "finops-toolkit-azure-ea-sample"
        / "src"
        / "powershell"
        / "Tests"
        / "Unit"
        / "assets"
        / "EA_ActualCost_Small.csv",
        "azure-cost",
    ),
    (
        ROOT.parent
        / "shared"
        / "sources"
        / "finops-toolkit-azure-ea-sample"
        / "src"
        / "powershell"
        / "Tests"
        / "Unit"
        / "assets"
        / "EA_AmortizedCost_Small.csv",
        "azure-cost",
    ),
)


def samples(dataset: str) -> None:
    """Per real sample file: rows and cost classified, top unclassified SKUs, speed, memory."""
    for path, fmt in SAMPLES:
        r = child("sample", path, Path(fmt), dataset)
        s = r["summary"]
        cost = ", ".join(
            f"{c} {s['classified_cost'][c]:.2f} of {v:.2f} ({(s['classified_cost_share'][c] or 0):.1%})"
            for c, v in s["usage_cost"].items()
        )
        print(
            f"{path.name}: {s['rows']} rows, {s['usage_rows']} usage, non-usage "
            f"{s['non_usage_rows']}; classified {s['classified_rows']} rows "
            f"({(s['classified_row_share'] or 0):.1%}), computed {s['computed_rows']}; cost {cost}; "
            f"per request/fee/licence {s['not_by_quantity_rows']} rows, classified of the others "
            f"{(s['classified_by_quantity_row_share'] or 0):.1%}; "
            f"{r['rows'] / r['seconds']:,.0f} rows/s, peak RSS {r['peak_mb']:.0f} MB"
        )
        for u in s["top_unclassified"][:5]:
            print(
                f"    {u['service']}: {u['sku']} [{u['error_type']}] {u['rows']} rows, {u['cost']:.4f}"
            )


def sample_row_bytes() -> float:
    """Bytes per row of the real sample (what a generated file of N GB holds per row)."""
    with SAMPLE.open(encoding="utf-8") as fh:
        lines = fh.readlines()
    return sum(len(x.encode()) for x in lines[1:]) / (len(lines) - 1)


def main() -> None:
    global VARIANTS
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--gb", type=float, help="write a file of about this size instead of --rows")
    ap.add_argument("--dataset", default="-")
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument(
        "--dask-rows", type=int, help="Dask on a file of this many rows (default: the same)"
    )
    ap.add_argument(
        "--seconds",
        type=float,
        default=170,
        help="stop each streaming run (baseline, pandas) after this long; reported as partial",
    )
    ap.add_argument("--samples", action="store_true", help="the real sample files only")
    ap.add_argument(
        "--variants",
        type=int,
        default=VARIANTS,
        help="variants of each resource id in the generated file (the resource group count)",
    )
    ap.add_argument(
        "--parquet-dir",
        action="store_true",
        help="Dask reads a partitioned Parquet folder made from the file (in -> out)",
    )
    args = ap.parse_args()
    if args.samples:
        samples(args.dataset)
        return
    rows = int(args.gb * 1e9 / sample_row_bytes()) if args.gb else args.rows
    VARIANTS = max(1, args.variants)
    with tempfile.TemporaryDirectory(prefix="bills-bench-") as tmp:
        src = Path(tmp) / "focus.csv"
        t = time.perf_counter()
        make_file(src, rows)
        size = src.stat().st_size
        print(
            f"{rows:,} FOCUS rows, {size / 1e9:.2f} GB, written in {time.perf_counter() - t:.0f} s"
        )
        runs = [("baseline", src), ("pandas", src)]
        if not args.no_dask:
            dask_src = src
            if args.dask_rows and args.dask_rows < rows:
                dask_src = Path(tmp) / "focus-dask.csv"
                make_file(dask_src, args.dask_rows)
                print(f"Dask file: {args.dask_rows:,} rows, {dask_src.stat().st_size / 1e9:.2f} GB")
            if args.parquet_dir:
                folder = Path(tmp) / "focus-parquet"
                files = _in_child(to_parquet_dir, dask_src, folder)
                print(f"Dask input: {files} Parquet files in {folder.name}/ (not timed)")
                dask_src = folder
            runs.append(("dask", dask_src))
        base = cpu_base = None
        for mode, path in runs:
            out = Path(tmp) / (f"{mode}.parquet" if mode == "pandas" else f"{mode}-out")
            r = child(mode, path, out, args.dataset, args.seconds if mode != "dask" else 1e9)
            rate = r["rows"] / r["seconds"]
            cpu_rate = r["rows"] / max(r["cpu_seconds"], 1e-9)
            base = base or rate
            cpu_base = cpu_base or cpu_rate
            note = " (partial: stopped at the time budget)" if r["partial"] else ""
            groups = f", {r['resource_groups']:,} resource groups" if r["resource_groups"] else ""
            print(
                f"{mode:9} {r['rows']:>12,.0f} rows {r['seconds']:8.1f} s {rate:12,.0f} rows/s "
                f"({rate / base:5.2f}x baseline)  CPU {r['cpu_seconds']:7.1f} s "
                f"({cpu_rate / cpu_base:5.2f}x)  peak RSS {r['peak_mb']:7.0f} MB  "
                f"load {r['load']}{groups}{note}"
            )
            if out.exists() and out.is_file():
                out.unlink()
        os.sync()


if __name__ == "__main__":
    main()
