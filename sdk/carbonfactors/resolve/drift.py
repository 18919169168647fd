"""Rule G3c: a far-back lookup judged by the zone's ratio to its wider area in its first
own years, not over all of them (audit 2026-12-07 seed 1796621837, class a-W1; rules
generation 9).

Beyond rule G3's ``REACH`` rule G3b keeps the wider area's value where the *median* ratio of
the zone's own values to the wider area's, over every year both have, lies inside
``FAR_LOW``..``FAR_HIGH``. The median hides a drift: Tucson Electric Power (US-SW-TEPC) was
1.58x the US in 2019 (its first own full year) and 1.47, 1.42, 1.27, 1.23, 1.17x in
2021-2025 as its coal units closed; the median (1.27) called it "like the US", so 2015
answered the US mean 504.9 g, below every full-year own value of its first years
(615-694.86 g), though a coal-heavier 2015 sat further above the mean, not on it. NYISO
(median 0.67, the band's edge) was 0.51x the US in 2019 and 0.60x in 2021 yet answered the
US mean for 2015-2017.

A lookup is about the years nearest it, so where rule G3b kept the wider area's value,
the ratio of the zone's first two own years in common with the wider area (``first_ratio``:
their median, the first year's alone where only one is shared; years where the wider area
has a value from the zone's own source first, as one producer's method for both: Electricity
Maps' US 2021-2022 for Tucson, 1.47 and 1.42, rather than its 2019 export against Ember's
US) decides instead: outside
``NEAR_LOW``..``NEAR_HIGH`` the centre is the wider area's value times that ratio (the
zone's first years' standing carried back; a derived value, source
``carbonfactors-derived``), the bounds reach the wider area's plain value, the zone's first
two own values and its part-year averages from the year asked on, and a warning (``DRIFT``)
says so. Inside the band (Kansai, SE-SE3 by one producer's values) the
wider area's value stays, and so it does where the zone's nearest own part-year average
between the year asked and its series (nearer evidence, if a season's) lies inside the band
against the wider area's value of its year (Kansai 2015: its 2016 season average 592 g,
reactors off, about Japan's, while its 2017-2018 ratio, 0.77, is after the restarts). A zone unlike its wider area over all years keeps rule G3b's own
first value carried back (generation 4): this rule only reviews the zones G3b called alike.

**The served producer's level (generation 10, ``served_ratio``)**: the one-producer ratio
says whether a zone is like its wider area, but the value served is the wider area's default
(Ember's), and rule G3's year just before the zone's series scales the zone's own first value
by that same default series. Where the two producers' levels for the wider area differ (Ember's
Sweden 41.74 g against Electricity Maps' 27 in 2021, India 715 against 583), a zone "like"
its wider area by one producer answered the default's plain value up to the year before G3's,
then stepped to its own level: SE-SE3 2019 42.34 then 2020 22.26 (-47%), IN-SO 2019 722.66
then 2020 477.77, no change of the grid behind either (w13 systematic pass, check of
year-to-year steps at a change of source). Where the one-producer ratio lies inside the band
but the zone's same years against the served series lie outside it, that served ratio
centres the answer, so the far-back years join
rule G3's year (SE-SE3 2019: 42.34 x 0.59 = 25.07); a season average between the year asked
and the series that is like the wider area's served value of its year keeps the plain value
(Kansai 2016's 592 g with its reactors off, against Japan's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .. import caveats
from ..kinds import factor_id
from ..records import Factor, Resolution
from .grid_notes import PARTIAL
from .index import FactorIndex

#: Prefix of the warning line (stable: tests and readers may match on it).
DRIFT = "DRIFT"
#: The band of the first years' ratio inside which the wider area's plain value may stand
#: for the zone (the audit's suggestion: a zone within 20-25% of its wider area's value).
NEAR_LOW = 0.8
NEAR_HIGH = 1.25
#: How many of the zone's first own years in common with the wider area set the ratio.
FIRST_YEARS = 2


def year_ratios(
    idx: FactorIndex, zone: str, wider: Factor, same_source_only: bool = False
) -> dict[int, float]:
    """The zone's own value over ``wider``'s area's value (same kind, basis and unit), by
    year both have. Each own value is set against the wider area's value from the same
    source where it has one, else its default (rule G3b's pairing, ``own_years``)."""
    own = idx.series(wider.kind, zone, wider.basis)
    ws = idx.series(wider.kind, wider.subject, wider.basis)
    if own is None or ws is None:
        return {}
    by_source = dict(idx.subject(wider.subject).by_source.get((wider.kind, wider.basis), []))
    out: dict[int, float] = {}
    for y, f in own.winners.items():
        same = by_source.get(f.source)
        g = same.winners.get(y) if same is not None and y in same.winners else ws.winners.get(y)
        if g is not None and f.unit == g.unit == wider.unit and g.value > 0:
            if not same_source_only or g.source == f.source:
                out[y] = f.value / g.value
    return out


def first_ratio(ratios: dict[int, float]) -> tuple[float, list[int]] | None:
    """The median ratio of the zone's first ``FIRST_YEARS`` years in ``ratios`` and those
    years; None without any."""
    years = sorted(ratios)[:FIRST_YEARS]
    if not years:
        return None
    vals = sorted(ratios[y] for y in years)
    mid = len(vals) // 2
    r = vals[mid] if len(vals) % 2 else (vals[mid - 1] + vals[mid]) / 2
    return r, years


def served_ratio(
    idx: FactorIndex, zone: str, wider: Factor, years: Sequence[int], first: int, year: int
) -> tuple[float, list[int]] | None:
    """The served producer's level (module doc): the ratio of ``zone``'s own values in
    ``years`` (its first years set against one producer's values for both) to the wider
    area's default series in the same years, when it lies outside the band and no season
    average of the zone's between ``year`` and its series (``first``) is like the wider area's
    served value of its year; else None (the plain value may stand). Only those years: an
    older methodology's rows of the zone (the 2021 export) would mix a method step into what
    is meant as the producers' difference of level (TVA's 2019 export row, 0.70x Ember's US,
    against 0.86-0.92 for its 2021-2022 values). And only where those years open the zone's
    series (``first``): rule G3's year before it then scales the very values the ratio is
    measured on, so the served ratio joins the two; where older rows open it (Florida Power
    Corp.'s export 2018-2019, about 500 g, against 534-546 in 2021-2022), it would not."""
    own = idx.series(wider.kind, zone, wider.basis)
    ws = idx.series(wider.kind, wider.subject, wider.basis)
    if own is None or ws is None or not years or min(years) != first:
        return None
    ratios = {
        y: own.winners[y].value / ws.winners[y].value
        for y in years
        if y in own.winners
        and y in ws.winners
        and ws.winners[y].value > 0
        and own.winners[y].unit == ws.winners[y].unit == wider.unit
    }
    found = first_ratio(ratios)
    if found is None or NEAR_LOW <= found[0] <= NEAR_HIGH:
        return None
    seasons = sorted(
        (g.year, g.value)
        for g in idx.subject(zone).excluded.get((wider.kind, wider.basis), ())
        if (g.excluded or "").startswith(PARTIAL)
        and year <= g.year < first
        and g.unit == wider.unit
    )
    for y, v in seasons[:1]:
        w = ws.winners.get(y)
        if w is not None and w.value > 0 and NEAR_LOW <= v / w.value <= NEAR_HIGH:
            return None
    return found


def drifted_centre(
    idx: FactorIndex, res: Resolution, targets: Sequence[str], year: int | None
) -> Resolution:
    """Rule G3c (module doc): a wider area's value kept by rule G3b for a zone whose first
    years' ratio to it lies outside ``NEAR_LOW``..``NEAR_HIGH`` is scaled by that ratio."""
    w = res.factor
    if year is None or res.fallback is None or w.subject in targets or w.value <= 0:
        return res
    for z in targets:
        s = idx.series(w.kind, z, w.basis)
        if s is None or not s.years or s.years[0] <= year:
            continue  # no own series after the year, or a gap (rule G3's or none)
        found = first_ratio(year_ratios(idx, z, w, True) or year_ratios(idx, z, w))
        if found is None:
            return res
        r, years = found
        served = ""
        if NEAR_LOW <= r <= NEAR_HIGH:
            level = served_ratio(idx, z, w, years, s.years[0], year) if idx.rules >= 10 else None
            if level is None:
                return res  # like its wider area in its first years: the plain value stays
            served = (
                f" against {w.subject}'s served series ({w.source}; {r:.2f} against one "
                "producer's values for both, the producers' levels differ), the series rule "
                "G3 scales its year before the zone's by"
            )
            r, years = level
        parts = [
            g.value
            for g in idx.subject(z).excluded.get((w.kind, w.basis), ())
            if (g.excluded or "").startswith(PARTIAL)
            and year <= g.year < s.years[0]
            and g.unit == w.unit
        ]
        firsts = [s.winners[y] for y in s.years[:FIRST_YEARS] if s.winners[y].unit == w.unit]
        v = round(w.value * r, 2)
        lo = min(w.lo, v, *(f.value for f in firsts), *parts)
        hi = max(w.hi, v, *(f.value for f in firsts), *parts)
        shown = ", ".join(f"{y} {s.winners[y].value:g}" for y in years)
        method = (
            f"{DRIFT}: {z}'s own series starts in {s.years[0]}, beyond rule G3's reach of "
            f"{year}; its ratio to the wider area {w.subject} in its first own years the two "
            f"share ({shown}){served} is {r:.2f}, outside {NEAR_LOW:g}..{NEAR_HIGH:g}, though its median over all years "
            f"lies inside rule G3b's band: {w.subject}'s {w.year} value ({w.value:g}) times "
            f"{r:.2f} gives {v:g} {w.unit} (rule G3c); bounds {lo:g}..{hi:g} reach "
            f"{w.subject}'s plain value and {z}'s first two own and part years"
        )
        f = replace(
            w,
            id=factor_id(w.kind, z, w.year, caveats.DERIVED_SOURCE, "first-ratio"),
            subject=z,
            value=v,
            low=lo,
            high=hi,
            source=caveats.DERIVED_SOURCE,
            method=method,
            period=None,
            rung=None,
        )
        fallback = (
            f"no {w.basis} grid intensity for {z} in or before {year}: the value is the wider "
            f"area {w.subject}'s {w.value:g} scaled by {z}'s ratio to it in its first own "
            f"years (rule G3c)"
        )
        steps = res.steps + (f"rule G3c: {method}",)
        return caveats.add(replace(res, factor=f, steps=steps, fallback=fallback), method)
    return res


#: Rules generation of the estimate's own ratio (``drifted_estimate``).
ESTIMATE_GENERATION = 15
#: How a rule-G1 state estimate's method opens (``us_state_estimates`` importer).
G1_METHOD = "ESTIMATE (rule G1"


def estimate_ratio(idx: FactorIndex, est: Factor, year: int) -> tuple[float, list[int], int] | None:
    """Rule G1b (audit 1796658609 a-E1): for a rule-G1 estimate ``est`` answering ``year``,
    the median ratio of its zone's own series (any other source of the same zone, kind,
    basis and unit) to the estimate series in their first ``FIRST_YEARS`` common years, those
    years and the own series' first year; None when ``est`` is not a G1 estimate, the zone
    has an own value at or before ``year`` (the year asked is not before its series), or no
    common year."""
    if est.source != caveats.DERIVED_SOURCE or not (est.method or "").startswith(G1_METHOD):
        return None
    by_source = dict(idx.subject(est.subject).by_source.get((est.kind, est.basis), []))
    mine = by_source.get(est.source)
    if mine is None:
        return None
    own = {
        y: f
        for src, s in by_source.items()
        if src != est.source
        for y, f in s.winners.items()
        if f.unit == est.unit
    }
    default = idx.series(est.kind, est.subject, est.basis)
    if default is not None:  # the default series' value where sources share a year
        own.update({y: f for y, f in default.winners.items() if y in own})
    if not own or min(own) <= year:
        return None
    ratios = {
        y: f.value / mine.winners[y].value
        for y, f in own.items()
        if y in mine.winners and mine.winners[y].value > 0 and mine.winners[y].unit == f.unit
    }
    found = first_ratio(ratios)
    return None if found is None else (found[0], found[1], min(own))


def drifted_estimate(idx: FactorIndex, res: Resolution, year: int | None) -> Resolution:
    """Rule G1b (generation 15, audit 1796658609 a-E1). A rule-G1 state estimate answering a
    year before the state's own series (Electricity Maps' US-HI and US-AK from 2021, ``full``
    bundle only) is scaled by the own series' ratio to the estimate in their first common
    years where that ratio lies outside ``NEAR_LOW``..``NEAR_HIGH`` (rule G3c's test, with
    the estimate in the wider area's place): Hawaii's own values are 1.29-1.35x its estimate
    in every common year (834 against 646.04 in 2021), so the estimate's 705.24 for 2018 was
    a centre the project itself recorded as about 25-35% low, and the answer stepped +33%
    into 2021. The plain estimate stays the low bound; the stored high bound (the importer's
    own-ratio reach) stays; a ``DRIFT`` warning says so. The ``open`` bundle, without the
    own series, keeps the plain estimate."""
    w = res.factor
    if year is None or idx.rules < ESTIMATE_GENERATION or w.value <= 0:
        return res
    found = estimate_ratio(idx, w, year)
    if found is None or NEAR_LOW <= found[0] <= NEAR_HIGH:
        return res
    r, years, first = found
    own = idx.series(w.kind, w.subject, w.basis)
    est = dict(idx.subject(w.subject).by_source.get((w.kind, w.basis), []))[w.source]
    shown = ", ".join(
        f"{y} {own.winners[y].value:g}/{est.winners[y].value:g}"
        for y in years
        if own is not None and y in own.winners
    )
    scaled = round(w.value * r, 2)
    # The estimate's trend is the country's (Ember's US series), not the state's: the scaled
    # value is held between the two readings of the state on file, its plain estimate and
    # its own first value (Hawaii 2015: 769.71 x 1.30 = 1,002.48, above both 769.71 and its
    # own 834 of 2021 and above every lifecycle value on file for the islands).
    first_own = own.winners[first].value if own is not None and first in own.winners else None
    v = scaled
    if first_own is not None:
        v = min(max(scaled, min(w.value, first_own)), max(w.value, first_own))
    lo, hi = min(w.lo, w.value, v), max(w.hi, scaled)
    src = own.winners[first].source if own is not None and first in own.winners else "own"
    held = (
        f", held between the plain estimate and the state's own first value ({first_own:g}, "
        f"{first}) because the estimate's trend is the country's, not the state's"
        if v != scaled and first_own is not None
        else ""
    )
    method = (
        f"{DRIFT}: {w.subject}'s own series ({src}) starts in {first}, after {year}; in its "
        f"first years in common with the rule G1 estimate ({shown}) it is {r:.2f}x the "
        f"estimate, outside {NEAR_LOW:g}..{NEAR_HIGH:g}: the estimate's {w.year} value "
        f"({w.value:g}) times {r:.2f} gives {scaled:g} {w.unit}{held}: {v:g} (rule G1b, "
        f"generation {ESTIMATE_GENERATION}); bounds {lo:g}..{hi:g}, the plain estimate the low "
        "bound, the scaled value the high"
    )
    f = replace(
        w,
        id=factor_id(w.kind, w.subject, w.year, caveats.DERIVED_SOURCE, "own-ratio"),
        value=v,
        low=lo,
        high=hi,
        method=f"{method}. {w.method}",
        period=None,
        rung=None,
    )
    steps = res.steps + (f"rule G1b: {method}",)
    return caveats.add(replace(res, factor=f, steps=steps), method)
