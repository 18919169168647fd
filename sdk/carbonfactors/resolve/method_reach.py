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
* **Same-year ratio** (generation 11, audit 1796636393 a-B1, a-O3): the older method's
  warning gives the two methodologies' ratio in the year both cover, as the importer states
  it in the row's method (``same_year_ratio``), before the later series' first value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .. import caveats
from ..records import Factor, Resolution
from .grid_notes import METHOD_STEP, METHOD_SWITCHES, PARTIAL, _own_of_year, _widen
from .index import FactorIndex

OLDER = frozenset(o for o, _n in METHOD_SWITCHES)


#: How the importer states the overlap year's ratio in an export row's method
#: (``carbonfactors_pipeline.importers._em_archive_step``: ``bound`` and ``rescale``).
_RATIO = re.compile(
    r"times (\d+(?:\.\d+)?), the ratio of the 2021-2025 series to this export in "
    r"(\d{4}): (\d+(?:\.\d+)?) against (\d+(?:\.\d+)?) on ([\d,]+) hours"
)

#: How an export row's method says no overlap year gives the methodologies' ratio
#: (``_em_archive_step.bound``, ``electricitymaps_archive._part_year``; generation 12).
NO_RATIO = "no overlap year gives the two methodologies' ratio"
#: How a rescaled export row's method says it is centred on the later methodology.
_CENTRED = "Centred on the later methodology"


def same_year_ratio(f: Factor) -> tuple[float, str] | None:
    """(later / older methodology in the year both cover, how it reads) from an export row's
    method, or None where the importer stated no overlap ratio (generation 11, audit
    1796636393 a-B1/a-O3)."""
    m = _RATIO.search(f.method or "")
    if m is None:
        return None
    r = float(m.group(1))
    tail = (
        "the value is already centred on it"
        if _CENTRED in (f.method or "")
        else f"{f.year} reads about {f.value * float(m.group(3)) / float(m.group(4)):.2f} on it"
    )
    return r, (
        f"in {m.group(2)}, the year both cover, the later methodology reads the zone "
        f"{r:.4f}x the older ({m.group(3)} against {m.group(4)} on {m.group(5)} hours), so "
        f"{tail}"
    )


def _same_year_line(f: Factor) -> str | None:
    found = same_year_ratio(f)
    if found is None:
        return None
    return f"{METHOD_STEP} (same year): {f.subject} {f.year} ({f.value:g}, {f.source}): {found[1]}"


def older_method(idx: FactorIndex, res: Resolution) -> Resolution:
    """Older method (module doc): said once, unless generation 3's rule said it already.
    From generation 11 the warning gives the two methodologies' same-year ratio (the
    importer's overlap year), since the asked year against the later series' first year
    can hide a real step (IT-SAR 2015: +1% against 583 in 2021, while the same-year ratio
    is 1.2166) or report a drift as one."""
    f = res.factor
    if any(w.startswith(METHOD_STEP) for w in res.warnings):
        if idx.rules >= 11 and f.source in OLDER and (line := _same_year_line(f)):
            return caveats.add(res, line)
        return res
    s = idx.series(f.kind, f.subject, f.basis)
    if idx.rules >= 14 and f.source == caveats.DERIVED_SOURCE and s is not None:
        # Generation 14 (audit 1796655557 a-SM): a value rule G3 (or G3b from the REACH
        # year) scales from the zone's first own row says that row's methodology step too
        # (ES-IB-MA 2015-2018 rest on its 2019 row of the 2021 export)
        nxt = [s.winners[y] for y in s.years if y > f.year][:1]
        if nxt and nxt[0].source in OLDER and f.id.endswith(":scaled"):
            probe = older_method(idx, replace(res, factor=nxt[0], caveats=()))
            return caveats.add(res, *probe.caveats)
    newer = {n for o, n in METHOD_SWITCHES if o == f.source}
    if s is None or not newer:
        return res
    later = [s.winners[y] for y in s.years if y > f.year and s.winners[y].source in newer]
    if not later or later[0].unit != f.unit or min(later[0].value, f.value) <= 0:
        return res
    g = later[0]
    step = g.value / f.value - 1
    bounds = f", bounds {f.lo:g}..{f.hi:g}" if f.low is not None else ""
    found = same_year_ratio(f) if idx.rules >= 11 else None
    if found is not None:
        return caveats.add(
            res,
            f"{METHOD_STEP}: {f.subject} {f.year} ({f.value:g}{bounds}) is from {f.source}, an "
            f"older methodology of one producer: {found[1]}; the zone's series on the later "
            f"one ({g.source}) opens at {g.value:g} in {g.year}, {step:+.0%} from this value",
        )
    # Generation 12 (audit 1796642882 a-P2): where the importer found no overlap year, the
    # row's method gives no reading on the later methodology; say that instead.
    unread = idx.rules >= 12 and NO_RATIO in (f.method or "")
    return caveats.add(
        res,
        f"{METHOD_STEP}: {f.subject} {f.year} ({f.value:g}{bounds}) is from {f.source}, an "
        f"older methodology of one producer; the zone's series on its later one ({g.source}) "
        f"opens at {g.value:g} in {g.year}, {step:+.0%} from it, so the two are not like for "
        + (
            "like (the value's method gives no reading on the later methodology, no overlap "
            "year giving their ratio; its bounds reach the later series' first value)"
            if unread
            else "like (the value's method gives the reading on the later methodology)"
        ),
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
