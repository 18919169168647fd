"""A bill's footprint: read in chunks, compute with the frame kernel, group like a bill.

``footprint_bill`` streams a file through ``reader.read_chunks`` and
``carbonfactors.frame.footprints`` one chunk at a time; per-line results go to a CSV or
Parquet writer (or are kept, for small bills), and only the group sums and the summary
stay in memory. Groups: ``account``, ``project``, ``service``, ``region``, ``resource``,
``month`` (each a table of sums with bounds, the ids of the factors used, the dataset
version and, when the dataset names one, its bundle).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ...dataset import Dataset, load_dataset
from ...errors import InvalidInput
from . import ccf
from .reader import BILL_COLUMNS, CHUNK_ROWS, read_chunks, usage_rows
from .summary import Summary

#: Group name -> the bill columns it groups by.
GROUPS: dict[str, tuple[str, ...]] = {
    "account": ("provider", "account"),
    "project": ("provider", "project"),
    "service": ("provider", "service"),
    "region": ("location",),
    "resource": ("resource_id",),
    "month": ("month",),
}
DEFAULT_GROUPS = ("account", "service", "region", "resource", "month")
METHODS = ("carbonfactors", "ccf")
SUMS = (
    "cost",
    "usage_amount",
    "energy_kwh",
    "facility_energy_kwh",
    "operational_kgco2e",
    "embodied_kgco2e",
    "total_kgco2e",
    "total_kgco2e_low",
    "total_kgco2e_high",
)
FACTOR_IDS = (
    "grid_factor",
    "pue_factor",
    "power_factor",
    "embodied_factor",
    *ccf.FACTOR_COLUMNS,
)
#: Engine inputs of a line that are numbers (``include_embodied`` sits between the two).
_QUANTITY = ("year", "count", "hours")
_FACTORS = (
    "utilization",
    "power_w",
    "pue",
    "grid_intensity",
    "embodied_kgco2e_per_unit",
    "lifetime_years",
)
#: Bounds of the results beside SUMS' totals.
_BOUNDS = (
    "operational_kgco2e_low",
    "operational_kgco2e_high",
    "embodied_kgco2e_low",
    "embodied_kgco2e_high",
)
#: Per-line output columns (bill fields, engine inputs, results), in order.
LINE_COLUMNS = (
    *BILL_COLUMNS,
    "model",
    "location",
    *_QUANTITY,
    "include_embodied",
    *_FACTORS,
    *SUMS[2:],
    *_BOUNDS,
    *FACTOR_IDS,
    "method",
    "dataset_version",
    "bundle",
    "error",
    "error_type",
)
#: The line columns written as float64 (every chunk writes the same Parquet schema).
_NUMERIC = {"line", "quantity", *_QUANTITY, *_FACTORS, *SUMS, *_BOUNDS}


@dataclass
class BillFootprint:
    summary: dict[str, Any]
    groups: dict[str, Any]
    #: Per-line results (None when they were streamed to ``out``).
    lines: Any = None
    written: list[str] = field(default_factory=list)


def compute_chunk(chunk: Any, ds: Dataset, method: str = "carbonfactors") -> Any:
    """The footprint of a classified chunk's usage lines, in the line layout."""
    from ... import frame

    rows = usage_rows(chunk)
    if method == "ccf":
        rows = ccf.prepare(rows, ds)
    elif method != "carbonfactors":
        raise InvalidInput(f"method: one of {', '.join(METHODS)}", field="method")
    if "embodied_kgco2e" in rows.columns:
        rows = rows.rename(columns={"embodied_kgco2e": "embodied_kgco2e_per_unit"})
        rows["embodied_kgco2e"] = rows["embodied_kgco2e_per_unit"]
    # A bill line's start is its charge period, not when a job ran: its hours come from the
    # quantity, so the frame must not weight it by time (frame_series reads start/end).
    period = [c for c in ("start", "end") if c in rows.columns]
    result = frame.footprints(rows.drop(columns=period), dataset=ds)
    for col in period:
        result[col] = rows[col].to_numpy()
    result["method"] = method
    result["bundle"] = getattr(ds, "bundle", None)
    return result.reindex(columns=LINE_COLUMNS)


def normalise(result: Any) -> Any:
    """Fixed column types, so every chunk writes the same Parquet schema."""
    import pandas as pd

    for col in result.columns:
        if col in _NUMERIC:
            result[col] = result[col].astype(float)
            continue
        series = result[col]
        if col == "include_embodied":
            series = series.map(lambda v: None if v is None or v != v else str(bool(v)))
        values = series.to_numpy(dtype=object, na_value=None)
        result[col] = pd.Series(values, index=result.index, dtype=object)
    return result


