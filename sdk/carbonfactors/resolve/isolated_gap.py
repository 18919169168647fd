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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..records import Factor
from .grid_notes import PARTIAL
from .index import FactorIndex
from .own_years import GAP_REACH, OWN_TREND, _derived


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
