"""Relevance order for the list endpoints' ``q=``, computed with the SDK's one ranking.

``carbonfactors.search`` ranks hits (exact id, exact name or alias, all words, substring,
fuzzy; the most prominent first among equals) and builds each resource's index from a
dataset: the same code ranks for an offline ``carbonfactors.Client``. This module only keeps,
per dataset version, the indexes and the rankings, which are pure functions of an immutable
version and the query text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

from cachetools import LRUCache
from flask import current_app

from carbonfactors import search
from carbonfactors.search import SearchIndex

from .datasets import dataset_for
from .versioning import Version

_lock = threading.Lock()
_indexes: LRUCache[tuple[Hashable, ...], SearchIndex] = LRUCache(maxsize=16)
_rankings: LRUCache[tuple[Hashable, ...], list[str]] = LRUCache(maxsize=2048)


def _key(version: Version, *parts: Hashable) -> tuple[Hashable, ...]:
    return (str(current_app.config["DATABASE"]), version.version, version.sha256, *parts)


def _index(version: Version, resource: str, build: Callable[[], SearchIndex]) -> SearchIndex:
    key = _key(version, resource)
    with _lock:
        index = _indexes.get(key)
    if index is None:
        index = build()
        with _lock:
            _indexes[key] = index
    return index


def ranked_ids(version: Version, resource: str, q: str) -> list[str]:
    """Ids of ``resource`` ("factors", "hardware", "zones" or "sources") matching ``q``,
    best first, as ``carbonfactors.search`` ranks them (the offline Client's ranking too)."""
    key = _key(version, resource, "q", q)
    with _lock:
        hit = _rankings.get(key)
    if hit is None:
        ds = dataset_for(version)
        if resource == "factors":
            hit = search.factor_ids(ds.factors.values(), q)
        else:
            index = _index(version, resource, lambda: search.build_index(ds, resource))
            hit = [h.id for h in index.rank(q)]
        with _lock:
            _rankings[key] = hit
    return hit
