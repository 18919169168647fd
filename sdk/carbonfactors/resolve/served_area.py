"""Rule P2 (rules generation 12, w15 systematic pass over the sub-national grids): an area
answered with the grid that serves it reaches, in its bounds, its own figure of the same year.

A US state mapped to its balancing authority (``Zone.grid_zone``, ``grid.defers_own``) is
answered with the authority's value: the mix of the shared market its consumers draw from.
The state's own figure (eGRID's state output rate, or the rule G1 estimate built on it) rests
on the plants inside the state. Both are honest figures for different accountings, and they
can differ by a factor of ten: Vermont 2023 was served ISO New England's 286 g while its own
figure is 22.39 g; West Virginia PJM's 401 g against its own 777.47 g. Until generation 12
the answer carried no bounds and no warning in 2021-2024, so the state's own figure was
invisible. From generation 12 the bounds reach it and a warning names both and the gap.
"""

from __future__ import annotations

from dataclasses import replace

from .. import caveats
from ..records import Resolution, Zone
from .index import FactorIndex

#: Warning of an answer from the serving grid that differs from the area's own figure.
SERVED_AREA = "SERVED AREA"
#: Above this relative gap (either way) the warning is given; the bounds reach it always.
GAP = 0.25


def own_figure_reach(idx: FactorIndex, res: Resolution, zone: Zone) -> Resolution:
    """Rule P2 (module doc): ``res`` from ``zone``'s serving grid (or its wider areas) with
    bounds that reach ``zone``'s own same-year, same-basis value, and a ``SERVED AREA``
    warning when the two differ by more than ``GAP``."""
    f = res.factor
    if zone.type != "subnational" or not zone.grid_zone or f.subject == zone.id:
        return res
    own = idx.series(f.kind, zone.id, f.basis)
    mine = None if own is None else own.winners.get(f.year)
    if mine is None or mine.unit != f.unit or mine.value <= 0 or f.value <= 0:
        return res
    lo0 = f.value if f.low is None else f.low
    hi0 = f.value if f.high is None else f.high
    lo, hi = min(lo0, mine.value), max(hi0, mine.value)
    gap = mine.value / f.value - 1
    if (lo, hi) != (lo0, hi0):
        res = replace(res, factor=replace(f, low=lo, high=hi))
        if abs(gap) <= GAP:
            return caveats.add(
                res,
                f"bounds {lo:g}..{hi:g}: they reach {zone.id}'s own figure for {f.year} "
                f"({mine.value:g}, {mine.source}, {gap:+.0%} from {f.subject}'s) (rule P2)",
            )
    if abs(gap) <= GAP:
        return res
    return caveats.add(
        res,
        f"{SERVED_AREA}: {zone.id} {f.year} is answered with {f.subject}'s value "
        f"({f.value:g} {f.unit}, {f.source}), the mix of the grid that serves it; "
        f"{zone.id}'s own figure for the same year is {mine.value:g} ({mine.source}, "
        f"{gap:+.0%}), which rests on the plants inside {zone.id}; bounds {lo:g}..{hi:g} "
        "reach both (rule P2)",
    )
