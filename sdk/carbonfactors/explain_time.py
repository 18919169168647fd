"""``explain()`` lines for time-weighted intensity, market-based totals and scopes.

``explain`` passes its number formatter ``n`` and the result (typed by shape there), so this
module imports neither ``explain`` nor ``footprint_result`` (no import circle).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Fmt = Callable[[Any], str]


def temporal_lines(fp: Any, n: Fmt) -> list[str]:
    t = fp.site.temporal
    assert t is not None
    out = [f"  time: {t.resolution}, {len(t.series)} series over the job's interval"]
    if t.series_mean is not None:
        out.append(
            f"  I = s × I_series + (1 − s) × I_annual = {n(t.covered_share)} × {n(t.series_mean)}"
            f" + {n(1 - t.covered_share)} × {n(t.annual[0])} = {n(fp.site.intensity[0])} g/kWh"
            f" (s: share of energy the series covers; {n(t.estimated_share)} at estimated points)"
        )
    annual_op = fp.facility_energy_kwh * t.annual[0] / 1000.0
    out.append(
        f"  beside it, at the annual factor {n(t.annual[0])} g/kWh: operational {n(annual_op)}"
        f" kgCO2e, total {n(annual_op + fp.embodied_kgco2e)} kgCO2e"
    )
    return out


def contract_lines(fp: Any, n: Fmt) -> list[str]:
    out = [""]
    m = fp.market
    if m is not None:
        parts = " + ".join(f"{n(share)} × {n(f)} g/kWh ({what})" for what, share, f in m.parts)
        out.append(
            f"Market-based ({m.method}) = facility energy × ({parts}) / 1000 = "
            f"{n(m.market_based_kgco2e)} kgCO2e; location-based {n(m.location_based_kgco2e)} kgCO2e"
        )
    scopes = fp.scopes()
    if scopes is not None:
        totals = ", ".join(f"{k} {n(v)}" for k, v in scopes["totals"].items())
        out.append(f"Scopes ({scopes['ownership']}): {totals} kgCO2e (they add up to the total)")
        out.extend(f"  {x['line']}: {x['ghg_protocol']}" for x in scopes["lines"])
    return out
