"""Rules generation 18 (audit 1796672257 a-D3): the fuel chain's uplift follows the fossil mix.

Rule G4b (``corrected_rows.direct_reach``, generation 11) raises a lifecycle answer's high
bound to a same-year direct figure times the smallest lifecycle-to-direct ratio of a fossil
technology on file (coal's 820 / 760 = 1.079). That is the least the fuel chain can add, and
it is coal's: Cyprus 2019, 4.63 TWh of oil and no coal in Ember's mix, was 596.12
[..712.11] against the EEA's direct 660, while Electricity Maps' later series sits at
820-853. From generation 18 the uplift is the zone-year's own fossil mix priced at the
technology rows on file (``direct_uplift.ratios``): sum(TWh x lifecycle) / sum(TWh x direct)
over its fossil fuels, taken where it exceeds the least uplift. The mix comes from the
lifecycle row's method note (``MARK``, filed by the ``ember-owid`` importer from Ember's
generation by fuel). Every fuel of the mix must have a lifecycle and a direct row on file;
else the least uplift stays. Oil's two rows are one producer's defaults citing two studies
(UK POST lifecycle 650, EIA/BEIS direct 406), so an oil-heavy uplift (x1.60) is indicative
and the warning says so; it widens a bound, never moves a centre.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..records import Factor
from . import direct_uplift
from .index import FactorIndex

GENERATION = 18
MARK = "FOSSIL MIX"
_MIX = re.compile(MARK + r": ((?:[a-z]+ [0-9.]+(?:, )?)+) TWh")


def mix_of(f: Factor) -> dict[str, float] | None:
    """The fossil mix (TWh by fuel) a row's method note files, if any."""
    m = _MIX.search(f.method or "")
    if m is None:
        return None
    out: dict[str, float] = {}
    for part in m.group(1).split(", "):
        fuel, _, twh = part.rpartition(" ")
        try:
            out[fuel] = float(twh)
        except ValueError:
            return None
    return out if sum(out.values()) > 0 else None


def mix_uplift(
    idx: FactorIndex, rows: Iterable[Factor | None], unit: str
) -> tuple[float, str] | None:
    """The fossil mix's lifecycle-to-direct ratio from the first of ``rows`` filing a mix,
    and how a warning cites it; None where no row files one or a fuel lacks its pair."""
    mix = next((m for r in rows if r is not None and (m := mix_of(r)) is not None), None)
    if mix is None:
        return None
    pairs = {
        life.subject.removeprefix("tech:"): (life, d)
        for _r, life, d in direct_uplift.ratios(idx, unit)
    }
    used = {fuel: twh for fuel, twh in mix.items() if twh > 0}
    if not used or any(fuel not in pairs for fuel in used):
        return None
    life = sum(twh * pairs[fuel][0].value for fuel, twh in used.items())
    direct = sum(twh * pairs[fuel][1].value for fuel, twh in used.items())
    if direct <= 0:
        return None
    k = life / direct
    named = ", ".join(
        f"{fuel} {twh:g} TWh at {pairs[fuel][0].value:g}/{pairs[fuel][1].value:g} ({pairs[fuel][0].source})"
        for fuel, twh in used.items()
    )
    oil = (
        " (oil's two factors cite two studies, so the ratio is indicative)" if "oil" in used else ""
    )
    return (
        k,
        f"x{k:.4f}, the zone-year's fossil mix priced at the technology rows on file: {named}{oil}",
    )
