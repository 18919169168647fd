"""Screens over the grid defaults a zone resolves to in years its own series lacks.

The factor screens (``screens``) judge one value at a time; these judge what a lookup
answers, on the ``full`` bundle (the only one holding sub-national series), because that is
where audit 1796563618 found classes B and G:

* ``grid-own-series``: a zone (a sub-national grid, or a cloud region or area through its
  grid zone) asked for a year its own series lacks, near enough its own values for rule G3
  (``own_years.anchors``), resolves to a wider area's central value more than ``OWN_SERIES_TOLERANCE``
  outside the range of those own values (#14: US-CAL-TIDC 2018 was the US average 463 g, its own 2019
  value 299 g). Rule G3 carries the zone's own series instead; what it cannot (the wider
  area has no value for the zone's nearest own year) is caught here.
* ``grid-estimate-spread``: a state estimate (rule G1) that a lookup answers for a year in
  which the balancing authorities serving the state (``serving_zones``) have values, yet
  its bounds do not reach them (#12: US-WA 2021, 79.3 g, no bounds, with Bonneville at
  92 g and Puget Sound Energy at 152 g). Rule G4 widens them. An estimate whose bounds
  reach them but whose central value lies outside their range is listed for review only
  (67 of 110 state-years in 2027.05: the estimate is production-based, the authorities'
  values consumption-based, so coal-exporting states sit above them and importers below).
  From audit 1796660847 a-A1 also in years an authority has no measured value: its own
  answer (carried or derived) more than ``CARRIED_TOLERANCE`` from the estimate must lie
  inside the bounds (Arizona 2017: 437.91 with no bounds, AZPS 362.92, SRP 308.24); a cloud
  region with ``serving_zones`` of its own is judged against those authorities.
* ``grid-method-step`` (review only, audit 1796574057 a-O4): a zone whose series switches
  from Electricity Maps' 2021 export to its 2021-2025 series with a step above 25% (two
  methodologies of one producer, up to 67% apart for one zone-year); lookups say
  ``METHOD STEP`` (``carbonfactors.resolve.grid_notes``).
* ``grid-wider-far`` (audit 1796585890 B2): a zone asked for a year beyond rule G3's reach
  before its own series (from ``resolved.FIRST_YEAR``) resolves to a wider area's value more
  than ``WIDER_FAR`` times from (above or below) the zone's own first value (CA-QC 2015 was
  Canada's 184.37 g, its own 2021 28 g). Rule G3b carries the zone's own first value back where
  its values are unlike the wider area's over the years both have; what it leaves (a zone
  whose ratio lies in the band while its first value is far from an older wider value, or
  with no year in common) is caught here.
* ``grid-region-country`` (review only, audit 1796585890 G5): a cloud region mapped to a
  country that has sub-national zones with their own values on file (``azure:denmarkeast``
  was Denmark while its campuses are on Zealand, DK-DK2). The mapping should name the
  sub-zone of the region's sites (``factors/region-mappings.yaml``) or a ``keep`` note, with
  the region's id as ``factor``, says why no sub-zone applies (sites in several, none
  published).
* ``grid-region-no-opening`` (review only, audits 1796621837 a-O7 and 1796630035 a-O5/O1):
  a cloud region with no cited opening year (``opened`` in ``factors/region-mappings.yaml``),
  so a lookup for a year before it opened says nothing (``gcp:europe-west12`` opened in 2023,
  asked for 2021). Listed for review, so ``validate`` counts the regions still without one;
  the fix is the provider's launch announcement as ``opened`` + ``opened_evidence``, never a
  guessed year. A region that a list on file dates (``importers.cloud_region_openings``:
  Electricity Maps' data-center list, Google's first listing; audit 1796642882 a-O3) and
  that still carries no ``opened`` fails (``azure:israelcentral``, 2023 on file, unsaid).

Any other flag fails ``carbonfactors validate`` unless a reviewer keeps it in
``factors/screens.yaml`` (``keep`` with the rule and the resolved factor's id) with a note;
it never excludes a value (the default is the lookup's, not one factor's).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carbonfactors import bundles
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.records import Resolution
from carbonfactors.resolve import grid_notes
from carbonfactors.resolve.grid import defers_own
from carbonfactors.resolve.index import Series
from carbonfactors.resolve.own_years import REACH, anchors

from . import licensing
from .importers import cloud_region_openings
from .resolved import FIRST_YEAR
from .upstream_sources import REPO, SOURCES


def dated_for(root: Path) -> dict[str, list[Any]]:
    """Opening years the lists on file give, by region id, when ``root`` is the repository's
    factors tree and the lists are there; {} otherwise (a fixture tree, a copy without them),
    so the no-opening screen then only lists regions for review."""
    if root.resolve() != (REPO / "factors").resolve() or not SOURCES.exists():
        return {}
    return dict(cloud_region_openings.on_file(SOURCES))


OWN_SERIES = "grid-own-series"
ESTIMATE_SPREAD = "grid-estimate-spread"
#: Audit 1796574057 a-O4 (a review flag): a zone's series switching between two
#: methodologies of one producer with a step above ``grid_notes.STEP``.
METHOD_STEP = "grid-method-step"
#: Audit 1796585890 B2: a wider area's value beyond rule G3's reach, this many times from
#: the zone's own first value (the audit's "2x or more away": 141 zone-years in 40 zones).
WIDER_FAR = "grid-wider-far"
WIDER_FAR_RATIO = 2.0
#: Audit 1796585890 G5 (a review flag): a cloud region on a country with sub-zones on file.
REGION_COUNTRY = "grid-region-country"
#: Audit 1796630035 a-O5 (a review flag): a cloud region with no cited opening year.
NO_OPENING = "grid-region-no-opening"
RULES = (OWN_SERIES, ESTIMATE_SPREAD, METHOD_STEP, WIDER_FAR, REGION_COUNTRY, NO_OPENING)
#: A central value this far (relative) from every own value within reach needs a look:
#: the audit's threshold for "a wider area's value standing for a zone" (class B).
OWN_SERIES_TOLERANCE = 0.2
#: Audit 1796660847 a-A1: an authority's own answer (carried or derived, no measured value
#: for the year) this far (relative) from its state's estimate must lie inside its bounds.
CARRIED_TOLERANCE = 0.15
KIND = "grid_intensity"
BASIS = "lifecycle"


@dataclass(frozen=True)
class GridFlag:
    """One lookup whose answer a grid screen flags."""

    rule: str
    factor: str  # the resolved factor's id
    reason: str
    #: False: listed for review only (a state estimate outside its authorities' range
    #: whose bounds reach them: production- and consumption-based values differ).
    problem: bool = True


def _own_grid(ds: Dataset, zid: str) -> str | None:
    """The zone whose own series a lookup of ``zid`` follows, in rule G3's order: itself
    (a cloud region's published figures), then its grid zone; a sub-national area mapped
    to a grid (``defers_own``) its grid zone first."""
    zone = ds.index.zones[zid]
    order = (zone.grid_zone, zone.id) if defers_own(zone) else (zone.id, zone.grid_zone)
    for z in order:
        if z and ds.series(KIND, z, BASIS) is not None:
            return z
    return None


def _own_series(ds: Dataset, zid: str) -> list[GridFlag]:
    out: list[GridFlag] = []
    grid = _own_grid(ds, zid)
    s = None if grid is None else ds.series(KIND, grid, BASIS)
    if s is None or not s.years:
        return out
    own = {y: s.winners[y].value for y in s.years}
    for y in range(s.years[0] - REACH, s.years[-1]):
        found = anchors(s.years, y)
        if found is None:
            continue  # a year of its own, or too far from its own values for rule G3
        near = [own[a] for a in found if a is not None]
        try:
            res = ds.resolve_grid(zid, y, BASIS)
        except CarbonFactorsError:
            continue  # refused (an isolated grid): nothing standing in to judge
        v = res.factor.value
        if res.fallback is None or res.factor.subject == grid:
            continue  # the zone's own value, or its own series carried (rule G3)
        tol = OWN_SERIES_TOLERANCE
        if min(near) * (1 - tol) <= v <= max(near) * (1 + tol):
            continue
        values = ", ".join(f"{a}: {own[a]:g}" for a in found if a is not None)
        out.append(
            GridFlag(
                OWN_SERIES,
                res.factor.id,
                f"{zid} {y} resolves to {v:g} ({res.factor.subject}), more than "
                f"{OWN_SERIES_TOLERANCE:.0%} outside the own values of {grid} rule G3 would "
                f"carry ({values})",
            )
        )
    return out


def _own_answer(ds: Dataset, zid: str, year: int) -> float | None:
    """An authority's own answer for a year it has no measured value for (rule G4,
    generation 16): None when the lookup answers with another zone's value."""
    try:
        f = ds.resolve_grid(zid, year, BASIS).factor
    except CarbonFactorsError:
        return None
    return f.value if f.subject == zid else None


