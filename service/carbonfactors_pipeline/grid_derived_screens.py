"""Screens over grid answers derived from rows with stored bounds, and lifecycle answers
below a direct figure (audit 2026-12-06 seed 1796594162, class G4b; rule G4b in
``carbonfactors.resolve.corrected_rows``). Judged on the ``full`` bundle, like
``grid_screens``:

* ``grid-derived-bounds``: an answer the engine builds from a zone's own rows (rule G3's
  scaled or interpolated value, or a wider area standing in before or in a gap of the
  series) whose bounds are narrower than the stored bounds of a row it rests on, carried as
  rule G4b carries them (scaled by rule G3's ratio, interpolated along its line, as stored
  behind a wider area's value). AU-VIC 2017 was 703.93 [674.85..718.08] while the row it
  scales, AU-VIC 2018, carries the corrected high bound of 1,060 g. A problem: it fails
  ``carbonfactors validate`` unless a ``keep`` note explains it.
* ``grid-below-direct`` (review only): a lifecycle answer more than ``BELOW_DIRECT`` below a
  direct (combustion) figure on file for the same place (the zone asked, its grid zone or the
  answer's subject) and a year within ``NEAR_YEARS`` of the year asked. A lifecycle figure
  includes the combustion emissions, so such a gap is a known upstream error, a coarser
  direct figure (a wider region's average) or an accounting difference (production against
  consumption); a reviewer says which.
* ``below-direct-margin`` (audit 1796636393 a-D1): a lifecycle answer more than
  ``BELOW_DIRECT`` below a direct figure of the same year for the places rule G4b compares
  (the zone, its grid zone, the answer's subject; not a cloud region's own filings) whose
  high bound does not rise above that direct figure. A direct figure is a floor for a
  lifecycle one: Greece 2020 was Ember's 423.07 [..522] with the EEA's direct 522.
  Generation 11 (``carbonfactors.resolve.direct_uplift``) raises the high bound to the
  direct figure times the fuel chain's least share. A problem unless kept with a note.
* ``below-direct-carry`` (audit 1796658609 a-D2): a lifecycle answer for a year after the
  last year of a direct series of those places, whose place's lifecycle rows of the answer's
  producer lay more than ``direct_uplift.MARGIN`` below the direct figures in each of the
  series' last two years, with a high bound below the answer's value times the smallest
  direct/lifecycle ratio of those years (Estonia 2023 was Ember's 395.47 [287..395.47] while
  2019-2020 were 35-40% below the EEA's direct 783/669). Generation 15
  (``carbonfactors.resolve.direct_carry``) carries the gap. A problem unless kept.
* ``grid-screened-year`` (audit 1796606525 a-J1): a stale answer (a value older than the year
  asked) whose bounds miss a value of the year asked, for the same place and basis, that
  the screens excluded as an unexplained jump or a reviewer excluded (Réunion 2025 was
  Ember's 2023 394 [394..497] while Electricity Maps' 2025 208 was screened out unsaid).
  Rule ``grid_notes.screened_year`` (generation 6) reaches and names it. A problem.
* ``grid-tiny-rounding`` (audit 1796606525 a-R1): a grid value whose ``inputs`` say it rests
  on a total generation below ``ember_owid.TINY_TWH`` (a ratio of two-decimal totals) and
  that states no range. The importer gives the rounding interval. A problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonfactors import bundles
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.records import Zone
from carbonfactors.resolve.corrected_rows import has_bounds, rows_behind
from carbonfactors.resolve.direct_carry import carried_ratio
from carbonfactors.resolve.screened import SCREENED_REACH, screened

from . import grid_gap_screens, licensing
from .grid_screens import BASIS, KIND, GridFlag
from .importers.ember_owid import TINY_TWH
from .resolved import FIRST_YEAR

DERIVED_BOUNDS = "grid-derived-bounds"
BELOW = "grid-below-direct"
SCREENED_YEAR = "grid-screened-year"
TINY = "grid-tiny-rounding"
MARGIN = "below-direct-margin"
CARRY = "below-direct-carry"
RULES = (DERIVED_BOUNDS, BELOW, MARGIN, CARRY, SCREENED_YEAR, TINY)
#: A lifecycle answer this far (relative) below a direct figure is listed (the audit's 10%).
BELOW_DIRECT = 0.10
#: How many years either side of the year asked a direct figure counts as "nearby".
NEAR_YEARS = 1
#: Rounding slack when comparing carried bounds (the engine rounds them to 0.01).
SLACK = 0.01


def _years(snapshot: Mapping[str, Any]) -> range:
    """The years ``carbonfactors resolved`` tabulates (``resolved.tables``)."""
    found = [f["year"] for f in snapshot.get("factors", ()) if f["kind"] == KIND]
    return range(FIRST_YEAR, max(found, default=FIRST_YEAR) + 1)


def _derived_bounds(ds: Dataset, zid: str, own: list[str], y: int, res: Any) -> list[GridFlag]:
    f = res.factor
    out: list[GridFlag] = []
    for g, lo, hi in rows_behind(ds.index, res, own, y):
        if not has_bounds(g) or (f.lo <= lo + SLACK and f.hi >= hi - SLACK):
            continue
        out.append(
            GridFlag(
                DERIVED_BOUNDS,
                f.id,
                f"{zid} {y} resolves to {f.value:g} [{f.lo:g}..{f.hi:g}] ({f.subject}) from "
                f"{g.id}, whose stored bounds [{g.lo:g}..{g.hi:g}] carried to this answer are "
                f"{lo:.2f}..{hi:.2f}: the derived answer's bounds are narrower (rule G4b)",
            )
        )
    return out


def _below_direct(ds: Dataset, zid: str, places: list[str], y: int, res: Any) -> list[GridFlag]:
    f = res.factor
    found = []
    for p in dict.fromkeys([*places, f.subject]):
        s = ds.series(KIND, p, "direct")
        if s is None:
            continue
        found += [
            g
            for yy in range(y - NEAR_YEARS, y + NEAR_YEARS + 1)
            if (g := s.winners.get(yy)) is not None and g.unit == f.unit
        ]
    over = [g for g in found if f.value < g.value * (1 - BELOW_DIRECT)]
    if not over:
        return []
    top = max(over, key=lambda g: g.value)
    return [
        GridFlag(
            BELOW,
            f.id,
            f"{zid} {y} resolves to the lifecycle value {f.value:g} ({f.subject} {f.year}), "
            f"{1 - f.value / top.value:.0%} below the direct figure {top.value:g} for "
            f"{top.subject} {top.year} ({top.source}): an upstream error, a coarser direct "
            "figure or an accounting difference (listed for review)",
            problem=False,
        )
    ]


def below_direct_margin(ds: Dataset, zone: Zone, y: int, res: Any) -> list[GridFlag]:
    """``below-direct-margin`` (module doc): a same-year direct figure well above the
    lifecycle answer that its high bound does not exceed."""
    f = res.factor
    if f.basis != BASIS:
        return []
    own = () if zone.provider else (zone.id,)
    found = [
        g
        for p in dict.fromkeys([*own, zone.grid_zone, f.subject])
        if p and (s := ds.series(KIND, p, "direct")) is not None
        if (g := s.winners.get(y)) is not None and g.unit == f.unit
    ]
    over = [g for g in found if f.value < g.value * (1 - BELOW_DIRECT) and f.hi <= g.value + SLACK]
    if not over:
        return []
    top = max(over, key=lambda g: g.value)
    return [
        GridFlag(
            MARGIN,
            f.id,
            f"{zone.id} {y} resolves to the lifecycle value {f.value:g} [{f.lo:g}..{f.hi:g}] "
            f"({f.subject} {f.year}), {1 - f.value / top.value:.0%} below the same-year direct "
            f"figure {top.value:g} for {top.subject} ({top.source}), and its high bound stops "
            "at that figure, a floor for a lifecycle value (rule G4b, generation 11)",
        )
    ]


def below_direct_carry(ds: Dataset, zone: Zone, y: int, res: Any) -> list[GridFlag]:
    """``below-direct-carry`` (module doc): a lifecycle answer after its place's last direct
    year, BELOW DIRECT in that series' last years, whose high bound does not carry the gap."""
    f = res.factor
    if f.basis != BASIS:
        return []
    own = () if zone.provider else (zone.id,)
    for p in dict.fromkeys([*own, zone.grid_zone, f.subject]):
        d = ds.series(KIND, p, "direct") if p else None
        if d is None or not d.years or d.years[-1] >= y:
            continue
        found = carried_ratio(ds.index, p, f)
        if found is None or f.hi >= f.value * found[0] - SLACK:
            continue
        r, last, _pairs = found
        return [
            GridFlag(
                CARRY,
                f.id,
                f"{zone.id} {y} resolves to the lifecycle value {f.value:g} [{f.lo:g}..{f.hi:g}] "
                f"({f.subject} {f.year}) while {p}'s lifecycle rows of {f.source} lay below its "
                f"direct figures in each of the direct series' last years (to {last}, smallest "
                f"ratio {r:.4f}); the high bound does not reach {f.value * r:.2f} and no direct "
                "figure after that year says the gap closed (generation 15 carries it)",
            )
        ]
    return []


