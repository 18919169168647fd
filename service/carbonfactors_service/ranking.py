"""Relevance order for the list endpoints' ``q=``, computed with the SDK's one ranking.

``carbonfactors.search`` ranks hits (exact id, exact name or alias, all words, substring,
fuzzy; the most prominent first among equals); this module builds, per dataset version,
the search index of each resource and memoizes rankings, which are pure functions of an
immutable version and the query text.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Hashable

from cachetools import LRUCache
from flask import current_app

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


def _zones_index(version: Version) -> SearchIndex:
    ds = dataset_for(version)
    factors = Counter(f.subject for f in ds.factors.values())
    return SearchIndex(
        (
            (z["id"], [z["name"], z.get("location") or "", *z.get("aliases", ())])
            for z in ds.zone_records
        ),
        factors.__getitem__,
    )


def _sources_index(version: Version) -> SearchIndex:
    ds = dataset_for(version)
    cited = Counter(f.source for f in ds.factors.values())
    return SearchIndex(
        (
            (s["id"], [s.get("title") or "", s.get("producer") or "", s.get("citation") or ""])
            for s in ds.sources.values()
        ),
        cited.__getitem__,
    )


def ranked_ids(version: Version, resource: str, q: str) -> list[str]:
    """Ids of ``resource`` ("hardware", "zones" or "sources") matching ``q``, best first.

    Hardware is ranked by the hardware matcher's index (mainstream parts first among
    equals); zones by how many factors describe them; sources by how many factors cite them.
    """
    key = _key(version, resource, "q", q)
    with _lock:
        hit = _rankings.get(key)
    if hit is None:
        if resource == "hardware":
            index = dataset_for(version).names.search
        elif resource == "zones":
            index = _index(version, resource, lambda: _zones_index(version))
        elif resource == "sources":
            index = _index(version, resource, lambda: _sources_index(version))
        else:  # pragma: no cover - callers pass a fixed resource name
            raise ValueError(resource)
        hit = [h.id for h in index.rank(q)]
        with _lock:
            _rankings[key] = hit
    return hit
