"""Screens over a zone's own gaps and the same-year values a screen kept out (audit
2026-12-07 seed 1796611373, classes a-I1 and a-C1; rules generation 7). Judged on the
``full`` bundle within ``grid_derived_screens.flags``' pass over every zone and year (one
pass: each lookup is costly):

* ``grid-own-gap`` (a-I1): a lookup refused for a year between two of the zone's own default
  values at most ``own_years.GAP_REACH`` years away on both sides (the reach of rule G3's
  gap step). La Palma 2020, between its own 2019 (828.09) and 2021 (832), was refused as an
  isolated grid. ``resolve.isolated_gap`` bridges it. A problem.
* ``grid-screened-unnamed`` (a-C1): an answer not resting on a value of the year asked, or a
  refusal, whose warnings (its message) do not name a value of the year asked for the zone
  that a screen kept out of defaults (``screened.SCREENED_NAMED``). Kentucky 2015 carried
  2018's 905.49 back while its own 2015 estimate (988.27, above the lifecycle ceiling) was
  on file unsaid; Kosovo 2020 was refused as if nothing were on file. A problem.
* ``grid-part-year-kept`` (audit 1796613359 a-P1): an answer not resting on the zone's own
  value of the year asked, or a refusal, while the zone's own average over at least half of
  that year (``grid_notes.PART_YEAR_HOURS``) is kept out as a partial year. Kyushu 2017 was
  centred on its 2021 value carried back (309) while its own 2017 average on 4,559 hours
  (501.11, about 408 on the later methodology) served as a bound only. The Electricity Maps
  export's importer files such averages as the year's value (``part year``). A problem.
* ``grid-gap-part-year`` (audit 1796674267 a-P2, generation 18): rule G3's gap line for a
  year whose own part-year reading covers at least ``part_year_gap.MIN_SHARE`` of its hours
  and lies more than ``part_year_gap.FAR`` from it (Shikoku 2019: the line 572.65 against its
  own 463.78 on 4,175 hours). ``resolve.part_year_gap`` centres it on the reading. A problem.
* ``grid-isolated-reach`` (audit 1796674267 a-I2, generation 18): an isolated zone refused
  within ``own_years.REACH`` before its own series whose refusal names no figure on file for
  it (CA-NT 2020 against its own 2021 184 [184..200]). ``resolve.isolated_gap`` carries the
  first value where the figures agree and names them where not. A problem.
* ``grid-part-year-anchor`` (audit 1796682238 a-C1, generation 18): an answer carried back
  or scaled from a later year (rules G3, G3b) while the zone's first own value after the year
  asked is a part-year row and the zone's next year a full-year row of the same producer
  lying more than ``part_year_anchor.FAR`` from it, unless the answer says so
  (``PART-YEAR ANCHOR``). US-ID 2015 was Idaho Power's 2018 part year (320.91, 6,473 hours)
  scaled and carried back, 325.35, while its full 2019 reads 392.05.
  ``resolve.part_year_anchor`` anchors on the full year. A problem.
"""

from __future__ import annotations

import re

from carbonfactors.caveats import DERIVED_SOURCE
from carbonfactors.dataset import Dataset
from carbonfactors.records import Resolution
from carbonfactors.resolve import isolated_gap, part_year_anchor, part_year_gap
from carbonfactors.resolve.grid_notes import PART_YEAR, PART_YEAR_HOURS, PARTIAL
from carbonfactors.resolve.own_years import GAP_REACH
from carbonfactors.resolve.screened import screened

from .grid_screens import BASIS, KIND, GridFlag

OWN_GAP = "grid-own-gap"
UNNAMED = "grid-screened-unnamed"
PART_KEPT = "grid-part-year-kept"
GAP_PART = "grid-gap-part-year"
ISOLATED_REACH = "grid-isolated-reach"
PART_ANCHOR = "grid-part-year-anchor"
RULES = (OWN_GAP, UNNAMED, PART_KEPT, GAP_PART, ISOLATED_REACH, PART_ANCHOR)
_HOURS = re.compile(r"([\d,]+) (?:of [\d,]+ )?hours")
UNIT = "gCO2e/kWh"


def _own_gap(ds: Dataset, own: list[str], y: int) -> list[GridFlag]:
    for z in own:
        s = ds.index.series(KIND, z, BASIS)
        if s is None or y in s.years:
            continue
        before = [a for a in s.years if y - GAP_REACH <= a < y]
        after = [b for b in s.years if y < b <= y + GAP_REACH]
        if before and after:
            a, b = s.winners[before[-1]], s.winners[after[0]]
            return [
                GridFlag(
                    OWN_GAP,
                    f"grid_intensity:{own[0]}:{y}",
                    f"{own[0]} {y} is refused although {z}'s own {a.year} ({a.value:g}, "
                    f"{a.source}) and {b.year} ({b.value:g}, {b.source}) are served on "
                    "either side: bridge the gap (rule G3)",
                )
            ]
    return []


def _unnamed(ds: Dataset, own: list[str], y: int, said: str, fid: str) -> list[GridFlag]:
    found = screened(ds.index, own, KIND, BASIS, UNIT, lambda yy: yy == y)
    return [
        GridFlag(
            UNNAMED,
            fid,
            f"{own[0]} {y} is answered from another year or refused while {g.subject} {y} "
            f"{g.value:g} ({g.source}) is on file, kept out ({g.excluded}), and unsaid",
        )
        for g in found
        if f"{g.subject} {g.year} {g.value:g} ({g.source})" not in said
    ]


