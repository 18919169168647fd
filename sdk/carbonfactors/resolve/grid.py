"""The grid-intensity rule: a location's zone chain, one series per zone, the freshest
value at or before the year, fallbacks said out loud (``carbonfactors.dataset`` doc)."""

from __future__ import annotations

from .. import bundles, caveats
from ..errors import FactorNotFound, InvalidInput
from ..kinds import KINDS
from ..records import Factor, Resolution, Zone
from . import (
    corrected_rows,
    direct_carry,
    direct_ceiling,
    drift,
    grid_notes,
    isolated_gap,
    method_reach,
    own_years,
    parent_twin,
    place_rules,
    row_notes,
    served_area,
    source_gap,
)
from .chain import chain_pick
from .index import DEFAULT_GRID_BASIS, FactorIndex, Series
from .screened import screened


def defers_own(zone: Zone) -> bool:
    """Whether a zone's own values come after its grid zone's: a sub-national area mapped to
    the grid that serves it (a US state → its balancing authority) holds area averages and
    estimates (rule G1), coarser than that grid's own series. A cloud region's own value (a
    provider's published figure for its site) still comes first."""
    return zone.type == "subnational" and bool(zone.grid_zone)


def grid_chain(idx: FactorIndex, zone: Zone) -> list[tuple[str, str]]:
    """Zones to try for a location, most specific first, with their role in words.

    The zone itself, its grid zone and the grid zone's wider areas up to (not into) the
    zone's own parents, then those parents: a US cloud region goes region → balancing
    authority → its state → US, so a bundle without the authority's value uses the
    state's before the country's. A zone that ``defers_own`` is tried after its grid zone.
    """
    later = defers_own(zone)
    seen = set() if later else {zone.id}
    chain: list[tuple[str, str]] = [] if later else [(zone.id, "")]
    ancestors: list[str] = []
    cur = zone.parent
    while cur is not None and cur not in ancestors and cur in idx.zones:
        ancestors.append(cur)
        cur = idx.zones[cur].parent
    nearer = ([zone.id] if later else []) + ancestors

    def skips_nearer_area(cur: str) -> bool:
        """Whether climbing the grid zone's areas to ``cur`` would pass over nearer areas
        of the zone itself (its state, or its own deferred values, before the country)."""
        if cur not in ancestors:
            return False
        return any(a not in seen for a in nearer[: nearer.index(cur)])

    def climb(start: str | None, role: str) -> None:
        cur = start
        while cur is not None and cur not in seen and cur in idx.zones:
            if skips_nearer_area(cur):
                return
            seen.add(cur)
            chain.append((cur, role))
            role = f" (parent of {cur})"
            cur = idx.zones[cur].parent

    if zone.grid_zone:
        climb(zone.grid_zone, f" (grid zone of {zone.id})")
    if later:
        seen.add(zone.id)
        chain.append((zone.id, " (its own area value, after its grid zone)"))
    climb(zone.parent, f" (parent of {zone.id})")
    return chain


def _isolated_in(idx: FactorIndex, zone: Zone, year: int | None) -> bool:
    """Whether ``zone`` is cut off from its parent's grid in ``year``: from generation 12 a
    zone islanded in a given year (``isolated_since``: Kaliningrad, February 2025) still
    takes its parent's value, as a coarser figure, for the years it was fed from it."""
    if not zone.isolated:
        return False
    since = zone.isolated_since
    return idx.rules < 12 or since is None or year is None or year >= since


