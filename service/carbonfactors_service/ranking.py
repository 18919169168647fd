"""Relevance order for the list endpoints' ``q=``, computed with the SDK's one ranking.

``carbonfactors.search`` ranks hits (exact id, exact name or alias, all words, substring,
fuzzy; the most prominent first among equals); this module builds, per dataset version,
the search index of each resource and memoizes rankings, which are pure functions of an
immutable version and the query text. Both memos are the app's bounded caches
(``caches.py``: ``search_indexes``, ``rankings``), and the counts that order hits come from
the version's store (``Store.stats``), never from decoding every factor.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from carbonfactors.search import SearchIndex

from .caches import caches
from .datasets import dataset_for
from .versioning import Version


def _key(version: Version, *parts: Hashable) -> tuple[Hashable, ...]:
    return (version.version, version.sha256, *parts)


def _index(version: Version, resource: str, build: Callable[[], SearchIndex]) -> SearchIndex:
    index: SearchIndex = caches().get_or_compute("search_indexes", _key(version, resource), build)
    return index


def _zones_index(version: Version) -> SearchIndex:
    ds = dataset_for(version)
    factors = ds.store.stats()["subjects"]
    return SearchIndex(
        (
            (z["id"], [z["name"], z.get("location") or "", *z.get("aliases", ())])
            for z in ds.zone_records
        ),
        lambda zid: int(factors.get(zid, 0)),
    )


def _sources_index(version: Version) -> SearchIndex:
    ds = dataset_for(version)
    cited = ds.store.stats()["sources"]
    return SearchIndex(
        (
            (s["id"], [s.get("title") or "", s.get("producer") or "", s.get("citation") or ""])
            for s in ds.sources.values()
        ),
        lambda sid: int(cited.get(sid, 0)),
    )


def ranked_ids(version: Version, resource: str, q: str) -> list[str]:
    """Ids of ``resource`` ("hardware", "zones" or "sources") matching ``q``, best first.

    Hardware is ranked by the hardware matcher's index (mainstream parts first among
    equals); zones by how many factors describe them; sources by how many factors cite them.
    """

    def rank() -> list[str]:
        if resource == "hardware":
            index = dataset_for(version).names.search
        elif resource == "zones":
            index = _index(version, resource, lambda: _zones_index(version))
        elif resource == "sources":
            index = _index(version, resource, lambda: _sources_index(version))
        else:  # pragma: no cover - callers pass a fixed resource name
            raise ValueError(resource)
        return [h.id for h in index.rank(q)]

    hit: list[str] = caches().get_or_compute("rankings", _key(version, resource, "q", q), rank)
    return hit
