"""The PUE factor record the engine-rule tests build their small snapshots from.

Each test file names its own convention (which source a scope comes from, which scopes are
estimates) in a short ``pue`` of its own; the record's shape lives here once.
"""

from __future__ import annotations

from typing import Any


def pue_record(
    subject: str, year: int, value: float, *, source: str, scope: str, basis: str, **extra: Any
) -> dict[str, Any]:
    """A PUE of ``subject`` for ``year`` as ``source`` files it."""
    return {
        "id": f"pue:{subject}:{year}:{source}",
        "kind": "pue",
        "subject": subject,
        "year": year,
        "value": value,
        "unit": "dimensionless",
        "basis": basis,
        "scope": scope,
        "source": source,
        **extra,
    }
