"""One footprint-engine ``Dataset`` per dataset version, built once per worker process.

The footprint endpoints and the resolved lookups (grid intensity, PUE) use the SDK's own
engine, so an answer over HTTP is the answer the SDK gives offline. Building a Dataset
means decompressing and indexing a whole snapshot, so it is done once per version and
kept: the database is immutable while the process runs, and a version's snapshot is
identified by its SHA-256, which is part of the cache key. Only the few most recently used
versions stay in memory (an indexed Dataset of the full catalog weighs tens of MB), so a
client walking through every old release cannot exhaust a worker.
"""

from __future__ import annotations

import threading

from cachetools import LRUCache
from flask import current_app

from carbonfactors.dataset import Dataset

from .versioning import Version
from .versions import load_snapshot

_lock = threading.Lock()
#: How many versions' Datasets one worker keeps (latest, dev, and a couple of pinned ones).
KEEP_VERSIONS = 4
_cache: LRUCache[tuple[str, str, str], Dataset] = LRUCache(maxsize=KEEP_VERSIONS)


def dataset_for(version: Version) -> Dataset:
    key = (str(current_app.config["DATABASE"]), version.version, version.sha256)
    with _lock:
        ds = _cache.get(key)
        if ds is None:
            ds = Dataset.from_snapshot(load_snapshot(version.version), version=version.version)
            _cache[key] = ds
    return ds
