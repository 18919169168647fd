"""Results: one job's footprint (headline numbers, bounds, per-line detail, receipt).

The per-line numbers are derived from the shared plans on first access with the formulas
of ``arithmetic.py``, the same as the totals, so a breakdown always adds up to its total.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError
from typing import Any

from . import arithmetic as ar
from .footprint_parts import ItemResult as ItemResult
from .footprint_parts import JobError as JobError
from .host_power import host_left_out
from .job_types import Job, JobState, job_from_state, job_state
from .market import MarketResult
from .plans import CONSTANT, HardwarePlan, SitePlan, Triple, UsedFactor

# -- result -----------------------------------------------------------------------------------
NUMBERS = (
    "energy_kwh",
    "facility_energy_kwh",
    "operational_kgco2e",
    "embodied_kgco2e",
    "total_kgco2e",
)


#: The note saying which energy basis a given ``energy_kwh`` was read on.
_ENERGY_BASIS_NOTES: dict[str | None, str] = {
    None: "energy_kwh taken as IT energy (energy_basis not given): PUE is applied to it; if it "
    "was metered at the facility or already includes PUE, say energy_basis: facility",
    "it": "energy_kwh is IT energy (energy_basis: it): PUE is applied to it",
    "facility": "energy_kwh is facility energy (energy_basis: facility): PUE is not applied "
    "again; energy_kwh in the result is the IT energy it implies (facility / PUE)",
}


_FIELDS = (
    "energy_kwh",
    "facility_energy_kwh",
    "operational_kgco2e",
    "embodied_kgco2e",
    "total_kgco2e",
    "low_values",
    "high_values",
    "job",
    "dataset_version",
    "site",
    "plans",
    "dataset",
    "market",
)
_new = object.__new__
_set = object.__setattr__


class Footprint:
    """The result of one job. ``to_dict()`` is the JSON result; ``explain()`` the arithmetic.

    The headline numbers are plain attributes; ``low``/``high`` hold the same five keys.
    Per-line detail, the factor list and the notes are derived from the shared plans on
    first access, so computing thousands of footprints stays cheap.

    Immutable, and one object to the garbage collector: the numbers are kept as one tuple of
    floats and the job as a tuple of its values (``job_types.job_state``), both untracked by
    the collector, with the shared plans. A batch's results are mostly what a program keeps,
    so each extra object per result made the collector's full passes come sooner (the dict
    batch spent a third of its time in them).
    """

    __slots__ = (
        "_numbers",
        "_job",
        "_items",
        "__weakref__",
        "dataset_version",
        "site",
        "plans",
        "dataset",
        "market",
    )
    _numbers: tuple[Any, ...]
    _job: Any
    _items: tuple[ItemResult, ...]
    dataset_version: str
    site: SitePlan
    plans: tuple[HardwarePlan, ...]
    #: The Dataset that answered: its ``bundle`` and ``bundle_sha256`` label the result.
    dataset: Any
    #: Market-based electricity emissions, when the job gives ``market`` (``market.py``).
    market: MarketResult | None

    ok = True

    def __init__(
        self,
        energy_kwh: float,
        facility_energy_kwh: float,
        operational_kgco2e: float,
        embodied_kgco2e: float,
        total_kgco2e: float,
        low_values: tuple[float, float, float, float, float],
        high_values: tuple[float, float, float, float, float],
        job: Job,
        dataset_version: str,
        site: SitePlan,
        plans: tuple[HardwarePlan, ...],
        dataset: Any = None,
        market: MarketResult | None = None,
    ) -> None:
        numbers = (energy_kwh, facility_energy_kwh, operational_kgco2e, embodied_kgco2e)
        _set(self, "_numbers", (*numbers, total_kgco2e, *low_values, *high_values))
        _set(self, "_job", job_state(job))
        for name, val in zip(
            _FIELDS[8:], (dataset_version, site, plans, dataset, market), strict=True
        ):
            _set(self, name, val)

    @classmethod
    def of(
        cls,
        numbers: tuple[Any, ...],
        job: Job | JobState,
        ds: Any,
        site: SitePlan,
        plans: tuple[HardwarePlan, ...],
        market: MarketResult | None,
    ) -> Footprint:
        """The engine's constructor: ``numbers`` are the five values, then the five low
        and the five high ones, in one flat tuple, and ``job`` is already ``job_state``'s
        form (see the class docstring)."""
        fp = _new(cls)
        _SET_NUMBERS(fp, numbers)
        _SET_JOB(fp, job)
        _SET_VERSION(fp, ds.version)
        _SET_SITE(fp, site)
        _SET_PLANS(fp, plans)
        _SET_DATASET(fp, ds)
        _SET_MARKET(fp, market)
        return fp

    @property
    def energy_kwh(self) -> float:
        return self._numbers[0]

    @property
    def facility_energy_kwh(self) -> float:
        return self._numbers[1]

    @property
    def operational_kgco2e(self) -> float:
        return self._numbers[2]

    @property
    def embodied_kgco2e(self) -> float:
        return self._numbers[3]

    @property
    def total_kgco2e(self) -> float:
        return self._numbers[4]

    @property
    def low_values(self) -> tuple[float, float, float, float, float]:
        return self._numbers[5:10]

    @property
    def high_values(self) -> tuple[float, float, float, float, float]:
        return self._numbers[10:15]

    @property
    def job(self) -> Job:
        return job_from_state(self._job)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _key(self) -> tuple[Any, ...]:
        return (self._numbers, self.job, self.dataset_version, self.site, self.plans, self.market)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown = (f"{n}={getattr(self, n)!r}" for n in _FIELDS if n != "dataset")
        return f"Footprint({', '.join(shown)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Footprint, tuple(getattr(self, n) for n in _FIELDS))

    @property
    def temporal_resolution(self) -> str:
        """``PT30M`` (or the series' resolution) when weighted by time, else ``annual``."""
        t = self.site.temporal
        return "annual" if t is None else str(t.resolution)

    @property
    def location_based_kgco2e(self) -> float:
        """Operational (electricity) emissions at the grid's intensity: GHG location-based."""
        return self.operational_kgco2e

    @property
    def market_based_kgco2e(self) -> float | None:
        return None if self.market is None else self.market.market_based_kgco2e

    def scopes(self) -> dict[str, Any] | None:
        """Per-line GHG Protocol scope and totals per scope, when ``ownership`` is given."""
        if self.job.ownership is None:
            return None
        from .scopes import scopes

        lines = [(f"hardware[{it.index}].embodied", it.embodied_kgco2e[0]) for it in self.items]
        return scopes(
            self.job.ownership,
            self.operational_kgco2e,
            self.embodied_kgco2e,
            lines,
            self.market_based_kgco2e,
        )

    @property
    def energy_basis(self) -> str:
        """What ``energy_kwh`` of the job was taken to measure: ``it`` or ``facility``.

        Power-based estimates are IT energy; a given ``energy_kwh`` is IT energy unless the
        job says ``energy_basis: facility`` (a published training energy often includes PUE).
        """
        return self.job.energy_basis or "it"

    @property
    def bundle(self) -> str:
        """Which bundle of the release answered (``open`` or ``full``)."""
        return str(getattr(self.dataset, "bundle", "full"))

    @property
    def bundle_sha256(self) -> str | None:
        """SHA-256 of that bundle's canonical text (with the version: a reproducible label)."""
        return getattr(self.dataset, "bundle_sha256", None)

    @property
    def low(self) -> dict[str, float]:
        return dict(zip(NUMBERS, self.low_values, strict=True))

    @property
    def high(self) -> dict[str, float]:
        return dict(zip(NUMBERS, self.high_values, strict=True))

    @property
    def sci(self) -> dict[str, Any] | None:
        """Software Carbon Intensity: total (operational incl. PUE + embodied) per functional unit."""
        r = self.job.functional_units
        if r is None:
            return None
        return {
            "value": self.total_kgco2e / r,
            "low": self.low_values[4] / r,
            "high": self.high_values[4] / r,
            "functional_units": r,
            "unit": "kgCO2e per functional unit",
        }

    @property
    def items(self) -> tuple[ItemResult, ...]:
        """Per-line detail, derived once on first access."""
        try:
            return self._items
        except AttributeError:
            _set(self, "_items", self._derive_items())
            return self._items

    def _derive_items(self) -> tuple[ItemResult, ...]:
        out = []
        t = self.job.hours or 0.0
        for i, (item, plan) in enumerate(zip(self.job.hardware, self.plans, strict=True)):
            u = 1.0 if item.utilization is None else item.utilization
            n = item.count * plan.multiplier
            p = plan.watts(item)
            energy_given = self.job.energy_kwh is not None
            zero: Triple = (0.0, 0.0, 0.0)
            e: Triple = (
                zero
                if energy_given
                else (
                    ar.line_energy_kwh(n, p[0], t),
                    ar.line_energy_kwh(n, p[1], t),
                    ar.line_energy_kwh(n, p[2], t),
                )
            )
            eph = plan.embodied_per_hour
            emb: Triple = (
                zero
                if eph is None
                else (
                    ar.line_embodied_kg(n, eph[0], t),
                    ar.line_embodied_kg(n, eph[1], t),
                    ar.line_embodied_kg(n, eph[2], t),
                )
            )
            out.append(
                ItemResult(
                    i,
                    plan.model,
                    item.count,
                    u,
                    p,
                    e,
                    emb,
                    plan.power_method,
                    plan.embodied_note,
                    plan.multiplier,
                )
            )
        return tuple(out)

    @property
    def factors(self) -> tuple[UsedFactor, ...]:
        out = list(self.site.factors)
        for i, (item, plan) in enumerate(zip(self.job.hardware, self.plans, strict=True)):
            if item.power_w is not None:
                role = f"hardware[{i}]"
                out.append(
                    UsedFactor.given(role + ".power", "power", item.power_w, "W", role + ".power_w")
                )
            out.extend(plan.factors)
        return tuple(out)

    @property
    def warnings(self) -> tuple[str, ...]:
        """Source switches and geographic fallbacks behind the numbers, "<role>: <why>"."""
        out = [f"{f.role}: {w}" for f in self.site.factors for w in f.warnings]
        if self.market is not None:
            out.extend(self.market.warnings)
        return tuple(out)

    @property
    def notes(self) -> tuple[str, ...]:
        out: list[str] = []
        for i, (item, plan) in enumerate(zip(self.job.hardware, self.plans, strict=True)):
            if self.job.energy_kwh is None and item.power_w is None and plan.scaling is CONSTANT:
                if item.utilization is not None:
                    out.append(
                        f"hardware[{i}]: utilization {item.utilization:g} not applied: the power of "
                        f"{plan.model} is a measured average at operating load ({plan.curve[0][1]:g} W),"
                        " used as is; give power_w to scale a value of your own"
                    )
            elif item.utilization is None and self.job.energy_kwh is None:
                low = (
                    ""
                    if plan.typical is None or item.power_w is not None
                    else f"; low bound {plan.typical:g} W, the measured median draw in real work"
                )
                out.append(f"hardware[{i}]: utilization not given → 1.0 (full load){low}")
            out.extend(plan.notes)
        host = host_left_out([p.category for p in self.plans], self.job.energy_kwh is not None)
        if host:
            out.append(host)
        if self.job.energy_kwh is not None:
            out.append("energy_kwh given: it replaces the power-based estimate")
            out.append(_ENERGY_BASIS_NOTES[self.job.energy_basis])
            if self.job.hours is not None and not (self.job.hardware and self.job.include_embodied):
                out.append(
                    f"hours ({self.job.hours:g}) recorded but not needed: energy_kwh gives the "
                    "energy, and no listed hardware has embodied carbon to amortize"
                )
            elif self.job.hours is not None:
                out.append("hours used only to amortize the embodied carbon of the hardware")
        if not self.job.include_embodied:
            out.append("embodied carbon excluded (include_embodied is false)")
        if self.site.temporal is not None:
            out.extend(f"time: {note}" for note in self.site.temporal.notes)
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        """The JSON result (keys documented in the module and README)."""
        out: dict[str, Any] = {
            "energy_kwh": self.energy_kwh,
            "facility_energy_kwh": self.facility_energy_kwh,
            "operational_kgco2e": self.operational_kgco2e,
            "embodied_kgco2e": self.embodied_kgco2e,
            "total_kgco2e": self.total_kgco2e,
            "low": self.low,
            "high": self.high,
            "sci": self.sci,
            "pue": self.site.pue[0],
            "grid_intensity": self.site.intensity[0],
            "location": self.job.location,
            "year": self.job.year,
            "basis": self.job.basis,
            "energy_basis": self.energy_basis,
            "dataset_version": self.dataset_version,
            "bundle": self.bundle,
            "bundle_sha256": self.bundle_sha256,
            "warnings": list(self.warnings),
            "hardware": [it.to_dict() for it in self.items],
            "factors": [f.to_dict() for f in self.factors],
            "notes": list(self.notes),
            "job": self.job.to_dict(),
            "temporal_resolution": self.temporal_resolution,
            "location_based_kgco2e": self.location_based_kgco2e,
            "market_based_kgco2e": self.market_based_kgco2e,
        }
        t = self.site.temporal
        if t is not None:
            out["temporal"] = t.to_dict(self.facility_energy_kwh, self.embodied_kgco2e)
            if t.provider is not None:
                out["intensity_provider"] = t.provider
        if self.market is not None:
            out["market"] = self.market.to_dict()
        scopes = self.scopes()
        if scopes is not None:
            out["scopes"] = scopes
        return out

    def explain(self) -> str:
        from .explain import explain

        return explain(self)


# Each slot's own setter, bound once, for ``Footprint.of`` (the batch makes one result per
# job): ``Footprint`` refuses assignment, and calling a slot's setter directly costs about
# half of ``object.__setattr__(fp, name, value)``, which looks the name up first.
def _setter(name: str) -> Callable[[Footprint, Any], None]:
    setter: Callable[[Footprint, Any], None] = vars(Footprint)[name].__set__
    return setter


_SET_NUMBERS = _setter("_numbers")
_SET_JOB = _setter("_job")
_SET_VERSION = _setter("dataset_version")
_SET_SITE = _setter("site")
_SET_PLANS = _setter("plans")
_SET_DATASET = _setter("dataset")
_SET_MARKET = _setter("market")
