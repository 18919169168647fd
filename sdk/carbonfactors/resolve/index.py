"""A ``Store``'s records as the rules read them: zones, operators, sources, and per subject
the winning factor of each year (``Series``), built on first use and kept in a bounded memo.

The index is a pure function of its store; the memo only saves recomputing it. A subject's
factors are reached through ``subject()`` and nowhere else, so no rule can read a subject
that was not loaded (see ``carbonfactors.stores``).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import ItemsView, Iterator, Mapping, Sequence, ValuesView
from dataclasses import dataclass, field
from typing import Any

from cachetools import LRUCache

from .. import snapshot as snap
from .. import suggest
from ..errors import FactorNotFound, ZoneNotFound
from ..hardware_names import HardwareIndex
from ..kinds import PUE_NOT_DEFAULT, PUE_SCOPES
from ..names import normalize_name
from ..records import Factor, Hardware, Zone
from ..rungs import EMBODIED_BASES
from ..stores import Store
from . import suggestions

#: Default basis of grid intensities; factors without a basis count as this one.
DEFAULT_GRID_BASIS = "lifecycle"
#: Subjects whose indexed factors are kept per dataset (recomputed alike when evicted).
SUBJECTS_KEPT = 512


@dataclass
class Series:
    """Winning factor per year for one (kind, subject, basis), years ascending."""

    years: list[int] = field(default_factory=list)
    winners: dict[int, Factor] = field(default_factory=dict)
    losers: dict[int, list[Factor]] = field(default_factory=dict)

    def at_or_before(self, year: int | None) -> int | None:
        if not self.years:
            return None
        if year is None:
            return self.years[-1]
        best = None
        for y in self.years:
            if y <= year:
                best = y
            else:
                break
        return best


@dataclass
class SubjectFactors:
    """One subject's factors, indexed: series per (kind, basis), screened-out values and
    embodied values of every rung (keys omit the subject: they are all this one's)."""

    series: dict[tuple[str, str | None], Series] = field(default_factory=dict)
    #: Grid intensity: one series per source, best-ranked source first (``dataset`` doc).
    by_source: dict[tuple[str, str | None], list[tuple[str, Series]]] = field(default_factory=dict)
    #: Factors the screens excluded, per (kind, basis): named in trails.
    excluded: dict[tuple[str, str | None], list[Factor]] = field(
        default_factory=lambda: defaultdict(list)
    )
    #: Embodied kgCO2e per unit, every rung, for the embodied rule.
    embodied: list[Factor] = field(default_factory=list)
    factors: dict[str, Factor] = field(default_factory=dict)


class FactorIndex:
    """The rules' view of one store (immutable; memoized per subject)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.version = store.version
        #: The rules generation the snapshot was cut with (``snapshot.RULES``): a rule that
        #: changes answers applies only from its generation, read once here.
        self.rules = snap.rules_generation(store.manifest())
        self.sources: dict[str, Mapping[str, Any]] = {s["id"]: s for s in store.sources()}
        self.zones: dict[str, Zone] = {}
        self._zone_keys: dict[str, str] = {}
        records = store.zones()
        for z in records:
            zone = Zone(
                z["id"],
                z["name"],
                z["type"],
                z.get("parent"),
                z.get("provider"),
                z.get("grid_zone"),
                z.get("operator"),
                z.get("isolated"),
                tuple(z.get("serving_zones") or ()),
                z.get("opened"),
                z.get("opened_evidence"),
                z.get("isolated_since"),
            )
            self.zones[zone.id] = zone
        for z in records:
            for name in (*z.get("aliases", ()), z["name"], z["id"]):
                self._zone_keys.setdefault(normalize_name(name), z["id"])
        self.zone_records: tuple[Mapping[str, Any], ...] = tuple(records)
        #: Cloud regions per PUE site they are placed at (a zone's ``operator`` naming a
        #: campus, from ``region-mappings.yaml`` evidence): the campus sees their figures.
        self.site_regions: dict[str, tuple[str, ...]] = defaultdict(tuple)
        for zone in self.zones.values():
            if zone.type == "cloud_region" and zone.operator:
                self.site_regions[zone.operator] += (zone.id,)
        self.operators: dict[str, Mapping[str, Any]] = {o["id"]: o for o in store.operators()}
        self._hardware_ids = frozenset(store.hardware_ids())
        self._lock = threading.Lock()
        self._subjects: LRUCache[str, SubjectFactors] = LRUCache(maxsize=SUBJECTS_KEPT)
        self._hardware: LRUCache[str, Hardware] = LRUCache(maxsize=SUBJECTS_KEPT)
        self._names: HardwareIndex | None = None
        self._all: dict[str, Factor] | None = None

    # -- factors ------------------------------------------------------------------------
    def subject(self, subject: str) -> SubjectFactors:
        """A subject's factors, indexed (the only way to reach them)."""
        with self._lock:
            hit = self._subjects.get(subject)
        if hit is None:
            hit = index_subject(self.store.subject_factors(subject), self.rank)
            with self._lock:
                self._subjects[subject] = hit
        return hit

    def series(self, kind: str, subject: str, basis: str | None) -> Series | None:
        return self.subject(subject).series.get((kind, basis))

    def factor(self, factor_id: str) -> Factor:
        rec = self.store.factor_record(factor_id)
        if rec is None:
            found = suggestions.factors(self, factor_id)
            raise FactorNotFound(
                f"no factor '{factor_id}' in dataset {self.version}{suggest.hint(found)}",
                candidates=found,
            )
        return self.subject(rec["subject"]).factors[factor_id]

    def all_factors(self) -> dict[str, Factor]:
        """Every factor by id (decodes the whole store once: slow, for exports)."""
        if self._all is None:
            recs = self.store.snapshot()["factors"]
            self._all = {f.id: f for f in map(Factor.from_record, recs)}
        return self._all

    def source_priority(self, source: str) -> int:
        return int(self.sources.get(source, {}).get("priority", 100))

    def rank(self, f: Factor) -> tuple[int, int, str]:
        """Lower wins: source priority, then (PUE) the scope that best describes a year."""
        scope = PUE_SCOPES.index(f.scope) if f.scope in PUE_SCOPES else len(PUE_SCOPES)
        return self.source_priority(f.source), scope, f.id

    # -- zones --------------------------------------------------------------------------
    def zone(self, location: str, *, field: str = "location") -> tuple[Zone, str | None]:
        """The zone a user-typed location names, and how it was matched (None = exact id)."""
        z = self.zones.get(location)
        if z is not None:
            return z, None
        key = normalize_name(location)
        zid = self._zone_keys.get(key)
        if zid is None:
            # Cloud regions are typed with a colon (gcp:europe-west1); normalization drops
            # punctuation, so compare ids case-insensitively as well.
            lowered = location.strip().lower()
            zid = next((i for i in self.zones if i.lower() == lowered), None)
        if zid is None:
            found = suggestions.zones(self, location)
            raise ZoneNotFound(
                f"unknown location '{location}': not a zone, cloud region or alias in "
                f"dataset {self.version}{suggest.hint(found, field)}",
                field=field,
                candidates=found,
            )
        return self.zones[zid], f"location '{location}' → zone {zid}"

    # -- hardware -----------------------------------------------------------------------
    def has_hardware(self, hid: str) -> bool:
        return hid in self._hardware_ids

    def hardware_ids(self) -> Sequence[str]:
        return self.store.hardware_ids()

    def hardware(self, hid: str) -> Hardware:
        """A hardware record by id (KeyError when the catalog has none)."""
        with self._lock:
            hw = self._hardware.get(hid)
        if hw is None:
            h = self.store.hardware_record(hid)
            if h is None:
                raise KeyError(hid)
            hw = _hardware(h)
            with self._lock:
                self._hardware[hid] = hw
        return hw

    def all_hardware(self) -> list[Hardware]:
        """Every model, sorted by id, read in one pass over the store (not kept)."""
        return [_hardware(h) for h in self.store.all_hardware()]

    @property
    def names(self) -> HardwareIndex:
        """The hardware-name matcher (``carbonfactors.hardware_names``) of this store."""
        if self._names is None:
            self._names = HardwareIndex(
                self.store.catalog(), mainstream=self.store.stats()["mainstream"]
            )
        return self._names


def _hardware(h: Mapping[str, Any]) -> Hardware:
    return Hardware(
        h["id"],
        h["name"],
        h["category"],
        h.get("vendor", ""),
        h.get("provider"),
        tuple(h.get("aliases", ())),
        h,
    )


class HardwareView(Mapping[str, Hardware]):
    """The hardware of a store by id: every id known, each record decoded on first use."""

    def __init__(self, index: FactorIndex) -> None:
        self._index = index

    def __contains__(self, hid: object) -> bool:
        return isinstance(hid, str) and self._index.has_hardware(hid)

    def __getitem__(self, hid: str) -> Hardware:
        if not self._index.has_hardware(hid):
            raise KeyError(hid)
        return self._index.hardware(hid)

    def __iter__(self) -> Iterator[str]:
        return iter(self._index.hardware_ids())

    def __len__(self) -> int:
        return len(self._index.hardware_ids())

    # Walking every model one lookup at a time would decode a pack's sections over and over.
    def values(self) -> ValuesView[Hardware]:
        return {h.id: h for h in self._index.all_hardware()}.values()

    def items(self) -> ItemsView[str, Hardware]:
        return {h.id: h for h in self._index.all_hardware()}.items()


def index_subject(records: Sequence[Mapping[str, Any]], rank: Any) -> SubjectFactors:
    """Index one subject's factor records (the rules of ``carbonfactors.dataset``'s doc:
    winners by ``rank`` per year, screened-out values aside, never-default PUE scopes out)."""
    out = SubjectFactors()
    grouped: dict[tuple[str, str | None, int], list[Factor]] = defaultdict(list)
    per_source: dict[tuple[str, str | None], dict[str, Series]] = defaultdict(dict)
    for rec in records:
        f = Factor.from_record(rec)
        out.factors[f.id] = f
        if f.kind == "embodied" and f.unit == "kgCO2e" and f.basis in EMBODIED_BASES:
            out.embodied.append(f)
        if f.kind == "pue" and f.scope in PUE_NOT_DEFAULT:
            continue  # new builds and design targets: queryable by id, never a default
        basis = f.basis
        if f.kind == "grid_intensity" and basis is None:
            basis = DEFAULT_GRID_BASIS
        if f.excluded:
            out.excluded[(f.kind, basis)].append(f)
            continue
        grouped[(f.kind, basis, f.year)].append(f)
    touched = set()
    for (kind, basis, year), fs in grouped.items():
        fs.sort(key=rank)
        series = out.series.setdefault((kind, basis), Series())
        series.winners[year] = fs[0]
        if len(fs) > 1:
            series.losers[year] = fs[1:]
        if kind == "grid_intensity":
            for f in fs:
                own = per_source[(kind, basis)].setdefault(f.source, Series())
                own.winners.setdefault(year, f)
        touched.add((kind, basis))
    for key in touched:
        out.series[key].years = sorted(out.series[key].winners)
        by_src = per_source.get(key)
        if by_src:
            for own in by_src.values():
                own.years = sorted(own.winners)
            out.by_source[key] = sorted(
                by_src.items(), key=lambda kv: rank(kv[1].winners[kv[1].years[0]])
            )
    return out
