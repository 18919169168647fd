"""Screen ``served-area-unbounded`` (w15 systematic pass over the sub-national grids).

A sub-national area mapped to the grid that serves it (a US state to its balancing
authority) is answered with that grid's value. Where the area's own figure of the same year
and basis (eGRID's state rate or the rule G1 estimate on it) differs by more than
``served_area.GAP`` and the answer's bounds leave it out, the disagreement is invisible to
the user: Vermont 2023 was served ISO New England's 286 g with no bounds and no warning while
its own figure is 22.39 g. Rule P2 (generation 12) closes it; the screen fails any answer
that still leaves the area's own figure out. A problem unless a ``keep`` note explains it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonfactors import bundles
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.resolve.served_area import GAP

from . import licensing
from .grid_screens import BASIS, KIND, GridFlag
from .resolved import FIRST_YEAR

RULE = "served-area-unbounded"


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """One flag per area and year whose served answer leaves its own figure out."""
    zones = [
        z
        for z in snapshot.get("zones", ())
        if z.get("type") == "subnational" and z.get("grid_zone")
    ]
    if not zones:
        return []
    ds = Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev")
    found = [f["year"] for f in snapshot.get("factors", ()) if f["kind"] == KIND]
    out: list[GridFlag] = []
    for z in zones:
        own = ds.index.series(KIND, z["id"], BASIS)
        if own is None:
            continue
        for y in range(FIRST_YEAR, max(found, default=FIRST_YEAR) + 1):
            mine = own.winners.get(y)
            if mine is None or mine.value <= 0:
                continue
            try:
                f = ds.resolve_grid(z["id"], y, BASIS).factor
            except CarbonFactorsError:
                continue
            if f.subject == z["id"] or f.value <= 0 or abs(mine.value / f.value - 1) <= GAP:
                continue
            lo = f.value if f.low is None else f.low
            hi = f.value if f.high is None else f.high
            if lo <= mine.value <= hi:
                continue
            out.append(
                GridFlag(
                    RULE,
                    f.id,
                    f"{z['id']} {y} answered with {f.subject}'s {f.value:g} [{lo:g}..{hi:g}] "
                    f"although its own figure for the year is {mine.value:g} ({mine.source}, "
                    f"{mine.value / f.value - 1:+.0%}): the bounds must reach it (rule P2)",
                )
            )
    return out
