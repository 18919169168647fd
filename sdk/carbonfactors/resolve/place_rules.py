"""Rules P, P0 and P1 (audit 2026-12-06 seed 1796574057, rules generation 2): what a
place's own figure and its wider candidates say about each other.

* **P** (grid): a cloud region's own published figure that wins for a year reaches, in its
  bounds, its grid zone's value for the same year and basis (Google's europe-west3 2019
  319 g against Germany's 392.51 g), and a ``SOURCE CHANGED`` warning says when the
  neighbouring years of the region are answered from its grid zone's series instead.
* **P0** (PUE): an operator or campus with no figure for the year asked is answered with the
  industry average under the ``INDUSTRY PUE`` warning (``pue.resolve_pue``), its bounds
  reaching the operator's own figures (OVHcloud's 2023 1.09 for 2019) instead of an error.
* **P1** (PUE): a site whose own figure lies more than ``SITE_ABOVE`` above its operator's
  stand-in, asked for a year before its own figures, is centred on its own nearest figure
  (said STALE: it is later than the year asked), with the low bound at the operator's
  stand-in and the high bound at the site figure scaled by the operator's own change from
  the site figure's year to its highest year (PUE ran higher earlier). A site below its
  operator (Microsoft Wyoming 1.12 against the fleet's 1.185) keeps the operator's figure
  up to rules generation 16: there the site and the earlier year pull opposite ways and the
  bounds reach the site.
* **P1b** (PUE, audit 1796674267 class SB; rules generation 17): P1 made symmetric where
  the operator's stand-in is itself carried back (its figure, or its period's first year,
  is later than the year asked) and the site's own figure is for the same years or
  earlier. Then neither figure is evidence for that year, and the site's own is the better
  one of its level: Scaleway AMS1 (1.2, 2018-2020) answered 2017
  with its operator's median of six sites (1.405, same period) while DC2, DC4 and WAW1,
  above the median, kept their own. A site more than ``SITE_ABOVE`` below such a stand-in
  is centred on its own earliest figure, the high bound reaching the operator's figure
  (the backfill reach then takes it to the year's industry average). An operator figure
  that covers the year asked, or is nearer to it than the site's (Microsoft's 2022 fleet
  figure against Wyoming's 2024, asked 2015), stays the answer (the site's in its bounds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .. import caveats
from ..records import Factor, Resolution, Zone
from .index import FactorIndex

#: Rule P1: a site's own figure this far (relative) above its operator's stand-in.
SITE_ABOVE = 0.05
#: Warning when adjacent years of a place come from another series (rule P).
SOURCE_CHANGED = "SOURCE CHANGED"


def _bounds(f: Factor) -> tuple[float, float]:
    return (f.value if f.low is None else f.low, f.value if f.high is None else f.high)


def grid_zone_reach(idx: FactorIndex, res: Resolution, zone: Zone) -> Resolution:
    """Rule P: a cloud region's own value, when it wins, bounded by its grid zone's value of
    the same year and basis, with a warning when its adjacent years switch series."""
    f = res.factor
    gz = zone.grid_zone
    if zone.type != "cloud_region" or not gz or f.subject != zone.id:
        return res
    grid = idx.series(f.kind, gz, f.basis)
    other = None if grid is None else grid.winners.get(f.year)
    if other is not None and other.unit == f.unit:
        lo0, hi0 = _bounds(f)
        lo, hi = min(lo0, other.value), max(hi0, other.value)
        if (lo, hi) != (lo0, hi0):
            line = (
                f"{zone.id}'s own published figure for {f.year} ({f.value:g} {f.unit}, "
                f"{f.source}) wins; its grid zone {gz} has {other.value:g} ({other.source}) "
                f"for the same year and basis, so the bounds {lo:g}..{hi:g} reach it (rule P)"
            )
            res = replace(caveats.add(res, line), factor=replace(f, low=lo, high=hi))
    own = idx.series(f.kind, zone.id, f.basis)
    if grid is None or own is None or res.source_changed:
        return res
    adjacent = [y for y in (f.year - 1, f.year + 1) if y not in own.winners and y in grid.winners]
    if not adjacent:
        return res
    years = " and ".join(str(y) for y in adjacent) + (" are" if len(adjacent) > 1 else " is")
    srcs = ", ".join(sorted({grid.winners[y].source for y in adjacent}))
    note = (
        f"{SOURCE_CHANGED}: {zone.id} {f.year} is its own published figure ({f.source}); "
        f"{years} answered from its grid zone {gz} ({srcs}), so its series steps "
        "between sources there"
    )
    return caveats.add(res, note)


def operator_estimate_reach(
    idx: FactorIndex, res: Resolution, sites: Sequence[str], bases: Sequence[str | None]
) -> Resolution:
    """Rule P0: the industry average standing in for a named operator or site reaches, in
    its bounds, that subject's own figures of any year and scope (a tool's estimate too:
    it is what is known of that operator)."""
    f = res.factor
    own = [
        s.winners[y]
        for site in sites
        for b in bases
        if (s := idx.series(f.kind, site, b)) is not None
        for y in s.years
    ]
    own = [g for g in own if g.unit == f.unit]
    if not own:
        return res
    lo0, hi0 = _bounds(f)
    lo, hi = min([lo0, *(g.value for g in own)]), max([hi0, *(g.value for g in own)])
    if (lo, hi) == (lo0, hi0):
        return res
    named = ", ".join(f"{g.subject} {g.value:g} for {g.year} ({g.source})" for g in own)
    line = f"bounds {lo:g}..{hi:g}: they reach the own figures of {sites[0]} ({named}) (rule P0)"
    return replace(caveats.add(res, line), factor=replace(f, low=lo, high=hi))


def site_above_operator(
    idx: FactorIndex,
    res: Resolution,
    chain: Sequence[str],
    bases: Sequence[str | None],
    year: int | None,
) -> Resolution:
    """Rule P1: a site well above its operator, asked for a year before its own figures,
    answered with its own nearest figure (see the module doc for why and the bounds)."""
    f = res.factor
    if year is None or f.subject not in chain:
        return res
    for site in chain[: chain.index(f.subject)]:
        own = sorted(
            (
                s.winners[y]
                for b in bases
                if (s := idx.series(f.kind, site, b)) is not None
                for y in s.years
            ),
            key=lambda g: g.year,
        )
        if not own:
            continue
        first = own[0]
        if first.year <= year or first.unit != f.unit:
            return res
        if first.value > f.value * (1 + SITE_ABOVE):
            return _centre_on_site(idx, res, site, first, year)
        if idx.rules >= 17 and first.value < f.value * (1 - SITE_ABOVE):
            return _below_carried(res, site, first, year)
        return res
    return res


def _start(f: Factor) -> int:
    """The first year ``f`` is evidence for: its period's first year, else its year."""
    from .pue_period import period_years

    span = period_years(f)
    return f.year if span is None else span[0]


