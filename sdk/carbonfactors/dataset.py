"""A dataset snapshot, indexed for the footprint engine, and the lookups that resolve factors.

The engine must never pick a number silently, so every lookup here returns a
``Resolution``: the factor chosen *and* the steps taken to reach it (cloud region → grid
zone → country, requested year → nearest earlier year, which of several sources won).

Resolution rules (documented once, here, and repeated in every receipt):

* **Zone chain.** A cloud region resolves through its own published values, then its
  ``grid_zone`` and that zone's ``parent`` chain, then its own ``parent``; any other zone
  through its ``parent`` chain.
* **One series per zone (grid intensity).** A zone's default series for a basis is the
  series of ONE source: the one with the lowest ``priority`` among the sources that have
  any value for that zone and basis (Ember's production-based series for a country,
  before Electricity Maps' consumption-based one). The zone offers that series' value for
  the requested year or, failing that, its nearest *earlier* year: an earlier year of the
  same series beats another source's exact year, so a series never changes methodology
  from one year to the next. Only when the default series has nothing at or before the
  requested year may another source fill it, and the resolution then says so
  (``source_changed``, a warning, and a step in the trail).
* **Years.** Each zone in the chain offers its value as above. The freshest of these
  offers wins; among equally fresh offers the most specific zone wins. Later years are
  never used: if nothing exists at or before the requested year, ``FactorNotFound`` names
  the earliest year that does exist. Without a year, the freshest value available is used
  ("latest available").
* **Fallbacks.** A location's own grid is the zone itself and, for a cloud region or a
  sub-national area, its ``grid_zone``. A value taken from a wider area (a ``parent``:
  the country of a balancing authority, the world for a country) is a fallback, and the
  resolution says so (``fallback`` and a warning), never only in the trail.
* **Screened values.** A factor the validator's plausibility screens excluded (it carries
  ``excluded``, the rule and reason) is never a default; the trail names it and why.
* **Sources.** When several sources give the same kind, subject, year and basis, the
  source with the lowest ``priority`` wins (then the lower factor id).
* **PUE.** An explicit number wins; an operator or campus id resolves through its
  ``parent`` chain; otherwise a cloud region's own PUE factor, then its ``operator`` (and
  parents), with the same year rule; otherwise, or when those have nothing, the industry
  average (operator ``industry``). Per subject, a ``measured`` value at or before the year
  beats ``design`` and ``estimated`` ones (an operator's own figure beats tool defaults and
  blog estimates); within one year and basis the lower source ``priority`` wins (operators'
  own publications have 50, tool copies 100, blogs 200), then the scope that best describes
  the year (``fleet-annual`` before ``site-ttm`` before ``site-quarter``...). Figures for new
  builds or design targets (scope ``new-builds``, ``design``) are never a default. A
  fiscal-year figure has ``year`` = the year its fiscal year ends (Microsoft FY2024 =
  2023-07-01..2024-06-30 → 2024, dates in ``period``): a calendar year uses the fiscal
  year ending in it.
* **Hardware factors** (power, embodied, lifetime, in-use share) describe a model, not a
  year: the latest year's value is used. Lifetime and in-use share come from the model
  itself, else from its category (``category:<category>``).

The ``Dataset`` is immutable after construction; lookups memoize their results in plain
dicts, which is safe because a given key always resolves to the same answer.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import caveats, store
from . import snapshot as snap
from .errors import (
    AmbiguousName,
    CarbonFactorsError,
    DatasetError,
    FactorNotFound,
    HardwareNotFound,
    InvalidInput,
    NotFound,
    OperatorNotFound,
    ZoneNotFound,
)
from .hardware_names import HardwareIndex, NameMatch
from .kinds import (
    KINDS,
    LOWER_BOUND_RUNG,
    PUE_NOT_DEFAULT,
    PUE_SCOPES,
    category_subject,
)
from .names import normalize_name
from .rungs import EMBODIED_BASES, embodied_key

#: Default basis of grid intensities; factors without a basis count as this one.
DEFAULT_GRID_BASIS = "lifecycle"
#: Subject of the industry-average PUE.
INDUSTRY = "industry"
HOURS_PER_YEAR = 8760.0

#: Preferred bases, best first, for kinds where one value per model is used (embodied:
#: ``rungs.EMBODIED_BASES``, with the rest of the default-embodied rule).
LIFETIME_BASES: tuple[str | None, ...] = ("service", None, "accounting")
#: PUE and in-use share: any basis; when several exist for one year, the first listed wins.
PUE_BASES: tuple[str | None, ...] = ("measured", None, "design", "estimated")
SHARE_BASES: tuple[str | None, ...] = ("measured", None, "estimated")
#: Power: a load curve (if complete) beats a single value; single values in this order.
SINGLE_POWER_BASES: tuple[str | None, ...] = ("average", "tdp", "max", None)
#: Utilization at which each power basis is measured, for load curves.
CURVE_POINTS: dict[str, float] = {
    "idle": 0.0,
    "min": 0.0,
    "load-10": 0.1,
    "load-50": 0.5,
    "load-100": 1.0,
    "max": 1.0,
}


@dataclass(frozen=True)
class Factor:
    """One factor of the snapshot (the fields the engine needs, plus its citation)."""

    id: str
    kind: str
    subject: str
    year: int
    value: float
    unit: str
    basis: str | None
    low: float | None
    high: float | None
    source: str
    period: str | None = None
    method: str | None = None
    #: PUE only: what the figure covers (``fleet-annual``, ``site-ttm``... see kinds.PUE_SCOPES).
    scope: str | None = None
    #: Rung of the method hierarchy (``kinds.RUNGS``) for embodied and power values.
    rung: str | None = None
    #: Grid intensity: ``production`` or ``consumption`` accounting, when the source says.
    accounting: str | None = None
    #: Set by the validator's plausibility screens: "<rule>: <reason>"; never a default.
    excluded: str | None = None

    @property
    def lo(self) -> float:
        """Lower bound: ``low`` when the factor carries a range, else its value."""
        return self.value if self.low is None else self.low

    @property
    def hi(self) -> float:
        return self.value if self.high is None else self.high

    @classmethod
    def from_record(cls, rec: Mapping[str, Any]) -> Factor:
        return cls(
            id=rec["id"],
            kind=rec["kind"],
            subject=rec["subject"],
            year=int(rec["year"]),
            value=float(rec["value"]),
            unit=rec["unit"],
            basis=rec.get("basis"),
            low=None if rec.get("low") is None else float(rec["low"]),
            high=None if rec.get("high") is None else float(rec["high"]),
            source=rec["source"],
            period=rec.get("period"),
            method=rec.get("method"),
            scope=rec.get("scope"),
            rung=rec.get("rung"),
            accounting=rec.get("accounting"),
            excluded=rec.get("excluded"),
        )


@dataclass(frozen=True)
class Resolution:
    """A factor chosen by a lookup, with every step taken to choose it."""

    factor: Factor
    steps: tuple[str, ...]
    #: One-line summary, e.g. "gcp:europe-west1 → BE, 2023 → 2022 nearest earlier year".
    summary: str
    #: Set when the value is not from the zone's default series (see the module doc).
    source_changed: str | None = None
    #: Set when the value comes from a wider area than the location's own grid.
    fallback: str | None = None
    #: Further warnings (``caveats``): a stale or beyond-the-data year, a stand-in PUE.
    caveats: tuple[str, ...] = ()

    @property
    def value(self) -> float:
        return self.factor.value

    @property
    def warnings(self) -> tuple[str, ...]:
        """What a reader must know about this value: switches, fallbacks, caveats."""
        return tuple(w for w in (self.source_changed, self.fallback) if w) + self.caveats


@dataclass(frozen=True)
class Zone:
    id: str
    name: str
    type: str
    parent: str | None
    provider: str | None
    grid_zone: str | None
    operator: str | None


@dataclass(frozen=True)
class Hardware:
    id: str
    name: str
    category: str
    vendor: str
    provider: str | None
    aliases: tuple[str, ...]
    record: Mapping[str, Any] = field(repr=False, compare=False)


#: How a user-typed name was matched to a catalog entry (``hardware_names.NameMatch``).
Match = NameMatch


@dataclass
class _Series:
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


@dataclass(frozen=True)
class _Pick:
    """What ``_chain_pick`` chose (``factor`` None when nothing at or before the year)."""

    factor: Factor | None
    steps: list[str]
    summary: str = ""
    subject: str | None = None
    #: Why the value is not from its zone's default series (grid intensity only).
    switched: str | None = None
    #: (subject, first year) of series that start after the requested year.
    later: list[tuple[str, int]] = field(default_factory=list)


def _fmt_years(years: Sequence[int]) -> str:
    if len(years) > 6:
        return f"{years[0]}..{years[-1]} ({len(years)} years)"
    return ", ".join(str(y) for y in years)


class Dataset:
    """An indexed snapshot; construct with ``Dataset.from_snapshot(dict)``."""

    def __init__(
        self, snapshot: Mapping[str, Any], version: str, *, packed: snap.Packed | None = None
    ) -> None:
        """Index ``snapshot`` whole; or, given ``packed`` (then ``snapshot`` is its core
        section), index zones and operators now and each subject's factors and each hardware
        record on first use (see ``snapshot.pack``): a first footprint reads a few buckets
        instead of decoding 20,000 factors."""
        self.version = version
        self._packed = packed
        self._snapshot = None if packed is not None else snapshot
        self.sources: dict[str, Mapping[str, Any]] = {s["id"]: s for s in snapshot["sources"]}
        self.zones: dict[str, Zone] = {}
        self._zone_keys: dict[str, str] = {}
        for z in snapshot["zones"]:
            zone = Zone(
                z["id"],
                z["name"],
                z["type"],
                z.get("parent"),
                z.get("provider"),
                z.get("grid_zone"),
                z.get("operator"),
            )
            self.zones[zone.id] = zone
        for z in snapshot["zones"]:
            for name in (*z.get("aliases", ()), z["name"], z["id"]):
                self._zone_keys.setdefault(normalize_name(name), z["id"])
        self.operators: dict[str, Mapping[str, Any]] = {o["id"]: o for o in snapshot["operators"]}
        #: The zones' records as given (aliases, location...), kept for search.
        self.zone_records: tuple[Mapping[str, Any], ...] = tuple(snapshot["zones"])
        #: Set once ``drop_snapshot`` freed the raw records.
        self._dropped = False
        self._hardware: dict[str, Hardware] = {}
        self._factors: dict[str, Factor] = {}
        self._names: HardwareIndex | None = None
        self._series: dict[tuple[str, str, str | None], _Series] = {}
        #: Grid intensity: one series per source, best-ranked source first (module doc).
        self._by_source: dict[tuple[str, str, str | None], list[tuple[str, _Series]]] = {}
        self._per_source: dict[tuple[str, str, str | None], dict[str, _Series]] = defaultdict(dict)
        #: Factors the screens excluded, per (kind, subject, basis): named in trails.
        self._excluded: dict[tuple[str, str, str | None], list[Factor]] = defaultdict(list)
        #: Embodied kgCO2e per unit by subject, every rung, for ``resolve_embodied``.
        self._embodied: dict[str, list[Factor]] = defaultdict(list)
        #: Subjects whose factors are indexed (None: all of them).
        self._loaded: set[str] | None = None
        if packed is None:
            for h in snapshot["hardware"]:
                self._add_hardware(h)
            self._index(snapshot["factors"])
        else:
            self._hardware_ids = frozenset(snapshot["hardware_ids"])
            self._loaded = set()
        self._cache: dict[tuple[Any, ...], Any] = {}
        #: Where the snapshot came from: a file path, "synced", "bundled" or "memory".
        self.origin = "memory"
        #: The engine's memo of resolved plans for this dataset (see engine.Planner.of).
        self.planner: Any = None

    def _add_hardware(self, h: Mapping[str, Any]) -> Hardware:
        hw = Hardware(
            h["id"],
            h["name"],
            h["category"],
            h.get("vendor", ""),
            h.get("provider"),
            tuple(h.get("aliases", ())),
            h,
        )
        self._hardware[hw.id] = hw
        return hw

    def _index(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Add factor records to the id map and the per-(kind, subject, basis) series."""
        grouped: dict[tuple[str, str, str | None, int], list[Factor]] = defaultdict(list)
        for rec in records:
            f = Factor.from_record(rec)
            self._factors[f.id] = f
            if f.kind == "embodied" and f.unit == "kgCO2e" and f.basis in EMBODIED_BASES:
                self._embodied[f.subject].append(f)
            if f.kind == "pue" and f.scope in PUE_NOT_DEFAULT:
                continue  # new builds and design targets: queryable by id, never a default
            basis = f.basis
            if f.kind == "grid_intensity" and basis is None:
                basis = DEFAULT_GRID_BASIS
            if f.excluded:
                self._excluded[(f.kind, f.subject, basis)].append(f)
                continue
            grouped[(f.kind, f.subject, basis, f.year)].append(f)
        touched = set()
        for (kind, subject, basis, year), fs in grouped.items():
            fs.sort(key=self._rank)
            series = self._series.setdefault((kind, subject, basis), _Series())
            series.winners[year] = fs[0]
            if len(fs) > 1:
                series.losers[year] = fs[1:]
            if kind == "grid_intensity":
                for f in fs:
                    own = self._per_source[(kind, subject, basis)].setdefault(f.source, _Series())
                    own.winners.setdefault(year, f)
            touched.add((kind, subject, basis))
        for key in touched:
            self._series[key].years = sorted(self._series[key].winners)
            by_src = self._per_source.get(key)
            if by_src:
                for own in by_src.values():
                    own.years = sorted(own.winners)
                self._by_source[key] = sorted(
                    by_src.items(), key=lambda kv: self._rank(kv[1].winners[kv[1].years[0]])
                )

    def _ensure(self, subject: str) -> None:
        """Index a subject's factors now if the dataset is packed and they are not yet."""
        loaded = self._loaded
        if loaded is not None and subject not in loaded:
            assert self._packed is not None
            loaded.add(subject)
            self._index(self._packed.subject_factors(subject))

    def _series_of(self, kind: str, subject: str, basis: str | None) -> _Series | None:
        self._ensure(subject)
        return self._series.get((kind, subject, basis))

    def _load_everything(self) -> None:
        if self._loaded is None:
            return
        assert self._packed is not None
        self._snapshot = snap.unpack(self._packed)
        self._factors, self._series, self._by_source = {}, {}, {}
        self._per_source.clear()
        self._excluded.clear()
        self._embodied.clear()
        self._index(self._snapshot["factors"])
        for h in self._snapshot["hardware"]:
            if h["id"] not in self._hardware:
                self._add_hardware(h)
        self._loaded = None

    @property
    def snapshot(self) -> Mapping[str, Any]:
        """The whole snapshot (for a packed dataset, decoded on first access: slow)."""
        if self._dropped:
            raise DatasetError(
                f"dataset {self.version}: its raw snapshot was dropped once indexed "
                "(drop_snapshot); use the indexed lookups"
            )
        self._load_everything()
        assert self._snapshot is not None
        return self._snapshot

    def drop_snapshot(self) -> None:
        """Free the raw records once everything is indexed.

        A long-running service holds several versions; the raw factor and hardware lists
        would double each one's memory while no lookup reads them. The name index, the one
        structure built from them lazily, is built first. Only a whole (not packed) dataset
        can drop its snapshot.
        """
        if self._packed is not None or self._dropped:
            return
        _ = self.names
        self._snapshot = None
        self._dropped = True

    @property
    def factors(self) -> dict[str, Factor]:
        """Every factor by id (for a packed dataset, all decoded on first access: slow)."""
        self._load_everything()
        return self._factors

    @property
    def hardware(self) -> Mapping[str, Hardware]:
        """Hardware models by id; a packed dataset decodes each record on first use."""
        if self._packed is None or self._loaded is None:
            return self._hardware
        return _LazyHardware(self)

    def hardware_record(self, hid: str) -> Hardware:
        hw = self._hardware.get(hid)
        if hw is None:
            rec = self._packed.hardware_record(hid) if self._packed is not None else None
            if rec is None:
                raise KeyError(hid)
            hw = self._add_hardware(rec)
        return hw

    def hardware_catalog(self) -> list[dict[str, Any]]:
        """Records for the fuzzy name matcher (id, name, category, vendor, aliases)."""
        if self._packed is not None and self._loaded is not None:
            return self._packed.catalog()
        if self._dropped:
            return [dict(h.record) for h in self._hardware.values()]
        return list(self.snapshot["hardware"])

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_snapshot(cls, snapshot: Mapping[str, Any], *, version: str | None = None) -> Dataset:
        """Index a snapshot dict (the format of ``carbonfactors.snapshot``)."""
        if not isinstance(snapshot, Mapping):
            raise DatasetError("a snapshot must be a mapping")
        data = dict(snapshot)
        for name in snap.COLLECTIONS:
            data.setdefault(name, [])
        try:
            return cls(data, version or str(data.get("version") or "dev"))
        except (KeyError, TypeError, ValueError) as exc:
            raise DatasetError(f"malformed snapshot: {exc!r}") from exc

    @classmethod
    def from_packed(cls, packed: snap.Packed, *, version: str | None = None) -> Dataset:
        """Index a packed snapshot lazily (``snapshot.pack``): fast to open, same answers."""
        core = packed.core()
        try:
            return cls(core, version or str(core.get("version") or "dev"), packed=packed)
        except (KeyError, TypeError, ValueError) as exc:
            raise DatasetError(f"malformed packed snapshot: {exc!r}") from exc

    def _remember(self, key: tuple[Any, ...], value: Any) -> None:
        # Keys come from user input (locations, names): bound the memo for long-lived services.
        if len(self._cache) >= 100_000:
            self._cache.clear()
        self._cache[key] = value

    def _rank(self, f: Factor) -> tuple[int, int, str]:
        """Lower wins: source priority, then (PUE) the scope that best describes a year."""
        scope = PUE_SCOPES.index(f.scope) if f.scope in PUE_SCOPES else len(PUE_SCOPES)
        return self._source_priority(f.source), scope, f.id

    # -- plain lookups ----------------------------------------------------------------------
    def factor(self, factor_id: str) -> Factor:
        try:
            return (
                self._factors[factor_id] if factor_id in self._factors else self.factors[factor_id]
            )
        except KeyError:
            raise FactorNotFound(f"no factor '{factor_id}' in dataset {self.version}") from None

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
            raise ZoneNotFound(
                f"unknown location '{location}': not a zone, cloud region or alias in "
                f"dataset {self.version}",
                field=field,
            )
        return self.zones[zid], f"location '{location}' → zone {zid}"

    def regions(self, provider: str) -> list[str]:
        """Every cloud region of a provider (``aws``, ``gcp``...), sorted by id."""
        return sorted(z.id for z in self.zones.values() if z.provider == provider)

    def providers(self) -> list[str]:
        return sorted({z.provider for z in self.zones.values() if z.provider})

    @property
    def names(self) -> HardwareIndex:
        """The hardware-name matcher of this snapshot (``carbonfactors.hardware_names``)."""
        if self._names is None:
            if self._packed is not None and self._loaded is not None:
                # Packed and not decoded: the catalog's names only, so the mainstream score
                # that orders candidates counts systems but not sources (nothing else differs).
                self._names = HardwareIndex(self.hardware_catalog())
            else:
                self._names = HardwareIndex(self.snapshot["hardware"], self.snapshot["factors"])
        return self._names

    def match_hardware(self, name: str, *, field: str = "model") -> Match:
        """The catalog entry a user-typed hardware name denotes (see ``hardware_names``).

        Raises ``NotFound`` for an unknown name and ``AmbiguousName`` for a name that could
        mean several models or a system name that only matches a chip; both carry
        ``candidates`` ("did you mean").
        """
        key = ("hw", name)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._match_hardware(name, field)
            self._remember(key, hit)
        if isinstance(hit, CarbonFactorsError):
            raise type(hit)(hit.message, field=field, candidates=hit.candidates)
        assert isinstance(hit, Match)
        return hit

    def _match_hardware(self, name: str, fld: str) -> Match | CarbonFactorsError:
        if name in self.hardware:  # an exact id: no need to build the name index
            return NameMatch(name, "id", query=name)
        found = self.names.resolve(name)
        if isinstance(found, NameMatch):
            return found
        error = {"unknown": HardwareNotFound, "invalid": InvalidInput}.get(
            found.reason, AmbiguousName
        )
        hint = f"; did you mean: {', '.join(found.candidates)}?" if found.candidates else ""
        return error(
            f"{found.detail} (dataset {self.version}){hint}", field=fld, candidates=found.candidates
        )

    # -- series helpers ---------------------------------------------------------------------
    def series(self, kind: str, subject: str, basis: str | None) -> _Series | None:
        return self._series_of(kind, subject, basis)

    def _source_note(self, series: _Series, year: int) -> list[str]:
        losers = series.losers.get(year)
        if not losers:
            return []
        w = series.winners[year]
        rank = self._rank
        others = ", ".join(f"{f.source} (priority {rank(f)[0]})" for f in losers)
        return [
            f"{len(losers) + 1} sources give {w.kind} {w.subject} {year}"
            f"{'' if w.basis is None else ' ' + w.basis}: {w.source} (priority {rank(w)[0]}) "
            f"chosen over {others}"
        ]

    def _offer(
        self, kind: str, subject: str, basis: str | None, s: _Series, year: int | None
    ) -> tuple[int, Factor, str | None] | None:
        """A zone's value at or before ``year``: (year, factor, why another source filled it).

        Grid intensity follows the one-series rule (module doc): the default source's own
        nearest earlier year beats another source's exact year.
        """
        ranked = self._by_source.get((kind, subject, basis)) if kind == "grid_intensity" else None
        if not ranked:
            y = s.at_or_before(year)
            return None if y is None else (y, s.winners[y], None)
        default_source, default = ranked[0]
        y = default.at_or_before(year)
        if y is not None:
            return y, default.winners[y], None
        for source, other in ranked[1:]:
            y = other.at_or_before(year)
            if y is not None:
                f = other.winners[y]
                d = default.winners[default.years[0]]
                return (
                    y,
                    f,
                    f"{subject}: its default series {default_source}"
                    f"{_acc(d)} has no value in or before {year} (it starts in "
                    f"{default.years[0]}); {source}{_acc(f)} {y} is used instead",
                )
        return None

    def _excluded_note(
        self, kind: str, subject: str, basis: str | None, after: int | None, year: int | None
    ) -> list[str]:
        """Screened-out values that would otherwise have been candidates, and why."""
        out = []
        self._ensure(subject)
        for f in sorted(self._excluded.get((kind, subject, basis), ()), key=lambda f: f.id):
            if (after is None or f.year >= after) and (year is None or f.year <= year):
                out.append(f"{subject}: {f.id} ({f.value:g} {f.unit}) excluded: {f.excluded}")
        return out

    def _chain_pick(
        self,
        kind: str,
        chain: Sequence[tuple[str, str]],
        bases: Sequence[str | None],
        year: int | None,
    ) -> _Pick:
        """Freshest value at or before ``year`` along ``chain`` (subject, role); ties → earlier."""
        steps: list[str] = []
        best: tuple[int, int, str, _Series, Factor, str | None] | None = None
        later: list[tuple[str, int]] = []
        offers = 0
        for pos, (subject, role) in enumerate(chain):
            found = False
            for basis in bases:
                s = self._series_of(kind, subject, basis)
                if s is None or not s.years:
                    steps.extend(self._excluded_note(kind, subject, basis, None, year))
                    continue
                found = True
                label = f"{subject}{role}"
                bdesc = "" if basis is None else f" {basis}"
                offer = self._offer(kind, subject, basis, s, year)
                if offer is None:
                    later.append((subject, s.years[0]))
                    steps.append(
                        f"{label}: {kind}{bdesc} only for later years ({_fmt_years(s.years)})"
                    )
                    continue
                y, f, switched = offer
                if year is None:
                    steps.append(f"{label}: latest{bdesc} value is {y}")
                elif y == year:
                    steps.append(f"{label}: {bdesc.strip() + ' ' if bdesc else ''}value for {y}")
                else:
                    steps.append(f"{label}: no{bdesc} value for {year}, nearest earlier year {y}")
                if switched:
                    steps.append(switched)
                steps.extend(self._excluded_note(kind, subject, basis, y, year))
                offers += 1
                if best is None or y > best[0]:
                    best = (y, pos, subject, s, f, switched)
                break
            if not found:
                steps.append(f"{subject}{role}: no {kind} factor")
        if best is None:
            return _Pick(None, steps, later=later)
        y, pos, subject, s, f, switched = best
        if len(chain) > 1:
            why = (
                "the only candidate"
                if offers == 1
                else "the freshest; ties go to the most specific"
            )
            steps.append(f"used {subject} {y} ({why})")
        if switched is None:
            steps.extend(self._source_note(s, y))
        path = " → ".join(c[0] for c in chain[: pos + 1])
        if year is None:
            ysum = f"latest available {y}"
        elif y == year:
            ysum = str(y)
        else:
            ysum = f"{year} → {y} nearest earlier year"
        if switched:
            ysum += f", source changed to {f.source}"
        return _Pick(f, steps, f"{path}, {ysum}", subject, switched)

    # -- grid intensity ---------------------------------------------------------------------
    def grid_chain(self, zone: Zone) -> list[tuple[str, str]]:
        """Zones to try for a location, most specific first, with their role in words."""
        chain: list[tuple[str, str]] = [(zone.id, "")]
        seen = {zone.id}

        def climb(start: str | None, role: str) -> None:
            cur = start
            while cur is not None and cur not in seen and cur in self.zones:
                seen.add(cur)
                chain.append((cur, role))
                role = f" (parent of {cur})"
                cur = self.zones[cur].parent

        if zone.grid_zone:
            climb(zone.grid_zone, f" (grid zone of {zone.id})")
        climb(zone.parent, f" (parent of {zone.id})")
        return chain

    def resolve_grid(
        self, location: str, year: int | None = None, basis: str = DEFAULT_GRID_BASIS
    ) -> Resolution:
        """Grid intensity for a location and year, along the zone chain (see module doc)."""
        return self._cached(
            ("grid", location, year, basis), lambda: self._resolve_grid(location, year, basis)
        )

    def _cached(self, key: tuple[Any, ...], compute: Callable[[], Resolution]) -> Resolution:
        """Memoize a resolution, failures included (a fresh exception is raised each time)."""
        hit = self._cache.get(key)
        if hit is None:
            try:
                hit = compute()
            except NotFound as exc:
                hit = exc
            self._remember(key, hit)
        if isinstance(hit, NotFound):
            raise hit.again()
        assert isinstance(hit, Resolution)
        return hit

    def _resolve_grid(self, location: str, year: int | None, basis: str) -> Resolution:
        if basis not in KINDS["grid_intensity"].bases:
            raise InvalidInput(
                f"unknown grid basis '{basis}' (one of: "
                f"{', '.join(KINDS['grid_intensity'].bases)})",
                field="basis",
            )
        zone, how = self.zone(location)
        steps = [how] if how else []
        if year is None:
            steps.append("year not given → latest available")
        chain = self.grid_chain(zone)
        pick = self._chain_pick("grid_intensity", chain, (basis,), year)
        steps.extend(pick.steps)
        if pick.factor is None:
            if pick.later:
                subj, first = min(pick.later, key=lambda t: t[1])
                raise FactorNotFound(
                    f"no {basis} grid intensity for {zone.id} in or before {year}; the "
                    f"earliest is {first} ({subj}); later years are never used silently: "
                    f"ask for year={first} or give grid_intensity",
                    field="year",
                )
            raise FactorNotFound(
                f"no {basis} grid intensity for {zone.id} or the zones it draws from "
                f"({' → '.join(c[0] for c in chain)}); give grid_intensity",
                field="location",
            )
        fallback = None
        own = [zone.id] + ([zone.grid_zone] if zone.grid_zone else [])
        if pick.subject not in own:
            when = "latest available" if year is None else f"in or before {year}"
            fallback = (
                f"no {basis} grid intensity for {' or its grid zone '.join(own)} {when}: "
                f"the value is that of the wider area {pick.subject}"
            )
            steps.append(f"fallback: {fallback}")
        res = Resolution(pick.factor, tuple(steps), pick.summary, pick.switched, fallback)
        res = caveats.spread_bounds(self, caveats.jump_caveat(self, res))
        return caveats.with_year_caveats(self, res, "grid_intensity", [c[0] for c in chain], year)

    # -- PUE --------------------------------------------------------------------------------
    def operator_chain(self, operator: str) -> list[tuple[str, str]]:
        chain: list[tuple[str, str]] = []
        cur: str | None = operator
        role = ""
        while cur is not None and cur in self.operators and all(c[0] != cur for c in chain):
            chain.append((cur, role))
            role = f" (parent of {cur})"
            cur = self.operators[cur].get("parent")
        return chain

    def resolve_pue(
        self, location: str | None = None, year: int | None = None, operator: str | None = None
    ) -> Resolution:
        """PUE for an operator/campus id, else for a location (see module doc)."""
        return self._cached(
            ("pue", location, year, operator),
            lambda: caveats.operator_range(self, self._resolve_pue(location, year, operator)),
        )

    def _resolve_pue(
        self, location: str | None, year: int | None, operator: str | None
    ) -> Resolution:
        steps: list[str] = []
        if year is None:
            steps.append("year not given → latest available")
        chain: list[tuple[str, str]] = []
        stand_in = "a site with no location given"
        if operator is not None:
            stand_in = f"operator '{operator}'"
            if operator not in self.operators:
                raise OperatorNotFound(
                    f"unknown PUE operator or campus '{operator}' in dataset {self.version}",
                    field="pue",
                )
            chain = self.operator_chain(operator)
            steps.append(f"pue '{operator}' given → operator {operator}")
        elif location is not None:
            zone, _ = self.zone(location)
            stand_in = f"{zone.id} (a {zone.type.replace('_', ' ')} with no operator on file)"
            if zone.type == "cloud_region":
                stand_in = f"{zone.id} (operator {zone.operator or 'unknown'})"
                chain = [(zone.id, " (region's own PUE)")]
                if zone.operator:
                    chain += [
                        (op, role or f" (operator of {zone.id})")
                        for op, role in self.operator_chain(zone.operator)
                    ]
                steps.append(f"{zone.id} is a cloud region → its own PUE, then its operator's")
            else:
                steps.append(f"{zone.id} is not a cloud region → industry average")
        else:
            steps.append("no location → industry average")
        subjects = [c[0] for c in chain]
        if chain:
            pick = self._chain_pick("pue", chain, PUE_BASES, year)
            steps.extend(pick.steps)
            if pick.factor is not None:
                own = caveats.tool_estimate_before_own(self, pick.factor, chain, PUE_BASES, year)
                if own is not None:
                    summary = f"{' → '.join(subjects)}: {year} → {own[0].year} operator backfill"
                    return caveats.add(Resolution(own[0], tuple(steps), summary), own[1])
                res = Resolution(pick.factor, tuple(steps), pick.summary)
                return caveats.with_year_caveats(self, res, "pue", subjects, year)
            back = None if year is None else caveats.backfill_operator(self, chain, PUE_BASES, year)
            if back is not None:
                summary = f"{' → '.join(subjects)}: {year} → {back[0].year} operator backfill"
                res = Resolution(back[0], tuple(steps), summary)
                return caveats.add(res, back[1])
            if operator is not None:
                raise FactorNotFound(
                    f"no PUE for '{operator}' in or before {year}; give pue as a number",
                    field="pue",
                )
            steps.append("nothing usable in the region's chain → industry average")
        pick = self._chain_pick("pue", [(INDUSTRY, "")], PUE_BASES, year)
        steps.extend(pick.steps)
        if pick.factor is None:
            raise FactorNotFound(
                f"no industry-average PUE in or before {year}; give pue", field="pue"
            )
        summary = pick.summary
        if chain:
            tried = " → ".join(subjects)
            summary = f"{tried}: no value in or before {year} → {summary}"
        res = Resolution(pick.factor, tuple(steps), summary)
        if operator != INDUSTRY:
            res = caveats.add(res, caveats.industry_caveat(stand_in, pick.factor))
        return caveats.with_year_caveats(self, res, "pue", [INDUSTRY], year)

    # -- hardware factors -------------------------------------------------------------------
    def latest(
        self, kind: str, subject: str, bases: Iterable[str | None], *, unit: str | None = None
    ) -> tuple[Factor, list[str]] | None:
        """Latest-year factor of ``kind`` for ``subject``, first basis in ``bases`` that has one."""
        for basis in bases:
            s = self._series_of(kind, subject, basis)
            if s is None:
                continue
            for y in reversed(s.years):
                f = s.winners[y]
                if unit is None or f.unit == unit:
                    return f, self._source_note(s, y)
        return None

    def _embodied_key(self, f: Factor) -> tuple[int, int, int, int, str]:
        """Best first, by the one default-embodied rule of ``rungs.py``."""
        return embodied_key(f, self._source_priority)

    def _source_priority(self, source: str) -> int:
        return int(self.sources.get(source, {}).get("priority", 100))

    def resolve_embodied(self, hw: Hardware) -> Resolution | None:
        """A model's default embodied carbon (kgCO2e per unit) by the rung hierarchy.

        The best rung the model has wins (``kinds.EMBODIED_RUNGS``; factors naming no rung
        rank after ``component-model``), then the basis, source priority and latest year. A
        ``lower-bound`` figure (a die alone, a quoted floor) is never chosen. A model with
        nothing else gets its category's default, and the steps say so.
        """
        key = ("embodied", hw.id)
        if key in self._cache:
            return self._cache[key]
        self._ensure(hw.id)
        own = self._embodied.get(hw.id, [])
        skipped = [f for f in own if f.rung == LOWER_BOUND_RUNG]
        ranked = sorted((f for f in own if f.rung != LOWER_BOUND_RUNG), key=self._embodied_key)
        steps = [
            f"{hw.id}: skipped {f.id} = {f.value:g} kgCO2e (rung lower-bound: never a default)"
            for f in skipped
        ]
        res = None
        if ranked:
            f = ranked[0]
            steps.insert(0, f"{hw.id}: own embodied value, rung {f.rung or 'unstated'} ({f.year})")
            steps.extend(
                f"{hw.id}: also {o.id} = {o.value:g} kgCO2e (rung {o.rung or 'unstated'})"
                for o in ranked[1:]
            )
            res = Resolution(f, tuple(steps), hw.id)
        else:
            cat = category_subject(hw.category)
            self._ensure(cat)
            pool = sorted(self._embodied.get(cat, []), key=self._embodied_key)
            if pool:
                f = pool[0]
                steps.insert(
                    0,
                    f"{hw.id}: NO EMBODIED VALUE OF ITS OWN → CATEGORY DEFAULT of {cat}: "
                    f"{f.value:g} kgCO2e [{f.lo:g}..{f.hi:g}] ({f.id}, rung "
                    f"{f.rung or 'unstated'})",
                )
                res = Resolution(f, tuple(steps), f"{hw.id} → category default {cat}")
        self._remember(key, res)
        return res

    def model_or_category(
        self, kind: str, hw: Hardware, bases: Sequence[str | None], unit: str
    ) -> Resolution | None:
        """A per-model factor (power, lifetime, in-use share), else the category default."""
        key = ("moc", kind, hw.id)
        if key in self._cache:
            return self._cache[key]
        res = None
        own = self.latest(kind, hw.id, bases, unit=unit)
        if own is not None:
            f, notes = own
            res = Resolution(f, (f"{hw.id}: own {kind} ({f.year})", *notes), hw.id)
        else:
            cat = category_subject(hw.category)
            found = self.latest(kind, cat, bases, unit=unit)
            if found is not None:
                f, notes = found
                res = Resolution(
                    f,
                    (f"{hw.id}: no own {kind} → default of its category {cat} ({f.year})", *notes),
                    f"{hw.id} → {cat}",
                )
        self._remember(key, res)
        return res


