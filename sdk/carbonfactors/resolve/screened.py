"""The values a screen kept out of defaults that an answer still names (rules generation 6).

Apart from ``grid_notes`` so that ``caveats`` (which ``grid_notes`` builds on) can name a
later year's screened-out value without importing its own importer back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..records import Factor
from .index import FactorIndex

#: Screen rules whose excluded values are plausible figures a stale answer's bounds reach;
#: the others (beyond every technology's range, part of a year) are named only.
SCREENED_REACH = ("year-on-year-jump", "manual")
#: Screen rules whose excluded values of the year asked a stale answer names.
SCREENED_NAMED = (*SCREENED_REACH, "lifecycle-ceiling", "lifecycle-floor")


def screened(
    idx: FactorIndex,
    zones: Sequence[str],
    kind: str,
    basis: str | None,
    unit: str,
    when: Callable[[int], bool],
) -> list[Factor]:
    """The screened-out values (rules ``SCREENED_NAMED``) of ``zones`` in the years ``when``
    accepts, in zone and year order."""
    out: list[Factor] = []
    for z in dict.fromkeys(zones):
        for g in idx.subject(z).excluded.get((kind, basis), ()):
            if g.unit == unit and when(g.year) and (g.excluded or "").startswith(SCREENED_NAMED):
                out.append(g)
    return sorted(out, key=lambda g: (g.subject, g.year, g.source))


#: Rules generation 7 (audit 1796611373 a-C1): a whole grid's lifecycle value above the
#: ``lifecycle-ceiling`` (IPCC AR5's high end for one coal plant, 910 g) is still plausible
#: when the zone's own direct (combustion-only) rate on file is at least this share of it:
#: a coal grid's upstream emissions (mining, methane, transport) add to a direct rate that is
#: already near one plant's lifecycle range (Kentucky: eGRID 2016 direct 886.46 g against its
#: 2015 estimate of 988.27 g, a ratio of 0.90). Such a value is reached, not only named.
DIRECT_SHARE = 0.85


def reachable(idx: FactorIndex, g: Factor) -> bool:
    """Whether a stale or carried answer's bounds reach the screened-out value ``g``."""
    why = g.excluded or ""
    if why.startswith(SCREENED_REACH):
        return True
    if idx.rules < 7 or not why.startswith("lifecycle-ceiling"):
        return False
    direct = idx.series(g.kind, g.subject, "direct")
    return direct is not None and any(
        f.unit == g.unit and f.value >= DIRECT_SHARE * g.value for f in direct.winners.values()
    )