def _estimate_spread(ds: Dataset, zid: str) -> list[GridFlag]:
    out: list[GridFlag] = []
    zone = ds.index.zones[zid]
    # A cloud region with authorities of its own (its mapping evidence) answers with its
    # state's estimate: judged against those authorities (audit 1796660847 a-A1).
    est = zone.grid_zone if zone.type == "cloud_region" else zid
    s = None if est is None else ds.series(KIND, est, BASIS)
    if not zone.serving or s is None:
        return out
    for y in s.years:
        measured = {
            z: g.winners[y].value
            for z in zone.serving
            if (g := ds.series(KIND, z, BASIS)) is not None and y in g.winners
        }
        served = list(measured.values())
        carried = [
            v
            for z in zone.serving
            if z not in measured and (v := _own_answer(ds, z, y)) is not None
        ]
        if not served and not carried:
            continue
        res = ds.resolve_grid(zid, y, BASIS)
        f = res.factor
        if f.subject != est:
            continue  # not the estimate
        lo = f.value if f.low is None else f.low
        hi = f.value if f.high is None else f.high
        far = [v for v in carried if abs(v - f.value) > CARRIED_TOLERANCE * f.value]
        if far and not (lo <= min(carried) and hi >= max(carried)):
            out.append(
                GridFlag(
                    ESTIMATE_SPREAD,
                    f.id,
                    f"{zid} {y} is the estimate {f.value:g} [{lo:g}..{hi:g}] while authorities "
                    f"serving it with no measured value for {y} answer "
                    f"{min(carried):g}..{max(carried):g} on their own series, more than "
                    f"{CARRIED_TOLERANCE:.0%} from it: its bounds do not reach them (rule G4)",
                )
            )
            continue
        if not served:
            continue
        reach = lo <= min(served) and hi >= max(served)
        if reach and min(served) <= f.value <= max(served):
            continue
        why = (
            "its bounds do not reach them"
            if not reach
            else "outside their range (production-based estimate, consumption-based "
            "authorities: bounds reach them, listed for review)"
        )
        out.append(
            GridFlag(
                ESTIMATE_SPREAD,
                f.id,
                f"{zid} {y} is the estimate {f.value:g} [{lo:g}..{hi:g}] while the "
                f"authorities serving it give {min(served):g}..{max(served):g}: {why}",
                problem=not reach,
            )
        )
    return out


