"""Screen ``grid-method-bounds`` (w13 systematic pass; audit 1796630035 a-O4, a-O6).

A lookup of a sub-national zone or cloud region for a year before its zone's Electricity
Maps 2021-2025 series (its later methodology) is listed when its answer

* is a value of the older export (the methodology of 2021) with no bounds: PJM 2019's
  383.11 for US-WV, North Norway 2015-2019 (54-71 g against 29 from 2021), centre-south
  Brazil 2018-2019 for three Azure/AWS regions and ``gcp:southamerica-east1``; the importer
  bounds them by the reading on the later methodology (``_em_archive_step.bound``);
* is a state estimate (rule G1) with no bounds while the state's own series follows:
  Alaska 2020, 381.8 against 513 from 2021; the importer bounds it by that series' level
  (``us_state_estimates.own_bounds``);
* is not the zone's own full-year value of the year asked and its bounds leave out the
  zone's own part-year average of that year: California 2020, 264.58 on 186.62..278 while
  California ISO's January-April 2020 average is 297.77; generation 10's rule
  (``carbonfactors.resolve.method_reach.same_year_parts``) reaches it.

A problem until a reviewer keeps it in ``factors/screens.yaml`` (rule and the resolved
factor's id) with a note; it never excludes a value. Judged on the ``full`` bundle.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonfactors import bundles
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.resolve.grid_notes import METHOD_SWITCHES, PARTIAL

from . import licensing
from .grid_screens import BASIS, KIND, GridFlag
from .resolved import FIRST_YEAR

RULE = "grid-method-bounds"
OLDER = frozenset(o for o, _n in METHOD_SWITCHES)
NEWER = frozenset(n for _o, n in METHOD_SWITCHES)


def _later_start(ds: Dataset, zid: str) -> int | None:
    """The first year of ``zid``'s own series on the later methodology, if any."""
    s = ds.series(KIND, zid, BASIS)
    years = [y for y in (s.years if s else []) if s and s.winners[y].source in NEWER]
    return years[0] if years else None


def _judge(ds: Dataset, zid: str, y: int) -> str | None:
    try:
        res = ds.resolve_grid(zid, y, BASIS)
    except CarbonFactorsError:
        return None
    f = res.factor
    if f.low is None and f.source in OLDER and (_later_start(ds, f.subject) or 0) > y:
        return f"{zid} {y} is {f.subject}'s {f.value:g} ({f.source}, an older methodology) with no bounds"
    if (
        f.low is None
        and (f.method or "").startswith("ESTIMATE")
        and (_later_start(ds, f.subject) or 0) > y
    ):
        return f"{zid} {y} is the estimate {f.value:g} with no bounds while {f.subject}'s own series follows"
    zone = ds.index.zones[zid]
    own = [zid] + ([zone.grid_zone] if zone.grid_zone else [])
    if f.year == y and f.subject in own and f.source != "carbonfactors-derived":
        return None
    missed = [
        g
        for z in own
        for g in ds.index.subject(z).excluded.get((KIND, BASIS), ())
        if (g.excluded or "").startswith(PARTIAL)
        and g.year == y
        and g.unit == f.unit
        and not f.lo <= g.value <= f.hi
    ]
    if missed:
        named = ", ".join(f"{g.subject} {g.value:g} ({g.period})" for g in missed)
        return f"{zid} {y} is {f.value:g} [{f.lo:g}..{f.hi:g}], leaving out the zone's own part-year value of {y}: {named}"
    return None


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """Every lookup of the ``full`` bundle's sub-national zones and cloud regions for a year
    before its zone's later-methodology series that the module doc lists."""
    ds = Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev")
    out: list[GridFlag] = []
    for zid, zone in sorted(ds.index.zones.items()):
        if zone.type not in ("subnational", "cloud_region"):
            continue
        starts = [s for s in (_later_start(ds, z) for z in (zid, zone.grid_zone) if z) if s]
        for y in range(FIRST_YEAR, max(starts, default=FIRST_YEAR)):
            why = _judge(ds, zid, y)
            if why is not None:
                out.append(GridFlag(RULE, ds.resolve_grid(zid, y, BASIS).factor.id, why))
    return out
