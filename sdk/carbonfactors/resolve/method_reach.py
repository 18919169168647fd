"""What a grid answer says about a zone's other readings of its own year and method (rules
generation 10, w13 systematic pass over the grid defaults; audit 1796630035 a-O4, a-O6).

* **Older method** (a-O6): an answer from Electricity Maps' 2021 export (its methodology of
  2021) for a zone whose series later switches to the 2021-2025 series (its later
  methodology) says ``METHOD STEP`` even where the switch is not the next year on file
  (North Norway 2016, 60.26 g, against 29 from 2021: generation 3's rule only spoke for the
  year next to the switch) or the step is under ``grid_notes.STEP`` (PJM 2019, 383.11 against
  439): the two readings are not like for like, and the value's bounds (the importer's,
  ``_em_archive_step.bound``) reach the reading on the later methodology.
* **Same-year part years** (a-O4): an answer that is not the zone's own full-year value of
  the year asked (a line drawn across a gap, a value carried, a wider area's) has bounds
  that reach the zone's own part-year averages of that year, hours named (California ISO
  2020: the line 251.17..278 gives 264.58 while its own January-April 2020 average is 297.77,
  kept out of defaults by the ``partial-year`` screen but evidence of that year). A cloud
  region's own published figure of the year is its own value and is left as it is: its grid
  zone's season average is another measure (rule P reaches that zone's full-year value).
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import caveats
from ..records import Resolution
from .grid_notes import METHOD_STEP, METHOD_SWITCHES, PARTIAL, _own_of_year, _widen
from .index import FactorIndex


def older_method(idx: FactorIndex, res: Resolution) -> Resolution:
    """Older method (module doc): said once, unless generation 3's rule said it already."""
    f = res.factor
    if any(w.startswith(METHOD_STEP) for w in res.warnings):
        return res
    s = idx.series(f.kind, f.subject, f.basis)
    newer = {n for o, n in METHOD_SWITCHES if o == f.source}
    if s is None or not newer:
        return res
    later = [s.winners[y] for y in s.years if y > f.year and s.winners[y].source in newer]
    if not later or later[0].unit != f.unit or min(later[0].value, f.value) <= 0:
        return res
    g = later[0]
    step = g.value / f.value - 1
    bounds = f", bounds {f.lo:g}..{f.hi:g}" if f.low is not None else ""
    return caveats.add(
        res,
        f"{METHOD_STEP}: {f.subject} {f.year} ({f.value:g}{bounds}) is from {f.source}, an "
        f"older methodology of one producer; the zone's series on its later one ({g.source}) "
        f"opens at {g.value:g} in {g.year}, {step:+.0%} from it, so the two are not like for "
        "like (the value's method gives the reading on the later methodology)",
    )


def same_year_parts(
    idx: FactorIndex, res: Resolution, own: Sequence[str], year: int | None
) -> Resolution:
    """Same-year part years (module doc)."""
    f = res.factor
    if year is None or _own_of_year(f, own, year):
        return res
    found = [
        g
        for z in own
        for g in idx.subject(z).excluded.get((f.kind, f.basis), ())
        if (g.excluded or "").startswith(PARTIAL) and g.year == year
    ]
    return _widen(res, found, f"the zone's own part-year averages of {year}, the year asked")
