"""Rules generation 15 (audit 1796658609 a-D2): BELOW DIRECT carried past the last direct year.

Rule G4b (``corrected_rows.direct_reach``, generation 11 with ``direct_uplift``) compares a
lifecycle answer with a direct (combustion) figure of the same year, so it stops where the
direct series stops. Estonia's lifecycle series (Ember, via OWID) lies 35-40% below the
EEA's direct figure in every year 2015-2020 (2019: 509.86 against 783; 2020: 404.61 against
669), because Ember prices oil-shale generation at a generic oil factor; the EEA series ends
in 2020, and from 2021 the answer had no high bound and no warning, though nothing changed in
how the producer prices that fuel.

From generation 15, where a place's direct series (the places rule G4b compares: the zone,
its grid zone, the answer's subject) ends before the year asked, and the same place's
lifecycle rows of the answer's own producer lie more than ``direct_uplift.MARGIN`` below
that direct figure in each of the direct series' last ``YEARS`` years, the answer's high
bound reaches its value x the smallest direct/lifecycle ratio of those years x the fuel
chain's least uplift (``direct_uplift.uplift``), the same reach rule G4b gives a same-year
direct figure, scaled to the year asked by the producer's own value. A ``BELOW DIRECT``
warning names the last direct year and the ratios. The ratio is carried, not measured: the
warning says so. The centre is kept. Only the answer's own producer counts (a change of
producer changes the fuel factors the ratio reflects).
"""

from __future__ import annotations

from dataclasses import replace

from .. import caveats
from ..records import Factor, Resolution, Zone
from . import direct_uplift
from .index import FactorIndex

BELOW_DIRECT = "BELOW DIRECT"
#: How many of the direct series' last years must all lie BELOW DIRECT for the gap to carry.
YEARS = 2


def carried_ratio(
    idx: FactorIndex, place: str, f: Factor
) -> tuple[float, int, list[tuple[int, float, float]]] | None:
    """The smallest direct/lifecycle ratio of ``place``'s direct series' last ``YEARS`` years
    (each above 1 + MARGIN, lifecycle rows of ``f``'s producer), the last direct year and the
    (year, direct, lifecycle) pairs; None where the gap does not hold in each of them."""
    direct = idx.series(f.kind, place, "direct")
    life = idx.series(f.kind, place, "lifecycle")
    if direct is None or life is None or len(direct.years) < YEARS:
        return None
    last = direct.years[-YEARS:]
    pairs = []
    for y in last:
        d, lf = direct.winners[y], life.winners.get(y)
        if lf is None or lf.source != f.source or d.unit != f.unit or lf.unit != f.unit:
            return None
        if lf.value <= 0 or d.value <= lf.value * (1 + direct_uplift.MARGIN):
            return None
        pairs.append((y, d.value, lf.value))
    return min(d / lf for _, d, lf in pairs), last[-1], pairs


def carried_reach(idx: FactorIndex, res: Resolution, zone: Zone, year: int | None) -> Resolution:
    """Generation 15: a lifecycle answer for a year after its place's last direct year
    reaches the gap of the last direct years, carried (module doc)."""
    f = res.factor
    y = f.year if year is None else year
    if f.basis != "lifecycle" or f.value <= 0:
        return res
    own = () if zone.provider else (zone.id,)
    best = None
    for p in dict.fromkeys([*own, zone.grid_zone, f.subject]):
        if not p:
            continue
        d = idx.series(f.kind, p, "direct")
        if d is None or not d.years or d.years[-1] >= y:
            continue  # rule G4b's own comparison (or none) applies
        found = carried_ratio(idx, p, f)
        if found is not None and (best is None or found[0] > best[1][0]):
            best = (p, found)
    if best is None:
        return res
    place, (r, last, pairs) = best
    k, why = direct_uplift.uplift(idx, f.unit)
    high = round(f.value * r * k, 2)
    if high <= f.hi:
        return res
    seen = ", ".join(f"{yy}: {lf:g} against {d:g}" for yy, d, lf in pairs)
    line = (
        f"{BELOW_DIRECT} (last direct year {last}): {place}'s lifecycle rows of {f.source} lay "
        f"below its direct (combustion) figures in each of the direct series' last years "
        f"({seen}); no direct figure is on file for {y}, so the gap is carried: the high bound "
        f"reaches {high:g} ({f.value:g} x{r:.4f}, the smallest direct/lifecycle ratio of those "
        f"years, {why}; generation 15). The centre is likely low unless the producer's fuel "
        "factors or the mix changed since"
    )
    return replace(caveats.add(res, line), factor=replace(f, high=high))
