"""The PUE rule: an operator's chain, else a cloud region's own value then its operator's,
else the industry average; measured before design before estimated (``dataset`` doc)."""

from __future__ import annotations

from .. import caveats, suggest
from ..errors import FactorNotFound, OperatorNotFound
from ..records import Factor, Resolution
from . import place_rules, pue_notes, pue_period, site_figures, suggestions
from .chain import chain_pick
from .index import FactorIndex

#: Subject of the industry-average PUE.
INDUSTRY = "industry"
#: PUE: any basis; when several exist for one year, the first listed wins.
PUE_BASES: tuple[str | None, ...] = ("measured", None, "design", "estimated")


def operator_chain(idx: FactorIndex, operator: str) -> list[tuple[str, str]]:
    chain: list[tuple[str, str]] = []
    cur: str | None = operator
    role = ""
    while cur is not None and cur in idx.operators and all(c[0] != cur for c in chain):
        chain.append((cur, role))
        role = f" (parent of {cur})"
        cur = idx.operators[cur].get("parent")
    return chain


def resolve_pue(
    idx: FactorIndex,
    location: str | None = None,
    year: int | None = None,
    operator: str | None = None,
) -> Resolution:
    """PUE for an operator/campus id, else for a location (``carbonfactors.dataset`` doc),
    with bounds from its series' range (``caveats.operator_range``), widened to the site's
    own figures when its operator's stands in for it (``caveats.site_range``); from rules
    generation 12, a figure carried back reaches the year's industry average and a site
    asked before it opened says so (``resolve.pue_notes``); from generation 13, a figure
    whose period covers the year asked is the subject's own for it (``resolve.pue_period``)."""
    res = _resolve_sited(idx, location, year, operator)
    periods = idx.rules >= 13
    if (
        periods
        and year is not None
        and res.factor.year > year
        and pue_period.covers(res.factor, year)
    ):
        res = caveats.add(res, pue_period.note(res.factor, year))
    if idx.rules >= 12:
        industry = _industry_for(idx, year)
        res = pue_notes.backfill_reach(res, year, industry, INDUSTRY, periods=periods)
        res = pue_notes.before_opening(idx, res, location, operator, year)
    return res


def _industry_for(idx: FactorIndex, year: int | None) -> Factor | None:
    """The industry-average PUE the engine uses for ``year`` (its backfill in a bundle whose
    series starts later), or None."""
    if year is None:
        return None
    found = chain_pick(idx, "pue", [(INDUSTRY, "")], PUE_BASES, year).factor
    back = None if found is not None else caveats.backfill_industry(idx, INDUSTRY, PUE_BASES, year)
    return found if back is None else back[0]


def _resolve_sited(
    idx: FactorIndex, location: str | None, year: int | None, operator: str | None
) -> Resolution:
    """``resolve_pue`` up to rules generation 11."""
    res = caveats.operator_range(idx, _resolve_pue(idx, location, year, operator))
    sites = _sites(idx, location, operator)
    if idx.rules >= 3:
        # Rules P2 and P3: a site's own figures (a campus's and those of the cloud regions
        # placed at it) come before a fresher fleet figure, said STALE when older.
        sites = site_figures.with_regions(idx, sites)
        before = res.factor
        res = site_figures.site_before_fleet(idx, res, sites, PUE_BASES, year)
        if res.factor is not before:
            res = caveats.with_year_caveats(idx, res, "pue", sites, year)
    if idx.rules >= 2:
        # Rules P0 and P1 (audit 1796574057): an industry stand-in reaches the operator's
        # own figures; a site well above its operator is centred on its own figure.
        if res.factor.subject == INDUSTRY and operator != INDUSTRY:
            return place_rules.operator_estimate_reach(idx, res, sites, PUE_BASES)
        res = place_rules.site_above_operator(idx, res, sites, PUE_BASES, year)
    return caveats.site_range(idx, res, sites, PUE_BASES)


def _sites(idx: FactorIndex, location: str | None, operator: str | None) -> list[str]:
    """The PUE subjects asked for, most specific first: the campus and its parents, or the
    cloud region, its site (a Microsoft geography) and its operator."""
    if operator is not None:
        return [s for s, _ in operator_chain(idx, operator)]
    if location is None:
        return []
    zone, _ = idx.zone(location)
    if zone.type != "cloud_region":
        return []
    ops = operator_chain(idx, zone.operator) if zone.operator else []
    return [zone.id, *(s for s, _ in ops)]


