"""Rule G3 for an isolated grid: a gap in its own series is bridged, not refused (rules
generation 7).

Audit 2026-12-07 seed 1796611373, class a-I1. An isolated grid (an island, a separate
system) never takes a wider area's value (``grid._refuse_for_isolated``), and that refusal
was tested before rule G3's own-series steps, so a year between two of the zone's own
served values was refused: La Palma (ES-CN-LP) 2020, with its own 2019 (828.09) and 2021
(832) on either side, got "no lifecycle grid intensity … in or before 2020 … its own
series starts in 2019", a message false on its face; a connected zone in the same place
(CA-ON 2020) is interpolated. Eight zone-years in seven zones were refused so (AU-WA
2019-2020; CA-YT, DK-BHM, ES-CN-GC, ES-CN-HI, ES-CN-LP, GB-ORK 2020).

Only the gap step applies (own values at most ``own_years.GAP_REACH`` years on both sides):
rule G3's carry before a series scales by the wider area's change, which an isolated grid
does not follow, so that case is still refused. The bounds reach the two anchors and the
zone's own partial-year values of the year asked (a part of a year is evidence of the
level, not a default); never the wider area's value.

Generation 18 (audit 1796674267 a-I2, ``isolated_carry``): one year before its own series
(``own_years.REACH``) an isolated zone carries its own first value flat, not scaled, said
OWN SERIES and STALE, where the other figures on file for it (its first row's stored
bounds) agree within ``AGREE``; else the refusal names them. Never over the year's own value
kept out by a screen, nor where the zone is its parent's twin (``parent_twin``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..caveats import STALE
from ..records import Factor
from .grid_notes import PARTIAL
from .index import FactorIndex
from .own_years import GAP_REACH, OWN_TREND, REACH, _derived


def isolated_zone(idx: FactorIndex, own: Sequence[str]) -> str | None:
    """The first of ``own`` (the zone, its grid zone) that is an isolated grid, if any."""
    for z in own:
        if z in idx.zones and idx.zones[z].isolated:
            return z
    return None


def isolated_gap(
    idx: FactorIndex, own: Sequence[str], basis: str, year: int | None, unit: str
) -> tuple[Factor, str] | None:
    """The isolated zone's own values either side of ``year`` joined by a straight line,
    with the warning line that says so; None when ``own`` holds no isolated grid or no
    such gap (module doc)."""
    if year is None or isolated_zone(idx, own) is None:
        return None
    for z in own:
        s = idx.series("grid_intensity", z, basis)
        if s is None or year in s.years:
            continue
        before = [y for y in s.years if y < year and year - y <= GAP_REACH]
        after = [y for y in s.years if y > year and y - year <= GAP_REACH]
        if not before or not after:
            continue
        a, b = s.winners[before[-1]], s.winners[after[0]]
        if a.unit != unit or b.unit != unit:
            continue
        v = a.value + (b.value - a.value) * (year - a.year) / (b.year - a.year)
        partial = [
            g
            for g in idx.subject(z).excluded.get(("grid_intensity", basis), ())
            if g.year == year and g.unit == unit and (g.excluded or "").startswith(PARTIAL)
        ]
        lo = min(v, a.value, b.value, *(g.value for g in partial))
        hi = max(v, a.value, b.value, *(g.value for g in partial))
        method = (
            f"{OWN_TREND}: {z} (an isolated grid) has no value for {year}, a gap in its own "
            f"series: the straight line between its own {a.year} ({a.value:g}, {a.source}) "
            f"and {b.year} ({b.value:g}, {b.source}) gives {v:.2f} {unit}"
        )
        f = _derived(a, z, year, "interpolated", v, method)
        reach = f"{z}'s own values" + (
            " and its partial-year " + ", ".join(f"{g.value:g} ({g.source})" for g in partial)
            if partial
            else ""
        )
        line = f"{method}; bounds {round(lo, 2):g}..{round(hi, 2):g} reach {reach}"
        return replace(f, low=round(lo, 2), high=round(hi, 2)), line
    return None


#: Generation 18 (audit 1796674267 a-I2): the other figures on file for an isolated zone (its
#: first own row's stored bounds) may lie this far (relative to the nearer one) from its first
#: value for that value to be carried back flat; beyond it the zone is still refused, naming them
#: (CA-NU 649 against 900, AU-NT 489 against 620; CA-NT's 184 against 200 is carried).
AGREE = 0.25
CARRY_GENERATION = 18


def isolated_first(
    idx: FactorIndex, own: Sequence[str], basis: str, year: int | None, unit: str
) -> Factor | None:
    """The isolated zone's first own value when ``year`` lies within ``own_years.REACH``
    before it (no value on or before ``year``), else None."""
    if year is None or isolated_zone(idx, own) is None:
        return None
    for z in own:
        s = idx.series("grid_intensity", z, basis)
        if s is None or not s.years or s.years[0] <= year or s.years[0] - year > REACH:
            continue
        first = s.winners[s.years[0]]
        if first.unit == unit:
            return first
    return None


def _second(idx: FactorIndex, first: Factor, basis: str) -> list[Factor]:
    """The zone's own value of the year after its first, if on file (one year's move)."""
    s = idx.series("grid_intensity", first.subject, basis)
    g = None if s is None else s.winners.get(first.year + 1)
    return [g] if g is not None and g.unit == first.unit else []


def kept_out(idx: FactorIndex, own: Sequence[str], basis: str, year: int | None) -> bool:
    """Whether a screen kept a value of the year asked out of defaults (other than a partial
    year, a bound): then the refusal names it (La Gomera 2022's own 938 g, audit
    1796655557 a-IS), rather than a later year carried over it."""
    return any(
        g.year == year and not (g.excluded or "").startswith(PARTIAL)
        for z in own
        for g in idx.subject(z).excluded.get(("grid_intensity", basis), ())
    )


def spread(first: Factor) -> float:
    """How far (relative to the nearer end) the first row's stored bounds lie apart: the
    other figures on file for the zone against its own value."""
    lo, hi = first.lo, first.hi
    return 0.0 if lo <= 0 else hi / lo - 1


def isolated_carry(
    idx: FactorIndex, own: Sequence[str], basis: str, year: int | None, unit: str
) -> tuple[Factor, str] | None:
    """Generation 18 (a-I2): an isolated zone asked for a year within ``REACH`` before its
    own series carries its own first value flat (said OWN SERIES; STALE follows from the
    year), with bounds reaching the other figures on file for the zone (the first row's
    stored bounds), where those agree within ``AGREE``; None otherwise (then refused)."""
    first = isolated_first(idx, own, basis, year, unit)
    if first is None or spread(first) > AGREE or kept_out(idx, own, basis, year):
        return None
    method = (
        f"{OWN_TREND}: {first.subject} (an isolated grid) has no value for {year}, "
        f"{first.year - (year or 0)} year(s) before its own series starts: its own first value "
        f"({first.year}, {first.value:g}, {first.source}) is carried back flat, not scaled by "
        "the wider area's change, which an isolated grid does not follow (generation 18)"
    )
    f = _derived(first, first.subject, first.year, "carried", first.value, method)
    # a year off the first value: its own next year says how far a year can move it
    nxt = _second(idx, first, basis)
    lo = min([first.lo, *(g.value for g in nxt)])
    hi = max([first.hi, *(g.value for g in nxt)])
    f = replace(f, low=lo, high=hi)
    gap = first.year - (year or 0)
    reach = (
        f"bounds {first.lo:g}..{first.hi:g} reach the other figures on file for "
        f"{first.subject} (its {first.year} row's bounds), which agree within {AGREE:.0%}"
        if first.lo < first.hi
        else f"no other figure for {first.subject} is on file to bound it"
    )
    if nxt:
        reach += (
            f"; they also reach its own {nxt[0].year} value ({nxt[0].value:g}, "
            f"{nxt[0].source}): bounds {lo:g}..{hi:g}"
        )
    line = (
        f"{method}; {reach}. "
        f"{STALE}: the value is {first.subject}'s own for {first.year}, {gap} year"
        f"{'s' if gap > 1 else ''} after the year asked ({year})"
    )
    return f, line


def disagreeing(
    idx: FactorIndex, own: Sequence[str], basis: str, year: int | None, unit: str
) -> str:
    """Generation 18 (a-I2): what a refusal names where the isolated zone's first value lies
    within REACH but the other figures on file disagree by more than ``AGREE``."""
    first = isolated_first(idx, own, basis, year, unit)
    if first is None or spread(first) <= AGREE:
        return ""
    return (
        f" (on file for {first.subject}: its own {first.year} {first.value:g} "
        f"({first.source}, {first.id}) with bounds {first.lo:g}..{first.hi:g} reaching the "
        f"other figures on file for it, {spread(first):.0%} apart, more than the "
        f"{AGREE:.0%} within which the first value is carried back)"
    )
