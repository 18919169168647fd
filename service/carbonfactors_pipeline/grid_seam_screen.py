"""Screen ``grid-series-seam`` (audit 2026-12-07 seed 1796655557, class a-SM).

Rule G3 answers the one year before a zone's own series (``own_years.REACH``) with its first
own value scaled by the wider area's change; rule G3b carries a value back flat beyond it,
for a zone unlike its wider area. Up to rules generation 13 G3b carried the first own value,
so where the wider area moved in the REACH year the two neighbouring answers stepped against
each other: Mallorca (ES-IB-MA) 2017 513.17, 2018 605.1 (+17.9%), 2019 513.17, while Spain
fell 329 → 291 → 247 (48 such seams in ``factors/resolved/grid.tsv`` of release 2028.06,
5 stepping more than 10%, all Spanish islands). Generation 14 (``resolve.seam``) carries the
REACH year's answer back instead where the wider area's direction supports it.

Listed: a zone whose year before rule G3's (``REACH + 1`` before its series) is answered by
rule G3b, and whose G3 year differs from it by more than ``STEP``, in the direction opposite
to the wider area's change between the two years (or with no change of the wider area).
A step in the wider area's direction is what rule G3's scaling means and is not listed.
Rule G3c's centres (``drift``: the wider area's value times a ratio) are judged by
``grid-wider-drift``, not here.

Judged on the ``full`` bundle (the only one holding sub-national series); it never excludes
a value, and a reviewer keeps a flag in ``factors/screens.yaml`` (rule and the flagged
answer's factor id) with a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonfactors import bundles
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.records import Resolution
from carbonfactors.resolve.grid import grid_chain
from carbonfactors.resolve.own_years import REACH

from . import licensing
from .grid_screens import BASIS, KIND, GridFlag, _own_grid
from .resolved import FIRST_YEAR

RULE = "grid-series-seam"
#: The audit's threshold: a step between the two neighbouring answers above this (relative).
STEP = 0.10


def _answer(ds: Dataset, zid: str, year: int) -> Resolution | None:
    try:
        return ds.resolve_grid(zid, year, BASIS)
    except CarbonFactorsError:
        return None  # refused (an isolated grid): no seam to judge


def _wider(
    ds: Dataset, zid: str, own: set[str], years: tuple[int, int]
) -> tuple[str, float, float]:
    """The first wider area along the zone's chain with a value for both years (what rules
    G3 and G3b scale by or stand against), with those values; ("", 0, 0) without one."""
    for z, _role in grid_chain(ds.index, ds.index.zones[zid]):
        s = None if z in own else ds.series(KIND, z, BASIS)
        if s is not None and all(y in s.winners for y in years):
            return z, s.winners[years[0]].value, s.winners[years[1]].value
    return "", 0.0, 0.0


def _seam(ds: Dataset, zid: str) -> list[GridFlag]:
    grid = _own_grid(ds, zid)
    s = None if grid is None else ds.series(KIND, grid, BASIS)
    if grid is None or s is None or not s.years:
        return []
    r = s.years[0] - REACH
    y = r - 1
    if y < FIRST_YEAR:
        return []
    near, far = _answer(ds, zid, r), _answer(ds, zid, y)
    if near is None or far is None or far.factor.value <= 0:
        return []
    if not (near.factor.subject == grid and near.factor.id.endswith(":scaled")):
        return []  # the REACH year is not rule G3's scaled value
    if not (far.factor.subject == grid and any(x.startswith("rule G3b:") for x in far.steps)):
        return []  # the year before is not carried back by rule G3b
    step = near.factor.value / far.factor.value - 1
    wider, wy, wr = _wider(ds, zid, {zid, grid}, (y, r))
    if abs(step) <= STEP or step * (wr - wy) > 0:
        return []
    moved = f"{wider} {wy:g} → {wr:g}" if wider else "no wider value for both years"
    return [
        GridFlag(
            RULE,
            far.factor.id,
            f"{zid} {y} resolves to {far.factor.value:g} (rule G3b) and {r} to "
            f"{near.factor.value:g} (rule G3), a step of {step:+.1%} against the wider area's "
            f"change ({moved}): the series steps at the seam between the two rules",
        )
    ]


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """Every seam between rules G3b and G3 of the ``full`` bundle's sub-national zones and
    cloud regions that steps more than ``STEP`` against the wider area (module doc)."""
    ds = Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev")
    out: list[GridFlag] = []
    for zid, zone in sorted(ds.index.zones.items()):
        if zone.type in ("subnational", "cloud_region"):
            out += _seam(ds, zid)
    return out
