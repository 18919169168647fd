"""What a grid answer's own row says about itself (audit 1796599352, classes a-B1 and G4c;
rules generation 6). Neither rule changes a value or a bound; both say what the row's method
already records, since a reader sees the warnings, not the method.

* **Mostly unknown** (a-B1): an Electricity Maps row whose zone's own yearly production mix
  is mostly "unknown" (the importers' ``MOSTLY UNKNOWN`` note, importers/_unknown_mix.py) is
  a model more than a measurement; the answer resting on it (the row itself, or rule G3's
  value built from it) says so, with the figures its bounds reach (CA-NB 2025: 161 g,
  bounds to the provincial figures 260-270 g).
* **Corrected row answered as it is** (G4c): rule G4b relays a correction's note when an
  answer is derived from a corrected row; an answer that *is* the corrected row said nothing
  (AU-VIC 2023: 498 [498..1060] with no warning), although its central value may be an
  upstream figure known to be wrong. Such an answer now leads its caveats (after a source
  switch or fallback line, which come first in every answer) with the
  correction's note, so the known error is the first thing read; an answer derived from a
  corrected row moves rule G4b's line for it to the front likewise.
* **Part year** (audit 1796613359 a-P1; rules generation 8): a zone's own average over at
  least half of a year (``grid_notes.PART_YEAR``, filed by the Electricity Maps export's
  importer) is that year's value; the answer resting on it, or built from it by rule G3,
  says how many hours it covers, since a season's mix may bias it (JP-KY 2017: 407.6 g on
  4,559 hours, bounds to the export's own 501.11 and Kyushu's 2021 value 309).
* **Modelled** (audit 1796636393 a-E1; rules generation 11): an Electricity Maps row of a
  zone with no data feed, no zone factors and no published mix (the importer's ``MODELLED``
  note, importers/_modelled_zones.py) is a model, not a measurement; the answer resting on
  it says so, with the figures its bounds reach (CA-NT 2023: 112 g, bounds to 200 g).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ..records import Factor, Resolution
from .corrected_rows import CORRECTED_MARK, CORRECTED_ROW, correction_note, rows_behind
from .grid_notes import PART_YEAR
from .index import FactorIndex

MOSTLY_UNKNOWN = "MOSTLY UNKNOWN"
#: Prefix of the modelled-zone warning (generation 11).
MODELLED = "MODELLED"
#: Prefix of the part-year warning (generation 8).
PART_YEAR_NOTE = "PART YEAR"
_UPSTREAM = "upstream value "
#: How rule G4b names a row corrected in factors/corrections.yaml (``carry_row_bounds``).
_FROM_FIX = "a correction (factors/corrections.yaml: "


def _marked_note(f: Factor, label: str) -> str | None:
    """The note a row's method files after ``label: `` (up to a correction's note), or None."""
    method = f.method or ""
    at = method.find(label + ": ")
    if at < 0:
        return None
    return method[at + len(label) + 2 :].split(CORRECTED_MARK)[0].strip().rstrip(".")


def unknown_note(f: Factor) -> str | None:
    """The ``MOSTLY UNKNOWN`` note of a row's method (up to a correction's note), or None."""
    return _marked_note(f, MOSTLY_UNKNOWN)


def _with_row_lines(
    idx: FactorIndex,
    res: Resolution,
    own: Sequence[str],
    year: int | None,
    line: Callable[[Factor], str | None],
) -> Resolution:
    """``res`` with ``line`` of the answer's row and of the rows rule G3 built it from added
    to its warnings and steps, once each: every rule of this module says what those rows
    record, whichever of them the answer rests on."""
    rows = [res.factor, *(x[0] for x in rows_behind(idx, res, own, year))]
    lines = [x for g in rows if (x := line(g))]
    new = tuple(x for x in dict.fromkeys(lines) if x not in res.caveats)
    if not new:
        return res
    return replace(res, caveats=res.caveats + new, steps=res.steps + new)


def _marked_line(label: str) -> Callable[[Factor], str | None]:
    def line(g: Factor) -> str | None:
        note = _marked_note(g, label)
        return (
            f"{label}: {g.subject} {g.year} ({g.value:g} {g.unit}, {g.source}): {note}"
            if note
            else None
        )

    return line


def mostly_unknown(
    idx: FactorIndex, res: Resolution, own: Sequence[str], year: int | None
) -> Resolution:
    """Mostly unknown (module doc): the answer's row, or the rows rule G3 built it from."""
    return _with_row_lines(idx, res, own, year, _marked_line(MOSTLY_UNKNOWN))


