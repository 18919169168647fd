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
