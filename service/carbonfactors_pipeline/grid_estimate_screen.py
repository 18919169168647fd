"""Screen ``grid-estimate-own-ratio`` (audit 2026-12-07 seed 1796658609, class a-E1).

A US state's rule-G1 estimate (Ember's US x the state's eGRID 2016 rate over the US rate)
answers the years before the state's own series in the ``full`` bundle. Where that own
series (same zone, another source: Electricity Maps' US-HI and US-AK from 2021) stands, in
its first two years in common with the estimate, outside 0.8..1.25 of it
(``carbonfactors.resolve.drift.estimate_ratio``), the plain estimate is a centre the
project's own evidence calls biased: release 2028.07 answered US-HI 2018 with 705.24 g
while Hawaii's own values were 1.29-1.35x the estimate in every common year (834 against
646.04 in 2021), and the answer stepped +33% into 2021 (US-AK: 381.8 in 2020, 513 in
2021). Rule G1b (generation 15, ``drift.drifted_estimate``) scales such answers; a lookup
still answered by the plain estimate there is listed here (an older rules generation, or a
change that bypasses the rule).

Judged on the ``full`` bundle (the only one holding the states' own series); it never
excludes a value, and a reviewer keeps a flag in ``factors/screens.yaml`` with a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonfactors import bundles, caveats
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.resolve import drift

from . import licensing
from .grid_screens import BASIS, KIND, GridFlag
from .resolved import FIRST_YEAR

RULE = "grid-estimate-own-ratio"


def _estimated(ds: Dataset) -> set[str]:
    """Subjects with a rule-G1 estimate series and another source's series (same basis)."""
    out: set[str] = set()
    for zid in ds.index.zones:
        by_source = dict(ds.index.subject(zid).by_source.get((KIND, BASIS), []))
        if caveats.DERIVED_SOURCE in by_source and len(by_source) > 1:
            out.add(zid)
    return out


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """Every lookup of the ``full`` bundle answered by a plain rule-G1 estimate for a year
    before its zone's own series whose first common years' ratio to the estimate lies
    outside ``drift.NEAR_LOW``..``drift.NEAR_HIGH`` (module doc)."""
    ds = Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev")
    subjects = _estimated(ds)
    out: list[GridFlag] = []
    for zid, zone in sorted(ds.index.zones.items()):
        if zid not in subjects and zone.parent not in subjects:
            continue
        own = ds.series(KIND, zid if zid in subjects else str(zone.parent), BASIS)
        last = max(own.years) if own is not None and own.years else FIRST_YEAR
        for y in range(FIRST_YEAR, last):
            try:
                f = ds.resolve_grid(zid, y, BASIS).factor
            except CarbonFactorsError:
                continue
            found = drift.estimate_ratio(ds.index, f, y)
            if found is None or drift.NEAR_LOW <= found[0] <= drift.NEAR_HIGH:
                continue
            ratio, years, first = found
            out.append(
                GridFlag(
                    RULE,
                    f.id,
                    f"{zid} {y} resolves to {f.subject}'s rule G1 estimate {f.value:g}, while "
                    f"{f.subject}'s own series (from {first}) is {ratio:.2f}x the estimate in "
                    f"its first common years ({', '.join(map(str, years))}), outside "
                    f"{drift.NEAR_LOW:g}..{drift.NEAR_HIGH:g}: the scaled reading "
                    f"({f.value * ratio:.0f}) is {ratio - 1:+.0%} from the centre; rule G1b "
                    "scales it",
                )
            )
    return out
