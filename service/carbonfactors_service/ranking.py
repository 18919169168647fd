"""Relevance order for the list endpoints' ``q=``, computed with the SDK's one ranking.

``carbonfactors.search`` ranks hits (exact id, exact name or alias, all words, substring,
fuzzy; the most prominent first among equals) and builds each resource's index from a
dataset (the counts that order hits come from the version's store, ``Store.stats``, never
from decoding every factor): the same code ranks for an offline ``carbonfactors.Client``.
This module only keeps, per dataset version, the indexes and the rankings, which are pure
functions of an immutable version and the query text, in the app's bounded caches
(``caches.py``: ``search_indexes``, ``rankings``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from carbonfactors import search
from carbonfactors.search import SearchIndex

from . import bundles
from .caches import caches
from .datasets import dataset_for
from .versioning import Version


def _key(version: Version, *parts: Hashable) -> tuple[Hashable, ...]:
    # Per bundle: a bundle drops values and zone mappings, so its index and ranking differ.
    return (version.version, version.sha256, bundles.current(), *parts)


def _index(version: Version, resource: str, build: Callable[[], SearchIndex]) -> SearchIndex:
    index: SearchIndex = caches().get_or_compute("search_indexes", _key(version, resource), build)
    return index


def ranked_ids(version: Version, resource: str, q: str) -> list[str]:
    """Ids of ``resource`` ("hardware", "zones" or "sources") matching ``q``, best first,
    as ``carbonfactors.search`` ranks them (the offline Client's ranking too)."""

    def rank() -> list[str]:
        ds = dataset_for(version)
        index = _index(version, resource, lambda: search.build_index(ds, resource))
        return [h.id for h in index.rank(q)]

    hit: list[str] = caches().get_or_compute("rankings", _key(version, resource, "q", q), rank)
    return hit
