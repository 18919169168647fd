"""An isolated grid that is its parent's bulk takes the parent's value (rules generation 12).

Audit 1796642882 a-I1 (#10): the Faroe Main Islands (FO-MI) were refused for 2019 because
an isolated grid never takes a wider area's value (``grid._refuse_for_isolated``), although
they are nearly all of the Faroese system: Electricity Maps reads FO-MI within 1% of FO in
all five years both have (542/561/528/491/546 against 543/566/523/493/549), so Ember's FO
2019 value (394.74) is a cited value for the same grid. The refusal's reason ("the wider
area's value does not stand for it") was false for it.

Rule: an isolated zone whose own series and its parent's, from one source, agree within
``BAND`` in every year they share (at least ``MIN_COMMON`` years) is its parent's *twin*;
before its own series starts the parent's value stands in (no refusal, and no rescaling by
rule G3c: the twin ratio is about 1, any other ratio is a gap between producers). The
answer says so (PARENT TWIN) with the ratios and, where the parent's served series is
another producer's, the producers' gap in their first common year; its bounds reach the
zone's own first value. The South Island (FO-SI, up to 12% off FO) stays refused.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..records import Factor, Resolution, Zone
from .index import FactorIndex

#: Every common year's zone/parent ratio lies within 1 +/- BAND.
BAND = 0.05
#: Fewer common years than this are no evidence of a twin.
MIN_COMMON = 3
PARENT_TWIN = "PARENT TWIN"


@dataclass(frozen=True)
class Twin:
    """Evidence that an isolated zone is its parent's bulk."""

    zone: str
    parent: str
    source: str
    years: tuple[tuple[int, float, float], ...]  # (year, zone value, parent value)

    def text(self) -> str:
        pairs = ", ".join(f"{y} {z:g} against {p:g}" for y, z, p in self.years)
        lo = min(z / p for _y, z, p in self.years)
        hi = max(z / p for _y, z, p in self.years)
        return f"{self.source}: {pairs} (ratio {lo:.3f}..{hi:.3f}, within {BAND:.0%} every year)"


def _by_source(idx: FactorIndex, subject: str, basis: str) -> dict[str, dict[int, Factor]]:
    """A subject's grid values per source and year (winners and losers alike)."""
    out: dict[str, dict[int, Factor]] = {}
    s = idx.series("grid_intensity", subject, basis)
    if s is None:
        return out
    for y in s.years:
        for f in (s.winners[y], *s.losers.get(y, ())):
            if not f.period:  # full years only
                out.setdefault(f.source, {}).setdefault(y, f)
    return out


def twin(idx: FactorIndex, zone: Zone, basis: str) -> Twin | None:
    """The evidence that isolated ``zone`` is its parent's twin, or None (module doc)."""
    if not (zone.isolated and zone.parent and zone.parent in idx.zones):
        return None
    mine, theirs = _by_source(idx, zone.id, basis), _by_source(idx, zone.parent, basis)
    for source in sorted(set(mine) & set(theirs)):
        common = sorted(set(mine[source]) & set(theirs[source]))
        rows = tuple((y, mine[source][y].value, theirs[source][y].value) for y in common)
        if len(rows) >= MIN_COMMON and all(p > 0 and abs(z / p - 1) <= BAND for _y, z, p in rows):
            return Twin(zone.id, zone.parent, source, rows)
    return None


def twin_answer(idx: FactorIndex, res: Resolution, found: Twin, basis: str) -> Resolution:
    """``res`` (the parent's value) with the PARENT TWIN line and bounds reaching the zone's
    own first value; the producers' gap is named where the answer is another producer's."""
    f = res.factor
    first_year, zone_first, parent_first = found.years[0]
    gap = ""
    if f.source != found.source:
        other = _by_source(idx, found.parent, basis).get(f.source, {}).get(first_year)
        if other is not None and other.value > 0:
            gap = (
                f"; the producers differ: {found.source} reads {found.parent} {parent_first:g} "
                f"in {first_year} against {f.source}'s {other.value:g} "
                f"({parent_first / other.value - 1:+.0%}), so the bounds reach the zone's own "
                f"first value {zone_first:g} ({first_year})"
            )
    lo, hi = min(f.lo, zone_first), max(f.hi, zone_first)
    line = (
        f"{PARENT_TWIN}: {found.parent}'s value ({f.value:g} {f.unit}, {f.source}, {f.year}) "
        f"stands for {found.zone}, an isolated grid that is nearly all of {found.parent}'s "
        f"system: {found.zone}'s own series agrees with {found.parent}'s within {BAND:.0%} in every common year "
        f"({found.text()}){gap}; bounds {lo:g}..{hi:g}"
    )
    factor = replace(f, low=lo, high=hi) if (lo, hi) != (f.lo, f.hi) else f
    return replace(res, factor=factor, caveats=res.caveats + (line,), steps=res.steps + (line,))
