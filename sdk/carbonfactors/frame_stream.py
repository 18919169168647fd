"""The one CSV path, streamed: a CSV or Parquet file of jobs read, computed by the frame
kernel and written chunk by chunk, with its summary added up as it goes.

``carbonfactors footprint FILE.csv`` (and its other spelling ``--from csv FILE``) reads a
file that may hold millions of jobs; holding it whole, with the kernel's output beside it,
made memory grow with the file. Here at most one chunk of rows (``STREAM_ROWS``) is in
memory, whatever the file's length, and nothing of a chunk is kept once it is written but
its sums. A file in long form (a ``job`` column: several rows per job) is read whole, since
a job's rows may be anywhere in it and a job is computed whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: Rows read, computed and written at a time: bounds memory; factors are resolved once
#: per distinct key in each chunk, so much smaller chunks would cost time.
STREAM_ROWS = 50_000
#: The numbers a summary adds up.
SUMS = (
    "total_kgco2e",
    "operational_kgco2e",
    "embodied_kgco2e",
    "total_kgco2e_low",
    "total_kgco2e_high",
)
#: The columns a summary breaks the total down by, when a file has them.
BY = ("location", "month", "model")


def chunks(path: str | Path, rows: int = STREAM_ROWS) -> Iterator[Any]:
    """DataFrames of at most ``rows`` rows of a CSV or Parquet file of jobs, in order (the
    whole file at once when it is in long form)."""
    import pandas as pd

    from .frame import read

    path = Path(path)
    if path.suffix in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        with pq.ParquetFile(path) as f:
            if "job" in f.schema_arrow.names:
                yield read(path)
                return
            for batch in f.iter_batches(batch_size=rows):
                yield batch.to_pandas()
        return
    with pd.read_csv(path, keep_default_na=True, chunksize=rows) as reader:
        parts = iter(reader)
        first = next(parts, None)
        if first is None:  # a header and no rows
            yield pd.read_csv(path, keep_default_na=True)
            return
        if "job" in first.columns:
            yield pd.concat([first, *parts], ignore_index=True)
            return
        yield first
        yield from parts


class Summary:
    """Total, then the total by location, by month and by model, added up chunk by chunk
    (``add`` each computed chunk, ``text`` at the end)."""

    def __init__(self, dataset: str | None = None) -> None:
        self.rows = 0
        self.computed = 0
        self.sums = dict.fromkeys(SUMS, 0.0)
        self.by: dict[str, dict[Any, float]] = {key: {} for key in BY}
        self.errors: dict[str, int] = {}
        #: The dataset's label; read from the first chunk's columns when not given.
        self.dataset = dataset or "-"

    def add(self, result: Any) -> Summary:
        ok = result[result["error"].isna()]
        self.rows += len(result)
        self.computed += len(ok)
        for name in SUMS:
            if name in ok.columns:
                self.sums[name] += float(ok[name].sum())
        if len(result) and self.dataset == "-":
            version = result["dataset_version"].iloc[0]
            bundle = result["bundle"].iloc[0] if "bundle" in result.columns else None
            self.dataset = f"{version} ({bundle} bundle)" if bundle else str(version)
        for key in BY:
            if key not in ok.columns or ok[key].isna().all():
                continue
            into = self.by[key]
            for k, v in ok.groupby(key)["total_kgco2e"].sum().items():
                into[k] = into.get(k, 0.0) + float(v)
        if len(ok) < len(result):
            for k, v in result["error_type"].value_counts().items():
                self.errors[str(k)] = self.errors.get(str(k), 0) + int(v)
        return self

    def text(self) -> str:
        s = self.sums
        lines = [
            f"rows: {self.rows:,} computed: {self.computed:,} "
            f"with errors: {self.rows - self.computed:,}",
            f"total: {s['total_kgco2e']:,.3f} kgCO2e "
            f"(operational {s['operational_kgco2e']:,.3f}, "
            f"embodied {s['embodied_kgco2e']:,.3f}; "
            f"range {s['total_kgco2e_low']:,.3f} .. {s['total_kgco2e_high']:,.3f})",
            f"dataset: {self.dataset}",
        ]
        for key in BY:
            sums = sorted(self.by[key].items(), key=lambda kv: -kv[1])
            if not sums:
                continue
            lines.append(f"by {key}:")
            lines += [f"  {k!s:32} {v:14,.3f} kgCO2e" for k, v in sums[:20]]
            if len(sums) > 20:
                lines.append(f"  ... and {len(sums) - 20} more")
        if self.errors:
            kinds = sorted(self.errors.items(), key=lambda kv: -kv[1])
            lines.append("errors: " + ", ".join(f"{k} {v}" for k, v in kinds))
        return "\n".join(lines) + "\n"
