"""The frame kernel over a Dask DataFrame: footprints of logs too large for one machine.

Each partition goes through ``carbonfactors.frame.footprints`` unchanged, so a cluster
computes exactly what one process would. The dataset is put into the graph once (one
task all partitions depend on) and reaches each worker once, not once per partition.
Long-form jobs (rows sharing ``job``) are shuffled so that a job's rows meet in one
partition. Without ``dataset``, each worker loads the bundled snapshot itself (once per
process), which is the cheapest way to ship it. Requires ``pip install 'carbonfactors[dask]'``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from typing import Any

if importlib.util.find_spec("dask") is None:  # pragma: no cover - exercised without the extra
    # One line naming the extra, not a failure deep inside the first call.
    raise ImportError("carbonfactors.dask needs dask: pip install 'carbonfactors[dask]'")

from . import frame  # noqa: E402
from .dataset import Dataset, load_dataset  # noqa: E402


def _partition(df: Any, ds: Dataset | None, include: tuple[str, ...]) -> Any:
    # None: the worker's own copy of the bundled snapshot, loaded once per process.
    return frame.footprints(df, dataset=ds or load_dataset(), include=include)


def footprints(
    ddf: Any, *, dataset: Dataset | None = None, include: Iterable[str] = frame.EXTRAS
) -> Any:
    """A lazy Dask DataFrame of footprints (same columns as ``frame.footprints``)."""
    extras = tuple(include)
    if "job" in ddf.columns:
        ddf = ddf.shuffle(on="job")
    meta = frame.footprints(ddf._meta, dataset=dataset or load_dataset(), include=extras)
    shared = None if dataset is None else _shared(dataset)
    return ddf.map_partitions(_partition, shared, extras, meta=meta)


def _shared(ds: Dataset) -> Any:
    """The dataset as one object all partitions use: scattered to every worker once when a
    distributed client is running, else a single delayed value in the graph."""
    import dask

    try:
        from distributed import get_client

        client = get_client()
    except (ImportError, ValueError):
        return dask.delayed(ds, pure=True, traverse=False)
    return client.scatter(ds, broadcast=True, hash=False)