class _Groups:
    """Sums per group, chunk by chunk; the factor ids seen per group kept as sets (the
    distinct (group, id) pairs of a chunk are few, so this stays cheap and bounded by the
    number of groups)."""

    def __init__(self, names: Sequence[str]) -> None:
        unknown = [n for n in names if n not in GROUPS]
        if unknown:
            raise InvalidInput(
                f"group_by: unknown '{unknown[0]}' (one of: {', '.join(GROUPS)})", field="group_by"
            )
        self.names = tuple(names)
        self.parts: dict[str, list[Any]] = {n: [] for n in self.names}
        self.ids: dict[str, dict[tuple[Any, ...], dict[str, set[str]]]] = {
            n: {} for n in self.names
        }

    def add(self, result: Any) -> None:
        ok = result[result["error"].isna()]
        if not len(ok):
            return
        for name in self.names:
            keys = list(GROUPS[name])
            frame = ok[[*keys, *SUMS, *FACTOR_IDS, "dataset_version"]].copy()
            for k in keys:
                frame[k] = frame[k].fillna("(none)")
            g = frame.groupby(keys, sort=False)
            part = g[list(SUMS)].sum(min_count=1)
            part["lines"] = g.size()
            self.parts[name].append(part)
            if len(self.parts[name]) >= 16:  # keep memory bounded by the groups, not chunks
                self.parts[name] = [self._sums(name)]
            seen = self.ids[name]
            cols = (*FACTOR_IDS, "dataset_version")
            distinct = frame[[*keys, *cols]].drop_duplicates()
            n = len(keys)
            for row in distinct.itertuples(index=False, name=None):
                entry = seen.setdefault(row[:n], {})
                for col, value in zip(cols, row[n:], strict=True):
                    if value is not None and value == value:
                        entry.setdefault(col, set()).update(str(value).split(","))

    def merge(self, other: _Groups) -> None:
        """Take another part's sums and ids (the Dask path groups partitions apart)."""
        for name in self.names:
            self.parts[name].extend(other.parts[name])
            for key, cols in other.ids[name].items():
                mine = self.ids[name].setdefault(key, {})
                for col, ids in cols.items():
                    mine.setdefault(col, set()).update(ids)

    def _sums(self, name: str) -> Any:
        import pandas as pd

        allp = pd.concat(self.parts[name])
        levels = list(range(allp.index.nlevels))
        return allp.groupby(level=levels, sort=True)[[*SUMS, "lines"]].sum(min_count=1)

    def _ids_frame(self, name: str, keys: list[str]) -> Any:
        """The joined ids per group as a frame indexed like the sums (one pass, no lookups)."""
        import pandas as pd

        cols = (*FACTOR_IDS, "dataset_version")
        seen = self.ids[name]
        records = [
            (*key, *(",".join(sorted(ids[c])) if c in ids else None for c in cols))
            for key, ids in seen.items()
        ]
        frame = pd.DataFrame.from_records(records, columns=[*keys, *cols])
        return frame.set_index(keys)

    def finish(self, bundle: str | None) -> dict[str, Any]:
        import pandas as pd

        out = {}
        for name in self.names:
            keys = list(GROUPS[name])
            if not self.parts[name]:
                out[name] = pd.DataFrame(
                    columns=[*keys, "lines", *SUMS, *FACTOR_IDS, "dataset_version", "bundle"]
                )
                continue
            allp = pd.concat(self.parts[name])
            table = allp.groupby(level=list(range(len(keys))), sort=True)[[*SUMS, "lines"]].sum(
                min_count=1
            )
            table = table.join(self._ids_frame(name, keys))
            table["bundle"] = bundle
            table = table.sort_values("total_kgco2e", ascending=False, kind="stable")
            table.index.names = keys
            out[name] = table.reset_index()
        return out


def _ids(values: Iterable[Any]) -> str | None:
    found: set[str] = set()
    for v in values:
        if v is not None and v == v:
            found.update(s for s in str(v).split(",") if s)
    return ",".join(sorted(found)) or None


class _Writer:
    """Per-line results to CSV (header once) or Parquet (one schema for every chunk)."""

    def __init__(self, out: str | Path) -> None:
        self.path = Path(out)
        self.parquet = self.path.suffix in (".parquet", ".pq")
        self.writer: Any = None
        self.first = True

    def write(self, result: Any) -> None:
        if self.parquet:
            import pyarrow as pa
            import pyarrow.parquet as pq

            if self.writer is None:
                schema = pa.schema(
                    [(c, pa.float64() if c in _NUMERIC else pa.string()) for c in result.columns]
                )
                self.writer = pq.ParquetWriter(str(self.path), schema)
            table = pa.Table.from_pandas(result, schema=self.writer.schema, preserve_index=False)
            self.writer.write_table(table)
        else:
            result.to_csv(
                self.path, mode="w" if self.first else "a", header=self.first, index=False
            )
        self.first = False

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def footprint_bill(
    source: str | Path | BinaryIO,
    fmt: str,
    *,
    dataset: Dataset | None = None,
    method: str = "carbonfactors",
    group_by: Sequence[str] = DEFAULT_GROUPS,
    out: str | Path | None = None,
    keep_lines: bool | None = None,
    chunk_rows: int = CHUNK_ROWS,
    mapping: str | Path | None = None,
    progress: Any = None,
) -> BillFootprint:
    """The footprint of every line of a bill, its groups and its summary (module doc)."""
    import pandas as pd

    if method not in METHODS:
        raise InvalidInput(f"method: one of {', '.join(METHODS)} (got '{method}')", field="method")
    ds = dataset or load_dataset()
    groups = _Groups(group_by)
    summary = Summary()
    writer = _Writer(out) if out is not None else None
    keep = (out is None) if keep_lines is None else keep_lines
    kept: list[Any] = []
    try:
        for chunk in read_chunks(source, fmt, chunk_rows=chunk_rows, mapping=mapping):
            result = normalise(compute_chunk(chunk, ds, method))
            summary.add(chunk, result)
            groups.add(result)
            if writer is not None:
                writer.write(result)
            if keep:
                kept.append(result)
            if progress is not None:
                progress(len(chunk))
    finally:
        if writer is not None:
            writer.close()
    lines = None
    if keep:
        lines = pd.concat(kept, ignore_index=True) if kept else pd.DataFrame(columns=LINE_COLUMNS)
    return BillFootprint(
        summary=summary.to_dict(),
        groups=groups.finish(getattr(ds, "bundle", None)),
        lines=lines,
        written=[str(out)] if out is not None else [],
    )