def flags(
    snapshot: Mapping[str, Any], dated: Mapping[str, list[Any]] | None = None
) -> list[GridFlag]:
    """Every flagged lookup of the ``full`` bundle's zones (sub-national, cloud regions).
    ``dated``: opening years of the lists on file by region id (``dated_for``)."""
    ds = Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev")
    out: list[GridFlag] = []
    for zid, zone in sorted(ds.index.zones.items()):
        if zone.type not in ("subnational", "cloud_region"):
            continue
        out += _own_series(ds, zid) + _estimate_spread(ds, zid) + _method_step(ds, zid)
        out += _wider_far(ds, zid)
    return out + _region_country(ds) + _no_opening(ds, dated or {})


def _no_opening(ds: Dataset, dated: Mapping[str, list[Any]]) -> list[GridFlag]:
    """``grid-region-no-opening``: each cloud region without a cited opening year, for which
    the before-opening warning (``grid_notes.before_opening``) can never fire; listed for
    review, and a problem when a list on file gives a year (``dated``) that was not taken."""
    out: list[GridFlag] = []
    for zid, zone in sorted(ds.index.zones.items()):
        if zone.type != "cloud_region" or zone.opened is not None:
            continue
        on_file = sorted({o.year for o in dated.get(zid, [])})
        if on_file:
            reason = (
                f"{zid}: no opening year, although a list on file gives {on_file} "
                "(importers.cloud_region_openings), so a lookup before its opening does not "
                "warn BEFORE OPENING"
            )
        else:
            reason = (
                f"{zid}: no cited opening year (opened in region-mappings.yaml), so a lookup "
                "before its opening cannot warn BEFORE OPENING (listed for review)"
            )
        out.append(GridFlag(NO_OPENING, zid, reason, problem=bool(on_file)))
    return out