def _below_carried(res: Resolution, site: str, first: Factor, year: int) -> Resolution:
    """Rule P1b (module doc): a site well below an operator figure that is itself carried
    back to ``year`` is centred on its own earliest figure, the high bound at the operator's."""
    f = res.factor
    if _start(f) <= year or _start(first) <= year or _start(first) > _start(f):
        # The operator's figure covers the year asked, or is nearer to it than the site's
        # (Google's 2016 fleet figure for 2015 against a campus's 2025): it stays, and the
        # bounds reach the site's figures (``caveats.site_range``).
        return res
    lo = min(_bounds(first)[0], first.value)
    hi = max(_bounds(f)[1], f.value, _bounds(first)[1])
    gap = _start(first) - year
    fp = f", period {first.period}" if first.period else ""
    op = f", period {f.period}" if f.period else ""
    lines = (
        f"SITE PUE: {site}'s own published figure ({first.value:g} for {first.year}{fp}, "
        f"{first.source}) lies more than {SITE_ABOVE:.0%} below {f.subject}'s figure that "
        f"would stand in for it ({f.value:g} for {f.year}{op}, {f.source}); neither is a "
        f"figure for {year}, and a site's PUE is set by its climate and design, so the "
        f"site's own figure is the central value (rule P1b, audit 1796674267 SB); the high "
        f"bound {hi:g} reaches {f.subject}'s figure, as PUE ran higher in earlier years",
        _stale_line(site, first, fp, gap, year),
    )
    summary = f"{site}: {year} → {first.year} site's own earliest figure (rule P1b)"
    return _site_answer(res, first, lo, hi, lines, summary)


def _centre_on_site(
    idx: FactorIndex, res: Resolution, site: str, first: Factor, year: int
) -> Resolution:
    f = res.factor
    high = first.value
    scaled = ""
    ops = idx.series(f.kind, f.subject, f.basis)
    if ops is not None and first.year in ops.winners:
        at = ops.winners[first.year].value
        top = max(ops.winners[y].value for y in ops.years)
        if top > at:
            high = round(first.value * top / at, 4)
            scaled = (
                f", the high bound {high:g} = {first.value:g} x {top:g} / {at:g} ({f.subject}'s "
                f"highest figure over its {first.year} figure: PUE ran higher earlier)"
            )
    lo = min(_bounds(f)[0], f.value)
    hi = max(_bounds(f)[1], high)
    gap = first.year - year
    lines = (
        f"SITE PUE: {site}'s own published figure ({first.value:g} for {first.year}, "
        f"{first.source}) lies more than {SITE_ABOVE:.0%} above {f.subject}'s figure that "
        f"would stand in for it ({f.value:g} for {f.year}); a site's PUE is set by its "
        "climate and design, and PUE ran higher in earlier years, so the site's own figure is "
        f"the central value (rule P1); the low bound {lo:g} reaches {f.subject}'s figures{scaled}",
        _stale_line(site, first, "", gap, year),
    )
    summary = f"{site}: {year} → {first.year} site's own nearest figure (rule P1)"
    return _site_answer(res, first, lo, hi, lines, summary)


def _stale_line(site: str, first: Factor, period: str, gap: int, year: int) -> str:
    """Rules P1 and P1b both answer with a site figure from a later year, used unprojected."""
    return (
        f"{caveats.STALE}: the value is {site}'s figure for {first.year}{period}, {gap} year"
        f"{'s' if gap > 1 else ''} after the year asked ({year}); it is used as is, not "
        "projected"
    )


def _site_answer(
    res: Resolution, first: Factor, lo: float, hi: float, lines: tuple[str, ...], summary: str
) -> Resolution:
    """The site's own figure as the answer, its sentences both steps and warnings."""
    factor = replace(first, low=lo, high=hi)
    return Resolution(factor, res.steps + lines, summary, res.source_changed, None, lines)
