"""A bill's footprint: read in chunks, compute with the frame kernel, group like a bill.

``footprint_bill`` streams a file through ``reader.read_chunks`` and
``carbonfactors.frame.footprints`` one chunk at a time; per-line results go to a CSV or
Parquet writer (or are kept, for small bills), and only the group sums and the summary
stay in memory. Groups: ``account``, ``project``, ``service``, ``region``, ``resource``,
``month`` (each a table of sums with bounds, the ids of the factors used, the dataset
version and, when the dataset names one, its bundle).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ...dataset import Dataset, load_dataset
from ...errors import InvalidInput
from .codes import filled
from .compute import FACTOR_IDS, LINE_COLUMNS, METHODS, SUMS, to_arrow
from .compute import compute_chunk as compute_chunk
from .compute import normalise as normalise
from .reader import CHUNK_ROWS, read_chunks
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


@dataclass
class BillFootprint:
    summary: dict[str, Any]
    groups: dict[str, Any]
    #: Per-line results (None when they were streamed to ``out``).
    lines: Any = None
    written: list[str] = field(default_factory=list)


#: What a group names besides its sums: the ids of the factors used, the dataset version.
_IDS = (*FACTOR_IDS, "dataset_version")


class _Groups:
    """Sums per group, chunk by chunk. Each chunk is summed per (group, factor ids) with
    one group-by over the categorical columns; the ids are joined per group at the end.
    Memory is bounded by the groups (x their few distinct id combinations), not by the
    chunks: parts are folded together every 16 chunks."""

    def __init__(self, names: Sequence[str]) -> None:
        unknown = [n for n in names if n not in GROUPS]
        if unknown:
            raise InvalidInput(
                f"group_by: unknown '{unknown[0]}' (one of: {', '.join(GROUPS)})", field="group_by"
            )
        self.names = tuple(names)
        self.parts: dict[str, list[Any]] = {n: [] for n in self.names}

    def add(self, result: Any) -> None:
        ok = result["error"].isna().to_numpy()
        if not ok.any():
            return
        for name in self.names:
            keys = list(GROUPS[name])
            frame = result.loc[ok, [*keys, *_IDS, *SUMS]]
            for k in keys:
                frame[k] = filled(frame[k], "(none)")
            frame["lines"] = 1
            self.parts[name].append(_fold(frame, [*keys, *_IDS]))
            if len(self.parts[name]) >= 16:
                self._fold(name)

    def _fold(self, name: str) -> None:
        import pandas as pd

        self.parts[name] = [_fold(pd.concat(self.parts[name]), [*GROUPS[name], *_IDS])]

    def merge(self, other: _Groups) -> None:
        """Take another part's sums and ids (the Dask path groups partitions apart)."""
        for name in self.names:
            self.parts[name].extend(other.parts[name])
            if len(self.parts[name]) >= 16:
                self._fold(name)

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
            g = allp.groupby(keys, sort=True)
            table = g[[*SUMS, "lines"]].sum(min_count=1)
            for col in _IDS:
                found = allp[[*keys, col]].dropna().drop_duplicates()
                table[col] = found.groupby(keys, sort=False)[col].agg(_joined)
                table[col] = table[col].astype(object).where(table[col].notna(), None)
            table["bundle"] = bundle
            table = table.sort_values("total_kgco2e", ascending=False, kind="stable")
            table.index.names = keys
            out[name] = table.reset_index()
        return out


def _fold(frame: Any, by: list[str]) -> Any:
    """Sums and line counts of ``frame`` per distinct ``by`` (nulls kept as a group), with
    plain object keys so parts from chunks with other categories line up."""
    g = frame.groupby(by, sort=False, observed=True, dropna=False)
    part = g[[*SUMS, "lines"]].sum(min_count=1).reset_index()
    for k in by:
        part[k] = part[k].astype(object)
    return part


def _joined(values: Any) -> str | None:
    """The distinct ids of a group's values ("a,b" values split), sorted and joined."""
    found = {i for v in values for i in str(v).split(",") if i}
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
            import pyarrow.parquet as pq

            table = to_arrow(result)
            if self.writer is None:
                self.writer = pq.ParquetWriter(str(self.path), table.schema)
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
            result = compute_chunk(chunk, ds, method)
            summary.add(chunk, result)
            groups.add(result)
            if writer is not None:
                writer.write(result)
            if keep:
                kept.append(normalise(result))
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
