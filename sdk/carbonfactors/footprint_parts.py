"""The small parts of a result: one hardware line (``ItemResult``) and a refused job of a
batch (``JobError``), apart from ``Footprint`` so that module stays about the result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import CarbonFactorsError, InternalError
from .plans import Triple


@dataclass(frozen=True)
class ItemResult:
    """One hardware line of the result."""

    index: int
    model: str | None
    count: int
    utilization: float
    power_w: Triple
    energy_kwh: Triple
    embodied_kgco2e: Triple
    power_method: str
    embodied_method: str
    #: Catalog units per counted unit (chips in a TPU slice); ``units = count × multiplier``.
    multiplier: int = 1

    @property
    def units(self) -> int:
        """How many catalog units of ``model`` the line stands for (count × multiplier)."""
        return self.count * self.multiplier

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "model": self.model,
            "count": self.count,
            "utilization": self.utilization,
            "power_w": self.power_w[0],
            "power_w_low": self.power_w[1],
            "power_w_high": self.power_w[2],
            "energy_kwh": self.energy_kwh[0],
            "embodied_kgco2e": self.embodied_kgco2e[0],
            "embodied_kgco2e_low": self.embodied_kgco2e[1],
            "embodied_kgco2e_high": self.embodied_kgco2e[2],
            "power_method": self.power_method,
            "embodied_method": self.embodied_method,
            "multiplier": self.multiplier,
            "units": self.units,
        }


@dataclass(frozen=True)
class JobError:
    """A job of a batch that could not be computed; the rest of the batch still is."""

    index: int
    error: Exception

    ok = False

    def problem(self) -> dict[str, Any]:
        """The failure as a problem document: the same shape (and, for a given type, the
        same status) as an HTTP error of the API."""
        if isinstance(self.error, CarbonFactorsError):
            return self.error.to_problem()
        return InternalError(str(self.error)).to_problem()

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "ok": False, "error": self.problem()}
