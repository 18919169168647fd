"""The footprint formulas, written once for scalars and arrays alike.

The per-job engine, its per-line breakdown and the vectorized frame kernel all compute the
same quantities; writing the formulas here once (as plain arithmetic that works on floats
and on NumPy arrays) is what keeps their results equal. Every input is non-negative, so a
bound is the same formula over the matching bounds of the inputs (``low`` uses each
factor's low end and the *high* end of a divisor such as lifetime).
"""

from __future__ import annotations

from typing import Any, TypeVar

#: A float or an array of floats.
N = TypeVar("N", float, Any)

HOURS_PER_YEAR = 8760.0


def line_energy_kwh(count: N, power_w: N, hours: N) -> N:
    """IT energy of ``count`` units drawing ``power_w`` each for ``hours``."""
    return count * power_w * hours / 1000.0


def embodied_per_hour(embodied_kg: N, lifetime_years: N, in_use_share: N) -> N:
    """Embodied kgCO2e charged per hour of use: amortized over the hours a unit serves."""
    return embodied_kg / (lifetime_years * HOURS_PER_YEAR * in_use_share)


def line_embodied_kg(count: N, per_hour: N, hours: N) -> N:
    return count * per_hour * hours


def facility_energy_kwh(energy_kwh: N, pue: N) -> N:
    return energy_kwh * pue


def it_energy_kwh(facility_kwh: N, pue: N) -> N:
    """IT energy implied by a facility energy (``energy_basis: facility``): PUE taken out."""
    return facility_kwh / pue


def operational_kg(facility_kwh: N, intensity_g_per_kwh: N) -> N:
    """Operational kgCO2e of facility energy at a grid intensity in gCO2e/kWh."""
    return facility_kwh * intensity_g_per_kwh / 1000.0
