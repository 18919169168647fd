"""The plan types: a used factor with its trail, a site plan and a hardware plan with its power rule.

Split from plans.py, which resolves them from a dataset; modules that only read a plan
(results, explanations, time-resolved footprints) need these types and not the resolving.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from .dataset import (
    Factor,
    Resolution,
)
from .jobs import HardwareItem

#: (value, low, high)
Triple = tuple[float, float, float]


@dataclass(frozen=True)
class UsedFactor:
    """One input of the computation: a dataset factor, or a value given in the job."""

    role: str
    kind: str
    value: float
    unit: str
    id: str | None = None
    year: int | None = None
    basis: str | None = None
    low: float | None = None
    high: float | None = None
    source: str | None = None
    resolution: str = ""
    steps: tuple[str, ...] = ()
    #: The value is not from its zone's default series (another source filled the year).
    source_changed: bool = False
    #: The value is that of a wider area than the location's own grid.
    fallback: bool = False
    #: Why, in words (one line per flag); also listed at the top of the footprint result.
    warnings: tuple[str, ...] = ()

    @classmethod
    def of(cls, role: str, res: Resolution) -> UsedFactor:
        used = cls.from_factor(role, res.factor, res.summary, res.steps)
        if not res.warnings:
            return used
        return replace(
            used,
            source_changed=res.source_changed is not None,
            fallback=res.fallback is not None,
            warnings=res.warnings,
        )

    @classmethod
    def from_factor(
        cls, role: str, f: Factor, resolution: str, steps: Sequence[str] = ()
    ) -> UsedFactor:
        return cls(
            role,
            f.kind,
            f.value,
            f.unit,
            f.id,
            f.year,
            f.basis,
            f.low,
            f.high,
            f.source,
            resolution,
            tuple(steps),
        )

    @classmethod
    def given(cls, role: str, kind: str, value: float, unit: str, field: str) -> UsedFactor:
        return cls(role, kind, value, unit, source="job", resolution=f"given in the job ({field})")

    @property
    def lo(self) -> float:
        return self.value if self.low is None else self.low

    @property
    def hi(self) -> float:
        return self.value if self.high is None else self.high

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "role": self.role,
            "id": self.id,
            "kind": self.kind,
            "value": self.value,
            "unit": self.unit,
            "year": self.year,
            "basis": self.basis,
            "source": self.source,
            "resolution": self.resolution,
        }
        if self.low is not None:
            out["low"] = self.low
        if self.high is not None:
            out["high"] = self.high
        if self.steps:
            out["steps"] = list(self.steps)
        if self.warnings:
            out["source_changed"] = self.source_changed
            out["fallback"] = self.fallback
            out["warnings"] = list(self.warnings)
        return out


# -- plans ------------------------------------------------------------------------------------
#: How a power value follows utilization (``HardwarePlan.scaling``).
LINEAR, CONSTANT, CURVE = "linear", "constant", "curve"
#: Single-value power bases measured at operating load: used as is, never scaled by u.
AT_LOAD_BASES = frozenset({"average"})


@dataclass(frozen=True)
class SitePlan:
    """Where the job runs: PUE and grid intensity (with bounds) and how they were found."""

    location: str | None
    year: int | None
    basis: str
    pue: Triple
    intensity: Triple
    factors: tuple[UsedFactor, ...]
    #: How time entered the intensity, for a job that says when it ran (``temporal.py``).
    temporal: Any = None


@dataclass(frozen=True)
class HardwarePlan:
    """One catalog line resolved: its power curve and embodied carbon per hour of use."""

    model: str | None
    #: Load curve points (u, W, W low, W high), ascending; one point at u=1 for a single value.
    curve: tuple[tuple[float, float, float, float], ...]
    #: How power follows utilization: LINEAR (TDP, max, power_w: value × u), CONSTANT (a
    #: measured average at operating load: value as is) or CURVE (interpolated).
    scaling: str
    power_method: str
    #: Embodied kgCO2e per hour of use per unit (value, low, high); None when not counted.
    embodied_per_hour: Triple | None
    embodied_note: str
    factors: tuple[UsedFactor, ...]
    notes: tuple[str, ...]
    #: Inputs of the amortization, for explain(): M, L, s (value triples).
    amortization: tuple[Triple, Triple, Triple] | None
    #: Catalog units per typed unit (a TPU slice: its chips); counts are multiplied by it.
    multiplier: int = 1
    #: Measured median draw in real work (W per unit, ``caveats.typical_power``): the low
    #: end of a TDP-based (LINEAR) estimate when the job gives no utilization.
    typical: float | None = None
    #: The model's catalog category (None without a model): host_power.py reads it.
    category: str | None = None

    def watts(self, item: HardwareItem) -> Triple:
        """Power per catalog unit of ``item`` (W, with bounds): the one power rule."""
        return self.watts_at(item.utilization, item.power_w)

    def watts_at(self, utilization: float | None, power_w: float | None) -> Triple:
        """``watts`` of a line given as its utilization and ``power_w`` (the batch reads
        them from a flat job state, with no ``HardwareItem``)."""
        u = 1.0 if utilization is None else utilization
        w = self.power(u)
        if power_w is not None:  # the plan's curve is the unit curve: scale it
            return w[0] * power_w, w[1] * power_w, w[2] * power_w
        if utilization is None and self.typical is not None:
            return w[0], min(w[1], self.typical), w[2]
        return w

    def power(self, u: float) -> Triple:
        """Power per unit at utilization u (W), with bounds."""
        c = self.curve
        if self.scaling is LINEAR:
            _, w, lo, hi = c[0]
            return w * u, lo * u, hi * u
        if self.scaling is CONSTANT:
            _, w, lo, hi = c[0]
            return w, lo, hi
        prev = c[0]
        if u <= prev[0]:
            return prev[1], prev[2], prev[3]
        for point in c[1:]:
            if u <= point[0]:
                f = (u - prev[0]) / (point[0] - prev[0])
                return (
                    prev[1] + (point[1] - prev[1]) * f,
                    prev[2] + (point[2] - prev[2]) * f,
                    prev[3] + (point[3] - prev[3]) * f,
                )
            prev = point
        return prev[1], prev[2], prev[3]
