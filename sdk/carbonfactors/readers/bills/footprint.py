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
from .compute import LINE_COLUMNS, METHODS, to_arrow
from .compute import compute_chunk as compute_chunk
from .compute import normalise as normalise
from .groups import GROUPS as GROUPS
from .groups import Groups
from .reader import CHUNK_ROWS, read_chunks
from .summary import Summary

DEFAULT_GROUPS = ("account", "service", "region", "resource", "month")


@dataclass
class BillFootprint:
    summary: dict[str, Any]
    groups: dict[str, Any]
    #: Per-line results (None when they were streamed to ``out``).
    lines: Any = None
    written: list[str] = field(default_factory=list)


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
    groups = Groups(group_by)
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
