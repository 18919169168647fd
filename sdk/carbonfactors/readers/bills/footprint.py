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
from .codes import objects, row_groups
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


#: Group rows held before they are folded into one part (memory: the groups, not chunks).
_FOLD_ROWS = 200_000
#: What a group names besides its sums: the ids of the factors used, the dataset version.
_IDS = (*FACTOR_IDS, "dataset_version")


class _Groups:
    """Sums per group, chunk by chunk. Each chunk is summed per (group, factor ids) with
    one group-by over the categorical columns; the ids are joined per group at the end.
    Memory is bounded by the groups (x their few distinct id combinations), not by the
    chunks: parts are folded together past ``_FOLD_ROWS`` rows."""

    def __init__(self, names: Sequence[str]) -> None:
        unknown = [n for n in names if n not in GROUPS]
        if unknown:
            raise InvalidInput(
                f"group_by: unknown '{unknown[0]}' (one of: {', '.join(GROUPS)})", field="group_by"
            )
        self.names = tuple(names)
        self.parts: dict[str, list[Any]] = {n: [] for n in self.names}
        self.rows = dict.fromkeys(self.names, 0)  # rows held in parts, folded past limit
        self.limit = dict.fromkeys(self.names, _FOLD_ROWS)

    def add(self, result: Any) -> None:
        import numpy as np
        import pandas as pd

        ok = result["error"].isna().to_numpy()
        if not ok.any():
            return
        frame = result.loc[ok]
        # the factor ids of a line come from its key: few combinations per chunk
        id_codes = row_groups([frame[c] for c in _IDS])[0]
        sums = {c: frame[c].to_numpy(dtype=float) for c in SUMS}
        for name in self.names:
            keys = list(GROUPS[name])
            codes, first = row_groups([*(frame[k] for k in keys), id_codes])
            m = len(first)
            part: dict[str, Any] = {}
            for k in (*keys, *_IDS):
                part[k] = objects(frame[k])[first]
            for k in keys:
                part[k] = np.where(pd.isna(part[k]), "(none)", part[k])
            for c, values in sums.items():
                known = ~np.isnan(values)
                total = np.bincount(codes, weights=np.where(known, values, 0.0), minlength=m)
                seen = np.bincount(codes, weights=known, minlength=m)
                part[c] = np.where(seen > 0, total, np.nan)  # NaN when no line had a value
            part["lines"] = np.bincount(codes, minlength=m)
            self.parts[name].append(pd.DataFrame(part))
            self.rows[name] += m
            if self.rows[name] > self.limit[name]:
                self._fold(name)

    def _fold(self, name: str) -> None:
        import pandas as pd

        self.parts[name] = [_fold(pd.concat(self.parts[name]), [*GROUPS[name], *_IDS])]
        self.rows[name] = len(self.parts[name][0])
        # many groups: fold again only once the parts have doubled (linear, not quadratic)
        self.limit[name] = max(_FOLD_ROWS, 2 * self.rows[name])

    def merge(self, other: _Groups) -> None:
        """Take another part's sums and ids (the Dask path groups partitions apart)."""
        for name in self.names:
            self.parts[name].extend(other.parts[name])
            self.rows[name] += other.rows[name]
            if self.rows[name] > self.limit[name]:
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
                table[col] = _joined(allp, keys, col)
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


def _joined(allp: Any, keys: list[str], col: str) -> Any:
    """Per group, the distinct ids of ``col`` ("a,b" values split), sorted and joined; a
    group with one id (the usual case) takes it as is, without a Python call per group."""
    import pandas as pd

    found = allp[[*keys, col]].dropna().drop_duplicates()
    many = found[col].astype(str).str.contains(",", regex=False).to_numpy()
    if many.any():
        split = found[many].assign(**{col: found[col][many].astype(str).str.split(",")})
        found = pd.concat([found[~many], split.explode(col)])
        found = found[found[col].astype(str) != ""].drop_duplicates()
    found = found.sort_values(col, kind="stable")
    dup = found.duplicated(keys, keep=False).to_numpy()
    single = found[~dup].set_index(keys)[col]
    joined = found[dup].groupby(keys, sort=False)[col].agg(",".join)
    return pd.concat([single, joined]) if len(joined) else single


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
