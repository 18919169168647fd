"""Where rule G3b's flat carry-back meets rule G3's scaled year (rules generation 14).

Audit 2026-12-07 seed 1796655557, class a-SM. Rule G3 answers the one year before a zone's
series (``own_years.REACH``) with its first own value scaled by the wider area's change;
beyond it, rule G3b (a zone unlike its wider area) carried the first own value back flat.
Where the wider area moved in the REACH year, the two answers stepped against each other:
Mallorca (ES-IB-MA) 2017 513.17 (2019's value), 2018 605.1 (513.17 x Spain 290.86 / 246.67),
2019 513.17, while Spain fell 329 → 291 → 247 and everything on file for Mallorca between
(its own part-year 2018 reading 567.28, its 2019 value on the later method 574.75) lies
above 513.17; the 2017 bounds stopped at 574.75, below the engine's own 2018 answer.

So beyond REACH the carry-back starts where rule G3 ends: the REACH year's answer is
carried back flat (``carry``), not the first own value. Why this and not the other way
round (treating a far zone's REACH year by G3b too): rule G3's one-year scaling is the part
of the wider area's change REACH accepts, and for Mallorca it is the answer nearer the
zone's own readings of those years; dropping it would move 2018 to 513.17, further from
them. Carrying the REACH year's answer repeats no further scaling (what REACH refuses).
Which of the two a year beyond REACH takes is decided by the wider area's change: the REACH
year's answer where the wider area's value that year, and every year between it and the
REACH year, lies at least as far from its value in the zone's first own year (same side) as
in the REACH year, so that the carried answer never overstates the wider area's change
(Mallorca 2017: Spain 329.17 against 290.86 in 2018 and 246.67 in 2019); otherwise the
first own value, as before, for that year and every earlier one (the carry never zigzags).
The scaled value is an extrapolation and the first own value a measurement, so where the
wider area's change no longer carries the extrapolation the measurement stays; the full
multi-year scaling is never the answer (that is what REACH refuses). So Mallorca 2016 (Spain
282.93) keeps 513.17 and its series steps where Spain does (2016 → 2017, +16%), and La Gomera
(ES-CN-IG, 2022 answered 1,138.88: its 2023 890 scaled by Spain's gas-year +28%) keeps 890
for 2021 and before (Spain 193.54, nearer its 2023 169.68 than 2022's 217.13). Either way
the bounds reach both the flat first value and the REACH year's scaled one (``reach_value``).
"""

from __future__ import annotations

from dataclasses import replace

from .. import caveats
from ..kinds import factor_id
from ..records import Factor
from .index import FactorIndex

#: The rules generation that carries the REACH year's answer back (``snapshot.RULES``).
GENERATION = 14


def _wider(idx: FactorIndex, w: Factor, year: int) -> Factor | None:
    s = idx.series(w.kind, w.subject, w.basis)
    f = None if s is None else s.winners.get(year)
    return f if f is not None and f.unit == w.unit and f.value > 0 else None


def reach_value(idx: FactorIndex, w: Factor, first: Factor, reach: int) -> float | None:
    """Rule G3's answer for the REACH year (``first x wider(R) / wider(first)``), which the
    bounds of every year rule G3b carries back reach from generation 14; None where rule G3
    cannot scale (no wider value for either year)."""
    r = first.year - reach
    wr, wf = _wider(idx, w, r), _wider(idx, w, first.year)
    return None if wr is None or wf is None else round(first.value * wr.value / wf.value, 2)


def carry(
    idx: FactorIndex, w: Factor, first: Factor, reach: int, year: int, opens: int | None = None
) -> tuple[Factor, str] | None:
    """The REACH year's scaled answer (rule G3's ``first x wider(R) / wider(first)``) as the
    centre for ``year``, beyond REACH, of a zone rule G3b carries back (module doc), with the
    sentence that says so; None when rule G3 could not scale (no wider value for either
    year) or when the wider area's change does not point nearer it (module doc). ``opens``:
    the year the zone's series starts where ``first`` is a later anchor (generation 18,
    ``part_year_anchor``: its first full year after a part year)."""
    r = first.year - reach
    if year >= r:
        return None
    wr, wf, wy = _wider(idx, w, r), _wider(idx, w, first.year), _wider(idx, w, year)
    if wr is None or wf is None or wy is None or wr.value == wf.value:
        return None
    v = round(first.value * wr.value / wf.value, 2)
    for t in range(year, r):
        wt = _wider(idx, w, t)
        if wt is None or (wt.value - wf.value) / (wr.value - wf.value) < 1:
            # the wider area's change to ``t`` falls short of its change to the REACH year
            # (or reverses): carrying the REACH answer would overstate it, so the first own
            # value stays, for ``t`` and every earlier year (the carry never zigzags)
            return None
    start = first.year if opens is None else opens
    anchor = "value" if start == first.year else "value (its first full year)"
    method = (
        f"{first.subject}'s own series starts in {start}; the answer for {r} (rule G3: "
        f"its {first.year} {anchor} {first.value:g}, {first.source}, scaled by the change of the "
        f"wider area {w.subject} from {first.year} to {r}, {wf.value:g} → {wr.value:g}) is "
        f"{v:g}, and is carried back flat to {year} (rule G3b from generation {GENERATION}, "
        f"so that {year} joins {r} instead of stepping back to {first.value:g}; "
        f"{w.subject}'s change from {first.year} to each year from {year} to {r} is at least "
        f"its change to {r}: {wy.value:g} in {year})"
    )
    f = replace(
        first,
        id=factor_id(first.kind, first.subject, r, caveats.DERIVED_SOURCE, "scaled"),
        year=r,
        value=v,
        source=caveats.DERIVED_SOURCE,
        method=method,
        period=None,
        rung=None,
        low=None,
        high=None,
        excluded=None,
    )
    return f, method
