"""Caveats a resolved value carries: staleness, years beyond the data, stand-in PUEs.

A lookup that answers with a value for another year, or with an industry average in place
of the operator that runs the site, gives a number a careful analyst would not sign without
being told. These rules add one warning line each to a ``Resolution`` (shown in every
footprint's ``warnings`` and in zone lookups), and backfill an operator's PUE to years
before its first published figure instead of dropping to the industry average.

They are small pure functions called by the grid and PUE resolvers through one hook each
(``with_year_caveats``, ``industry_caveat``, ``backfill_operator``), so the resolution
rules themselves stay where they are.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .records import Factor, Resolution
    from .resolve.index import FactorIndex


class _Latest(Protocol):
    """What ``typical_power`` reads (a ``Dataset``; not imported: it imports this module)."""

    def latest(
        self, kind: str, subject: str, bases: Iterable[str | None], *, unit: str | None = None
    ) -> tuple[Factor, list[str]] | None: ...


#: A sub-national grid's year-on-year change that needs a look: +-30% and at least 25 g
#: (issue 20 class 7; the validator's ``subnational-jump`` review rule uses the same).
SUB_JUMP_RATIO = 1.3
SUB_JUMP_MIN_ABS = 25.0
JUMP = "JUMP"
#: Source of the values carbonfactors derives from cited ones (factors/README.md rules).
DERIVED_SOURCE = "carbonfactors-derived"

#: PUE scopes that are an operator's own figure for its fleet (the ones a backfill may use).
FLEET_SCOPES = frozenset({"fleet-annual", "fleet-ttm"})
#: PUE scope of tool defaults and blog figures with no stated period.
TOOL_SCOPE = "unstated"

#: Prefixes of the caveat lines (stable: tests and readers may match on them).
STALE = "STALE"
BEYOND = "YEAR BEYOND DATA"
INDUSTRY_PUE = "INDUSTRY PUE"
BACKFILLED = "BACKFILLED"
ESTIMATE = "ESTIMATE"
SITE_PUE = "SITE PUE"
#: A site's own PUE this close (relative) outside its operator's bounds widens them quietly.
SITE_PUE_QUIET = 0.02


def add(res: Resolution, *lines: str) -> Resolution:
    """``res`` with more caveat lines (each also appended to its steps)."""
    new = tuple(x for x in lines if x and x not in res.caveats)
    if not new:
        return res
    return replace(res, caveats=res.caveats + new, steps=res.steps + new)


def year_caveats(
    factor: Factor, year: int | None, newest: int | None, screened: Sequence[Factor] = ()
) -> list[str]:
    """Warnings when the value's year is older than the year asked, or the year is beyond
    every value the subject has (``newest``: the newest year along the chain; ``screened``:
    values of the year asked or later that the screens keep out of defaults, named so the
    warning never says no value is on file when one is, audit 1796606525 a-J1)."""
    if year is None or factor.year >= year:
        return []
    gap = year - factor.year
    out = [
        f"{STALE}: the value is for {factor.year}, {gap} year{'s' if gap > 1 else ''} older "
        f"than the year asked ({year}); it is used as is, not projected"
    ]
    if newest is not None and year > newest:
        off = ", ".join(f"{g.subject} {g.year} {g.value:g} ({g.source})" for g in screened)
        what = f"no value a default may use for {year}" if off else f"no value for {year}"
        also = f"; on file but screened out: {off}" if off else ""
        out.append(
            f"{BEYOND}: {what} or any later year (the newest is {newest}{also}); "
            f"the {factor.year} value is not a forecast for {year}"
        )
    return out


def with_year_caveats(
    ds: FactorIndex, res: Resolution, kind: str, chain: Sequence[str], year: int | None
) -> Resolution:
    """The resolver hook: ``res`` with its staleness and beyond-the-data warnings."""
    if year is None or res.factor.year >= year:
        return res
    newest = None
    for subject in chain:
        for basis in {res.factor.basis, None}:
            s = ds.series(kind, subject, basis)
            if s is not None and s.years:
                newest = max(newest or s.years[-1], s.years[-1])
    screened: list[Factor] = []
    if ds.rules >= 6 and kind == "grid_intensity":
        from .resolve.screened import screened as find

        f = res.factor
        screened = find(ds, chain, kind, f.basis, f.unit, lambda y: y >= year)
    return add(res, *year_caveats(res.factor, year, newest, screened))


def jump_caveat(ds: FactorIndex, res: Resolution) -> Resolution:
    """The resolver hook: ``res`` with a warning when its grid value breaks a sub-national
    series (a change of ``SUB_JUMP_RATIO`` and ``SUB_JUMP_MIN_ABS`` from the same source's
    previous year). Such swings are often real (hydro years), so the value is used; the
    reader is told to look (``carbonfactors validate`` lists every one)."""
    f = res.factor
    zone = ds.zones.get(f.subject)
    if zone is None or zone.type != "subnational":
        return res
    s = ds.series(f.kind, f.subject, f.basis)
    prev = None if s is None else s.winners.get(f.year - 1)
    gap = ""
    if prev is None and s is not None and ds.rules >= 12:
        # Generation 12 (w15 sub-national pass): across one year with no kept value (screened
        # out: Tasmania 2023's 90 g), compare with the year before it (2022: 27 g, 2024: 133).
        prev, gap = s.winners.get(f.year - 2), f"; {f.year - 1} has no kept value"
    if prev is None or prev.source != f.source or min(prev.value, f.value) <= 0:
        return res
    a, b = prev.value, f.value
    if abs(b - a) < SUB_JUMP_MIN_ABS or max(a, b) / min(a, b) < SUB_JUMP_RATIO:
        return res
    return add(
        res,
        f"{JUMP}: {f.subject} {f.year} is {b:g} {f.unit} after {a:g} in {prev.year}{gap} "
        f"({b / a - 1:+.0%}) in {f.source}'s series of a sub-national grid; check it before "
        "relying on it (carbonfactors validate lists such jumps)",
    )


def estimate_caveat(res: Resolution) -> Resolution:
    """The resolver hook: ``res`` with a warning when its grid value is an estimate derived
    from wider-area data (rule G1: a US state's position applied to the national series),
    not a measured series of that place."""
    f = res.factor
    if f.kind != "grid_intensity" or f.source != DERIVED_SOURCE:
        return res
    return add(
        res,
        f"{ESTIMATE}: {f.subject} {f.year} ({f.value:g} {f.unit}) is derived from wider-area "
        f"data, not measured for this place (rule G1; its method says how and what it "
        "misses)",
    )


def industry_caveat(stands_in_for: str, factor: Factor) -> str:
    """The warning when the industry-average PUE is used for a named operator or a place."""
    return (
        f"{INDUSTRY_PUE}: the industry-average PUE ({factor.value:g}, {factor.source} "
        f"{factor.year}) stands in for {stands_in_for}; give pue (a number or an operator id) "
        "when the site's own PUE is known"
    )


def backfill_industry(
    ds: FactorIndex, subject: str, bases: Sequence[str | None], year: int
) -> tuple[Factor, str] | None:
    """The industry average's earliest figure for a year before the bundle's series starts.

    The yearly survey values before 2024 are in the ``full`` bundle only (their licence is
    not stated), so in ``open`` a job of 2023 would otherwise raise; the survey average moves
    by hundredths a year, so the earliest open figure, said as such, is the better answer.
    """
    first = _first_after(ds, subject, bases, year)
    if first is None:
        return None
    return first, (
        f"{BACKFILLED}: this bundle has no industry-average PUE in or before {year}; its "
        f"earliest ({first.value:g} for {first.year}, {first.source}) stands in. The full "
        'bundle (bundle=full, or pip install "carbonfactors[full]") may hold that year\'s '
        "survey value"
    )


def backfill_operator(
    ds: FactorIndex,
    chain: Sequence[tuple[str, str]],
    bases: Sequence[str | None],
    year: int,
) -> tuple[Factor, str] | None:
    """An operator's earliest own PUE for a year before its series starts, and the warning.

    Operators publish fleet PUE from some year on (AWS 2023, Microsoft FY2024); their fleet
    PUE moves by hundredths a year, while the industry survey average is 0.4-0.5 higher. For
    an earlier year the operator's earliest own figure is the better estimate, said as such.
    Only operators (not regions or campuses, whose figures are site-specific) are backfilled,
    and only from their own fleet figures (``FLEET_SCOPES``), never from a tool's estimate.
    """
    for subject, _role in chain:
        op = ds.operators.get(subject)
        if op is None or op.get("type") != "operator":
            continue
        first = _first_after(ds, subject, bases, year, FLEET_SCOPES)
        if first is None:
            continue
        period = f", period {first.period}" if first.period else ""
        gone = f"{subject} publishes no PUE in or before {year}"
        if ds.rules >= 13:
            from .resolve.pue_period import period_years

            # Rule P4 (audit 1796647084 #30): a figure whose period covers the year is
            # picked before this backfill; one of a later period says where that starts.
            span = period_years(first)
            if span is not None:
                gone = f"{gone} (its earliest figure's period starts in {span[0]})"
        return first, (
            f"{BACKFILLED}: {gone}; its earliest "
            f"own figure ({first.value:g} for {first.year}{period}, {first.source}) stands "
            "in for it rather than the industry average"
        )
    return None


def _first_after(
    ds: FactorIndex,
    subject: str,
    bases: Sequence[str | None],
    year: int,
    scopes: Collection[str] | None = None,
    kind: str = "pue",
) -> Factor | None:
    """The earliest value of ``subject`` (of the first basis that has one, within ``scopes``
    when given) if its series starts after ``year``: what a backfill stands in with."""
    for basis in bases:
        s = ds.series(kind, subject, basis)
        if s is None:
            continue
        years = [y for y in s.years if scopes is None or (s.winners[y].scope or "") in scopes]
        if years and years[0] > year:
            return s.winners[years[0]]
    return None


def _gap_neighbours(
    ds: FactorIndex, subject: str, basis: str | None, year: int, kind: str
) -> list[Factor]:
    """The zone's own values just before and just after ``year`` when its series has both
    but not ``year`` itself (a gap), else nothing."""
    s = ds.series(kind, subject, basis)
    if s is None or year in s.years:
        return []
    before = [y for y in s.years if y < year]
    after = [y for y in s.years if y > year]
    if not before or not after:
        return []
    return [s.winners[before[-1]], s.winners[after[0]]]


def tool_estimate_before_own(
    ds: FactorIndex,
    picked: Factor,
    chain: Sequence[tuple[str, str]],
    bases: Sequence[str | None],
    year: int | None,
) -> tuple[Factor, str] | None:
    """An operator's own earliest fleet figure in place of a tool's undated estimate.

    Tool constants (CCF's AWS 1.135) carry no period; filing them under the year of a code
    change does not make them a figure for that year. When such an estimate is all there is
    for a year before the operator's own series starts, the operator's own earliest figure is
    used instead (``backfill_operator``), and the warning names the estimate set aside.
    """
    if year is None or picked.scope != TOOL_SCOPE:
        return None
    back = backfill_operator(ds, chain, bases, year)
    if back is None:
        return None
    f, why = back
    return f, (
        f"{why}; the tool estimate {picked.value:g} ({picked.source}, no stated period, filed "
        f"under {picked.year}) is set aside"
    )


# -- bounds that mean something (issue 20 class 8) ---------------------------------------------
def spread_bounds(ds: FactorIndex, res: Resolution) -> Resolution:
    """A grid value without a published range gets the spread of the credible sources for
    the same zone, year and basis (the values that lost to it by priority; screened-out
    values are not among them): FR 2024 is 33 g (Ember) and 40 g (Electricity Maps), so its
    bounds are 33..40, not 33..33. The value itself is unchanged; the trail says so."""
    f = res.factor
    if f.low is not None or f.high is not None:
        return res
    s = ds.series(f.kind, f.subject, f.basis)
    others = [] if s is None else s.losers.get(f.year, [])
    values = [f.value, *(o.value for o in others if o.unit == f.unit)]
    lo, hi = min(values), max(values)
    if lo == hi:
        return res
    names = ", ".join(f"{o.source} {o.value:g}" for o in others)
    step = (
        f"bounds {lo:g}..{hi:g}: the spread of the sources for {f.subject} {f.year} "
        f"({f.source} {f.value:g}, {names})"
    )
    return replace(res, factor=replace(f, low=lo, high=hi), steps=res.steps + (step,))


def own_series_bounds(
    ds: FactorIndex, res: Resolution, own: Sequence[str], year: int | None
) -> Resolution:
    """A wider area's value standing in for a zone before the zone's own series starts
    reaches, in its bounds, the zone's own earliest value (audit 2026-12-06, class B); in a
    gap of the zone's own series (MISO has 2017 and 2021, not 2018), its values on both
    sides of the gap (audit 1796563618 #18).

    Why: Portland General Electric's own values (2021 on) are less than half the US value
    that stands in for it in 2017; the country value is the only one on file for that year,
    but bounds of a single source's point claim a certainty nobody has. The value is
    unchanged; the bounds and a warning line say how far the zone's own data sits from it.
    """
    f = res.factor
    if year is None or res.fallback is None or f.subject in own:
        return res
    firsts: list[Factor] = []
    where = "before its own series starts"
    for z in own:
        first = _first_after(ds, z, (f.basis,), year, kind=f.kind)
        near = [first] if first is not None else _gap_neighbours(ds, z, f.basis, year, f.kind)
        if first is None and near:
            where = "in a gap of its own series"
        firsts += [x for x in near if x.unit == f.unit]
    if not firsts:
        return res
    values = [f.value, *(x for x in (f.low, f.high) if x is not None)]
    values += [x.value for x in firsts]
    lo, hi = min(values), max(values)
    named = ", ".join(f"{x.subject} {x.year}: {x.value:g} {x.unit} ({x.source})" for x in firsts)
    line = (
        f"{f.subject}'s value stands in for {own[0]} {where} ({named}); "
        f"bounds {lo:g}..{hi:g} reach that value"
    )
    return replace(add(res, line), factor=replace(f, low=lo, high=hi))


def operator_range(ds: FactorIndex, res: Resolution) -> Resolution:
    """A PUE without a published range gets the range of its subject's own series (every
    year, same basis): an operator's fleet PUE moves within it from year to year, which is
    the uncertainty of using one year's figure for a job."""
    f = res.factor
    if f.low is not None or f.high is not None:
        return res
    s = ds.series(f.kind, f.subject, f.basis)
    if s is None:
        return res
    values = [s.winners[y].value for y in s.years]
    lo, hi = min(values + [f.value]), max(values + [f.value])
    if lo == hi:
        return res
    step = (
        f"bounds {lo:g}..{hi:g}: the range of {f.subject}'s {f.basis or ''} PUE over "
        f"{s.years[0]}..{s.years[-1]}"
    ).replace("  ", " ")
    return replace(res, factor=replace(f, low=lo, high=hi), steps=res.steps + (step,))


def site_range(
    ds: FactorIndex, res: Resolution, chain: Sequence[str], bases: Sequence[str | None]
) -> Resolution:
    """A site's own published PUE figures inside the bounds when its operator's stands in.

    A campus or geography whose own series starts after the year asked gets its operator's
    fleet figure (``chain_pick`` or ``backfill_operator``), bounded by the fleet's range. A
    site's PUE is set by its climate and design, so its own later figures are evidence for
    the earlier years too: Microsoft's Texas geography publishes 1.28 (FY2024) where the
    fleet's range is 1.16..1.185 (and an Azure region in Texas reaches the same figures
    through its site, ``microsoft:texas``). The value stays the fleet's (a site figure is not
    projected back); the bounds reach the site's own figures, and a warning says so when
    they had to be widened by more than ``SITE_PUE_QUIET`` of the value (audit 1796558261,
    #31)."""
    f = res.factor
    if f.subject not in chain:
        return res  # the industry average: its own caveat says what it stands in for
    for site in chain[: chain.index(f.subject)]:
        own = [
            s.winners[y]
            for b in bases
            if (s := ds.series(f.kind, site, b)) is not None
            for y in s.years
        ]
        if own:
            return _reach(res, site, own)
    return res


def _reach(res: Resolution, site: str, own: Sequence[Factor]) -> Resolution:
    """``res`` with bounds reaching ``own`` (the site's figures), said when far outside."""
    f = res.factor
    lo0 = f.value if f.low is None else f.low
    hi0 = f.value if f.high is None else f.high
    lo, hi = min([lo0, *(g.value for g in own)]), max([hi0, *(g.value for g in own)])
    if (lo, hi) == (lo0, hi0):
        return res
    steps = res.steps + (f"bounds {lo:g}..{hi:g}: they reach {site}'s own published PUE",)
    res = replace(res, factor=replace(f, low=lo, high=hi), steps=steps)
    if lo0 - lo <= SITE_PUE_QUIET * f.value and hi - hi0 <= SITE_PUE_QUIET * f.value:
        return res  # a hundredth or so (Google's campuses around the fleet): bounds only
    figures = ", ".join(f"{g.value:g} for {g.year}" for g in sorted(own, key=lambda g: g.year))
    line = (
        f"{SITE_PUE}: {site}'s own published PUE ({figures}) lies outside the range of "
        f"{f.subject}'s figure that stands in for it; the bounds {lo:g}..{hi:g} reach it"
    )
    return add(res, line)


#: Power basis of a median measured draw in real work (never a default power value).
TYPICAL = "typical"


def typical_power(ds: _Latest, subject: str) -> Factor | None:
    """A model's measured median draw in real work (basis ``typical``), if one is filed.

    Without a stated utilization, a TDP-based estimate assumes full load; measured LLM
    inference runs draw a median 0.71 of TDP on H100 and 0.69 on B200 (ML.ENERGY v3), so
    that draw is the low end of the estimate (``HardwarePlan.watts``)."""
    found = ds.latest("power", subject, (TYPICAL,), unit="W")
    return None if found is None else found[0]
