"""Screen ``pue-period-covered`` (audit 1796647084 part b, class PP, #30; a problem): a PUE
subject whose own figure is published for a range of whole years (``period: 2018..2020``)
must be answered with one of its own figures for every year of that range.

Scaleway DC5's measured 1.15 comes from an impact report covering 2018-2020 and is filed
under 2020. Read on ``year`` alone it was "later" than 2019, so a 2019 lookup of DC5 fell to
the operator's median of six sites (1.405, 22% higher, said BACKFILLED with "scaleway
publishes no PUE in or before 2019"), while the sites above the median were carried back by
rule P1. Rule P4 (``carbonfactors.resolve.pue_period``, rules generation 13) reads the
range; this screen checks every operator, campus and cloud region with such a figure, on
the ``full`` bundle, so a snapshot resolved by older rules, or a rule that stops reading
periods, fails ``carbonfactors validate`` unless a ``keep`` note explains it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from carbonfactors import bundles
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.records import Factor
from carbonfactors.resolve.pue import PUE_BASES
from carbonfactors.resolve.pue_period import period_years

from . import licensing
from .grid_screens import GridFlag
from .pue_screens import NEVER_DEFAULT_SCOPES

RULE = "pue-period-covered"


def _ranged(ds: Dataset, subject: str) -> list[Factor]:
    """``subject``'s own winning PUE figures whose ``period`` is a ``YYYY..YYYY`` range."""
    return [
        s.winners[y]
        for b in PUE_BASES
        if (s := ds.series("pue", subject, b)) is not None
        for y in s.years
        if period_years(s.winners[y]) is not None
        and (s.winners[y].scope or "") not in NEVER_DEFAULT_SCOPES
    ]


def _subjects(ds: Dataset) -> Iterator[tuple[str, str | None, str | None]]:
    """(subject, location, operator) of every PUE subject a lookup can name."""
    for oid, op in sorted(ds.index.operators.items()):
        if op.get("type") in ("operator", "campus"):
            yield oid, None, oid
    for zid, zone in sorted(ds.index.zones.items()):
        if zone.type == "cloud_region":
            yield zid, zid, None


def flags_for(ds: Dataset) -> list[GridFlag]:
    """Every (subject, year) inside one of the subject's own period ranges answered with a
    figure that is not the subject's own."""
    out: list[GridFlag] = []
    for subject, location, operator in _subjects(ds):
        ranged = _ranged(ds, subject)
        years = sorted(
            {y for f in ranged if (span := period_years(f)) for y in range(span[0], span[1] + 1)}
        )
        for y in years:
            try:
                got = ds.resolve_pue(location, y, operator).factor
            except CarbonFactorsError:
                continue  # pue-operator-refused says it
            if got.subject == subject:
                continue
            own = next(f for f in ranged if (sp := period_years(f)) and sp[0] <= y <= sp[1])
            out.append(
                GridFlag(
                    RULE,
                    got.id,
                    f"{subject} {y} resolves to {got.value:g} ({got.subject}, filed under "
                    f"{got.year}) while its own figure {own.value:g} ({own.id}) is published "
                    f"for {own.period}, which covers {y}",
                )
            )
    return out


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """``flags_for`` on the snapshot's ``full`` bundle."""
    return flags_for(Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev"))