def _hours(text: str) -> int | None:
    m = _HOURS.search(text)
    return int(m.group(1).replace(",", "")) if m else None


def _part_kept(ds: Dataset, own: list[str], y: int, fid: str) -> list[GridFlag]:
    out = []
    for z in own:
        for g in ds.index.subject(z).excluded.get((KIND, BASIS), ()):
            why = g.excluded or ""
            hours = _hours(g.period or why)
            if g.year != y or g.unit != UNIT or not why.startswith(PARTIAL) or hours is None:
                continue
            if hours >= PART_YEAR_HOURS:
                out.append(
                    GridFlag(
                        PART_KEPT,
                        fid,
                        f"{own[0]} {y} is answered from another year or area, or refused, while "
                        f"{z}'s own {y} average {g.value:g} ({g.source}) on {hours:,} hours "
                        f"(at least {PART_YEAR_HOURS:,}) is kept out as a partial year: file "
                        "it as the year's value (part year)",
                    )
                )
    return out


def _gap_part(ds: Dataset, own: list[str], y: int, res: Resolution) -> list[GridFlag]:
    """``grid-gap-part-year`` (module doc): a gap line far from the year's own reading."""
    f = res.factor
    if not f.id.endswith(":interpolated") or f.source != DERIVED_SOURCE:
        return []
    for z in own:
        found = part_year_gap.reading(ds.index, z, BASIS, UNIT, y, f.value)
        if found is not None:
            g, (h, of) = found
            return [
                GridFlag(
                    GAP_PART,
                    f.id,
                    f"{own[0]} {y} is rule G3's gap line {f.value:g} while {z}'s own {y} "
                    f"reading {g.value:g} ({g.source}, {h:,} of {of:,} hours) lies more than "
                    f"{part_year_gap.FAR:.0%} from it: centre on the reading (PART YEAR)",
                )
            ]
    return []


def _part_anchor(ds: Dataset, own: list[str], y: int, res: Resolution) -> list[GridFlag]:
    """``grid-part-year-anchor`` (module doc): a later part year carried to ``y`` while the
    next full year lies far from it (judged from the rows, not the engine's test)."""
    f = res.factor
    scaled = f.source == DERIVED_SOURCE and f.id.endswith(":scaled")  # rule G3, REACH year
    if (
        f.subject not in own
        or (f.year < y or (f.year == y and not scaled))
        or any(w.startswith(part_year_anchor.PART_ANCHOR) for w in res.warnings)
    ):
        return []
    s = ds.index.series(KIND, f.subject, f.basis)
    if s is None:
        return []
    later = [a for a in s.years if a > y]
    if not later or any(a <= y for a in s.years):
        return []  # not before the zone's series (a gap is rule G3's line)
    b = s.winners[later[0]]
    c = s.winners.get(b.year + 1)
    if c is None or not (b.period or "").startswith(PART_YEAR) or c.period:
        return []
    if c.source != b.source or c.unit != b.unit or min(b.value, c.value) <= 0:
        return []
    gap = abs(c.value - b.value) / min(b.value, c.value)
    if gap <= part_year_anchor.FAR:
        return []
    return [
        GridFlag(
            PART_ANCHOR,
            f.id,
            f"{own[0]} {y} is {f.value:g} ({f.subject} {f.year}), carried or scaled from "
            f"{f.subject}'s first own value, {b.year} {b.value:g} ({b.period}), while its "
            f"first full year {c.year} reads {c.value:g} ({c.source}), {gap:.0%} away: anchor "
            "on the full year and keep the part year as a bound (PART-YEAR ANCHOR)",
        )
    ]


def _isolated_reach(ds: Dataset, own: list[str], y: int, refusal: str) -> list[GridFlag]:
    """``grid-isolated-reach`` (module doc): a refusal within REACH naming nothing on file."""
    first = isolated_gap.isolated_first(ds.index, own, BASIS, y, UNIT)
    if first is None or first.id in refusal or isolated_gap.kept_out(ds.index, own, BASIS, y):
        return []  # named, or refused over the year's own screened value (named by a-C1)
    return [
        GridFlag(
            ISOLATED_REACH,
            f"grid_intensity:{own[0]}:{y}",
            f"{own[0]} {y} (an isolated grid) is refused {first.year - y} year(s) before its "
            f"own first value {first.value:g} [{first.lo:g}..{first.hi:g}] ({first.id}), "
            "which the refusal does not name: carry it where the figures on file agree, "
            "else name them",
        )
    ]


def lookup_flags(
    ds: Dataset, own: list[str], y: int, res: Resolution | None, refusal: str = ""
) -> list[GridFlag]:
    """The flags of one lookup of ``own[0]`` for ``y``: ``res`` its answer, or None with the
    ``refusal`` message."""
    if res is None:
        said = refusal
        out = _own_gap(ds, own, y) + _isolated_reach(ds, own, y, refusal)
        fid = f"grid_intensity:{own[0]}:{y}"
    else:
        f = res.factor
        if f.year == y and f.source != DERIVED_SOURCE and f.subject in own:
            return []
        said, fid = " ".join(res.warnings), f.id
        out = _gap_part(ds, own, y, res) + _part_anchor(ds, own, y, res)
    return out + _unnamed(ds, own, y, said, fid) + _part_kept(ds, own, y, fid)
