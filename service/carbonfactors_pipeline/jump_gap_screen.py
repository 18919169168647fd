"""Screen ``grid-jump-across-gap`` (w15 systematic pass over the sub-national grids).

A sub-national series' JUMP warning compared a year with the year before only. Where that
year's value was screened out (Tasmania 2023's 90 g, a jump from 2022's 27 g), the next kept
year (2024: 133 g, +393% on 2022) was served with no warning at all; Brazil's Northeast 2023
(43 g after 2021's 156 g, 2022 screened out) the same. Rules generation 12 compares across
one missing year; the screen fails any such answer still served without a ``JUMP`` warning.
A problem unless a ``keep`` note in ``factors/screens.yaml`` explains it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonfactors import bundles
from carbonfactors.caveats import JUMP, SUB_JUMP_MIN_ABS, SUB_JUMP_RATIO
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError

from . import licensing
from .grid_screens import BASIS, KIND, GridFlag

RULE = "grid-jump-across-gap"


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """One flag per sub-national zone-year (module doc)."""
    ds = Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev")
    out: list[GridFlag] = []
    for zone in sorted(ds.zones.values(), key=lambda z: z.id):
        if zone.type != "subnational":
            continue
        s = ds.index.series(KIND, zone.id, BASIS)
        if s is None:
            continue
        for y in s.years:
            f, before = s.winners[y], s.winners.get(y - 2)
            if y - 1 in s.winners or before is None or before.source != f.source:
                continue
            a, b = before.value, f.value
            if (
                min(a, b) <= 0
                or abs(b - a) < SUB_JUMP_MIN_ABS
                or max(a, b) / min(a, b) < SUB_JUMP_RATIO
            ):
                continue
            try:
                res = ds.resolve_grid(zone.id, y, BASIS)
            except CarbonFactorsError:
                continue
            if res.factor.id != f.id or any(w.startswith(JUMP) for w in res.warnings):
                continue
            out.append(
                GridFlag(
                    RULE,
                    f.id,
                    f"{zone.id} {y} served {b:g} after {a:g} in {y - 2} ({b / a - 1:+.0%}; "
                    f"{y - 1} has no kept value) with no {JUMP} warning",
                )
            )
    return out
