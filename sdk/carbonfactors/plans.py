"""Plans: the factors a job needs, resolved once and shared by every job that needs them.

A ``SitePlan`` holds where a job runs (PUE and grid intensity, with bounds and the trail of
how they were found); a ``HardwarePlan`` one hardware line (its power rule and its embodied
carbon per hour of use). Resolving is the slow part of a footprint (names, zone chains,
years, sources, rungs); the arithmetic on a plan is a few multiplications, which is what
makes batches and frames fast. The power rule by basis is documented in ``engine``.
"""

from __future__ import annotations

from dataclasses import replace

from . import arithmetic as ar
from . import caveats
from .dataset import (
    CURVE_POINTS,
    LIFETIME_BASES,
    SHARE_BASES,
    SINGLE_POWER_BASES,
    Dataset,
    Factor,
    Hardware,
)
from .errors import FactorNotFound
from .jobs import HardwareItem, Job
from .kinds import category_subject
from .plan_types import AT_LOAD_BASES as AT_LOAD_BASES
from .plan_types import CONSTANT as CONSTANT
from .plan_types import CURVE as CURVE
from .plan_types import LINEAR as LINEAR
from .plan_types import HardwarePlan as HardwarePlan
from .plan_types import SitePlan as SitePlan
from .plan_types import Triple as Triple
from .plan_types import UsedFactor as UsedFactor


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
    # The model's own value, else its category's default (rule P1), by the one per-model-or-
    # category lookup lifetimes and in-use shares use too.
    res = ds.model_or_category("power", hw, SINGLE_POWER_BASES, "W")
    if res is None:
        cat = category_subject(hw.category)
        raise FactorNotFound(
            f"no power factor in W for '{hw.id}' (nor a complete load curve, nor a default "
            f"for {cat}); give power_w",
            field=role + ".power_w",
        )
    f, more = res.factor, list(res.steps)
    if f.subject != hw.id or f.rung == "category-default":
        notes.append(
            f"{role}: {hw.id} has no power value of its own → the CATEGORY DEFAULT of "
            f"{f.subject}, {f.value:g} W [{f.lo:g}..{f.hi:g}]; give power_w if you know better"
        )
    if points:
        notes.append(
            f"{hw.id}: partial load curve ({', '.join(sorted(p.basis or '' for p in points.values()))}) "
            f"ignored: it needs an idle/min and a load-100/max point"
        )
    whose = hw.id if f.subject == hw.id else f"{hw.id} → category default {f.subject}"
    used = [
        UsedFactor.from_factor(
            role + ".power",
            f,
            f"{whose}: {f.basis or 'unspecified'} power ({f.year})",
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
    typical: float | None = None
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
        measured = caveats.typical_power(ds, hw.id) if scaling is LINEAR else None
        if measured is not None:
            typical = measured.value
            factors.append(
                UsedFactor.from_factor(
                    role + ".power_typical",
                    measured,
                    f"{hw.id}: measured median draw in real work ({measured.year}), the low "
                    "end when utilization is not given",
                )
            )
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
            # The low bound divides by the high lifetime and share, and vice versa.
            per_hour = (
                ar.embodied_per_hour(m[0], life[0], share[0]),
                ar.embodied_per_hour(m[1], life[2], share[2]),
                ar.embodied_per_hour(m[2], life[1], share[1]),
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
        typical,
        None if hw is None else hw.category,
    )
