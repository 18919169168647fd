"""The frame kernel over a Dask DataFrame: footprints of logs too large for one machine.

Each partition goes through ``carbonfactors.frame.footprints`` unchanged, so a cluster
computes exactly what one process would. What scales (``benchmarks/frame.py``):

* the dataset is loaded once per worker *process* and kept there (``worker_dataset``, a
  per-process cache; ``DatasetPlugin`` loads it when a worker starts), never shipped in the
  graph: tasks carry a ``Source`` (a path or a version name, a few bytes), not the indexed
  dataset (tens of MB, unpickled again by every worker that receives it);
* partitions carry only rows, read by the workers themselves (``footprints_parquet``:
  ``dd.read_parquet`` of a partitioned folder), not built in the client and scattered;
* results stay on the workers: written per partition (``to_parquet``) or reduced there
  (``groupby(...).sum(split_out=1)``); no shuffle for one-row jobs, no gather of the whole result
  (that pickles every row's text columns back through the scheduler: 0.14x one process).

Long-form jobs (rows sharing ``job``) are shuffled so that a job's rows meet in one
partition. A ``Dataset`` object may still be passed: it is scattered to every worker once
(a pinned in-memory dataset has no path a worker could load). Requires
``pip install 'carbonfactors[dask]'``; the plugin needs ``distributed``.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if importlib.util.find_spec("dask") is None:  # pragma: no cover - exercised without the extra
    # One line naming the extra, not a failure deep inside the first call.
    raise ImportError("carbonfactors.dask needs dask: pip install 'carbonfactors[dask]'")

if importlib.util.find_spec("distributed") is not None:
    from distributed.diagnostics.plugin import WorkerPlugin
else:  # pragma: no cover - dask without distributed: no plugin, the cache still works
    WorkerPlugin = object  # type: ignore[misc,assignment]

from . import frame  # noqa: E402
from .dataset import Dataset, load_dataset  # noqa: E402


@dataclass(frozen=True)
class Source:
    """Which dataset a worker loads: what travels in the graph instead of the dataset.

    ``path`` is a snapshot file every worker can read (``.pack`` opens fastest); else
    ``version`` / ``bundle`` as ``load_dataset`` takes them (the default: the newest local
    snapshot, the one bundled in the package).
    """

    path: str | None = None
    version: str | None = None
    bundle: str | None = None

    def __post_init__(self) -> None:
        # Resolved where the Source is made (the client): a worker's working directory
        # may be another one.
        if self.path is not None:
            object.__setattr__(self, "path", str(Path(self.path).resolve()))

    def load(self) -> Dataset:
        return load_dataset(self.path, version=self.version, bundle=self.bundle)


_cache: dict[Source, Dataset] = {}
_lock = threading.Lock()
#: Datasets this process has loaded through ``worker_dataset`` (a test reads it: once per
#: worker, however many tasks that worker runs).
loads = 0


def worker_dataset(source: Source) -> Dataset:
    """This process's copy of ``source``'s dataset, loaded on first use and then kept."""
    global loads
    hit = _cache.get(source)
    if hit is None:
        with _lock:  # a worker with several threads loads once, not once per thread
            hit = _cache.get(source)
            if hit is None:
                hit = _cache[source] = source.load()
                loads += 1
    return hit


def _partition(df: Any, source: Source, include: tuple[str, ...]) -> Any:
    return frame.footprints(df, dataset=worker_dataset(source), include=include)


def _partition_shared(df: Any, ds: Dataset, include: tuple[str, ...]) -> Any:
    return frame.footprints(df, dataset=ds, include=include)


def footprints(
    ddf: Any,
    *,
    dataset: Dataset | Source | None = None,
    include: Iterable[str] = frame.EXTRAS,
) -> Any:
    """A lazy Dask DataFrame of footprints (same columns as ``frame.footprints``).

    ``dataset``: a ``Source`` (or None: the default local snapshot) is loaded by each
    worker process once; a ``Dataset`` object is scattered to the workers once.
    """
    extras = tuple(include)
    if "job" in ddf.columns:
        ddf = ddf.shuffle(on="job")
    if isinstance(dataset, Dataset):
        meta = frame.footprints(ddf._meta, dataset=dataset, include=extras)
        return ddf.map_partitions(_partition_shared, _shared(dataset), extras, meta=meta)
    source = dataset or Source()
    meta = frame.footprints(ddf._meta, dataset=worker_dataset(source), include=extras)
    return ddf.map_partitions(_partition, source, extras, meta=meta)


def footprints_parquet(
    src: str | Path,
    dest: str | Path,
    *,
    dataset: Dataset | Source | None = None,
    include: Iterable[str] = frame.EXTRAS,
) -> None:
    """Footprints of a (partitioned) Parquet folder of jobs, written to the folder ``dest``.

    Each worker reads its partitions, computes them and writes one output file per
    partition: the rows never pass through the client or the scheduler.
    """
    import dask.dataframe as dd
    import pyarrow as pa
    from pandas.api.types import is_object_dtype

    out = footprints(dd.read_parquet(str(src)), dataset=dataset, include=include)
    # The kernel's text columns (ids, warnings, errors) are object columns of str or None:
    # typed here, or Dask infers their Arrow type from a placeholder object and fails.
    meta = out._meta
    text = [c for c, t in meta.dtypes.items() if is_object_dtype(t)]
    rest = pa.Schema.from_pandas(meta.drop(columns=text), preserve_index=False)
    typed = {f.name: f for f in rest.remove_metadata()}
    schema = pa.schema([typed.get(c) or pa.field(c, pa.string()) for c in meta.columns])
    out.to_parquet(str(dest), write_index=False, schema=schema)


#: Dask settings for the workers of a cluster that runs the frame kernel, to apply when the
#: cluster starts (``with dask.config.set(WORKER_SETTINGS): LocalCluster(...)``): without
#: distributed's ``MALLOC_TRIM_THRESHOLD_=65536`` (None unsets it) every large array the
#: kernel allocates is a fresh ``mmap`` whose pages the kernel zeroes (measured: a worker's
#: system CPU time 0.41 s per million rows with it, 0.06-0.10 s without, against 0.15 s in
#: one plain process), and without the statistical profiler sampling the running task every
#: 10 ms. A nanny also writes its variables into its own process's environment, where they
#: win over the settings: a process that started a cluster before must
#: ``os.environ.pop("MALLOC_TRIM_THRESHOLD_")`` first.
WORKER_SETTINGS: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}


def register(client: Any, source: Source | None = None) -> None:
    """Load ``source``'s dataset on every worker of ``client`` now and on each worker that
    joins later (a ``distributed`` worker plugin), so no task pays for the load."""
    client.register_plugin(DatasetPlugin(source or Source()))


class DatasetPlugin(WorkerPlugin):
    """A ``distributed`` worker plugin: ``setup`` loads the dataset into the worker process's
    cache (``worker_dataset``), on every worker now and on each that joins later."""

    idempotent = True  # registered twice (two calls of ``register``): loaded once

    def __init__(self, source: Source) -> None:
        self.source = source
        self.name = f"carbonfactors-dataset-{source.path}-{source.version}-{source.bundle}"

    def setup(self, worker: Any) -> None:
        worker_dataset(self.source)


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
