"""Bulk footprints: the frame kernel vs the dict path vs Dask, on the same jobs, in one run.

    .venv/bin/python benchmarks/frame.py --rows 1000000            # both mixes, then Dask
    .venv/bin/python benchmarks/frame.py --rows 300000 --no-dask
    .venv/bin/python benchmarks/frame.py --rows 10000000 --no-frame --rounds 2   # Dask at 10M

Two mixes of jobs, measured side by side: ``simple`` (models and locations vary, nothing
else) and ``varied`` (also per-row ``year``, ``count`` and ``include_embodied``, cloud
instances and regions, and about 0.3 % bad rows: unknown model, unknown location, negative
hours). For each: jobs per second by wall clock and by process CPU time (what to read on a
shared machine; best of interleaved rounds) and the frame's peak traced memory per million
rows (one call, input excluded), against the dict path (``carbonfactors.footprints()`` over
the same jobs as documents; on at most 200,000 rows).

Dask (``dask_run``): the varied mix written once as a folder of Parquet files in the temp
directory (``--part-rows`` rows each; reused by later runs), then in interleaved rounds one
warm process (the dataset loaded once) reading each file, computing and writing it out,
against a LocalCluster of 2 worker processes of 1 thread (``carbonfactors.dask``: the
dataset loaded once per worker by a plugin, the workers read and write the files
themselves); the same again summing by location where the rows are. Printed per round:
jobs/s by wall clock, CPU seconds (Dask: workers + client and scheduler), peak RSS of the
process and of each worker, the ratio, and the machine's load average before -> after.
The goal (issue 21) is 1.5x on 10M rows with the machine otherwise idle.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
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


def varied(n: int, seed: int = 1) -> pd.DataFrame:
    """The varied mix of issue 21: per-row options, cloud instances and regions, bad rows."""
    rng = np.random.default_rng(seed)
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
    ap.add_argument("--no-frame", action="store_true", help="only Dask against one process")
    ap.add_argument(
        "--part-rows", type=int, default=500_000, help="rows per Parquet file of Dask's input"
    )
    ap.add_argument(
        "--dask-defaults",
        action="store_true",
        help="workers with distributed's defaults, not carbonfactors.dask.WORKER_SETTINGS",
    )
    ap.add_argument(
        "--dask-kinds",
        default="parquet,sum",
        choices=("parquet,sum", "parquet", "sum"),
        help="Dask runs: Parquet out, sums by location, or both",
    )
    args = ap.parse_args()
    n = args.rows
    if not args.no_frame:
        in_memory(n, args)
    if not args.no_dask:
        kinds = {"parquet": False, "sum": True}
        wanted = tuple(kinds[k] for k in args.dask_kinds.split(","))
        dask_run(n, args.part_rows, args.rounds, args.dask_defaults, wanted)


def in_memory(n: int, args: argparse.Namespace) -> None:
    """Both mixes in memory: the frame kernel against the dict path."""
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


# -- Dask against one process, both Parquet in and out ----------------------------------------
def parquet_input(n: int, part_rows: int) -> Path:
    """The varied mix, ``n`` rows, as a folder of Parquet files of ``part_rows`` rows in the
    temp directory (not the repository): written once, reused by later runs."""
    folder = Path(tempfile.gettempdir()) / "carbonfactors-bench" / f"varied-{n}-{part_rows}"
    done = folder.with_suffix(".done")
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for i, start in enumerate(range(0, n, part_rows)):
        part = varied(min(part_rows, n - start), seed=1 + i)
        part.to_parquet(folder / f"part.{i:04d}.parquet", index=False)
    done.touch()
    return folder


_single_ds: Any = None


def _single_init() -> None:
    global _single_ds
    _single_ds = cf.load_dataset()


def _single(files: list[str], dest: str, reduce: bool) -> tuple[float, float, int, Any]:
    """One process over the same files: read, compute, write (or reduce) one after the other.
    Returns wall and CPU seconds, this process's peak RSS (MiB) and the sums (when reduced)."""
    t, c = time.perf_counter(), time.process_time()
    sums: Any = None
    Path(dest).mkdir(parents=True, exist_ok=True)
    for f in map(Path, files):
        out = frame.footprints(pd.read_parquet(f), dataset=_single_ds, include=_include(reduce))
        if reduce:
            s = out.groupby("location")["total_kgco2e"].sum()
            sums = s if sums is None else sums.add(s, fill_value=0)
        else:
            out.to_parquet(Path(dest) / f.name, index=False)
    return time.perf_counter() - t, time.process_time() - c, _peak_rss(), sums


