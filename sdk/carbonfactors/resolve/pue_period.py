"""Rule P4 (audit 1796647084 part b, class PP; rules generation 13): a PUE figure whose
``period`` is a range of whole years stands for every year of that range.

Scaleway's impact report 2018-2020 gives one figure per site without saying which year it
is for; each is filed under 2020 (the last year of the report, as fiscal years are) with
``period: 2018..2020 (...)``. Read on ``year`` alone, such a figure is "later" than 2018
and 2019, so up to generation 12 a site below its operator's median (DC5's measured 1.15)
lost its own figure for those years to the operator's median of six sites (1.405, said
BACKFILLED with "scaleway publishes no PUE in or before 2019"), while a site above the
median was carried back by rule P1. A figure published for a period is the evidence for
every year in it: for a year inside the period it is the subject's own figure for that
year, neither STALE nor BACKFILLED, and a ``PERIOD FIGURE`` warning says that which year
of the period it describes is not stated.

Only a ``period`` that starts with ``YYYY..YYYY`` counts (the format on file, see
``factors/pue/README.md``); fiscal years (``FY2024 (2023-07-01..2024-06-30)``) stay filed
under their last year as before. The pick follows ``chain_pick``'s order: a subject's own
figure for the exact year asked keeps its place when it is at least as specific; otherwise
the most specific subject whose figure covers the year wins over any older figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..records import Factor
from .chain import Pick
from .index import FactorIndex, Series

#: Prefix of the warning on a figure used inside its period (stable: readers may match it).
PERIOD_FIGURE = "PERIOD FIGURE"
#: Scope of tool defaults and blog figures with no stated period (``caveats.TOOL_SCOPE``).
_TOOL_SCOPE = "unstated"
_RANGE = re.compile(r"^\s*(\d{4})\.\.(\d{4})(?!\d)")


def period_years(f: Factor) -> tuple[int, int] | None:
    """The (first, last) year of ``f``'s ``period`` when it is a ``YYYY..YYYY`` range."""
    m = _RANGE.match(f.period or "")
    if m is None:
        return None
    first, last = int(m.group(1)), int(m.group(2))
    return (first, last) if first <= last else None


def covers(f: Factor, year: int | None) -> bool:
    """Whether ``f``'s year range covers ``year``."""
    span = period_years(f)
    return year is not None and span is not None and span[0] <= year <= span[1]


def covering(s: Series | None, year: int | None) -> Factor | None:
    """The series' figure filed at or after ``year`` whose period covers it (the earliest)."""
    if s is None or year is None:
        return None
    for y in s.years:
        if y >= year and covers(s.winners[y], year):
            return s.winners[y]
    return None


def nearest(s: Series | None, year: int | None) -> Factor | None:
    """A subject's nearest own figure for ``year``: its exact year, else a figure whose
    period covers the year, else its nearest earlier figure."""
    if s is None:
        return None
    y = s.at_or_before(year)
    if y is not None and (year is None or y == year):
        return s.winners[y]
    cover = covering(s, year)
    if cover is not None:
        return cover
    return None if y is None else s.winners[y]


def _cover(
    idx: FactorIndex,
    kind: str,
    chain: Sequence[tuple[str, str]],
    bases: Sequence[str | None],
    year: int,
) -> tuple[int, Factor] | None:
    for pos, (subject, _role) in enumerate(chain):
        for basis in bases:
            f = covering(idx.series(kind, subject, basis), year)
            if f is not None:
                return pos, f
    return None


def note(f: Factor, year: int) -> str:
    """The warning on a figure used for a year inside its period."""
    span = period_years(f)
    first, last = span if span is not None else (f.year, f.year)
    return (
        f"{PERIOD_FIGURE}: {f.subject}'s figure {f.value:g} ({f.source}) is published for "
        f"{first}..{last} and filed under {f.year}; {year} lies inside that period, so it is "
        f"{f.subject}'s own figure for {year}, not carried from another year; which year of "
        "the period it describes is not stated (rule P4)"
    )


def prefer(
    idx: FactorIndex,
    pick: Pick,
    kind: str,
    chain: Sequence[tuple[str, str]],
    bases: Sequence[str | None],
    year: int | None,
) -> Pick:
    """Rule P4 on ``chain_pick``'s answer: a figure whose period covers ``year`` is taken
    before an older figure, a tool's undated estimate, or a less specific exact year."""
    if year is None:
        return pick
    found = _cover(idx, kind, chain, bases, year)
    if found is None:
        return pick
    pos, f = found
    old = pick.factor
    if old is not None and old.year == year and old.scope != _TOOL_SCOPE:
        subjects = [c[0] for c in chain]
        if pick.subject in subjects and subjects.index(pick.subject) <= pos:
            return pick
    span = period_years(f)
    step = (
        f"{f.subject}: figure filed under {f.year} for the period {span[0]}..{span[1]}"
        if span is not None
        else f"{f.subject}: figure filed under {f.year}"
    ) + f", which covers {year}: used for {year} (rule P4)"
    path = " → ".join(c[0] for c in chain[: pos + 1])
    summary = f"{path}, {year} → {f.year} figure whose period covers {year} (rule P4)"
    return replace(pick, factor=f, steps=[*pick.steps, step], summary=summary, subject=f.subject)
