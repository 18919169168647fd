"""The footprint arithmetic: energy, operational and embodied carbon, bounds and receipt.

The model is the one of DESIGN.md ("Footprint model"):

* IT energy ``E = sum(n * P(u)) * t / 1000`` kWh, unless ``energy_kwh`` is given;
* facility energy ``E * PUE``; operational ``E * PUE * I / 1000`` kgCO2e;
* embodied ``sum(n * M * t / (L * 8760 * s))`` kgCO2e: ``M`` embodied kgCO2e per unit,
  amortized over its in-service hours (lifetime ``L`` years times in-use share ``s``);
* total = operational + embodied; SCI = total / functional units.

Power of a model ``P(u)`` at utilization ``u`` (default 1.0) follows the *basis* of the
value, so that no number is scaled twice (one rule, ``HardwarePlan.watts``):

* a **load curve** (an ``idle``/``min`` point and a ``load-100``/``max`` point, plus any
  ``load-10``, ``load-50``) is interpolated linearly between its points;
* else a measured **average** is a draw already *at operating load*: it is used as is,
  whatever ``u`` says (a given utilization is then reported in ``notes`` as not applied;
  give ``power_w`` to scale a value of your own);
* else the **TDP** (else the **max**, else a value of unstated basis) is a ceiling, scaled
  by ``u``;
* an explicit ``power_w`` replaces the catalog value and is scaled by ``u`` (a rating).

A line's count is multiplied by the match's ``multiplier``: a Cloud TPU slice name such as
``v5p-128`` is 64 chips of ``google-tpu-v5p`` (see ``carbonfactors.hardware_names``), and
the expansion is written in the factor trail of that line.

Bounds are interval arithmetic over the factors' ``low``/``high``: every quantity is
non-negative, so the low bound uses each factor's low end (and the high end of divisors
such as lifetime); a factor without a range contributes its value to both bounds.

Work is split into *plans*, resolved once and shared: a ``SitePlan`` per (location, year,
basis, PUE, intensity) and a ``HardwarePlan`` per catalog line. A job then costs a few
multiplications, which is what makes the batch path fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from .dataset import (
    CURVE_POINTS,
    HOURS_PER_YEAR,
    LIFETIME_BASES,
    SHARE_BASES,
    SINGLE_POWER_BASES,
    Dataset,
    Factor,
    Hardware,
    Resolution,
)
from .errors import CarbonFactorsError, FactorNotFound, InternalError, InvalidInput
from .jobs import HardwareItem, Job

_INF = float("inf")

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

    def watts(self, item: HardwareItem) -> Triple:
        """Power per catalog unit of ``item`` (W, with bounds): the one power rule."""
        u = 1.0 if item.utilization is None else item.utilization
        w = self.power(u)
        given = item.power_w
        if given is not None:  # the plan's curve is the unit curve: scale it
            return w[0] * given, w[1] * given, w[2] * given
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


def site_plan(ds: Dataset, job: Job) -> SitePlan:
    factors: list[UsedFactor] = []
    if job.grid_intensity is not None:
        g = job.grid_intensity
        intensity = (g, g, g)
        factors.append(
            UsedFactor.given("grid_intensity", "grid_intensity", g, "gCO2e/kWh", "grid_intensity")
        )
    else:
        assert job.location is not None
        res = ds.resolve_grid(job.location, job.year, job.basis)
        f = res.factor
        intensity = (f.value, f.lo, f.hi)
        factors.append(UsedFactor.of("grid_intensity", res))
    if isinstance(job.pue, float):
        p = job.pue
        pue = (p, p, p)
        factors.append(UsedFactor.given("pue", "pue", p, "dimensionless", "pue"))
    else:
        res = ds.resolve_pue(job.location, job.year, job.pue)
        f = res.factor
        pue = (f.value, f.lo, f.hi)
        factors.append(UsedFactor.of("pue", res))
    return SitePlan(job.location, job.year, job.basis, pue, intensity, tuple(factors))


def _power_curve(
    ds: Dataset, hw: Hardware, role: str
) -> tuple[tuple[tuple[float, float, float, float], ...], str, str, list[UsedFactor], list[str]]:
    """The power of one model: load curve, else one value by basis (see the module doc)."""
    points: dict[float, Factor] = {}
    why: dict[float, list[str]] = {}
    notes: list[str] = []
    for basis, u in CURVE_POINTS.items():
        if u in points:
            continue  # idle before min, load-100 before max
        found = ds.latest("power", hw.id, (basis,), unit="W")
        if found is not None:
            points[u], why[u] = found
    if 0.0 in points and 1.0 in points:
        pts = sorted(points.items())
        curve = tuple((u, f.value, f.lo, f.hi) for u, f in pts)
        used = [
            UsedFactor.from_factor(
                f"{role}.power@{u:g}", f, f"{hw.id}: {f.basis} power ({f.year})", why[u]
            )
            for u, f in pts
        ]
        bases = ", ".join(f"{f.basis}={f.value:g} W" for _, f in pts)
        return curve, CURVE, f"load curve interpolated by utilization ({bases})", used, notes
    found = ds.latest("power", hw.id, SINGLE_POWER_BASES, unit="W")
    if found is None:
        raise FactorNotFound(
            f"no power factor in W for '{hw.id}' (nor a complete load curve); give power_w",
            field=role + ".power_w",
        )
    f, more = found
    if points:
        notes.append(
            f"{hw.id}: partial load curve ({', '.join(sorted(p.basis or '' for p in points.values()))}) "
            f"ignored: it needs an idle/min and a load-100/max point"
        )
    used = [
        UsedFactor.from_factor(
            role + ".power",
            f,
            f"{hw.id}: {f.basis or 'unspecified'} power ({f.year})",
            more,
        )
    ]
    method = {
        "average": "measured average power at operating load, used as is (not scaled by utilization)",
        "tdp": "TDP × utilization (no load curve or measured average in the dataset)",
        "max": "maximum power × utilization (no average or TDP in the dataset)",
    }.get(f.basis or "", "power (basis not stated) × utilization")
    scaling = CONSTANT if f.basis in AT_LOAD_BASES else LINEAR
    return ((1.0, f.value, f.lo, f.hi),), scaling, method, used, notes


def hardware_plan(ds: Dataset, item: HardwareItem, index: int, job: Job) -> HardwarePlan:
    """Resolve one hardware line (model lookup, power, embodied, lifetime, in-use share)."""
    role = f"hardware[{index}]"
    factors: list[UsedFactor] = []
    notes: list[str] = []
    hw: Hardware | None = None
    multiplier = 1
    trail: tuple[str, ...] = ()
    if item.model is not None:
        match = ds.match_hardware(item.model, field=role + ".model")
        hw = ds.hardware[match.id]
        multiplier = match.multiplier
        if match.expansion is not None:
            trail = (f"model {match.expansion}",)
            notes.append(
                f"{role}: model {match.expansion}; count {item.count} → {item.count * multiplier} units"
            )
        elif match.how != "id":
            notes.append(f"{role}: model {match.trail}")
    need_power = job.energy_kwh is None
    if item.power_w is not None:
        # A unit curve: the job's power_w multiplies it at compute time, so one plan serves
        # every explicit power value (and the "given" entry is added to the receipt there).
        curve: tuple[tuple[float, float, float, float], ...] = ((1.0, 1.0, 1.0, 1.0),)
        scaling, method = LINEAR, "power_w given × utilization"
    elif need_power:
        assert hw is not None
        curve, scaling, method, used, more = _power_curve(ds, hw, role)
        factors.extend(used)
        notes.extend(more)
    else:
        curve, scaling, method = ((1.0, 0.0, 0.0, 0.0),), LINEAR, "not used (energy_kwh given)"

    per_hour: Triple | None = None
    amort: tuple[Triple, Triple, Triple] | None = None
    emb_note = "excluded (include_embodied is false)"
    if job.include_embodied:
        m: Triple | None = None
        category_note = ""
        if item.embodied_kgco2e is not None:
            e = item.embodied_kgco2e
            m = (e, e, e)
            factors.append(
                UsedFactor.given(
                    role + ".embodied", "embodied", e, "kgCO2e", role + ".embodied_kgco2e"
                )
            )
        elif hw is not None:
            res = ds.resolve_embodied(hw)
            if res is None:
                raise FactorNotFound(
                    f"no embodied carbon (kgCO2e per unit) for '{hw.id}' nor a default for "
                    f"its category {hw.category}; give embodied_kgco2e or set "
                    f"include_embodied to false",
                    field=role + ".embodied_kgco2e",
                )
            f = res.factor
            m = (f.value, f.lo, f.hi)
            factors.append(UsedFactor.of(role + ".embodied", res))
            if f.rung == "category-default":
                category_note = (
                    f"{role}: embodied carbon is the CATEGORY DEFAULT for {hw.category} "
                    f"({f.value:g} kgCO2e, range {f.lo:g}..{f.hi:g}): '{hw.id}' has no "
                    f"embodied value of its own"
                )
                notes.append(category_note)
        if m is None:
            emb_note = "not counted: no model and no embodied_kgco2e"
            notes.append(f"{role}: embodied carbon not counted (no model, no embodied_kgco2e)")
        else:
            if item.lifetime_years is not None:
                v = item.lifetime_years
                life = (v, v, v)
                factors.append(
                    UsedFactor.given(
                        role + ".lifetime", "lifetime", v, "years", role + ".lifetime_years"
                    )
                )
            else:
                assert hw is not None  # parse_job requires lifetime_years without a model
                res = ds.model_or_category("lifetime", hw, LIFETIME_BASES, "years")
                if res is None:
                    raise FactorNotFound(
                        f"no lifetime for '{hw.id}' nor for category:{hw.category}; give lifetime_years",
                        field=role + ".lifetime_years",
                    )
                life = (res.factor.value, res.factor.lo, res.factor.hi)
                factors.append(UsedFactor.of(role + ".lifetime", res))
            if item.in_use_share is not None:
                v = item.in_use_share
                share = (v, v, v)
                factors.append(
                    UsedFactor.given(
                        role + ".in_use_share",
                        "in_use_share",
                        v,
                        "fraction",
                        role + ".in_use_share",
                    )
                )
            else:
                sres = (
                    None
                    if hw is None
                    else ds.model_or_category("in_use_share", hw, SHARE_BASES, "fraction")
                )
                if sres is None:
                    share = (1.0, 1.0, 1.0)
                    notes.append(
                        f"{role}: no in-use share factor for "
                        f"{'this line' if hw is None else hw.id + ' or category:' + hw.category}"
                        " → 1.0 (embodied amortized over the whole lifetime)"
                    )
                else:
                    share = (sres.factor.value, sres.factor.lo, sres.factor.hi)
                    factors.append(UsedFactor.of(role + ".in_use_share", sres))
            h = HOURS_PER_YEAR
            per_hour = (
                m[0] / (life[0] * h * share[0]),
                m[1] / (life[2] * h * share[2]),
                m[2] / (life[1] * h * share[1]),
            )
            amort = (m, life, share)
            emb_note = "amortized over lifetime × in-use share"
            if category_note:
                emb_note += "; M is the category default (no embodied value of the model's own)"

    if trail:  # a slice: every catalog factor of the line says how the name was expanded
        factors = [f if f.id is None else replace(f, steps=(*trail, *f.steps)) for f in factors]
    return HardwarePlan(
        None if hw is None else hw.id,
        curve,
        scaling,
        method,
        per_hour,
        emb_note,
        tuple(factors),
        tuple(notes),
        amort,
        multiplier,
    )


# -- result -----------------------------------------------------------------------------------
NUMBERS = (
    "energy_kwh",
    "facility_energy_kwh",
    "operational_kgco2e",
    "embodied_kgco2e",
    "total_kgco2e",
)


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
class Footprint:
    """The result of one job. ``to_dict()`` is the JSON result; ``explain()`` the arithmetic.

    The headline numbers are plain attributes; ``low``/``high`` hold the same five keys.
    Per-line detail, the factor list and the notes are derived from the shared plans on
    first access, so computing thousands of footprints stays cheap.
    """

    energy_kwh: float
    facility_energy_kwh: float
    operational_kgco2e: float
    embodied_kgco2e: float
    total_kgco2e: float
    low_values: tuple[float, float, float, float, float]
    high_values: tuple[float, float, float, float, float]
    job: Job
    dataset_version: str
    site: SitePlan
    plans: tuple[HardwarePlan, ...]

    ok = True

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

    @cached_property
    def items(self) -> tuple[ItemResult, ...]:
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
                else (n * p[0] * t / 1000.0, n * p[1] * t / 1000.0, n * p[2] * t / 1000.0)
            )
            eph = plan.embodied_per_hour
            emb: Triple = zero if eph is None else (n * eph[0] * t, n * eph[1] * t, n * eph[2] * t)
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
        return tuple(f"{f.role}: {w}" for f in self.site.factors for w in f.warnings)

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
                out.append(f"hardware[{i}]: utilization not given → 1.0 (full load)")
            out.extend(plan.notes)
        if self.job.energy_kwh is not None:
            out.append("energy_kwh given: it replaces the power-based estimate")
            if self.job.hours is not None and not (self.job.hardware and self.job.include_embodied):
                out.append(
                    f"hours ({self.job.hours:g}) recorded but not needed: energy_kwh gives the "
                    "energy, and no listed hardware has embodied carbon to amortize"
                )
            elif self.job.hours is not None:
                out.append("hours used only to amortize the embodied carbon of the hardware")
        if not self.job.include_embodied:
            out.append("embodied carbon excluded (include_embodied is false)")
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
            "dataset_version": self.dataset_version,
            "warnings": list(self.warnings),
            "hardware": [it.to_dict() for it in self.items],
            "factors": [f.to_dict() for f in self.factors],
            "notes": list(self.notes),
            "job": self.job.to_dict(),
        }
        return out

    def explain(self) -> str:
        from .explain import explain

        return explain(self)


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


def compute(job: Job, ds: Dataset, site: SitePlan, plans: tuple[HardwarePlan, ...]) -> Footprint:
    """The arithmetic, given resolved plans (the hot loop of the batch path)."""
    t = job.hours
    e = elo = ehi = 0.0
    m = mlo = mhi = 0.0
    energy_given = job.energy_kwh
    for item, plan in zip(job.hardware, plans, strict=True):
        n = item.count * plan.multiplier
        if energy_given is None:
            w, wl, wh = plan.watts(item)
            e += n * w
            elo += n * wl
            ehi += n * wh
        eph = plan.embodied_per_hour
        if eph is not None:
            m += n * eph[0]
            mlo += n * eph[1]
            mhi += n * eph[2]
    if energy_given is None:
        assert t is not None
        e, elo, ehi = e * t / 1000.0, elo * t / 1000.0, ehi * t / 1000.0
    else:
        e = elo = ehi = energy_given
    if t is not None:
        m, mlo, mhi = m * t, mlo * t, mhi * t
    p, plo, phi = site.pue
    i, ilo, ihi = site.intensity
    fe, felo, fehi = e * p, elo * plo, ehi * phi
    op, oplo, ophi = fe * i / 1000.0, felo * ilo / 1000.0, fehi * ihi / 1000.0
    if not ophi + mhi < _INF:  # finite inputs can still overflow: never return inf
        raise InvalidInput("the inputs are too large: the footprint overflows", field="job")
    return Footprint(
        e,
        fe,
        op,
        m,
        op + m,
        (elo, felo, oplo, mlo, oplo + mlo),
        (ehi, fehi, ophi, mhi, ophi + mhi),
        job,
        ds.version,
        site,
        plans,
    )


class Planner:
    """Resolves and memoizes plans for a run of jobs (one call or a whole batch)."""

    #: Memo size above which a memo is emptied (bounds memory for long-lived services).
    LIMIT = 100_000

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.sites: dict[tuple[Any, ...], SitePlan | Exception] = {}
        self.hardware: dict[tuple[Any, ...], HardwarePlan | Exception] = {}

    @classmethod
    def of(cls, ds: Dataset) -> Planner:
        """The planner shared by every call on ``ds`` (plans depend only on the dataset)."""
        planner = ds.planner
        if planner is None:
            planner = ds.planner = cls(ds)
        return planner

    def site(self, job: Job) -> SitePlan:
        key = (job.location, job.year, job.basis, job.pue, job.grid_intensity)
        hit = self.sites.get(key)
        if hit is None:
            try:
                hit = site_plan(self.ds, job)
            except CarbonFactorsError as exc:
                hit = exc
            if len(self.sites) >= self.LIMIT:
                self.sites.clear()
            self.sites[key] = hit
        if isinstance(hit, Exception):
            raise _again(hit)
        return hit

    def plans(self, job: Job) -> tuple[HardwarePlan, ...]:
        out = []
        energy_missing = job.energy_kwh is None
        for i, item in enumerate(job.hardware):
            key = (
                i,
                item.model,
                item.power_w is not None,
                item.embodied_kgco2e,
                item.lifetime_years,
                item.in_use_share,
                job.include_embodied,
                energy_missing,
            )
            hit = self.hardware.get(key)
            if hit is None:
                try:
                    hit = hardware_plan(self.ds, item, i, job)
                except CarbonFactorsError as exc:
                    hit = exc
                if len(self.hardware) >= self.LIMIT:
                    self.hardware.clear()
                self.hardware[key] = hit
            if isinstance(hit, Exception):
                raise _again(hit)
            out.append(hit)
        return tuple(out)

    def footprint(self, job: Job) -> Footprint:
        return compute(job, self.ds, self.site(job), self.plans(job))


def _again(exc: Exception) -> Exception:
    """A fresh copy of a memoized error, so tracebacks do not pile up across jobs."""
    if isinstance(exc, CarbonFactorsError):
        return exc.again()
    return exc
