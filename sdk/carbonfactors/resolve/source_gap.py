"""Sources disagree (audit 1796647084, class a-S1; rules generation 13).

A grid answer follows its zone's default series (one series per zone), while another source
on file for the same zone, basis and year may give a very different figure: Bahrain 2025 was
answered with Ember's 2024 value, 902.24 g, bounds reaching Electricity Maps' 488, and said
only STALE, although its two sources differ by a factor 1.85 (the gap is explained in
``factors/screens.yaml`` for the validator, but a reader sees the warnings). An answer whose
row's zone has another source's value, for the row's year or the year asked, more than
``RATIO`` times apart from the answer's now says so, naming that value and whether the
bounds reach it. No value or bound changes.
"""

from __future__ import annotations

from dataclasses import replace

from ..records import Factor, Resolution
from .index import DEFAULT_GRID_BASIS, FactorIndex

#: Prefix of the warning.
DISAGREE = "SOURCES DISAGREE"
#: Two sources this many times apart are said (the audit's "bounds span more than 1.5x").
RATIO = 1.5


def _others(idx: FactorIndex, f: Factor, year: int | None) -> list[Factor]:
    """Other sources' values for the row's zone and basis in the row's year or the year asked."""
    years = dict.fromkeys((f.year, year if year is not None else f.year))
    out: list[Factor] = []
    for source, series in idx.subject(f.subject).by_source.get(
        (f.kind, f.basis or DEFAULT_GRID_BASIS), ()
    ):
        if source == f.source:
            continue
        for y in years:
            g = series.winners.get(y)
            if g is not None and g.unit == f.unit and min(g.value, f.value) > 0:
                if max(g.value, f.value) / min(g.value, f.value) > RATIO:
                    out.append(g)
                    break
    return out


def sources_disagree(idx: FactorIndex, res: Resolution, year: int | None) -> Resolution:
    """Sources disagree (module doc): one warning per other source far from the answer."""
    f = res.factor
    if f.kind != "grid_intensity":
        return res
    lines = []
    for g in _others(idx, f, year):
        ratio = max(g.value, f.value) / min(g.value, f.value)
        reach = "the bounds reach it" if f.lo <= g.value <= f.hi else "no bound reaches it"
        lines.append(
            f"{DISAGREE}: {g.source} gives {g.subject} {g.year} {g.value:g} {g.unit}, "
            f"{ratio:.2f}x this answer's {f.value:g} ({f.source} {f.year}); the answer keeps "
            f"the zone's default series and {reach}"
        )
    new = tuple(x for x in lines if x not in res.caveats)
    if not new:
        return res
    return replace(res, caveats=res.caveats + new, steps=res.steps + new)
