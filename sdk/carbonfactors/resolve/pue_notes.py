"""What a PUE answer says about the years around it (audit 1796642882 part b, O1 and O5;
rules generation 12). Each rule widens a bound or adds one warning; none changes a value.

* **Backfill reach** (O5): an answer whose figure is for a later year than the one asked
  (an operator's earliest own figure backfilled, ``caveats.backfill_operator``; a site's
  own later figure, rule P2) is not evidence for that year: Microsoft's 2022 TTM 1.185 for
  2020, Scaleway DC2's 2018-2020 figure 1.55 for 2016. PUE ran higher in earlier years, and
  the only figure on file for the year asked is the industry average the engine would stand
  in with (Uptime's survey, or its open relay). The high bound reaches that figure, and a
  warning says how many years back the figure was carried and why the bound widened. The
  value stays the operator's or site's own figure, the better estimate of its level.
* **Before opening** (O1): as for grid lookups (``grid_notes.before_opening``), a PUE
  lookup of a cloud region for a year before its cited opening year says ``BEFORE
  OPENING``; so does a campus or geography lookup when every cloud region placed at it has
  a cited opening year after the year asked, worded for a campus that may be older than
  the regions it hosts (Google's The Dalles ran a decade before ``us-west1``).
"""

from __future__ import annotations

from dataclasses import replace

from .. import caveats
from ..records import Factor, Resolution
from . import pue_period
from .grid_notes import BEFORE_OPENING
from .index import FactorIndex

#: Prefix of the backfill-reach warning (stable: tests and readers may match on it).
BACKFILL_REACH = "BACKFILL REACH"


def backfill_reach(
    res: Resolution,
    year: int | None,
    industry: Factor | None,
    industry_subject: str,
    *,
    periods: bool = False,
) -> Resolution:
    """Backfill reach (module doc): ``res`` with its high bound reaching ``industry`` (the
    industry-average PUE the engine uses for ``year``) when its figure is of a later year.
    With ``periods`` (rules generation 13, rule P4), a figure whose ``YYYY..YYYY`` period
    covers ``year`` is not carried back, and the years carried count from its period's
    first year."""
    f = res.factor
    if year is None or industry is None or f.year <= year or f.subject == industry_subject:
        return res
    if industry.unit != f.unit or industry.value <= f.hi:
        return res
    span = pue_period.period_years(f) if periods else None
    if span is not None and span[0] <= year:
        return res  # inside its period: the subject's own figure for the year
    gap = (f.year if span is None else span[0]) - year
    lo, hi = f.lo, industry.value
    period = f", period {f.period}" if f.period else ""
    start = "" if span is None else f" from the first year of its period ({span[0]})"
    line = (
        f"{BACKFILL_REACH}: {f.subject}'s figure ({f.value:g} for {f.year}{period}) is carried "
        f"back {gap} year{'s' if gap > 1 else ''}{start} to {year}, before any figure of its own; "
        f"PUE ran higher in earlier years, and the evidence on file for {year} is the "
        f"industry average the engine would otherwise use for it ({industry.value:g}, "
        f"{industry.source}, survey year {industry.year}), so the high bound reaches it: "
        f"bounds {lo:g}..{hi:g}"
    )
    return replace(caveats.add(res, line), factor=replace(f, low=lo, high=hi))


def before_opening(
    idx: FactorIndex,
    res: Resolution,
    location: str | None,
    operator: str | None,
    year: int | None,
) -> Resolution:
    """Before opening (module doc): a region asked before its cited opening year, or a
    campus every one of whose regions opened after the year asked, says so."""
    if year is None:
        return res
    f = res.factor
    what = f"the value is {f.subject}'s PUE figure ({f.value:g} for {f.year})"
    if operator is None and location is not None:
        zone, _ = idx.zone(location)
        if zone.type != "cloud_region" or zone.opened is None or year >= zone.opened:
            return res
        evidence = zone.opened_evidence or "opening year cited in the mappings"
        return caveats.add(
            res,
            f"{BEFORE_OPENING}: {zone.id} opened in {zone.opened}, after the year asked "
            f"({year}); {what}, not of a running site ({evidence})",
        )
    if operator is None or (idx.operators.get(operator) or {}).get("type") != "campus":
        return res
    regions = [idx.zones[r] for r in idx.site_regions.get(operator, ()) if r in idx.zones]
    if not regions or any(z.opened is None or z.opened <= year for z in regions):
        return res
    named = ", ".join(f"{z.id} opened {z.opened}" for z in regions)
    return caveats.add(
        res,
        f"{BEFORE_OPENING}: every cloud region placed at {operator} opened after the year "
        f"asked ({year}: {named}); no opening year of {operator} itself is on file, and a "
        f"campus can be older than the regions it hosts, so check that it was running in "
        f"{year}; {what}",
    )
