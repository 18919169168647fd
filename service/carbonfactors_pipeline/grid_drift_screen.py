"""Screen ``grid-wider-drift`` (audit 2026-12-07 seed 1796621837, class a-W1).

A lookup of a zone for a year beyond rule G3's reach before its own series (from
``resolved.FIRST_YEAR``) answered with a wider area's value is listed when that value lies more than ``TOLERANCE`` from
the wider area's value that year times the zone's ratio to the wider area in its first own
years (``carbonfactors.resolve.drift.first_ratio``: the median of its first two years in
common, years where the wider area has a value from the zone's own source first, so that one
producer's method is set against itself). Release
2028.01 answered US-SW-TEPC (Tucson Electric Power) 2015 with the US mean 504.9 g because
the median of its ratio to the US over all years (1.27) lay inside rule G3b's band, while its
first own full year was 1.58x the US (694.86 against 439.45, two producers' methods) and
2021-2022 1.47x and 1.42x (Electricity Maps' own US): 504.9 x 1.44 = 728, and the answer was
31% below it (37% by the cross-method 1.58). Rule G3c (``carbonfactors.resolve.drift``) centres such lookups on
the first years' ratio; what it leaves (a zone whose series, or the wider area's, changes
so that a wider area's plain value again stands for a drifted zone) is caught here. A zone
like its wider area by one producer's values for both is judged by its first years against
the wider area's served series (``drift.served_ratio``, generation 10): where the two
producers' levels differ, the plain value stepped to rule G3's year by up to 47% (SE-SE3
2019 42.34, 2020 22.26). Answers
that are the zone's own (rule G3b's first value carried back flat for a zone unlike its
wider area, rule G3c's scaled value) are not judged here (``grid-wider-far`` and G3b's
bounds cover them).

Judged on the ``full`` bundle (the only one holding sub-national series); it never excludes
a value, and a reviewer keeps a flag in ``factors/screens.yaml`` (rule and the resolved
factor's id) with a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonfactors import bundles
from carbonfactors.dataset import Dataset
from carbonfactors.resolve import drift
from carbonfactors.resolve.parent_twin import PARENT_TWIN

from . import licensing
from .grid_screens import GridFlag, far_back_answers

RULE = "grid-wider-drift"
#: How far (relative) a far-back centre may lie from the wider area's value times the
#: zone's first-year ratio (the audit's threshold).
TOLERANCE = 0.25


def _drift(ds: Dataset, zid: str) -> list[GridFlag]:
    out: list[GridFlag] = []
    for grid, s, y, res in far_back_answers(ds, zid):
        w = res.factor
        if w.value <= 0 or any(c.startswith(PARENT_TWIN) for c in res.caveats):
            # an isolated parent twin (generation 12, audit 1796642882 a-I1) takes its
            # parent's value by design: the ratio is a gap between producers, said there
            continue
        found = drift.first_ratio(
            drift.year_ratios(ds.index, grid, w, True) or drift.year_ratios(ds.index, grid, w)
        )
        if found is None:
            continue
        ratio, years = found
        if drift.NEAR_LOW <= ratio <= drift.NEAR_HIGH:
            # like its wider area by one producer: judged against the served series
            # (generation 10, ``drift.served_ratio``; module doc)
            found = drift.served_ratio(ds.index, grid, w, years, s.years[0], y)
            if found is None:
                continue
            ratio, years = found
        expected = w.value * ratio
        if abs(w.value / expected - 1) <= TOLERANCE:
            continue
        out.append(
            GridFlag(
                RULE,
                w.id,
                f"{zid} {y} resolves to {w.value:g}, {w.value / expected - 1:+.0%} from "
                f"{w.subject}'s {y} value ({w.value:g}) times {grid}'s ratio to it in its "
                f"first own years ({', '.join(map(str, years))}: {ratio:.2f}), i.e. "
                f"{expected:.0f}: the centre does not follow the zone's standing nearest the "
                "year asked",
            )
        )
    return out


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """Every far-back lookup of the ``full`` bundle's sub-national zones and cloud regions
    whose centre is more than ``TOLERANCE`` from the first-year-ratio value (module doc)."""
    ds = Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev")
    out: list[GridFlag] = []
    for zid, zone in sorted(ds.index.zones.items()):
        if zone.type in ("subnational", "cloud_region"):
            out += _drift(ds, zid)
    return out
