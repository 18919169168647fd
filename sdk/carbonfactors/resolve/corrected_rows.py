"""Rule G4b (audit 2026-12-06 seed 1796594162, class G4b; rules generation 5): what a grid
answer derived from a row inherits from that row's stored bounds, and what a direct figure
for the same place and year says about a lifecycle answer.

* **Carried bounds.** A row may carry bounds of its own: a correction
  (``factors/corrections.yaml``) keeps a value an upstream producer is known to get wrong and
  widens its bounds to a cited figure (Electricity Maps prices Victoria's brown coal as hard
  coal, so AU-VIC 2018-2025 keep their values with a high bound of 1,060 g, the Australian
  government's Victorian factor). Answers the engine builds from such a row lost those
  bounds: rule G3's AU-VIC 2017 (2018's 674.85 scaled by Australia's change) came out
  703.93 [674.85..718.08], its 2020 (the line between 2019 and 2021) 625.49 [586..664.98],
  and 2015-2016 (Australia's mean standing in before the series) had a ceiling at
  Australia's value, each below every Victorian government figure on file. So an answer
  resting on a row with stored bounds reaches them: scaled by the same ratio where rule G3
  scales the row's value, interpolated the same way where it draws a line between two rows,
  as stored where a wider area's value stands in before or in a gap of the zone's series
  (the nearest rows on either side). A corrected row's note (its reason's first clause)
  travels with the answer as a ``CORRECTED ROW`` warning, since a derived value's method is
  the rule's, not the row's.
* **Direct figure.** A lifecycle intensity adds the upstream chain to the combustion
  emissions, so it cannot lie below a direct (combustion, scope 2) figure for the same place
  and year; where one is on file above the answer's high bound (for the zone or the grid zone
  it maps to), the high bound reaches it and a ``BELOW DIRECT`` warning names
  it. The central value is kept: the two may differ in accounting (production against
  consumption), which the reader has to judge. A cloud region's own direct filings are not
  compared: the tools that file them give a wider area's average (CCF files eGRID's WECC
  mean, 322 g, under `aws:us-west-2`, whose grid zone is the hydro-heavy Bonneville area),
  so they would widen a region's bounds past anything said about its grid. From generation
  11 the high bound reaches the direct figure times the least the fuel chain adds, and a
  gap above ``direct_uplift.MARGIN`` says the centre is likely low (``direct_uplift``).

Neither changes a central value; both only widen bounds and say why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .. import caveats
from ..records import Factor, Resolution, Zone
from . import direct_mix, direct_uplift, part_year_anchor
from .index import FactorIndex
from .own_years import REACH, anchors

CORRECTED_ROW = "CORRECTED ROW"
#: From generation 14 (audit 1796655557 a-O4): the label of a carried row whose stored bounds
#: do not come from a correction (``bounds_origin``); CORRECTED ROW is kept for rows
#: ``factors/corrections.yaml`` touches.
ROW_BOUNDS = "ROW BOUNDS"
BELOW_DIRECT = "BELOW DIRECT"
#: How an imported row's method says a correction was applied (``carbonfactors_pipeline.corrections``).
CORRECTED_MARK = "Corrected in factors/corrections.yaml: "
#: How an Electricity Maps row resting mostly on "unknown" production is marked
#: (``carbonfactors_pipeline.importers._unknown_mix``; ``row_notes`` relays it).
MOSTLY_UNKNOWN_MARK = "MOSTLY UNKNOWN: "
#: Ids of rule G3's derived values end in how they were formed (``own_years._derived``).
SCALED = ":scaled"
INTERPOLATED = ":interpolated"


#: How an importer's method says where a row's stored bounds come from (marks of the
#: importers' method notes, first match wins), and how a warning names that origin.
BOUNDS_ORIGINS: tuple[tuple[str, str], ...] = (
    (
        "so bounded (w13 systematic pass)",
        "the methodology reach (the row's reading on Electricity Maps' later methodology and "
        "the later series' first value; w13 systematic pass)",
    ),
    (
        "later series' first value",
        "the methodology reach (the later Electricity Maps series' first value)",
    ),
    ("rounding interval", "the rounding interval of the source's totals (a tiny grid)"),
    ("reach the other figures on file", "the other figures on file for the zone"),
    ("Bounded by the state's own series", "the state's own series (an estimate's reach)"),
    ("minimum and maximum of the reviewed literature", "a published range (the literature's)"),
)


def has_bounds(f: Factor) -> bool:
    """Whether a row carries stored bounds of its own (a correction's, a methodology reach,
    a rounding interval, a published range: ``bounds_origin``)."""
    return f.low is not None or f.high is not None


def bounds_origin(f: Factor) -> str:
    """Where a row's stored bounds come from, as its method says (audit 1796655557 a-O4:
    BR-S 2018's bounds, a methodology reach, were called "a published range")."""
    note = correction_note(f)
    method = f.method or ""
    if note is not None:
        return f"a correction (factors/corrections.yaml: {note})"
    if MOSTLY_UNKNOWN_MARK in method:
        return (
            "the other figures on file for a zone mostly of 'unknown' production (MOSTLY UNKNOWN)"
        )
    for mark, origin in BOUNDS_ORIGINS:
        if mark in method:
            return origin
    return "the row's own method (no correction touched it)"


