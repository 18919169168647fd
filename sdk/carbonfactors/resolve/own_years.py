"""A zone's own grid series where it has no value for the year asked (rules G3 and G4).

Rule G3 (audit 1796563618, class B). A zone whose own series starts after the year asked,
or has a gap around it, used to get the wider area's value (the country, or for a cloud
region its state's estimate) as its central figure. That figure can sit far from every
value the zone has: the Turlock Irrigation District's own values are 299-439 g (2019-2025)
while the US average for 2018 is 463 g; MISO's own 2017 and 2021 are 545 and 482 g while
Iowa's production estimate for 2018 is 462 g. A careful analyst anchors on the zone itself:

* **before** its own series: the zone's nearest own value, scaled by the wider area's change
  between the two years (``own(Y1) x wider(Y) / wider(Y1)``); the bounds reach the wider
  area's value and the zone's own nearest value;
* **in a gap** of its own series: the straight line between its own values on either side
  (the series' year-to-year trend); the bounds reach both of them and the wider area's value.

Only near the zone's own values: a year at most ``REACH`` (1) before its series, or a gap
with own values at most ``GAP_REACH`` (3) years on both sides. Further back, a zone's mix
parts from its wider area's (Kansai's reactors were off in 2015-2016 while its 2021 value
reflects their restart: Japan's change carried back from 2021 gives 458 g for 2015, against
Kansai's own partial-year averages of 544-592 g; NYISO 2021, after Indian Point closed,
carried back to 2019 gives 276 g against its own full-year 222 g), so the wider area's value
stays, with bounds reaching the zone's own (``caveats.own_series_bounds``).

The result is a derived value (source ``carbonfactors-derived``) whose inputs are the factors
it names, all in the bundle that answers (so its licence is that bundle's); a warning says
how it was formed. Where the wider area has no value for the zone's nearest own year, the
wider area's value stays, with bounds reaching the zone's own value.

Rule G4 (audit 1796563618, class G). A US state split between several balancing
authorities is answered with its G1 estimate (the US value scaled by its eGRID 2016 rate),
a point value although the authorities that serve it disagree with it: Washington's
estimate for 2021 is 79 g, Bonneville's own 92 g and Puget Sound Energy's 152 g. The
estimate stays the central value (no one authority stands for the state); its bounds reach
the values, for the same year and basis, of the authorities named in the state's mapping
evidence (``serving_zones``). Those are Electricity Maps values (ODbL), present in the
``full`` bundle only, so the ``open`` bundle's answer carries no such bounds.

Rule G3b (audit 2026-12-06 seed 1796585890, class B2; rules generation 4). Beyond ``REACH``
the wider area's value stays only where the zone is like its wider area. Where it is not,
the country's mean stands for a grid nothing like it: Québec (over 90% hydro, every value on
file 20-35 g) got Canada's 184.37 g for 2015, Ontario (nuclear and hydro, its own full-year
2019 52.9 g) the same, North Sweden (hydro and wind) Sweden's 42.73 g for 2018 against its
own 15 g; and the same place answered 27 g or 171 g for 2018 by how it was named (Google's
own Montréal figure against CA-QC, aws:ca-central-1, azure:canadaeast). So: where the median
ratio of the zone's own values to the wider area's, over the years both have (same basis),
lies outside ``FAR_LOW``..``FAR_HIGH``, the zone's own first value is carried back flat
(said ``OWN SERIES`` and ``STALE``: it is a later year's value, not projected, since
scaling it by the wider area's change over many years is what REACH refuses), its bounds
reaching the wider area's value. A zone near its wider area (Kansai, NYISO) keeps today's
answer. From rules generation 14 (audit 1796655557 a-SM, ``seam``) the carry-back starts
where rule G3 ends: the REACH year's scaled answer is carried back instead where the wider
area's change supports it, and the bounds reach both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from .. import caveats
from ..kinds import factor_id
from ..records import Factor, Resolution, Zone
from . import drift, part_year_anchor, part_year_gap, seam
from .grid_notes import PARTIAL
from .index import FactorIndex

#: Prefixes of the warning lines (stable: tests and readers may match on them).
OWN_TREND = "OWN SERIES"
SPREAD = "AUTHORITIES"
#: How many years before its series a zone's first own value may be carried back, scaled
#: by the wider area's change (module doc: NYISO's 2021 value, after Indian Point closed,
#: scaled back to 2019 is 24% above NYISO's own 2019 average; one year is the span a
#: careful analyst would sign).
REACH = 1
#: How far on either side of a gap the zone's own values may be to draw a line between them
#: (both anchors are the zone's own: Menorca's 2021 and 2024 for 2022-2023).
GAP_REACH = 3
#: Rule G3b: a zone whose own values sit, as a median ratio over the years both have, outside
#: this band of its wider area's is not like it (audit 1796585890 B2: CA-QC/CA 0.20,
#: CA-ON/CA 0.38, SE-SE1/SE 0.56-0.71, while SE-SE3/SE is 0.89-0.96).
FAR_LOW = 2 / 3
FAR_HIGH = 1.5


def anchors(years: Sequence[int], year: int) -> tuple[int | None, int] | None:
    """The zone's own years rule G3 carries to ``year``: (before, after) for a gap, (None,
    after) for a year before its series, None when the rule does not apply (``years``
    sorted: the zone's own series)."""
    if year in years:
        return None
    before = [y for y in years if y < year]
    after = [y for y in years if y > year]
    if not after:
        return None
    if before and year - before[-1] <= GAP_REACH and after[0] - year <= GAP_REACH:
        return before[-1], after[0]
    if after[0] - year <= REACH:
        return None, after[0]
    return None


def _own(idx: FactorIndex, subject: str, basis: str | None, kind: str) -> list[Factor]:
    s = idx.series(kind, subject, basis)
    return [] if s is None else [s.winners[y] for y in s.years]


def _at(idx: FactorIndex, subject: str, basis: str | None, kind: str, year: int) -> Factor | None:
    s = idx.series(kind, subject, basis)
    return None if s is None else s.winners.get(year)


def _derived(f: Factor, subject: str, year: int, how: str, value: float, method: str) -> Factor:
    return replace(
        f,
        id=factor_id(f.kind, subject, year, caveats.DERIVED_SOURCE, how),
        subject=subject,
        year=year,
        value=round(value, 2),
        source=caveats.DERIVED_SOURCE,
        method=method,
        period=None,
        rung=None,
    )


def own_year_value(
    idx: FactorIndex, res: Resolution, targets: Sequence[str], year: int | None
) -> Resolution:
    """Rule G3: ``res`` (a wider area's value standing in for ``targets[0]``, the zone or
    its grid zone) replaced by the zone's own series carried to ``year`` (module doc)."""
    w = res.factor
    if year is None or res.fallback is None or w.subject in targets:
        return res
    for z in targets:
        own = {f.year: f for f in _own(idx, z, w.basis, w.kind) if f.unit == w.unit}
        found = anchors(sorted(own), year)
        if found is None:
            continue
        before = [] if found[0] is None else [own[found[0]]]
        after = [own[found[1]]]
        extra: tuple[str, ...] = ()
        lo0 = min(x for x in (w.value, w.low) if x is not None)
        hi0 = max(x for x in (w.value, w.high) if x is not None)
        if before:
            a, b = before[-1], after[0]
            v = a.value + (b.value - a.value) * (year - a.year) / (b.year - a.year)
            method = (
                f"{OWN_TREND}: {z} has no value for {year}, a gap in its own series: the "
                f"straight line between its own {a.year} ({a.value:g}, {a.source}) and "
                f"{b.year} ({b.value:g}, {b.source}) gives {v:.2f} {w.unit}"
            )
            f = _derived(w, z, year, "interpolated", v, method)
            named = [a, b]
            if idx.rules >= part_year_gap.GENERATION:
                # Generation 18 (audit 1796674267 a-P2): the year's own part-year reading
                # far from the line is the centre, the line a bound.
                found_py = part_year_gap.reading(idx, z, w.basis, w.unit, year, v)
                if found_py is not None:
                    r, hours = found_py
                    method = part_year_gap.method(method, r, hours, v)
                    f = _derived(w, z, year, "part-year", r.value, method)
                    named = [a, b, replace(f, value=round(v, 2))]
        else:
            b = after[0]
            # Generation 18 (audit 1796682238 a-C1, ``part_year_anchor``): a part-year first
            # value far from the next full year is no anchor; that full year is.
            c = part_year_anchor.full_anchor(idx, b, REACH)
            if c is not None and _at(idx, w.subject, w.basis, w.kind, c.year) is None:
                c = None
            a = b if c is None else c
            wb = _at(idx, w.subject, w.basis, w.kind, a.year)
            if wb is None or wb.value <= 0:
                continue
            v = a.value * w.value / wb.value
            what = f"its {b.year} value" if c is None else f"its first full year, {a.year}"
            method = (
                f"{OWN_TREND}: {z}'s own series starts in {b.year}, after {year}: {what} "
                f"({a.value:g}, {a.source}) scaled by the change of the wider "
                f"area {w.subject} from {a.year} to {w.year} ({wb.value:g} → {w.value:g}) "
                f"gives {v:.2f} {w.unit}"
            )
            if c is not None:
                extra = (part_year_anchor.line(b, c),)
            f = _derived(w, z, w.year, "scaled", v, ". ".join((method, *extra)))
            named = [b] if c is None else [b, c]
        lo = min(lo0, f.value, *(x.value for x in named))
        hi = max(hi0, f.value, *(x.value for x in named))
        f = replace(f, low=lo, high=hi)
        line = f"{method}; bounds {lo:g}..{hi:g} reach {w.subject}'s value ({w.value:g}) and {z}'s"
        fallback = (
            f"no {w.basis} grid intensity for {z} in {year}: the value is derived from {z}'s "
            f"own series (rule G3), not the wider area {w.subject}'s {w.value:g}"
        )
        steps = res.steps + (f"rule G3: {method}",)
        return caveats.add(replace(res, factor=f, steps=steps, fallback=fallback), line, *extra)
    return res


def wider_ratio(idx: FactorIndex, zone: str, wider: Factor) -> float | None:
    """Rule G3b: the median of the zone's own values over ``wider``'s area's values (same kind,
    basis and unit) in the years both have; None without such a year. Each own value is
    set against the wider area's value from the same source where it has one (Electricity
    Maps' CA-QC/CA 2021 = 28/141), else its default: two producers' methods differ for one
    place (Ember's Sweden against Electricity Maps' SE3: 0.55, by one method 0.89-0.96)."""
    ratios = list(drift.year_ratios(idx, zone, wider).values())
    if not ratios:
        return None
    ratios.sort()
    mid = len(ratios) // 2
    return ratios[mid] if len(ratios) % 2 else (ratios[mid - 1] + ratios[mid]) / 2


def far_own_value(
    idx: FactorIndex, res: Resolution, targets: Sequence[str], year: int | None
) -> Resolution:
    """Rule G3b: a wider area's value standing in, beyond rule G3's reach, for a zone unlike
    it is replaced by the zone's own first value carried back flat (module doc)."""
    w = res.factor
    if year is None or res.fallback is None or w.subject in targets:
        return res
    for z in targets:
        later = [f for f in _own(idx, z, w.basis, w.kind) if f.unit == w.unit and f.year > year]
        if not later or any(f.year <= year for f in _own(idx, z, w.basis, w.kind)):
            continue  # no own series after the year, or a gap (rule G3's or none)
        ratio = wider_ratio(idx, z, w)
        if ratio is None:
            continue
        if FAR_LOW <= ratio <= FAR_HIGH:
            return res  # like its wider area: today's answer stays
        b = later[0]
        # generation 18 (audit 1796682238 a-C1, ``part_year_anchor``): a part-year first value
        # far from the next full year is no anchor; that full year is (``a``, ``reach``)
        c = part_year_anchor.full_anchor(idx, b, REACH)
        a = b if c is None else c
        reach = REACH + a.year - b.year
        # as rules generation 3's first two years: the bounds also reach the zone's second
        # own year and its partial years from the year asked on (CA-ON 2018, 6,188 hours)
        near = [f.value for f in later[:2]] + [
            g.value
            for g in idx.subject(z).excluded.get((w.kind, w.basis), ())
            if (g.excluded or "").startswith(PARTIAL)
            and year <= g.year < b.year
            and g.unit == w.unit
        ]
        # generation 14 (audit 1796655557 a-SM, ``seam``): the REACH year's scaled answer is
        # carried back instead, so the years beyond REACH join it; bounds reach both
        new = idx.rules >= seam.GENERATION
        carried = seam.carry(idx, w, a, reach, year, b.year) if new else None
        scaled = seam.reach_value(idx, w, a, reach) if new else None
        if scaled is not None:
            near.append(scaled)  # the REACH year's answer, carried or not
        if carried is not None:
            r = carried[0].value / a.value
            near += [round(a.lo * r, 2), round(a.hi * r, 2)]
        lo = min(w.lo, b.lo, a.lo, *near)
        hi = max(w.hi, b.hi, a.hi, *near)
        gap = a.year - year
        first = "own first value" if c is None else f"first full year ({a.year})"
        what = (
            f"{z}'s {first} ({a.value:g}, {a.source}) is carried back (rule G3b)"
            if carried is None
            else f"the answer for {carried[0].year} ({carried[0].value:g}: {z}'s {first} "
            f"{a.value:g}, {a.source}, scaled by rule G3) is carried back flat (rule "
            f"G3b, generation {seam.GENERATION}: {year} joins {carried[0].year} instead of "
            f"stepping back to {a.value:g})"
        )
        lines = (
            f"{OWN_TREND}: {z}'s own series starts in {b.year}, {b.year - year} years after {year}, and "
            f"its values are {ratio:.2f}x those of the wider area {w.subject} over the years "
            f"both have (outside {FAR_LOW:.2f}..{FAR_HIGH:g}): {w.subject}'s {w.year} value "
            f"({w.value:g}) does not stand for it, so {what}; bounds {lo:g}..{hi:g} reach "
            f"{w.subject}'s value and {z}'s own first two and partial years"
            + (
                ""
                if scaled is None
                else f" and rule G3's answer for {b.year - REACH} ({scaled:g})"
                if carried is None
                else f" and its {first} carried flat ({a.value:g})"
            ),
            f"{caveats.STALE}: the value is {z}'s own for {a.year}, {gap} year"
            f"{'s' if gap > 1 else ''} after the year asked ({year}); it is used as is, not "
            "projected"
            if carried is None
            else f"{caveats.STALE}: the value is {z}'s answer for {carried[0].year}, "
            f"{carried[0].year - year} year{'s' if carried[0].year - year > 1 else ''} after "
            f"the year asked ({year}), from its own {a.year} value; it is used as is, not "
            "projected further",
        ) + (() if c is None else (part_year_anchor.line(b, c),))
        fallback = (
            f"no {w.basis} grid intensity for {z} in or before {year}: the value is "
            + (
                f"{z}'s {'own first value' if c is None else 'first full year'} ({a.year})"
                if carried is None
                else f"{z}'s answer for {carried[0].year} (its {a.year} value scaled, rule G3)"
            )
            + f" carried back (rule G3b), not the wider area {w.subject}'s {w.value:g}"
        )
        steps = res.steps + (f"rule G3b: {lines[0]}",)
        factor = replace(a if carried is None else carried[0], low=lo, high=hi)
        return caveats.add(replace(res, factor=factor, steps=steps, fallback=fallback), *lines)
    return res


def serving_bounds(
    idx: FactorIndex,
    res: Resolution,
    asked: Zone | None = None,
    answer: Callable[[str, str], Factor | None] | None = None,
) -> Resolution:
    """Rule G4: a state estimate's bounds reach its serving authorities' values (module doc).

    ``answer`` (rules generation 16, audit 1796660847 a-A1; ``None`` before): an
    authority with no measured value for the year contributes its own answer for that year
    (``answer(zone, basis)``: carried or derived from its own later values), named as such,
    and a cloud region (``asked``) with authorities of its own in its mapping evidence is
    bounded by those instead of the whole state's."""
    f = res.factor
    zone: Zone | None = idx.zones.get(f.subject)
    if zone is None or not zone.serving or f.source != caveats.DERIVED_SOURCE:
        return res
    serving, who = zone.serving, f.subject
    if answer is not None and asked is not None and asked.serving and asked.grid_zone == who:
        serving, who = asked.serving, f"{asked.id} (its mapping evidence)"
    named: list[Factor] = []
    carried: list[Factor] = []
    for z in serving:
        g = _at(idx, z, f.basis, f.kind, f.year)
        if g is None and answer is not None and f.year is not None and asked is not None:
            # Only for the state itself or a region on it: an authority's own lookup never
            # comes back here (its chain does not answer with another authority's answer).
            if asked.id == f.subject or asked.grid_zone == f.subject:
                a = answer(z, f.basis) if f.basis else None
                if a is not None and a.subject == z and a.unit == f.unit:
                    carried.append(a)
        elif g is not None and g.unit == f.unit:
            named.append(g)
    if not named and not carried:
        return res
    lo0 = f.value if f.low is None else f.low
    hi0 = f.value if f.high is None else f.high
    every = [g.value for g in named + carried]
    lo, hi = min(lo0, *every), max(hi0, *every)
    if (lo, hi) == (lo0, hi0):
        return res
    parts = []
    if named:
        values = ", ".join(f"{g.subject} {g.value:g}" for g in named)
        parts.append(f"give {values} {f.unit} for {f.year} ({named[0].source})")
    if carried:
        values = ", ".join(f"{g.subject} {g.value:g} ({_how(g, f.year)})" for g in carried)
        parts.append(
            f"{'the others have' if named else 'have'} no measured value for {f.year}: their "
            f"own answers for it are {values} {f.unit}, carried or derived from their other "
            "years, not measured"
        )
    line = (
        f"{SPREAD}: the balancing authorities serving {who} {'; '.join(parts)}; bounds "
        f"{lo:g}..{hi:g} reach them (rule G4)"
    )
    return caveats.add(replace(res, factor=replace(f, low=lo, high=hi)), line)


def _how(g: Factor, year: int | None) -> str:
    """How an authority's answer for a year without a measured value was formed."""
    if g.source == caveats.DERIVED_SOURCE:
        return f"derived: {g.id.rsplit(':', 1)[-1]}"
    return f"its {g.year} value ({g.source})" if g.year != year else g.source