def _refuse_for_isolated(
    idx: FactorIndex,
    zone: Zone,
    own: list[str],
    wider: str,
    basis: str,
    year: int | None,
    kept: str = "",
) -> None:
    """An isolated grid (an island, a separate system) never takes a wider area's value.

    Why: the Chatham Islands' diesel grid is not New Zealand's hydro-heavy one; the
    country's value for it is a wrong number, not a coarser one (audit 2026-12-06,
    class A). Raises ``FactorNotFound`` naming the evidence and what the zone does have, and
    (``kept``, audit 1796655557 a-IS: La Gomera 2022's own 938 g) what of the year a screen
    kept out of defaults."""
    isolated = [
        idx.zones[z] for z in own if z in idx.zones and _isolated_in(idx, idx.zones[z], year)
    ]
    if not isolated:
        return
    grid = isolated[0]
    when = "" if year is None else f" in or before {year}"
    years = sorted(
        y for z in own for y in idx.subject(z).series.get(("grid_intensity", basis), Series()).years
    )
    have = (
        f"; its own series starts in {years[0]}: ask for year={years[0]} or give grid_intensity"
        if years
        else "; give grid_intensity"
    )
    if years and year is not None and years[0] <= year:
        # Audit 1796611373 a-I1: "none in or before 2020 … starts in 2019" contradicted itself.
        when = f" for {year}"
        near = max(y for y in years if y <= year)
        have = (
            f"; its own values ({years[0]}-{years[-1]}) have none near enough to {year} on "
            f"both sides to bridge: ask for year={near} or give grid_intensity"
        )
    raise FactorNotFound(
        f"no {basis} grid intensity for {zone.id}{when}, and the value of the wider area "
        f"{wider} does not stand for it: {grid.id} ({grid.name}) is an isolated grid "
        f"({grid.isolated}){have}{kept}",
        field="location",
    )


def _other_basis(idx: FactorIndex, chain: list[str], basis: str) -> str:
    """What a refusal names when the zone has values of another basis only (audit
    1796574057 a-O1: Sint Maarten has only the IFI operating-margin factor)."""
    for z in chain:
        for other in KINDS["grid_intensity"].bases:
            s = None if other == basis else idx.series("grid_intensity", z, other)
            if s is not None and s.years:
                f = s.winners[s.years[-1]]
                what = "an operating-margin" if other == "marginal" else f"a {other}"
                return (
                    f"; only {what} value is on file: {f.id} ({f.value:g} {f.unit}, {f.year}); "
                    "pass it as grid_intensity if that is meant"
                )
    return ""


def _kept_out(idx: FactorIndex, zone: Zone, basis: str, year: int | None) -> str:
    """Generation 7 (audit 1796611373 a-C1): what a refusal names of the zone's values for
    the year asked that a screen kept out of defaults (Kosovo's Ember values above the
    lifecycle ceiling), so a refusal never hides a same-year figure on file."""
    if idx.rules < 7 or year is None:
        return ""
    own = [zone.id] + ([zone.grid_zone] if zone.grid_zone else [])
    found = screened(idx, own, "grid_intensity", basis, "gCO2e/kWh", lambda y: y == year)
    if not found:
        return ""
    named = "; ".join(f"{g.subject} {g.year} {g.value:g} ({g.source}): {g.excluded}" for g in found)
    return f" (on file for {year} but kept out of defaults: {named})"


def _answer(idx: FactorIndex, zid: str, year: int, basis: str) -> Factor | None:
    """``zid``'s answer for ``year`` (rule G4's authorities, generation 16), or None."""
    try:
        return resolve_grid(idx, zid, year, basis).factor
    except (FactorNotFound, InvalidInput):
        return None


