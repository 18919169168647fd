"""What a grid answer says about the data around it (audit 2026-12-06 seed 1796574057, part
a O3-O6; rules generation 3). Each rule widens bounds or adds one warning; none changes a
central value.

* **Stale reach** (O3): a value older than the year asked has bounds that reach the other
  credible sources' values of the year asked for the same zone and basis (Gibraltar 2025 is
  Ember's 2024 590.91; Electricity Maps has 506 for 2025).
* **First two years** (O2, O6): where the wider area stands in before a zone's own series
  (rule G3 does not reach), the bounds reach the zone's first two full-year values, not the
  first alone (AU-NSW 2018 717.25 and 2019 724.69 for a 2016 lookup), and its partial-year
  values from the year asked on, hours named (JP-SK 2016-2019 on 3,522-4,569 hours, kept out
  of defaults by the ``partial-year`` screen).
* **Preliminary** (O5): a value whose period says it is preliminary (Electricity Maps 2025,
  fetched in early 2026, co2.js ``SOURCE.md``) carries a ``PRELIMINARY`` warning.
* **Methodology step** (O4): Electricity Maps' 2021 export (its methodology of 2021) and its
  2021-2025 series differ by up to 67% for the same zone-year (Menorca 2021: 543.9 against
  909), so a value whose neighbouring year in its zone's series comes from the other one,
  with a step above ``STEP``, says so (``METHOD STEP``).
* **Before opening** (rules generation 5, issue 20): a cloud region whose opening year is
  cited (``opened`` in ``factors/region-mappings.yaml``) asked for an earlier year says
  ``BEFORE OPENING``: the value is its grid zone's for that year, not a figure of a site
  that was not running (``aws:ap-southeast-5`` opened in 2024).
* **Screened year** (rules generation 6, audit 1796606525 a-J1/a-R1): a value older than the
  year asked names the values of the year asked that the screens keep out of defaults for
  the same zone and basis (``SCREENED OUT``), and its bounds reach those excluded as an
  unexplained jump or by a reviewer (a plausible figure whose change lacks a note: Réunion
  2025's 208 against Ember's 2023 394); a value beyond the technologies' lifecycle range is
  named, not reached (the Falklands' 1000 for 2019).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .. import caveats
from ..records import Factor, Resolution, Zone
from .index import FactorIndex
from .screened import reachable, screened

PRELIMINARY = "PRELIMINARY"
SCREENED_OUT = "SCREENED OUT"
BEFORE_OPENING = "BEFORE OPENING"
METHOD_STEP = "METHOD STEP"
#: The screen rule that keeps a partial-year value out of defaults (``partial-year``).
PARTIAL = "partial-year"
#: Audit 1796613359 a-P1: a zone's own average over at least ``PART_YEAR_HOURS`` hours of a
#: year (half of it) is filed as that year's value with a ``period`` starting so (not
#: screened: ``partial year`` is); under half a year a season can bias it by a third
#: (Kyushu 2020 on 2,912 hours: 507.67 g, against 387.05 for 2019 on 4,919 hours and 379.89
#: for 2021 on 6,304), so those stay bounds only.
PART_YEAR = "part year"
PART_YEAR_HOURS = 4380
#: A step this large (relative) between two methodologies of one producer is said.
STEP = 0.25
#: Sources of one producer whose methodologies differ (older, newer): a switch between them
#: within a zone's series is a methodology step, not only the grid's change.
METHOD_SWITCHES = frozenset({("electricitymaps-2021-export", "electricitymaps-yearly")})


def _widen(res: Resolution, others: Sequence[Factor], why: str) -> Resolution:
    f = res.factor
    others = [g for g in others if g.unit == f.unit and g.id != f.id]
    if not others:
        return res
    lo0, hi0 = f.lo, f.hi
    lo, hi = min(lo0, *(g.value for g in others)), max(hi0, *(g.value for g in others))
    if (lo, hi) == (lo0, hi0):
        return res
    named = ", ".join(
        f"{g.subject} {g.year} {g.value:g} ({g.source}{', ' + g.period if g.period else ''})"
        for g in others
    )
    line = f"bounds {lo:g}..{hi:g}: they reach {why} ({named})"
    return replace(caveats.add(res, line), factor=replace(f, low=lo, high=hi))


def stale_reach(idx: FactorIndex, res: Resolution, year: int | None) -> Resolution:
    """Stale reach (module doc): the year asked's values of the value's zone."""
    f = res.factor
    if year is None or f.year >= year:
        return res
    ranked = idx.subject(f.subject).by_source.get((f.kind, f.basis), [])
    same = [s.winners[year] for _src, s in ranked if year in s.winners]
    return _widen(res, same, f"the other sources' values for {year}, the year asked")


def _own_of_year(f: Factor, own: Sequence[str], year: int) -> bool:
    """Whether ``f`` is the zone's own value on file for ``year`` (not one carried, derived
    or a wider area's)."""
    return f.year == year and f.source != caveats.DERIVED_SOURCE and f.subject in own