def correction_note(f: Factor) -> str | None:
    """The first clause of a corrected row's reason, or None for a row not corrected."""
    method = f.method or ""
    at = method.find(CORRECTED_MARK)
    if at < 0:
        return None
    return method[at + len(CORRECTED_MARK) :].split("; ")[0].rstrip(". ")


def rows_behind(
    idx: FactorIndex, res: Resolution, own: Sequence[str], year: int | None
) -> list[tuple[Factor, float, float]]:
    """The zone's own rows an answer rests on, each with the low and high it passes on to
    the answer (module doc): rule G3's anchors (scaled or interpolated), or, where a wider
    area stands in, the zone's nearest own rows on either side of the year asked."""
    f = res.factor
    if year is None:
        return []
    if f.source == caveats.DERIVED_SOURCE and f.subject in own:
        s = idx.series(f.kind, f.subject, f.basis)
        found = None if s is None else anchors(s.years, year)
        if s is None or found is None:
            return []
        b = s.winners[found[1]]
        if f.id.endswith(SCALED) and found[0] is None and b.value > 0:
            # generation 18 (a-C1, ``part_year_anchor``): scaled from the first full year,
            # whose bounds scale; the part year's stored bounds stand as they are
            c = part_year_anchor.full_anchor(idx, b, REACH)
            if c is not None and part_year_anchor.PART_ANCHOR in (f.method or ""):
                r = f.value / c.value
                return [(c, c.lo * r, c.hi * r), (b, b.lo, b.hi)]
            r = f.value / b.value
            return [(b, b.lo * r, b.hi * r)]
        if f.id.endswith(INTERPOLATED) and found[0] is not None:
            a = s.winners[found[0]]
            t = (year - a.year) / (b.year - a.year)
            return [(g, a.lo + (b.lo - a.lo) * t, a.hi + (b.hi - a.hi) * t) for g in (a, b)]
        return []
    if res.fallback is None or f.subject in own:
        return []
    out: list[tuple[Factor, float, float]] = []
    for z in own:
        s = idx.series(f.kind, z, f.basis)
        if s is None:
            continue
        before = [y for y in s.years if y < year]
        after = [y for y in s.years if y > year]
        out += [(s.winners[y], s.winners[y].lo, s.winners[y].hi) for y in before[-1:] + after[:1]]
    return [x for x in out if x[0].unit == f.unit]


