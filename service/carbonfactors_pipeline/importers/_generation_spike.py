"""One-year spikes in Ember's total generation, and the bounds they earn (audit 1796658609 a-G1).

Ember's Réunion 2020 row rests on 3.79 TWh of generation (coal +75%) between 3.05 TWh in 2019
and 3.09 TWh in 2021, on an island grid with no interconnector whose demand fell that year;
the island's energy observatory gives 2,977.9 GWh with the fossil share unchanged. Its
intensity (643.8 g) moved with the spike (+13% on both neighbours) and stood with no bound
and no word. The spike sits in the denominator and the mix at once, so the year-on-year
screen (a 2x jump) does not see it.

A zone-year is a *generation spike* when its total departs more than ``SPIKE`` from the
mean of both neighbouring years while those agree within ``CALM``, and its intensity moves
with it (more than ``MOVE`` from the neighbours' mean and outside their range). Such a
value is kept (Ember's figure, nothing better on file) but its bounds reach the
neighbouring years' intensities, its ``inputs`` carry the three totals and its method says
so. Screen ``generation-spike`` lists every such row for review
(``generation_spike_screen``). A cited better figure goes in ``factors/corrections.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: A year's total departing more than this share from its neighbours' mean is a spike.
SPIKE = 0.15
#: ... when the two neighbours agree within this share of their mean (the level is steady).
CALM = 0.05
#: ... and the intensity departs more than this share from its neighbours' mean.
MOVE = 0.10


def spike(totals: tuple[float, float, float], values: tuple[float, float, float]) -> bool:
    """Whether the middle year of three (generation TWh, intensity g/kWh) is a one-year
    generation spike that the intensity follows (module doc)."""
    (g0, g1, g2), (v0, v1, v2) = totals, values
    level, mean = (g0 + g2) / 2, (v0 + v2) / 2
    if level <= 0 or mean <= 0:
        return False
    steady = abs(g0 - g2) / level <= CALM
    jumped = abs(g1 - level) / level > SPIKE
    moved = abs(v1 - mean) / mean > MOVE and not min(v0, v2) <= v1 <= max(v0, v2)
    return steady and jumped and moved


def mark(factors: list[dict[str, Any]], generation: Mapping[tuple[str, int], float]) -> list[str]:
    """Widen and annotate every generation-spike row of one zone's series in place; the
    ids marked. ``generation``: Ember's total (TWh) by (zone, year)."""
    by_year = {int(f["year"]): f for f in factors}
    marked: list[str] = []
    for year, f in sorted(by_year.items()):
        before, after = by_year.get(year - 1), by_year.get(year + 1)
        zone = f["subject"]
        twh = [generation.get((zone, y)) for y in (year - 1, year, year + 1)]
        if before is None or after is None or any(t is None for t in twh):
            continue
        g0, g1, g2 = (float(t) for t in twh if t is not None)
        v0, v1, v2 = float(before["value"]), float(f["value"]), float(after["value"])
        if not spike((g0, g1, g2), (v0, v1, v2)):
            continue
        f["low"] = round(min(v0, v2, f.get("low", v1)), 2)
        f["high"] = round(max(v0, v2, f.get("high", v1)), 2)
        f["inputs"] = {
            **(f.get("inputs") or {}),
            "generation_twh": g1,
            "neighbour_generation_twh": [g0, g2],
        }
        f["method"] = (
            f"{f['method']} GENERATION SPIKE: Ember's total generation for {year} is {g1:g} TWh "
            f"between {g0:g} ({year - 1}) and {g2:g} TWh ({year + 1}), a one-year departure "
            f"of {(g1 - (g0 + g2) / 2) / ((g0 + g2) / 2):+.0%} that returns the next year, and "
            f"the intensity moved with it ({v0:g} / {v1:g} / {v2:g}); Ember's {v1:g} is "
            "unconfirmed by any other figure on file, and low/high reach the neighbouring years' intensities "
            "(audit 1796658609 a-G1, screen generation-spike)."
        )
        marked.append(str(f["id"]))
    return marked