def screened_year(
    idx: FactorIndex, res: Resolution, own: Sequence[str], year: int | None
) -> Resolution:
    """Screened year (module doc): excluded values of the year asked, said and reached."""
    f = res.factor
    # Generation 7 (audit 1796611373 a-C1): also an answer carried back from a later year
    # (rule G3's scaling, G3b's flat carry), and a ceiling value the zone's direct rate backs.
    if year is None or (f.year >= year if idx.rules < 7 else _own_of_year(f, own, year)):
        return res
    found = screened(idx, [f.subject, *own], f.kind, f.basis, f.unit, lambda y: y == year)
    if not found:
        return res
    reach = [g for g in found if reachable(idx, g)]
    lo = min(f.lo, *(g.value for g in reach)) if reach else f.lo
    hi = max(f.hi, *(g.value for g in reach)) if reach else f.hi
    named = "; ".join(f"{g.subject} {g.year} {g.value:g} ({g.source}): {g.excluded}" for g in found)
    tail = (
        f"; bounds {lo:g}..{hi:g} reach {'them' if len(reach) > 1 else 'it'}"
        if reach
        else "; outside every technology's lifecycle range, so the bounds do not reach it"
    )
    line = f"{SCREENED_OUT}: a value for {year}, the year asked, is on file but kept out of defaults ({named}){tail}"
    out = caveats.add(res, line)
    return replace(out, factor=replace(f, low=lo, high=hi)) if reach else out


def first_two_years(
    idx: FactorIndex, res: Resolution, own: Sequence[str], year: int | None
) -> Resolution:
    """First two years (module doc): a wider area standing in before the zone's series."""
    f = res.factor
    if year is None or res.fallback is None or f.subject in own:
        return res
    found: list[Factor] = []
    for z in own:
        s = idx.series(f.kind, z, f.basis)
        if s is None or not s.years or s.years[0] <= year:
            continue
        found += [s.winners[y] for y in s.years[:2]]
        found += [
            g
            for g in idx.subject(z).excluded.get((f.kind, f.basis), ())
            if (g.excluded or "").startswith(PARTIAL) and year <= g.year < s.years[0]
        ]
    return _widen(res, found, "the zone's own first two full years and partial years")


def preliminary(res: Resolution) -> Resolution:
    """Preliminary (module doc)."""
    f = res.factor
    if not f.period or "preliminary" not in f.period.lower():
        return res
    return caveats.add(
        res,
        f"{PRELIMINARY}: {f.subject} {f.year} ({f.value:g} {f.unit}, {f.source}) is "
        f"preliminary upstream ({f.period}); it may be revised",
    )


def method_step(idx: FactorIndex, res: Resolution) -> Resolution:
    """Methodology step (module doc)."""
    f = res.factor
    s = idx.series(f.kind, f.subject, f.basis)
    if s is None or f.year not in s.winners:
        return res
    at = s.years.index(f.year)
    for y in s.years[max(at - 1, 0) : at] + s.years[at + 1 : at + 2]:
        g = s.winners.get(y)
        if g is None or g.unit != f.unit or min(g.value, f.value) <= 0:
            continue
        old, new = (g, f) if y < f.year else (f, g)
        if (old.source, new.source) not in METHOD_SWITCHES:
            continue
        step = new.value / old.value - 1
        if abs(step) <= STEP:
            continue
        return caveats.add(
            res,
            f"{METHOD_STEP}: {f.subject}'s series switches from {old.source} ({old.year}: "
            f"{old.value:g}) to {new.source} ({new.year}: {new.value:g}), {step:+.0%}; the "
            "two follow different methodologies of one producer (its 2021 export against its "
            "2021-2025 series, up to 67% apart for one zone-year), so the change between "
            "these years is not the grid's alone",
        )
    return res


def before_opening(res: Resolution, zone: Zone, year: int | None) -> Resolution:
    """``BEFORE OPENING`` when the year asked precedes the cited opening year of the region
    (module doc). Why a warning and not a refusal: the grid a site draws from existed before
    the site, and an estimate for a planned or backdated workload still needs that grid's
    value; the reader must know no site of the region was running that year."""
    if year is None or zone.opened is None or year >= zone.opened:
        return res
    line = (
        f"{BEFORE_OPENING}: {zone.id} opened in {zone.opened}, after the year asked ({year}); "
        f"the value is the grid of its zone {zone.grid_zone or zone.parent or zone.id}, "
        f"not of a running site ({zone.opened_evidence or 'opening year cited in the mappings'})"
    )
    return caveats.add(res, line)
