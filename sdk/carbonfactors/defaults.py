"""What the engine uses by default: the one place that decides which value is "the" value.

Several views show a factor as *the one used*: the resolved tables under
``factors/resolved/`` (``carbonfactors_pipeline.resolved``), the explorer's star in a
side-by-side table, its category listings. If each chose by its own rule they would
disagree with each other and with footprints (a chart starring one source's value while the
headline quotes another; a listing showing a lower bound the engine never uses). So each
asks here, and here asks the engine itself: ``Dataset.resolve_grid``/``resolve_pue`` and
the footprint ``Planner`` on a reference job — no second rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .dataset import Dataset
from .engine import Footprint, Planner
from .errors import CarbonFactorsError
from .jobs import parse_job
from .plans import UsedFactor
from .records import Factor
from .resolve.index import DEFAULT_GRID_BASIS


def grid(
    ds: Dataset, zone: str, year: int | None, basis: str = DEFAULT_GRID_BASIS
) -> Factor | None:
    """The grid-intensity factor a footprint in ``zone`` for ``year`` uses (None: none)."""
    try:
        return ds.resolve_grid(zone, year, basis).factor
    except CarbonFactorsError:
        return None


def pue(ds: Dataset, operator: str, year: int | None) -> Factor | None:
    """The PUE factor a footprint with ``pue=operator`` for ``year`` uses (None: none)."""
    try:
        return ds.resolve_pue(None, year, operator).factor
    except CarbonFactorsError:
        return None


def used_ids(ds: Dataset, kind: str, subject: str, years: Iterable[int]) -> set[str]:
    """Ids of the factors the engine uses for ``subject`` in each of ``years``: the
    grid intensity of a zone (default basis) or the PUE of an operator."""
    pick = grid if kind == "grid_intensity" else pue
    found = (pick(ds, subject, y) for y in years)
    return {f.id for f in found if f is not None}


@dataclass(frozen=True)
class Power:
    """Power per unit at full load as the engine computes it (W; a load curve's 100 %)."""

    value: float
    #: None when the value has no range (a single cited figure).
    low: float | None
    high: float | None
    basis: str | None
    factors: tuple[str, ...]
    unit: str = "W"


@dataclass(frozen=True)
class HardwareUse:
    """A model's defaults in a footprint: power at full load and the embodied factor."""

    power: Power | None
    embodied: UsedFactor | None
    #: Why the engine refuses the model with defaults alone (no embodied value, say).
    error: str | None = None
    #: The amortization factors used with the embodied value (lifetime, in-use share).
    amortization: tuple[UsedFactor, ...] = ()

    @property
    def used_ids(self) -> set[str]:
        """Ids of every factor a footprint of the model uses (the explorer's stars)."""
        ids = set(self.power.factors) if self.power is not None else set()
        for u in (self.embodied, *self.amortization):
            if u is not None and u.id:
                ids.add(u.id)
        return ids


def hardware(ds: Dataset, model: str) -> HardwareUse:
    """What one unit of ``model`` at full load uses by default, through the engine."""
    job = {
        "hardware": [{"model": model, "count": 1, "utilization": 1.0}],
        "hours": 1,
        "grid_intensity": 1000,
        "pue": 1.0,
    }
    planner = Planner.of(ds)
    try:
        fp = planner.footprint(parse_job(job))
    except CarbonFactorsError as exc:
        # No embodied value: the power is still the engine's, computed without it.
        try:
            fp = planner.footprint(parse_job({**job, "include_embodied": False}))
        except CarbonFactorsError:
            return HardwareUse(None, None, exc.message)
        return HardwareUse(_power(fp), None, exc.message)
    emb = next((u for u in fp.factors if u.role == "hardware[0].embodied"), None)
    amortization = tuple(
        u for u in fp.factors if u.role in ("hardware[0].lifetime", "hardware[0].in_use_share")
    )
    return HardwareUse(_power(fp), emb, amortization=amortization)


def _power(fp: Footprint) -> Power | None:
    factors = [u for u in fp.factors if u.role.startswith("hardware[0].power") and u.id]
    if not fp.items:
        return None
    value, low, high = fp.items[0].power_w
    basis = factors[0].basis if len(factors) == 1 else ("load curve" if factors else None)
    ranged = (low, high) != (value, value)
    return Power(
        value,
        low if ranged else None,
        high if ranged else None,
        basis,
        tuple(u.id for u in factors if u.id),
    )
