"""The Client's answers from a local dataset: the same types, values and order as the API's.

Each function answers one Client call from a ``Dataset`` with the rules the service uses
(the resolvers of the dataset, ``carbonfactors.listing`` for list filters and order,
``carbonfactors.search`` for ranking), so a call gives equal results online and offline
for the same dataset version (``tests/api/test_client_parity.py`` holds them together).
``Ranker`` keeps each dataset's search indexes, owned by the Client that uses them.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cachetools import LRUCache

from . import listing, search
from . import snapshot as snap
from .dataset import Dataset, load_dataset
from .results import (
    Changes,
    FactorRecord,
    FootprintFailure,
    FootprintResult,
    HardwareRecord,
    Resolved,
    ResultList,
    SourceRecord,
    ZoneRecord,
)


class Ranker:
    """Rankings of ``q`` over one dataset's resources, memoized (bounded) for its owner."""

    def __init__(self, size: int = 256) -> None:
        self._lock = threading.Lock()
        self._indexes: LRUCache[tuple[int, str], tuple[Dataset, search.SearchIndex]] = LRUCache(8)
        self._rankings: LRUCache[tuple[int, str, str], list[str]] = LRUCache(size)

    def ranked(self, ds: Dataset, resource: str, q: str) -> list[str]:
        key = (id(ds), resource, q)
        with self._lock:
            hit = self._rankings.get(key)
        if hit is not None:
            return hit
        if resource == "factors":
            ids = search.factor_ids(ds.factors.values(), q)
        else:
            ids = [h.id for h in self._index(ds, resource).rank(q)]
        with self._lock:
            self._rankings[key] = ids
        return ids

    def _index(self, ds: Dataset, resource: str) -> search.SearchIndex:
        with self._lock:
            held = self._indexes.get((id(ds), resource))
        if held is not None and held[0] is ds:
            return held[1]
        index = search.build_index(ds, resource)
        with self._lock:
            self._indexes[(id(ds), resource)] = (ds, index)
        return index


def factor(ds: Dataset, factor_id: str) -> FactorRecord:
    """A factor as the API shows it: its record as stored (a derived factor's ``inputs``
    included) and the licence computed from its inputs, which the release records; a
    release cut before licences were computed records none, and its factors carry their
    source's (the same as computing it: none of them derives from a stricter input)."""
    f = ds.factor(factor_id)
    rec = ds.store.factor_record(f.id) or dataclasses.asdict(f)
    license_ = rec.get("license") or ds.sources.get(f.source, {}).get("license")
    return FactorRecord.from_json(rec, license=license_, dataset_version=ds.version)


def listed(ds: Dataset, resource: str, filters: Mapping[str, Any], ranker: Ranker) -> list[Any]:
    """A list call (``factors``, ``zones``, ``hardware``): all its items, as the API pages them."""
    ids = listing.list_ids(ds, resource, filters, lambda r, q: ranker.ranked(ds, r, q))
    if resource == "factors":
        return [factor(ds, i) for i in ids]
    if resource == "zones":
        records = {z["id"]: z for z in ds.zone_records}
        return [ZoneRecord.from_json(records[i], dataset_version=ds.version) for i in ids]
    return [
        HardwareRecord.from_json(ds.hardware[i].record, dataset_version=ds.version) for i in ids
    ]


def hardware(ds: Dataset, model: str) -> HardwareRecord:
    m = ds.match_hardware(model)
    rec = ds.hardware[m.id].record
    return HardwareRecord.from_json(rec, match=m.how, dataset_version=ds.version)


def sources(ds: Dataset) -> list[SourceRecord]:
    return [
        SourceRecord.from_json(s, dataset_version=ds.version) for _, s in sorted(ds.sources.items())
    ]


def resolved(ds: Dataset, res: Any) -> Resolved:
    """A resolution of the dataset (grid intensity, PUE) as the API's ``Resolved``."""
    f = res.factor
    return Resolved(
        value=f.value,
        unit=f.unit,
        resolved_subject=f.subject,
        resolved_year=f.year,
        factor=factor(ds, f.id),
        summary=res.summary,
        trail=tuple(res.steps),
        dataset_version=ds.version,
    )


def changes(ds: Dataset, old: str, new: str | None, cache_dir: Path) -> Changes:
    """Factors added, changed and removed between two local versions (``new``: ``ds``)."""
    to = ds if new is None else load_dataset(version=new, cache_dir=cache_dir)
    before = load_dataset(version=old, cache_dir=cache_dir)
    doc = snap.diff(dict(before.snapshot), dict(to.snapshot))
    return Changes(
        before.version,
        to.version,
        tuple(doc["added"]),
        tuple(doc["changed"]),
        tuple(doc["removed"]),
    )


def footprint(ds: Dataset, job: Mapping[str, Any]) -> FootprintResult:
    from . import footprint as compute

    return FootprintResult.from_document(compute(job, dataset=ds).to_dict())


def footprints(ds: Dataset, jobs: list[Any]) -> ResultList[FootprintResult | FootprintFailure]:
    """A batch in order; a refused job is a ``FootprintFailure`` whose ``error`` is the
    problem document the API's batch item carries."""
    from . import footprints as compute

    out: ResultList[FootprintResult | FootprintFailure] = ResultList()
    for r in compute(jobs, dataset=ds):
        if r.ok:
            out.append(FootprintResult.from_document(r.to_dict()))
        else:
            out.append(FootprintFailure(r.index, r.problem()))  # type: ignore[union-attr]
    return out
