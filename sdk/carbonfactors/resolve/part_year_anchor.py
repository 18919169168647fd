"""Rules generation 18 (audit 1796682238 a-C1): a part year is no anchor for other years.

Rules G3 (the year before a zone's series, its first own value scaled by the wider area's
change) and G3b (years beyond, that answer or the first value carried back flat) anchor on
the zone's first own value. Since audit 1796613359 a-P1 an Electricity Maps average over at
least half a year is filed as that year's value (``grid_notes.PART_YEAR``): the zone's own
evidence for the year. It is not evidence for the years it is carried to: one season's mix
travels with it. Idaho Power (US-NW-IPCO) opens with a 2018 average over about April to
December (6,473 hours: the spring run-off, no winter), 320.91, while its first full year,
2019, reads 392.05 on the same method (22% above); US-ID 2015-2017 were 325.35
[88.64..395.67], the part year scaled and carried, below every full year the zone has.

So where the first own value is a part-year row and the zone's next year (within
``own_years.REACH`` of it) is a full-year row from the same producer lying more than
``FAR`` from it (relative to the nearer), rules G3 and G3b take that full year as the anchor:
the year before the series is the full year scaled by the wider area's change from its year
(the span is one year longer than REACH, but it passes over a year the zone has its own
reading of, which stays a bound), and years beyond carry that answer back under rule G3b's
seam test (``seam.carry``). The part-year reading stays a bound and is named (``PART-YEAR
ANCHOR``). Closer pairs keep the part year as the anchor (within 20% a season's bias is not
told from a year's change: Kyushu's part years lie 13% from the next). The part-year row
still answers its own year (rule a-P1).
"""

from __future__ import annotations

from ..records import Factor
from .grid_notes import PART_YEAR
from .index import FactorIndex

#: The rules generation that anchors carries on the first full year (``snapshot.RULES``).
GENERATION = 18
#: How far (relative to the nearer) the first full year must lie from the part year.
FAR = 0.20
PART_ANCHOR = "PART-YEAR ANCHOR"


def is_part_year(f: Factor) -> bool:
    """Whether ``f`` is a part-year row filed as its year's value (``grid_notes.PART_YEAR``)."""
    return (f.period or "").startswith(PART_YEAR)


def full_anchor(idx: FactorIndex, first: Factor, reach: int) -> Factor | None:
    """The zone's first full-year row to anchor carries on instead of ``first`` (module doc),
    or None where ``first`` is a full year, or no full year of the same producer follows
    within ``reach`` years, or it lies within ``FAR`` of ``first``."""
    if idx.rules < GENERATION or not is_part_year(first) or first.value <= 0:
        return None
    s = idx.series(first.kind, first.subject, first.basis)
    if s is None:
        return None
    for y in range(first.year + 1, first.year + reach + 1):
        c = s.winners.get(y)
        if c is None or c.unit != first.unit or c.value <= 0:
            continue
        if is_part_year(c) or c.source != first.source:
            return None
        if abs(c.value - first.value) / min(c.value, first.value) <= FAR:
            return None
        return c
    return None


def line(first: Factor, full: Factor) -> str:
    """The warning that names the part-year reading the answer is no longer anchored on."""
    gap = abs(full.value - first.value) / min(full.value, first.value)
    return (
        f"{PART_ANCHOR}: {first.subject}'s first own value, {first.year} ({first.value:g}, "
        f"{first.source}, {first.period}), covers part of the year and lies {gap:.0%} from its "
        f"first full year, {full.year} ({full.value:g}, same producer): one season's mix is "
        f"not carried to other years, so the full year anchors the answer and the part-year "
        f"reading is kept as a bound (rule G3, generation {GENERATION})"
    )
