"""One footprint-engine ``Dataset`` per dataset version, built once per worker process.

The footprint endpoints and the resolved lookups (grid intensity, PUE) use the SDK's own
engine, so an answer over HTTP is the answer the SDK gives offline. Building a Dataset
means decompressing and indexing a whole snapshot, so it is done once per version and
kept: the database is immutable while the process runs, and a version's snapshot is
identified by its SHA-256, which is part of the cache key.
"""

from __future__ import annotations

import threading

from flask import current_app

from carbonfactors.dataset import Dataset

from .versioning import Version
from .versions import load_snapshot

_lock = threading.Lock()
_cache: dict[tuple[str, str, str], Dataset] = {}


def dataset_for(version: Version) -> Dataset:
    key = (str(current_app.config["DATABASE"]), version.version, version.sha256)
    ds = _cache.get(key)
    if ds is not None:
        return ds
    with _lock:
        ds = _cache.get(key)
        if ds is None:
            ds = Dataset.from_snapshot(load_snapshot(version.version), version=version.version)
            _cache[key] = ds
    return ds
