"""Bills larger than memory: the same reader and kernel over Dask partitions.

``footprint_bill_dask`` reads a CSV (in blocks) or a partitioned Parquet folder with Dask,
classifies and computes each partition exactly as ``footprint_bill`` does a chunk (the
same functions), writes the lines as a partitioned Parquet folder, and returns the groups
and the summary, computed in the same pass (the graph is evaluated once). A test holds it
equal to the pandas path. Line numbers are not known per partition of a CSV read in
blocks, so ``line`` is left empty here. Requires ``pip install 'carbonfactors[dask]'``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...dataset import Dataset, load_dataset
from .classify import classify
from .compute import to_arrow
from .footprint import DEFAULT_GROUPS, METHODS, BillFootprint, compute_chunk
from .groups import Groups
from .mapping import tables
from .reader import canonical, check_header, get_format
from .summary import Summary


def _partition(raw: Any, fmt: str, ds: Dataset, method: str, mapping: Any) -> Any:
    spec = get_format(fmt)
    raw = raw.fillna("").astype(str)
    c = canonical(raw, spec)
    c["line"] = float("nan")
    chunk = classify(c, spec, tables(mapping), {})
    return chunk


def _result(chunk: Any, ds: Dataset, method: str) -> Any:
    return compute_chunk(chunk, ds, method)


def _summary(chunk: Any, result: Any) -> Summary:
    s = Summary()
    s.add(chunk, result)
    return s


def footprint_bill_dask(
    source: str | Path,
    fmt: str,
    *,
    out: str | Path,
    dataset: Dataset | None = None,
    method: str = "carbonfactors",
    group_by: Sequence[str] = DEFAULT_GROUPS,
    mapping: str | Path | None = None,
    blocksize: str | int = "64MB",
) -> BillFootprint:
    """Per-line results written to the Parquet folder ``out``; groups and summary returned."""
    import dask
    import dask.dataframe as dd

    from ...errors import InvalidInput

    if method not in METHODS:
        raise InvalidInput(f"method: one of {', '.join(METHODS)}", field="method")
    spec = get_format(fmt)
    ds = dataset or load_dataset()
    path = Path(source)
    if path.is_dir() or path.suffix in (".parquet", ".pq"):
        import pyarrow.dataset as pads

        wanted = frozenset(c for names in spec.columns.values() for c in names)
        names = pads.dataset(str(path), format="parquet").schema.names
        raw = dd.read_parquet(str(path), columns=[c for c in names if c in wanted])
    else:
        wanted = frozenset(c for names in spec.columns.values() for c in names)
        raw = dd.read_csv(
            str(path),
            dtype=str,
            keep_default_na=False,
            blocksize=blocksize,
            encoding="utf-8-sig",
            usecols=lambda c: c in wanted,  # as the pandas reader: only the columns it reads
        )
    check_header(spec, raw.columns)
    groups = Groups(group_by)
    parts = raw.to_delayed()
    chunks = [dask.delayed(_partition)(p, fmt, ds, method, mapping) for p in parts]
    results = [dask.delayed(_result)(c, ds, method) for c in chunks]
    summaries = [dask.delayed(_summary)(c, r) for c, r in zip(chunks, results, strict=True)]
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    writes = [
        dask.delayed(_write)(r, out_dir / f"part-{i:05d}.parquet") for i, r in enumerate(results)
    ]
    grouped = [dask.delayed(_group_part)(r, group_by) for r in results]
    # merged pairwise as partitions finish (a tree), not gathered first: every partition's
    # groups repeat most resource ids, and holding all of them at once grew with the file
    _, total, merged = dask.compute(writes, _tree(summaries, _merged), _tree(grouped, _merged))
    groups.merge(merged if merged is not None else Groups(group_by))
    return BillFootprint(
        summary=(total if total is not None else Summary()).to_dict(),
        groups=groups.finish(getattr(ds, "bundle", None)),
        lines=None,
        written=[str(out_dir)],
    )


def _write(result: Any, target: Path) -> str:
    import pyarrow.parquet as pq

    pq.write_table(to_arrow(result), str(target))
    return str(target)


def _group_part(result: Any, group_by: Sequence[str]) -> Groups:
    g = Groups(group_by)
    g.add(result)
    return g


def _merged(a: Any, b: Any) -> Any:
    """``a`` with ``b`` merged in (Summary or Groups: both fold compactly)."""
    a.merge(b)
    return a


def _tree(items: list[Any], fn: Any) -> Any:
    """``fn`` applied pairwise up a binary tree of delayed values (None when empty): each
    level halves what is held, and a pair is merged as soon as both halves exist."""
    import dask

    level = list(items)
    if not level:
        return None
    while len(level) > 1:
        level = [
            dask.delayed(fn)(level[i], level[i + 1]) if i + 1 < len(level) else level[i]
            for i in range(0, len(level), 2)
        ]
    return level[0]