def modelled(idx: FactorIndex, res: Resolution, own: Sequence[str], year: int | None) -> Resolution:
    """Modelled (module doc): the answer's row, or the rows rule G3 built it from."""
    return _with_row_lines(idx, res, own, year, _marked_line(MODELLED))


#: The part-year importer's note of what a row's bounds reach (generation 12).
PART_YEAR_REACH = "Part-year bounds reach"


def _reach_note(g: Factor) -> str | None:
    """What the row's method says its bounds reach (one sentence), or None."""
    method = g.method or ""
    at = method.find(PART_YEAR_REACH + ": ")
    if at < 0:
        return None
    return method[at + len(PART_YEAR_REACH) + 2 :].split(". ")[0].strip().rstrip(".")


def _part_year_line(g: Factor, rules: int = 8) -> str | None:
    if not (g.period or "").startswith(PART_YEAR):
        return None
    head = (
        f"{PART_YEAR_NOTE}: {g.subject} {g.year} ({g.value:g} [{g.lo:g}..{g.hi:g}] {g.unit}, "
        f"{g.source}) is the zone's own average over part of the year ({g.period}); a "
        "season's mix may bias it"
    )
    if rules < 12:
        return head + ", and its bounds reach the other evidence on file"
    # Generation 12 (audit 1796642882 a-P2): say what the row's bounds reach, not more.
    note = _reach_note(g)
    return head + (
        f"; its bounds reach {note}"
        if note
        else "; its bounds are the row's own and may leave out the zone's later series"
    )


def part_year(
    idx: FactorIndex, res: Resolution, own: Sequence[str], year: int | None
) -> Resolution:
    """Part year (module doc): the answer's row, or the rows rule G3 built it from."""
    return _with_row_lines(idx, res, own, year, lambda g: _part_year_line(g, idx.rules))


def corrected_first(res: Resolution) -> Resolution:
    """Corrected row answered as it is (module doc): its note leads the warnings."""
    f = res.factor
    note = correction_note(f)
    if note is None:
        # derived from a corrected row (rule G4b's line): that line moves to the front
        first = tuple(c for c in res.caveats if c.startswith(CORRECTED_ROW) and _FROM_FIX in c)
        if not first or res.caveats[: len(first)] == first:
            return res
        rest = tuple(c for c in res.caveats if c not in first)
        return replace(res, caveats=first + rest)
    method = f.method or ""
    at = method.rfind(_UPSTREAM)
    upstream = method[at + len(_UPSTREAM) :].rstrip(").") if at >= 0 else None
    kept = (
        upstream is not None
        and upstream.replace(".", "", 1).isdigit()
        and float(upstream) == f.value
    )
    centre = (
        "the central value is the upstream figure, kept"
        if kept
        else f"the central value is corrected (upstream {upstream})"
    )
    line = (
        f"{CORRECTED_ROW}: {f.subject} {f.year} ({f.value:g} [{f.lo:g}..{f.hi:g}] {f.unit}, "
        f"{f.id}) is corrected in factors/corrections.yaml: {note}; {centre}, the bounds "
        "are the correction's"
    )
    if line in res.caveats:
        return res
    return replace(res, caveats=(line, *res.caveats), steps=(*res.steps, line))