def _acc(f: Factor) -> str:
    return f" ({f.accounting}-based)" if f.accounting else ""


class _LazyHardware(Mapping[str, Hardware]):
    """The hardware of a packed dataset: every id known, each record decoded on first use."""

    def __init__(self, ds: Dataset) -> None:
        self._ds = ds

    def __contains__(self, hid: object) -> bool:
        return hid in self._ds._hardware_ids

    def __getitem__(self, hid: str) -> Hardware:
        if hid not in self._ds._hardware_ids:
            raise KeyError(hid)
        return self._ds.hardware_record(hid)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._ds._hardware_ids))

    def __len__(self) -> int:
        return len(self._ds._hardware_ids)


# -- loading -------------------------------------------------------------------------------
#: Datasets loaded without a path, by (cache folder, version or None); cleared by a sync.
_loaded: dict[tuple[str, str | None], Dataset] = {}


def load_dataset(
    path: str | Path | None = None,
    *,
    version: str | None = None,
    cache_dir: str | Path | None = None,
) -> Dataset:
    """A dataset, offline.

    ``load_dataset(path)`` reads a snapshot file (plain, .gz, or a packed index .pack). Without a path: the newest
    local snapshot (a release synced with ``carbonfactors sync``, else the one bundled in the
    package), or with ``version=`` that release exactly (synced or bundled). Its
    ``dataset_version`` appears in every result, so an answer always says where it came from.
    """
    if path is not None:
        if version is not None:
            raise InvalidInput("give a snapshot path or a version, not both", field="version")
        p = Path(path)
        if not p.exists():
            raise DatasetError(f"no snapshot file at {p}")
        if p.suffix == ".pack":
            ds = Dataset.from_packed(snap.read_packed(p))
        else:
            ds = Dataset.from_snapshot(snap.read(p))
        ds.origin = str(p)
        return ds
    folder = store.cache_dir(cache_dir)
    key = (str(folder), version)
    hit = _loaded.get(key)
    if hit is not None:
        return hit
    for name, origin in store.candidates(folder, version):
        found = _open(folder, name, origin)
        if found is not None:
            found.origin = origin
            _loaded[key] = found
            return found
    if version is not None:
        have = ", ".join(v for v, _ in store.candidates(folder)) or "none"
        raise DatasetError(
            f"dataset version {version} is not available offline (local: {have}); fetch it "
            f"with `carbonfactors sync --dataset-version {version}` or Client().sync('{version}')",
            field="version",
        )
    raise DatasetError(
        f"no local dataset: nothing synced in {folder} and no bundled snapshot at {store.BUNDLED}; "
        "run `carbonfactors sync`, or pass dataset=load_dataset(PATH) with a snapshot file"
    )


def _open(folder: Path, name: str, origin: str) -> Dataset | None:
    """A local snapshot, from its packed index when there is one (fast), else decoded whole."""
    if origin == "synced":
        packed = store.read_pack(folder, name)
        if packed is not None:
            return Dataset.from_packed(packed)
        data = store.read(folder, name)
        return None if data is None else Dataset.from_snapshot(data)
    if store.BUNDLED_PACK.exists():
        return Dataset.from_packed(snap.read_packed(store.BUNDLED_PACK))
    return Dataset.from_snapshot(snap.read(store.BUNDLED))


def forget_loaded() -> None:
    """Drop the memo of loaded datasets (after a sync, the newest local one may change)."""
    _loaded.clear()


def is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