def resolve_grid(
    idx: FactorIndex, location: str, year: int | None = None, basis: str = DEFAULT_GRID_BASIS
) -> Resolution:
    """Grid intensity for a location and year, along the zone chain (``dataset`` doc)."""
    if basis not in KINDS["grid_intensity"].bases:
        raise InvalidInput(
            f"unknown grid basis '{basis}' (one of: {', '.join(KINDS['grid_intensity'].bases)})",
            field="basis",
        )
    zone, how = idx.zone(location)
    steps = [how] if how else []
    if year is None:
        steps.append("year not given → latest available")
    chain = grid_chain(idx, zone)
    pick = chain_pick(idx, "grid_intensity", chain, (basis,), year)
    steps.extend(pick.steps)
    if pick.factor is None:
        kept = _kept_out(idx, zone, basis, year)
        if pick.later:
            subj, first = min(pick.later, key=lambda t: t[1])
            raise FactorNotFound(
                f"no {basis} grid intensity for {zone.id} in or before {year}; the "
                f"earliest is {first} ({subj}); later years are never used silently: "
                f"ask for year={first} or give grid_intensity{kept}",
                field="year",
            )
        other = _other_basis(idx, [c[0] for c in chain], basis) if idx.rules >= 3 else ""
        raise FactorNotFound(
            f"no {basis} grid intensity for {zone.id} or the zones it draws from "
            f"({' → '.join(c[0] for c in chain)}){other or '; give grid_intensity'}{kept}",
            field="location",
        )
    fallback = None
    twin: parent_twin.Twin | None = None
    factor, gap_line = pick.factor, ""
    own = [zone.id] + ([zone.grid_zone] if zone.grid_zone else [])
    when = "latest available" if year is None else f"in or before {year}"
    # Generation 7 (audit 1796611373 a-I1, ``isolated_gap``): an isolated grid's own gap is
    # bridged before the wider area's value is refused.
    gap = (
        isolated_gap.isolated_gap(idx, own, basis, year, pick.factor.unit)
        if idx.rules >= 7 and pick.subject not in own
        else None
    )
    if (
        gap is None
        and idx.rules >= isolated_gap.CARRY_GENERATION
        and pick.subject not in own
        and not (pick.subject == zone.parent and parent_twin.twin(idx, zone, basis))
    ):
        # Generation 18 (audit 1796674267 a-I2): an isolated grid one year before its own
        # series (and not its parent's twin) carries its own first value where the figures
        # on file agree.
        gap = isolated_gap.isolated_carry(idx, own, basis, year, pick.factor.unit)
    if gap is not None:
        factor, gap_line = gap
        fallback = (
            f"no {basis} grid intensity for {factor.subject} in {year}: the value is derived "
            f"from {factor.subject}'s own series (rule G3), not the wider area {pick.subject}'s"
        )
    elif pick.subject not in own:
        # Generation 12 (audit 1796642882 a-I1, ``parent_twin``): an isolated grid that is
        # its parent's bulk takes the parent's value.
        if idx.rules >= 12 and pick.subject == zone.parent:
            twin = parent_twin.twin(idx, zone, basis)
        if twin is None:
            kept = _kept_out(idx, zone, basis, year)
            if idx.rules >= isolated_gap.CARRY_GENERATION:
                kept += isolated_gap.disagreeing(idx, own, basis, year, pick.factor.unit)
            _refuse_for_isolated(idx, zone, own, str(pick.subject), basis, year, kept)
        fallback = (
            f"no {basis} grid intensity for {' or its grid zone '.join(own)} {when}: "
            f"the value is that of the wider area {pick.subject}"
        )
    elif pick.subject == zone.id and defers_own(zone):
        fallback = (
            f"no {basis} grid intensity for {zone.id}'s grid zone {zone.grid_zone} {when}: "
            f"the value is {zone.id}'s own area value"
        )
    if fallback is not None:
        if bundles.normalize(idx.store.manifest().get("bundle")) == bundles.OPEN:
            # The open bundle lacks share-alike sub-national grids (and mappings resting on
            # them): say how to get the finer value rather than hide the gap.
            fallback += f"; the full bundle may have a finer value: {bundles.HOW_TO_GET_FULL}"
        steps.append(f"fallback: {fallback}")
    res = Resolution(factor, tuple(steps), pick.summary, pick.switched, fallback)
    res = caveats.add(res, gap_line) if gap_line else res
    # Issue 20 classes 7 and 8: a sub-national jump, bounds from the sources' spread,
    # a stale or beyond-the-data year (``carbonfactors.caveats``).
    # (An isolated gap's line is the zone's own values, not a rule G1 estimate.)
    res = res if gap_line else caveats.estimate_caveat(res)
    res = caveats.spread_bounds(idx, caveats.jump_caveat(idx, res))
    # Rules G3 and G4 (audit 1796563618, classes B and G): the zone's own series carried to
    # a year it lacks; a state estimate bounded by the authorities that serve the state.
    # Generation 1 (``snapshot.RULES``): releases cut before them are answered without.
    if idx.rules >= 1:
        targets = [z for z in own if not (z == zone.id and defers_own(zone))]
        res = own_years.own_year_value(idx, res, targets, year)
        if idx.rules >= 4 and twin is None:
            # Rule G3b (audit 1796585890 B2): beyond G3's reach, a zone unlike its wider
            # area is centred on its own first value carried back.
            res = own_years.far_own_value(idx, res, targets, year)
            if idx.rules >= 9:
                # Rule G3c (audit 1796621837 a-W1, ``drift``): where G3b kept the wider
                # area's value, the zone's first own years' ratio to it decides; from
                # generation 10 also their ratio to the served series (``served_ratio``).
                res = drift.drifted_centre(idx, res, targets, year)
        if idx.rules >= drift.ESTIMATE_GENERATION:
            # Rule G1b (audit 1796658609 a-E1, ``drift.drifted_estimate``): a state estimate
            # before the state's own series is scaled by their first common years' ratio.
            res = drift.drifted_estimate(idx, res, year)
        # Generation 16 (audit 1796660847 a-A1): authorities without a measured value for
        # the year reach in with their own answers; a region with named authorities uses those.
        res = own_years.serving_bounds(
            idx,
            res,
            zone,
            (lambda z, b: _answer(idx, z, year, b)) if idx.rules >= 16 and year else None,
        )
    res = caveats.own_series_bounds(idx, res, own, year)
    if idx.rules >= 5:
        # Rule G4b (audit 1796594162): an answer built from a row with stored bounds (a
        # correction's) carries them; a lifecycle answer reaches a direct figure above it.
        res = corrected_rows.carry_row_bounds(idx, res, own, year)
        res = corrected_rows.direct_reach(idx, res, zone, year)
        if idx.rules >= 15:
            # Generation 15 (audit 1796658609 a-D2, ``direct_carry``): BELOW DIRECT in the
            # direct series' last years is carried to the years after it.
            res = direct_carry.carried_reach(idx, res, zone, year)
    if idx.rules >= 2:
        # Rule P: a region's own figure reaches its grid zone's same-year value.
        res = place_rules.grid_zone_reach(idx, res, zone)
    if idx.rules >= 3:
        # Generation 3 (``grid_notes``): bounds reach the year asked's other sources and the
        # zone's first two full years; a preliminary year and a methodology step are said.
        res = grid_notes.stale_reach(idx, res, year)
        res = grid_notes.first_two_years(idx, res, own, year)
        res = grid_notes.method_step(idx, grid_notes.preliminary(res))
    if idx.rules >= 10:
        # Generation 10 (audit 1796630035 a-O4, a-O6; ``method_reach``): an older method's
        # value says so wherever its zone's series switches; bounds reach same-year parts.
        res = method_reach.older_method(idx, res)
        res = method_reach.same_year_parts(idx, res, own, year)
    if idx.rules >= 5:
        # Generation 5 (issue 20): a year before the region's cited opening is said.
        res = grid_notes.before_opening(res, zone, year)
    if idx.rules >= 6:
        # Generation 6 (audit 1796606525 a-J1, a-R1): a stale answer names the year asked's
        # screened-out values and reaches the plausible ones.
        res = grid_notes.screened_year(idx, res, own, year)
        # Generation 6 (audit 1796599352 a-B1, G4c; ``row_notes``): a row resting mostly on
        # "unknown" production says so; a corrected row answered as it is leads with its note.
        res = row_notes.corrected_first(row_notes.mostly_unknown(idx, res, own, year))
    if idx.rules >= 8:
        # Generation 8 (audit 1796613359 a-P1, ``row_notes``): a part-year row says its hours.
        res = row_notes.part_year(idx, res, own, year)
    if idx.rules >= 11:
        # Generation 11 (audit 1796636393 a-E1, ``row_notes``): a modelled zone's row says so.
        res = row_notes.modelled(idx, res, own, year)
    if idx.rules >= 12:
        # Generation 12 (w15 sub-national pass, ``served_area``): an area answered with its
        # serving grid's value reaches its own same-year figure and says the gap.
        res = served_area.own_figure_reach(idx, res, zone)
    if twin is not None:
        res = parent_twin.twin_answer(idx, res, twin, basis)
    if idx.rules >= 13:
        # Generation 13 (audit 1796647084 a-S1, ``source_gap``): another source far away is said.
        res = source_gap.sources_disagree(idx, res, year)
    if idx.rules >= 14:
        # Generation 14 (audit 1796655557 a-O7, ``direct_ceiling``, rule G4d): a wider area's
        # direct value above the zone's own lifecycle ceiling is held to that ceiling.
        res = direct_ceiling.held(
            idx, res, zone, year, lambda z, y: resolve_grid(idx, z, y, "lifecycle").factor
        )
    return caveats.with_year_caveats(idx, res, "grid_intensity", [c[0] for c in chain], year)
