"""Rules generation 18 (audit 1796674267 a-P2): a gap year's own part-year reading.

Rule G3 bridges a gap in a zone's own series with the straight line between its own values
on either side. Shikoku (JP-SK) 2019 was the line 572.65 [463.78..617] between its 2018
(550.48) and 2021 values, while Electricity Maps' own reading of 2019 on 4,175 hours (just
under the half-year line ``grid_notes.PART_YEAR_HOURS``, 4,380, so screened ``partial-year``
and a bound only) lay 19% below it. A reading of most of the year asked is better evidence of
its level than a line drawn through other years: where it covers at least ``MIN_SHARE`` of
the year's hours and lies more than ``FAR`` (relative to the nearer of the two) from the
line, the answer is centred on it, the line kept as a bound, said PART YEAR. Closer
readings keep the line (a season's bias can reach a third under half a year, Kyushu 2020).
No method-overlap rescaling is applied: the part-year readings and the anchors come from
the producer's own series and a step between its methodologies is said elsewhere
(METHOD STEP).
"""

from __future__ import annotations

import re

from ..records import Factor
from .grid_notes import PARTIAL
from .index import FactorIndex

GENERATION = 18
#: The share of a year's hours a part-year reading must cover to centre a gap year.
MIN_SHARE = 0.40
#: How far (relative to the nearer) the reading must lie from the line to take the centre.
FAR = 0.20
PART_YEAR_GAP = "PART YEAR"
_HOURS = re.compile(r"([\d,]+) of ([\d,]+) hours")


def hours(g: Factor) -> tuple[int, int] | None:
    """(hours with data, hours of the year) from a part-year row's ``period``."""
    m = _HOURS.search(g.period or "")
    if m is None:
        return None
    return int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))


def reading(
    idx: FactorIndex, zone: str, basis: str | None, unit: str, year: int, line: float
) -> tuple[Factor, tuple[int, int]] | None:
    """The zone's own screened part-year reading of ``year`` that covers at least
    ``MIN_SHARE`` of its hours and lies more than ``FAR`` from ``line``, if any (the one
    with the most hours)."""
    best: tuple[Factor, tuple[int, int]] | None = None
    for g in idx.subject(zone).excluded.get(("grid_intensity", basis), ()):
        if g.year != year or g.unit != unit or not (g.excluded or "").startswith(PARTIAL):
            continue
        h = hours(g)
        if h is None or h[1] <= 0 or h[0] / h[1] < MIN_SHARE or g.value <= 0 or line <= 0:
            continue
        if abs(line - g.value) / min(line, g.value) <= FAR:
            continue
        if best is None or h[0] > best[1][0]:
            best = (g, h)
    return best


def method(line_method: str, g: Factor, h: tuple[int, int], line: float) -> str:
    """The method note of a gap year centred on its own part-year reading."""
    return (
        f"{PART_YEAR_GAP}: {g.subject} {g.year} is centred on its own reading of the year "
        f"({g.value:g}, {g.source}, {h[0]:,} of {h[1]:,} hours), which lies "
        f"{abs(line - g.value) / min(line, g.value):.0%} from the line through its own "
        f"neighbouring years ({line:.2f}); the line is kept as a bound (generation 18). "
        f"{line_method}"
    )