def _screened_year(ds: Dataset, own: list[str], y: int, res: Any) -> list[GridFlag]:
    f = res.factor
    if f.year >= y:
        return []
    found = screened(ds.index, [f.subject, *own], f.kind, f.basis, f.unit, lambda yy: yy == y)
    missed = [
        g
        for g in found
        if (g.excluded or "").startswith(SCREENED_REACH) and not f.lo <= g.value <= f.hi
    ]
    return [
        GridFlag(
            SCREENED_YEAR,
            f.id,
            f"{own[0]} {y} resolves to {f.value:g} [{f.lo:g}..{f.hi:g}] ({f.subject} {f.year}) "
            f"while {g.subject} {y} {g.value:g} ({g.source}) is on file, screened out "
            f"({g.excluded}), outside those bounds and unsaid",
        )
        for g in missed
    ]


def tiny_unbounded(factors: list[Mapping[str, Any]]) -> list[GridFlag]:
    """``grid-tiny-rounding`` (module doc): tiny-grid values that state no range."""
    out: list[GridFlag] = []
    for f in factors:
        twh = (f.get("inputs") or {}).get("generation_twh")
        if f["kind"] != KIND or not isinstance(twh, (int, float)) or twh >= TINY_TWH:
            continue
        if f.get("low") is None or f.get("high") is None:
            out.append(
                GridFlag(
                    TINY,
                    f["id"],
                    f"{f['value']:g} gCO2e/kWh rests on {twh:g} TWh of generation (a ratio of "
                    "two-decimal totals) yet states no range: give its rounding interval",
                )
            )
    return out


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """Every flagged lookup of the ``full`` bundle's zones, for every year from
    ``resolved.FIRST_YEAR`` to the newest grid year."""
    ds = Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev")
    out: list[GridFlag] = tiny_unbounded(list(snapshot.get("factors", ())))
    years = _years(snapshot)
    for zid, zone in sorted(ds.index.zones.items()):
        own = [zid] + ([zone.grid_zone] if zone.grid_zone else [])
        for y in years:
            try:
                res = ds.resolve_grid(zid, y, BASIS)
            except CarbonFactorsError as err:
                # refused: nothing standing in to judge but a gap or a value kept out unsaid
                out += grid_gap_screens.lookup_flags(ds, own, y, None, str(err))
                continue
            out += grid_gap_screens.lookup_flags(ds, own, y, res)
            out += _derived_bounds(ds, zid, own, y, res)
            out += _below_direct(ds, zid, own, y, res)
            out += below_direct_margin(ds, zone, y, res)
            out += below_direct_carry(ds, zone, y, res)
            out += _screened_year(ds, own, y, res)
    return out