def carry_row_bounds(
    idx: FactorIndex, res: Resolution, own: Sequence[str], year: int | None
) -> Resolution:
    """Rule G4b: an answer built from rows with stored bounds reaches them (module doc)."""
    f = res.factor
    rows = [x for x in rows_behind(idx, res, own, year) if has_bounds(x[0])]
    if not rows:
        return res
    lo = min(f.lo, *(round(x[1], 2) for x in rows))
    hi = max(f.hi, *(round(x[2], 2) for x in rows))
    lines = []
    for g, _lo, _hi in rows:
        note = correction_note(g)
        label = CORRECTED_ROW
        if idx.rules >= 14:
            # generation 14 (a-O4): the bounds named by their origin, the label by a correction
            what = bounds_origin(g)
            label = CORRECTED_ROW if note is not None else ROW_BOUNDS
        else:
            what = (
                f"a correction (factors/corrections.yaml: {note})" if note else "a published range"
            )
            if note is None and MOSTLY_UNKNOWN_MARK in (g.method or ""):
                what = "the other figures on file for a zone mostly of 'unknown' production (MOSTLY UNKNOWN)"
        lines.append(
            f"{label}: {own[0]} {year} ({f.subject}'s {f.value:g}) rests on {g.id} "
            f"({g.value:g} [{g.lo:g}.."
            f"{g.hi:g}] {g.unit}), whose bounds come from {what}; the answer's bounds "
            f"{lo:g}..{hi:g} carry them (rule G4b)"
        )
    if (lo, hi) == (f.lo, f.hi) and all(correction_note(x[0]) is None for x in rows):
        return res
    return replace(caveats.add(res, *lines), factor=replace(f, low=lo, high=hi))


def direct_reach(idx: FactorIndex, res: Resolution, zone: Zone, year: int | None) -> Resolution:
    """Rule G4b: a lifecycle answer's high bound reaches a direct figure above it for the
    same place and year (module doc)."""
    f = res.factor
    if f.basis != "lifecycle":
        return res
    y = f.year if year is None else year
    # a cloud region's own filings are a wider area's averages, not its grid (module doc)
    own = () if zone.provider else (zone.id,)
    places = dict.fromkeys([*own, zone.grid_zone, f.subject])
    # generation 11 (``direct_uplift``, audit 1796636393 a-D1): a direct figure is a floor,
    # so the high bound reaches it times the least the fuel chain adds
    k, why = direct_uplift.uplift(idx, f.unit) if idx.rules >= 11 else (1.0, "")
    if idx.rules >= direct_mix.GENERATION:
        # generation 18 (``direct_mix``, audit 1796672257 a-D3): the zone-year's fossil mix
        rows = [f] + [
            s.winners.get(y) for p in places if p and (s := idx.series(f.kind, p, "lifecycle"))
        ]
        mixed = direct_mix.mix_uplift(idx, rows, f.unit)
        if mixed is not None and mixed[0] > k:
            k, why = mixed
    above = [
        g
        for p in places
        if p and (s := idx.series(f.kind, p, "direct")) is not None
        if (g := s.winners.get(y)) is not None and g.unit == f.unit and round(g.value * k, 2) > f.hi
    ]
    if not above:
        return res
    top = max(above, key=lambda g: g.value)
    if idx.rules < 11:
        line = (
            f"{BELOW_DIRECT}: {f.subject}'s lifecycle value {f.value:g} {f.unit} lies below the "
            f"direct (combustion) figure for {top.subject} {y} ({top.value:g}, {top.source}); a "
            "lifecycle figure includes the combustion emissions, so the high bound reaches it "
            "(rule G4b; the two may differ in accounting)"
        )
        return replace(caveats.add(res, line), factor=replace(f, high=round(top.value, 2)))
    high = round(top.value * k, 2)
    low_centre = top.value > f.value * (1 + direct_uplift.MARGIN)
    where = "below" if top.value > f.value else "within the fuel chain's reach of"
    line = (
        f"{BELOW_DIRECT}: {f.subject}'s lifecycle value {f.value:g} {f.unit} lies {where} the "
        f"direct (combustion) figure for {top.subject} {y} ({top.value:g}, {top.source}); a "
        "lifecycle figure adds the fuel chain to the combustion emissions, so the high bound "
        f"reaches {high:g} ({top.value:g} {why}; rule G4b, generation {18 if 'fossil mix' in why else 11})"
        + (
            f"; the direct figure is {top.value / f.value - 1:.0%} above the centre, so the "
            "centre is likely low (unless the two differ in accounting: production against "
            "consumption, or the fuel factors used)"
            if low_centre
            else "; the two may differ in accounting"
        )
    )
    return replace(caveats.add(res, line), factor=replace(f, high=max(f.hi, high)))
