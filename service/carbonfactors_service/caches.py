"""Every per-process cache of the service: owned by the app, one bounded policy for all.

The database is immutable while the app runs, so anything computed from it (an indexed
engine ``Dataset``, a bibliography, a finished JSON answer, a parsed query string) can be
kept. Each kind of entry gets a named LRU of fixed size (``CACHE_SIZES`` in the app
config), so no client can grow a worker without bound by asking for many distinct URLs or
versions. The caches hang off the Flask app (``app.extensions``), not module globals: two
apps in one process (tests, several databases) never see each other's entries, and
dropping the app drops its memory.

``get_or_compute`` is single-flight per key: while one thread computes an entry, the
others asking for *that* key wait for it, and everyone else, including requests for
entries already built, goes on without waiting. That is what keeps a warm request fast
while another dataset version is being indexed. Errors are never cached.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

from cachetools import LRUCache
from flask import Flask, current_app

T = TypeVar("T")

#: Entries per cache, per worker process. ``datasets`` hold an opened version each (its
#: pack and the subjects read so far: see ``benchmarks/memory.py``), the others small
#: finished answers.
DEFAULT_SIZES: dict[str, int] = {
    # Engine Datasets of the default version (``versioning.latest``), one per bundle: the
    # master opens the full one before it forks (preload) and workers share it.
    "datasets": 2,
    # Engine Datasets of every other version (older releases, dev), opened by the worker
    # that needs one: a pack and its core, ~10 MiB each, the heap trimmed when one goes
    # (datasets.py). Only these stay, so a worker's RSS does not grow with the number of
    # releases (benchmarks/serving.py "memory": 11 versions, every one requested, under
    # 150 MiB per worker); reopening an evicted version costs ~0.1 s of CPU, once.
    "old-datasets": 2,
    "diffs": 8,  # version-to-version change lists
    "bundles": 8,  # licence bundles of a snapshot (gzip text, checksum)
    # A bundle's checksum, licence manifest, source ids and dropped zone mappings
    # (bundles.Facts, ~50 KB): the master computes them for every version before it forks,
    # so workers never decode a whole snapshot for them. 64 = 32 releases x 2 bundles.
    "bundle-facts": 64,
    "listings": 32,  # the explorer's category listings
    "bibliographies": 8,  # sources of a version, by id
    "suggestions": 16,  # (table, version) -> id -> names, for "did you mean" on a 404
    "versions": 1,  # the versions table
    "answers": 8192,  # memoized JSON answers (see memo.py)
    "answer_headers": 64,  # Flask's headers of a stored answer, per kind and version
    "queries": 4096,  # validated query strings
    "responses": 8192,  # finished GET responses, served before Flask (see fastpath.py)
    "spec": 4,  # the contract and its rendered page
    "search_indexes": 16,  # ranking.py: zones and sources search indexes per version
    "rankings": 2048,  # ranking.py: ids of a list endpoint's q= hits, best first
}

#: Caches of finished answers are bounded by bytes as well as entries: a hardware detail is
#: ~19 KB, a factor ~2 KB, so 8,192 entries could hold 150 MB. An entry weighs its body's
#: size, and at least ``bytes / entries`` (so neither limit is passed).
BYTE_LIMITS: dict[str, tuple[int, Callable[[Any], int]]] = {
    "answers": (24 * 1024 * 1024, lambda hit: len(hit[0]) + 256),  # (body, etag)
    "responses": (24 * 1024 * 1024, lambda hit: len(hit[1]) + 1024),  # (headers, body)
}

EXTENSION = "carbonfactors.caches"


def _lru(name: str, entries: int) -> LRUCache[Hashable, Any]:
    if name not in BYTE_LIMITS:
        return LRUCache(maxsize=entries)
    budget, size = BYTE_LIMITS[name]
    floor = budget // entries
    return LRUCache(maxsize=budget, getsizeof=lambda value: max(floor, size(value)))


class Caches:
    """Named bounded LRU caches behind one lock, with single-flight computation."""

    def __init__(self, sizes: Mapping[str, int]) -> None:
        self._lock = threading.Lock()
        self._lru: dict[str, LRUCache[Hashable, Any]] = {
            name: _lru(name, max(1, int(n))) for name, n in sizes.items()
        }
        self._flights: dict[tuple[str, Hashable], threading.Lock] = {}

    def get(self, name: str, key: Hashable) -> Any | None:
        with self._lock:
            return self._lru[name].get(key)

    def put(self, name: str, key: Hashable, value: Any) -> None:
        with self._lock:
            self._store(self._lru[name], key, value)

    @staticmethod
    def _store(lru: LRUCache[Hashable, Any], key: Hashable, value: Any) -> None:
        try:
            lru[key] = value
        except ValueError:  # larger than the whole cache: served, not kept
            pass

    def get_or_compute(self, name: str, key: Hashable, compute: Callable[[], T]) -> T:
        lru = self._lru[name]
        with self._lock:
            hit = lru.get(key)
            if hit is not None:
                return hit
            flight = self._flights.setdefault((name, key), threading.Lock())
        with flight:  # only callers of this very key wait here
            with self._lock:
                hit = lru.get(key)
            if hit is not None:
                return hit
            try:
                value = compute()
                with self._lock:
                    self._store(lru, key, value)
            finally:
                with self._lock:
                    self._flights.pop((name, key), None)
        return value

    def sizes(self) -> dict[str, tuple[int, int]]:
        """``name -> (entries, capacity)``, for monitoring and tests (the capacity of a
        cache of ``BYTE_LIMITS`` is its byte budget)."""
        with self._lock:
            return {n: (len(c), int(c.maxsize)) for n, c in self._lru.items()}


def caches(app: Flask | None = None) -> Caches:
    """The caches of ``app`` (default: the app handling this request)."""
    target = app if app is not None else current_app
    found: Caches = target.extensions[EXTENSION]
    return found


def init_app(app: Flask) -> None:
    sizes = {**DEFAULT_SIZES, **app.config.get("CACHE_SIZES", {})}
    app.extensions[EXTENSION] = Caches(sizes)
