"""The grid-intensity factor record the engine-rule tests build their small snapshots from."""

from __future__ import annotations

from typing import Any


def gi(
    subject: str,
    year: int,
    value: float,
    source: str,
    *,
    basis: str = "lifecycle",
    suffix: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """A grid intensity of ``subject`` for ``year`` (``suffix`` keeps two factors of one
    source and year apart, e.g. a partial-year value beside the full-year one)."""
    return {
        "id": f"grid_intensity:{subject}:{year}:{source}{suffix}",
        "kind": "grid_intensity",
        "subject": subject,
        "year": year,
        "value": value,
        "unit": "gCO2e/kWh",
        "basis": basis,
        "source": source,
        **extra,
    }