def _resolve_pue(
    idx: FactorIndex, location: str | None, year: int | None, operator: str | None
) -> Resolution:
    steps: list[str] = []
    if year is None:
        steps.append("year not given → latest available")
    chain: list[tuple[str, str]] = []
    stand_in = "a site with no location given"
    if operator is not None:
        stand_in = f"operator '{operator}'"
        if operator not in idx.operators:
            found = suggestions.operators(idx, operator)
            raise OperatorNotFound(
                f"unknown PUE operator or campus '{operator}' in dataset {idx.version}"
                f"{suggest.hint(found, 'pue')}",
                field="pue",
                candidates=found,
            )
        chain = operator_chain(idx, operator)
        steps.append(f"pue '{operator}' given → operator {operator}")
    elif location is not None:
        zone, _ = idx.zone(location)
        stand_in = f"{zone.id} (a {zone.type.replace('_', ' ')} with no operator on file)"
        if zone.type == "cloud_region":
            stand_in = f"{zone.id} (operator {zone.operator or 'unknown'})"
            chain = [(zone.id, " (region's own PUE)")]
            if zone.operator:
                chain += [
                    (op, role or f" (operator of {zone.id})")
                    for op, role in operator_chain(idx, zone.operator)
                ]
            steps.append(f"{zone.id} is a cloud region → its own PUE, then its operator's")
        else:
            steps.append(f"{zone.id} is not a cloud region → industry average")
    else:
        steps.append("no location → industry average")
    subjects = [c[0] for c in chain]
    if chain:
        pick = chain_pick(idx, "pue", chain, PUE_BASES, year)
        if idx.rules >= 13:
            pick = pue_period.prefer(idx, pick, "pue", chain, PUE_BASES, year)
        steps.extend(pick.steps)
        if pick.factor is not None:
            # Issue 20 class 1: a tool's undated estimate gives way to the operator's own
            # figure; a stale year is said (``carbonfactors.caveats``).
            own = caveats.tool_estimate_before_own(idx, pick.factor, chain, PUE_BASES, year)
            if own is not None:
                summary = f"{' → '.join(subjects)}: {year} → {own[0].year} operator backfill"
                return caveats.add(Resolution(own[0], tuple(steps), summary), own[1])
            res = Resolution(pick.factor, tuple(steps), pick.summary)
            return caveats.with_year_caveats(idx, res, "pue", subjects, year)
        back = None if year is None else caveats.backfill_operator(idx, chain, PUE_BASES, year)
        if back is not None:
            summary = f"{' → '.join(subjects)}: {year} → {back[0].year} operator backfill"
            return caveats.add(Resolution(back[0], tuple(steps), summary), back[1])
        when = "in any year" if year is None else f"in or before {year}"
        if operator is not None and idx.rules >= 2:
            # Rule P0: a catalog operator without a figure gets the industry average, said.
            stand_in = f"operator '{operator}', which has no PUE figure of its own {when}"
        elif operator is not None:
            raise FactorNotFound(
                f"no PUE for '{operator}' {when} in this dataset; give pue as a number, or "
                f"'{INDUSTRY}' for the industry average",
                field="pue",
            )
        steps.append("nothing usable in the region's chain → industry average")
    pick = chain_pick(idx, "pue", [(INDUSTRY, "")], PUE_BASES, year)
    steps.extend(pick.steps)
    factor, summary, backfilled = pick.factor, pick.summary, None
    if factor is None and year is not None:
        back = caveats.backfill_industry(idx, INDUSTRY, PUE_BASES, year)
        if back is not None:
            factor, backfilled = back
            summary = f"{INDUSTRY}: {year} → {factor.year} industry backfill"
    if factor is None:
        when = "in any year" if year is None else f"in or before {year}"
        raise FactorNotFound(f"no industry-average PUE {when}; give pue", field="pue")
    if chain:
        tried = " → ".join(subjects)
        when = "at all" if year is None else f"in or before {year}"
        summary = f"{tried}: no value {when} → {summary}"
    res = Resolution(factor, tuple(steps), summary)
    if operator != INDUSTRY:
        res = caveats.add(res, caveats.industry_caveat(stand_in, factor))
    if backfilled is not None:
        return caveats.add(res, backfilled)
    return caveats.with_year_caveats(idx, res, "pue", [INDUSTRY], year)
