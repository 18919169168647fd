"""Rules P2 and P3 (audit 2026-12-06 seed 1796574057, P1 remainder and part b O3; rules
generation 3): a PUE site's own figures come before its operator's fleet figure.

* **P2**: a site (a campus, a Microsoft geography, a cloud region with its own figure) with
  its own figure at or before the year asked is centred on its nearest such figure, even
  when its operator has a fresher fleet figure: ``microsoft:texas`` 2025 was Microsoft's
  fleet FY2025 1.17 although Texas's own FY2024 figure is 1.28. A site's PUE is set by its
  climate and design, which a year or two do not change, while a fleet average is another
  population; the fleet figure is a year's news about other buildings. The site's figure is
  said STALE (the year is older than asked) and the bounds reach the fleet's figure that
  would have stood in. Fiscal-year periods stay as recorded (``FY2024`` is filed under
  2024, ``factors/README.md``).
* From rules generation 13 (rule P4, ``resolve.pue_period``), "at or before" includes a
  figure whose ``period`` range covers the year asked (Scaleway DC5's 2018-2020 figure,
  filed under 2020, for 2019).
* **P3**: a campus sees the own figures of the cloud regions a cited source places at it
  (``region-mappings.yaml``: ``pue_operator``), and such a region sees the campus's
  (through its zone's ``operator``): Google's ``europe-north1`` figures (2020, 2023) are
  Hamina's, and Hamina's 2025 figures are the region's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .. import caveats
from ..records import Factor, Resolution
from . import pue_period
from .index import FactorIndex


def is_site(idx: FactorIndex, subject: str) -> bool:
    """A campus or geography of an operator, or a cloud region: a place, not a fleet."""
    op = idx.operators.get(subject)
    return op is None or op.get("type") == "campus"


def with_regions(idx: FactorIndex, chain: Sequence[str]) -> list[str]:
    """Rule P3: ``chain`` (campus, then its operators) with the cloud regions placed at each
    campus right after it, so their own figures count as the campus's."""
    out: list[str] = []
    for subject in chain:
        out.append(subject)
        out += [r for r in idx.site_regions.get(subject, ()) if r not in chain and r not in out]
    return out


def _nearest(
    idx: FactorIndex, site: str, kind: str, bases: Sequence[str | None], year: int | None
) -> Factor | None:
    for basis in bases:
        s = idx.series(kind, site, basis)
        if idx.rules >= 13:
            # Rule P4: a figure whose period covers the year is the site's own for it.
            near = pue_period.nearest(s, year)
            if near is not None:
                return near
            continue
        y = None if s is None else s.at_or_before(year)
        if s is not None and y is not None:
            return s.winners[y]
    return None


def site_before_fleet(
    idx: FactorIndex,
    res: Resolution,
    chain: Sequence[str],
    bases: Sequence[str | None],
    year: int | None,
) -> Resolution:
    """Rule P2 (module doc): a fleet figure standing in for a site that has its own figure
    at or before ``year`` gives way to the site's nearest own figure."""
    f = res.factor
    if f.subject not in chain or is_site(idx, f.subject):
        return res
    found = [
        g
        for site in chain[: chain.index(f.subject)]
        if is_site(idx, site) and (g := _nearest(idx, site, f.kind, bases, year)) is not None
    ]
    found = [g for g in found if g.unit == f.unit]
    if not found:
        return res
    own = max(found, key=lambda g: g.year)  # the freshest; ties: the most specific (first)
    lo, hi = min(own.lo, f.value), max(own.hi, f.value)
    period = f", period {own.period}" if own.period else ""
    line = (
        f"{caveats.SITE_PUE}: {own.subject}'s own published figure ({own.value:g} for "
        f"{own.year}{period}, {own.source}) is used before {f.subject}'s fleet figure "
        f"({f.value:g} for {f.year}): a site's PUE is set by its climate and design, a "
        f"fleet's is another population's (rule P2); the bounds {lo:g}..{hi:g} reach the "
        "fleet figure"
    )
    when = "latest" if year is None else str(year)
    summary = f"{own.subject}: {when} → {own.year} site's own figure before the fleet's (rule P2)"
    factor = replace(own, low=lo, high=hi)
    return Resolution(factor, res.steps + (line,), summary, res.source_changed, None, (line,))
