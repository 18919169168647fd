"""Which embodied value of a hardware model is its default: one rule, used everywhere.

A model often has several embodied figures (a product LCA, a published estimate, a
component model, a die-only lower bound). The default is chosen by, in order:

1. the rung of the method hierarchy (``kinds.EMBODIED_RUNGS``, best first). A factor with
   no rung yet is *unknown*: ranked below ``component-model`` and above
   ``category-default``, so a named rung always beats it and it always beats a category
   default;
2. the source's ``priority`` in ``factors/sources.yaml`` (lower wins, 100 when unset), the
   same rule ``Dataset`` applies between sources;
3. the latest year, then the lower factor id (so the choice is deterministic).

A ``lower-bound`` figure is never a default. The engine (through ``resolve.hardware``) and the
importers that derive values from a part's default (cloud instances = host + accelerators)
call ``default_embodied`` so the two can never pick differently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .kinds import EMBODIED_RUNGS, LOWER_BOUND_RUNG
from .records import Factor

#: Rank of a rung (lower is better); ``None`` = no rung stated (unknown).
_ORDER: dict[str | None, int] = {
    **{r: i for i, r in enumerate(EMBODIED_RUNGS[:-1])},
    None: len(EMBODIED_RUNGS) - 1,
    EMBODIED_RUNGS[-1]: len(EMBODIED_RUNGS),
}
#: Bases an embodied default may have, best first. Never ``cradle-to-grave``: a product
#: footprint's total includes its use phase, which the operational part of a footprint
#: already counts. ``non-use`` (manufacturing plus transport and end of life) only when
#: nothing narrower exists.
EMBODIED_BASES: tuple[str | None, ...] = ("manufacturing", None, "non-use")


def rung_rank(rung: str | None) -> int:
    """Position of ``rung`` in the hierarchy (0 = best); unknown (None) sits before the last."""
    if rung == LOWER_BOUND_RUNG:
        raise ValueError("a lower-bound figure has no rank: it is never a default")
    return _ORDER[rung]


def weakest_rung(rungs: Iterable[str | None]) -> str | None:
    """The weakest of several parts' rungs: what a sum of those parts stands on."""
    return max(rungs, key=rung_rank)


def embodied_key(f: Factor, priority: Callable[[str], int]) -> tuple[int, int, int, int, str]:
    """Sort key of a usable embodied factor, best first: rung, basis, source priority,
    latest year, then id (deterministic)."""
    return rung_rank(f.rung), EMBODIED_BASES.index(f.basis), priority(f.source), -f.year, f.id


def default_embodied(
    factors: Iterable[Factor], priority: Callable[[str], int], *, unit: str = "kgCO2e"
) -> Factor | None:
    """The default embodied factor among ``factors`` (one model's), or None.

    ``priority(source_id)`` gives a source's priority (lower wins).
    """
    usable = [
        f
        for f in factors
        if f.kind == "embodied"
        and f.unit == unit
        and f.basis in EMBODIED_BASES
        and f.rung != LOWER_BOUND_RUNG
    ]
    if not usable:
        return None
    return min(usable, key=lambda f: embodied_key(f, priority))
