"""Rule G4d (rules generation 14, audit 1796655557 a-O7): a direct answer taken from a wider
area is held to the ceiling the zone's own lifecycle value sets.

A lifecycle intensity adds the fuel chain to the combustion emissions, so a direct
(combustion, scope 2) figure for a place and year cannot lie above its lifecycle figure: rule
G4b (``corrected_rows.direct_reach``) reads that one way, raising a lifecycle answer's high
bound to a direct figure times the least the fuel chain adds (``direct_uplift``). This is the
other way. A sub-national zone with no direct figure of its own is answered, on the direct
basis, with a wider area's value whatever the zone's distance from it: US-CAL-CISO's direct
answer was eGRID 2016's US average, 452.886 g, for every year 2016-2025, while CAISO's own
lifecycle value is 278 g in 2021; a hydro authority (US-NW-GCPD, lifecycle 42 g) got the same
452.886. From generation 14, where such a wider area's value lies above the zone's own
same-year lifecycle value divided by ``direct_uplift.uplift`` (the smallest fossil
lifecycle-to-direct ratio on file: lifecycle >= that ratio x direct for any mix, since
non-fossil generation adds chain emissions and no combustion), that quotient is the most the
zone's direct figure can be: the centre and the high bound are held to it (the high bound to
the lifecycle value's own high bound divided the same way) and the low bound is 0, since
nothing on file says how much lower the zone's direct figure is (its non-fossil share is not
on file). The answer is a derived value (``carbonfactors-derived``, id ending
``:direct-ceiling``) and says ``DIRECT CEILING``, naming the wider area's value it replaces.

Only a wider area's value is held: a zone's own direct figure (eGRID's rate for a state, the
EEA's for a country, a cloud region's filing) above its own lifecycle value of the year is a
disagreement between sources or accountings (production against consumption, a stale year),
which the lifecycle side's ``BELOW DIRECT`` and the year caveats already say. Of the zone's own
lifecycle rows of the year (the zone's and its grid zone's) the highest sets the ceiling, so
the rule never picks the lowest reading; without a row of the year, the zone's own series
carried to it by rule G3 does (never a wider area's lifecycle value).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .. import caveats
from ..errors import CarbonFactorsError
from ..kinds import factor_id
from ..records import Factor, Resolution, Zone
from . import direct_uplift
from .index import FactorIndex

#: Warning of a direct answer held to the zone's own lifecycle value.
DIRECT_CEILING = "DIRECT CEILING"
#: Qualifier of the derived factor's id.
HOW = "direct-ceiling"
KIND = "grid_intensity"
#: The engine's lifecycle answer for (zone id, year): the rule chain of ``resolve.grid``,
#: passed in by its caller because ``grid`` calls this module (no import circle).
LifecycleAnswer = Callable[[str, int], Factor]


def own_places(zone: Zone) -> list[str]:
    """The zone and the grid zone it maps to: the places whose values are the zone's own."""
    return [zone.id] + ([zone.grid_zone] if zone.grid_zone else [])


def own_lifecycle(
    idx: FactorIndex, zone: Zone, year: int, unit: str, lifecycle: LifecycleAnswer
) -> Factor | None:
    """The zone's own lifecycle value of the year: the highest of its own places' rows, or
    where none is on file the zone's lifecycle answer when that is its own series carried
    to the year (rule G3: CAISO 2020 is the line between its 2019 and 2021 rows)."""
    own = own_places(zone)
    rows = [
        g
        for p in own
        if (s := idx.series(KIND, p, "lifecycle")) is not None
        if (g := s.winners.get(year)) is not None and g.unit == unit and g.value > 0
    ]
    if rows:
        return max(rows, key=lambda g: g.value)
    try:
        g = lifecycle(zone.id, year)
    except CarbonFactorsError:
        return None
    ok = g.subject in own and g.year == year and g.unit == unit and g.value > 0
    return g if ok else None


def ceiling(
    idx: FactorIndex, f: Factor, zone: Zone, year: int, lifecycle: LifecycleAnswer
) -> tuple[Factor, float] | None:
    """The zone's own lifecycle value of ``year`` and the direct ceiling it sets, where a
    direct answer ``f`` from a wider area lies above that ceiling; None otherwise."""
    own = own_places(zone)
    if f.basis != "direct" or f.subject in own:
        return None
    if all(idx.series(KIND, p, "lifecycle") is None for p in own):
        return None
    life = own_lifecycle(idx, zone, year, f.unit, lifecycle)
    if life is None:
        return None
    k, _why = direct_uplift.uplift(idx, f.unit)
    top = round(life.value / k, 2)
    return (life, top) if f.value > top else None


def held(
    idx: FactorIndex, res: Resolution, zone: Zone, year: int | None, lifecycle: LifecycleAnswer
) -> Resolution:
    """Rule G4d (module doc): a wider area's direct value above the zone's own lifecycle
    ceiling is replaced by that ceiling, bounds 0..the ceiling of the row's high bound."""
    w = res.factor
    y = w.year if year is None else year
    found = ceiling(idx, w, zone, y, lifecycle)
    if found is None:
        return res
    life, top = found
    k, why = direct_uplift.uplift(idx, w.unit)
    high = max(top, min(w.hi, round(life.hi / k, 2)))
    method = (
        f"{DIRECT_CEILING}: {zone.id} has no direct figure of its own for {y}; the wider area "
        f"{w.subject}'s {w.value:g} {w.unit} ({w.source}, {w.year}) lies above {life.subject}'s "
        f"own lifecycle value for {y} ({life.value:g}, {life.id}), and a direct "
        f"(combustion) figure is at most the lifecycle one divided by the least the fuel chain "
        f"adds ({why}): the value is held to that ceiling, {top:g} {w.unit}, bounds 0..{high:g}"
        " (nothing on file says how much lower the zone's direct figure is; rule G4d, "
        "generation 14)"
    )
    f = replace(
        w,
        id=factor_id(KIND, life.subject, y, caveats.DERIVED_SOURCE, HOW),
        subject=life.subject,
        year=y,
        value=top,
        low=0.0,
        high=high,
        source=caveats.DERIVED_SOURCE,
        accounting=life.accounting,
        method=method,
        period=None,
        rung=None,
    )
    fallback = (
        f"no direct grid intensity for {' or its grid zone '.join(own_places(zone))} in or "
        f"before {y}: the wider area {w.subject}'s value lies above the zone's own lifecycle "
        f"value, so the value is the ceiling that lifecycle value sets (rule G4d)"
    )
    steps = res.steps + (f"fallback: {fallback}",)
    return caveats.add(replace(res, factor=f, steps=steps, fallback=fallback), method)