def _include(reduce: bool) -> tuple[str, ...]:
    return () if reduce else frame.EXTRAS


def _peak_rss() -> int:
    """This process's peak resident set (VmHWM), MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


def _cpu() -> float:
    return time.process_time()


def load() -> str:
    """The machine's load averages (1, 5, 15 min): what to read each figure against."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def dask_run(
    n: int,
    part_rows: int,
    rounds: int,
    dask_defaults: bool = False,
    kinds: tuple[bool, ...] = (False, True),
) -> None:
    """2 worker processes (1 thread each) against one warm process, same files, interleaved.

    Both sides start warm (dataset loaded: the workers by ``carbonfactors.dask.register``, the
    single process by its initializer), read the same Parquet folder and write the same
    output (one file per input file) or reduce on the workers (sums by location).
    """
    import concurrent.futures as cfut
    import multiprocessing as mp

    import dask
    import dask.dataframe as dd
    import distributed

    from carbonfactors import dask as cfdask

    src = parquet_input(n, part_rows)
    files = sorted(str(f) for f in src.glob("*.parquet"))
    print(
        f"dask vs one process, {n:,} rows in {len(files)} Parquet files of {part_rows:,} rows ({src});"
        " both warm (dataset loaded once per process), both read the same files and write"
        " the same output (or sum by location where the rows are); interleaved rounds"
    )
    out = Path(tempfile.mkdtemp(prefix="cf-frame-bench-"))
    single = cfut.ProcessPoolExecutor(
        1, mp_context=mp.get_context("spawn"), initializer=_single_init
    )
    single.submit(_cpu).result()
    best: dict[str, float] = {}
    settings = {} if dask_defaults else cfdask.WORKER_SETTINGS
    print(f"  cluster settings: {settings or 'distributed defaults'}")
    try:
        with (
            dask.config.set(settings),
            distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            cfdask.register(client)  # each worker loads the bundled dataset once, now
            # Warm-up, not timed: the first Parquet read and write of each process (imports).
            for reduce in (False, True):
                single.submit(_single, files[:1], str(out / "warm"), reduce).result()
            cfdask.footprints_parquet(files[0], out / "warm-dask")
            dd.read_parquet(files[0]).head(10)
            for r in range(rounds):
                for reduce in kinds:
                    kind = "sum by location" if reduce else "Parquet out"
                    dest = out / f"r{r}-{int(reduce)}"
                    la = load()
                    w, c, peak, sums = single.submit(
                        _single, files, str(dest / "single"), reduce
                    ).result()
                    rm(dest / "single")
                    w0 = {k: v for k, v in client.run(_cpu).items()}
                    c0, t0 = time.process_time(), time.perf_counter()
                    if reduce:
                        ddf = cfdask.footprints(dd.read_parquet(str(src)), include=())
                        got = ddf.groupby("location")["total_kgco2e"].sum(split_out=1).compute()
                        assert np.allclose(got.sort_index(), sums.sort_index())
                    else:
                        cfdask.footprints_parquet(src, dest / "dask")
                    dw = time.perf_counter() - t0
                    dclient = time.process_time() - c0  # the scheduler runs in this process
                    dworkers = sum(v - w0[k] for k, v in client.run(_cpu).items())
                    dc = dclient + dworkers
                    rm(dest / "dask")
                    peaks = client.run(_peak_rss)
                    best[kind] = max(best.get(kind, 0.0), w / dw)
                    print(
                        f"  round {r + 1} {kind:15} one process {n / w:>10,.0f} jobs/s"
                        f" (CPU {c:5.1f} s, peak RSS {peak:,} MiB) | dask 2 workers"
                        f" {n / dw:>10,.0f} jobs/s (CPU {dworkers:5.1f} s workers + {dclient:4.1f} s"
                        f" client and scheduler; peak RSS per worker"
                        f" {', '.join(f'{v:,}' for v in peaks.values())} MiB)"
                        f" = {w / dw:.2f}x wall, CPU {c / dc:.2f}x; load {la} -> {load()}"
                    )
    finally:
        single.shutdown()
        shutil.rmtree(out, ignore_errors=True)
    print(
        "dask, 2 workers / one process, best round by wall clock: "
        + ", ".join(f"{k} {v:.2f}x" for k, v in best.items())
        + " (goal: 1.5x on a quiet machine)"
    )


def rm(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