def _region_country(ds: Dataset) -> list[GridFlag]:
    """``grid-region-country`` (review): each cloud region mapped to a country whose
    sub-national zones have their own lifecycle series, named with those zones. The flag's
    ``factor`` is the region's id, which a ``keep`` note names to say why the country stands."""
    zones = ds.index.zones
    subs: dict[str, list[str]] = {}
    for zid, zone in zones.items():
        if zone.type == "subnational" and zone.parent and ds.series(KIND, zid, BASIS):
            subs.setdefault(zone.parent, []).append(zid)
    out: list[GridFlag] = []
    for zid, zone in sorted(zones.items()):
        country = zone.grid_zone
        if zone.type != "cloud_region" or country not in subs:
            continue
        if zones[country].type != "country":
            continue
        names = ", ".join(sorted(subs[country]))
        reason = (
            f"{zid} is mapped to the country {country} while its sub-zones {names} have "
            "their own values on file: map it to the sub-zone of its sites "
            "(region-mappings.yaml) or keep a note why none applies (listed for review)"
        )
        out.append(GridFlag(REGION_COUNTRY, zid, reason, problem=False))
    return out


def far_back_answers(ds: Dataset, zid: str) -> Iterator[tuple[str, Series, int, Resolution]]:
    """(own grid, its series, year, answer) for each year beyond rule G3's reach before the
    zone's own series that is answered by another area's value: what the far-back screens
    (``grid-wider-far`` here, ``grid-wider-drift``) judge. Refusals (an isolated grid, no
    value so early) and the zone's own values carried (rules G3, G3b, G3c) are left out."""
    grid = _own_grid(ds, zid)
    s = None if grid is None else ds.series(KIND, grid, BASIS)
    if grid is None or s is None or not s.years:
        return
    for y in range(FIRST_YEAR, s.years[0] - REACH):
        try:
            res = ds.resolve_grid(zid, y, BASIS)
        except CarbonFactorsError:
            continue
        if res.fallback is not None and res.factor.subject not in (grid, zid):
            yield grid, s, y, res


def _wider_far(ds: Dataset, zid: str) -> list[GridFlag]:
    """``grid-wider-far`` (module doc): years beyond rule G3's reach before the zone's own
    series whose answer is a wider area's value ``WIDER_FAR_RATIO`` or more from its own."""
    out: list[GridFlag] = []
    for grid, s, y, res in far_back_answers(ds, zid):
        first, f = s.winners[s.years[0]], res.factor
        if min(f.value, first.value) <= 0:
            continue
        ratio = f.value / first.value
        if 1 / WIDER_FAR_RATIO < ratio < WIDER_FAR_RATIO:
            continue
        out.append(
            GridFlag(
                WIDER_FAR,
                f.id,
                f"{zid} {y} resolves to {f.value:g} ({f.subject}), {ratio:.2f}x {grid}'s own "
                f"first value ({first.year}: {first.value:g}), beyond rule G3's reach and not "
                "carried back by rule G3b",
            )
        )
    return out


def _method_step(ds: Dataset, zid: str) -> list[GridFlag]:
    """``grid-method-step`` (review): the year a zone's own series switches from Electricity
    Maps' 2021 export to its 2021-2025 series, when the step exceeds ``grid_notes.STEP``
    (a lookup of either year says ``METHOD STEP``)."""
    s = ds.series(KIND, zid, BASIS)
    out: list[GridFlag] = []
    if s is None:
        return out
    years = s.years
    for prev, y in zip(years, years[1:], strict=False):
        old, new = s.winners[prev], s.winners[y]
        if old is None or (old.source, new.source) not in grid_notes.METHOD_SWITCHES:
            continue
        step = new.value / old.value - 1 if old.value > 0 else 0.0
        if abs(step) > grid_notes.STEP:
            reason = (
                f"{zid} steps {step:+.0%} from {old.value:g} ({old.source} {prev}) to "
                f"{new.value:g} ({new.source} {y}): two methodologies of one producer "
                "(listed for review)"
            )
            out.append(GridFlag(METHOD_STEP, new.id, reason, problem=False))
    return out
