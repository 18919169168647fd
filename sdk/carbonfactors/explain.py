"""The arithmetic of a footprint, line by line, so a reader can redo it by hand.

Numbers are rounded here (6 significant digits) and only here; the engine never rounds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from .jobs import Job
from .plans import HardwarePlan, SitePlan, Triple, UsedFactor
from .resolve.hardware import HOURS_PER_YEAR


# What is explained, by shape: ``footprint_result`` imports this module (``explain()``), so
# naming its classes here would close an import circle.
class ItemResult(Protocol):
    """A hardware line of a result (``footprint_result.ItemResult``)."""

    @property
    def index(self) -> int: ...
    @property
    def model(self) -> str | None: ...
    @property
    def count(self) -> int: ...
    @property
    def utilization(self) -> float: ...
    @property
    def power_w(self) -> Triple: ...
    @property
    def embodied_kgco2e(self) -> Triple: ...
    @property
    def multiplier(self) -> int: ...
    @property
    def units(self) -> int: ...


class Footprint(Protocol):
    """A result (``footprint_result.Footprint``)."""

    @property
    def energy_kwh(self) -> float: ...
    @property
    def facility_energy_kwh(self) -> float: ...
    @property
    def operational_kgco2e(self) -> float: ...
    @property
    def embodied_kgco2e(self) -> float: ...
    @property
    def total_kgco2e(self) -> float: ...
    @property
    def low_values(self) -> tuple[float, float, float, float, float]: ...
    @property
    def high_values(self) -> tuple[float, float, float, float, float]: ...
    @property
    def job(self) -> Job: ...
    @property
    def dataset_version(self) -> str: ...
    @property
    def site(self) -> SitePlan: ...
    @property
    def plans(self) -> tuple[HardwarePlan, ...]: ...
    @property
    def sci(self) -> dict[str, Any] | None: ...
    @property
    def items(self) -> Sequence[ItemResult]: ...
    @property
    def factors(self) -> Sequence[UsedFactor]: ...
    @property
    def warnings(self) -> tuple[str, ...]: ...
    @property
    def notes(self) -> tuple[str, ...]: ...


def n(x: float) -> str:
    """A number for humans: 6 significant digits, no exponent for everyday magnitudes."""
    if x == 0:
        return "0"
    if 1e-4 <= abs(x) < 1e9:
        text = f"{x:.6g}"
        if "e" not in text:
            return text
    return f"{x:.6g}"


def _range(v: float, lo: float, hi: float, unit: str = "") -> str:
    u = f" {unit}" if unit else ""
    if lo == v == hi:
        return f"{n(v)}{u}"
    return f"{n(v)}{u} [{n(lo)} .. {n(hi)}]"


def _factor_line(f: UsedFactor) -> str:
    rng = "" if f.low is None and f.high is None else f" [{n(f.lo)} .. {n(f.hi)}]"
    if f.id is None:
        return f"  {f.role}: {n(f.value)} {f.unit}{rng} — {f.resolution}"
    flags = [
        name for name, on in (("SOURCE CHANGED", f.source_changed), ("FALLBACK", f.fallback)) if on
    ]
    mark = f" [{', '.join(flags)}]" if flags else ""
    return (
        f"  {f.role}: {n(f.value)} {f.unit}{rng} — {f.id} (source {f.source}, {f.year}){mark}\n"
        f"      resolved: {f.resolution}"
    )


def explain(fp: Footprint) -> str:
    job = fp.job
    lines: list[str] = []
    where = job.location or "(no location)"
    year = "latest available" if job.year is None else str(job.year)
    lines.append(
        f"Footprint at {where}, year {year}, {job.basis} grid basis — dataset {fp.dataset_version}"
    )
    lines.append("")
    if fp.warnings:
        lines.append("WARNINGS (read before using the numbers)")
        lines.extend(f"  {w}" for w in fp.warnings)
        lines.append("")
    lines.append("IT energy")
    if job.energy_kwh is not None:
        lines.append(f"  E = {n(job.energy_kwh)} kWh (given: energy_kwh)")
    else:
        t = job.hours or 0.0
        terms = []
        for it in fp.items:
            who = it.model or "explicit power"
            lines.append(
                f"  hardware[{it.index}] {who} × {_units(it)}: power at utilization {n(it.utilization)}"
                f" = {_range(*it.power_w, unit='W')}  ({fp.plans[it.index].power_method})"
            )
            terms.append(f"{it.units} × {n(it.power_w[0])} W")
        lines.append(
            f"  E = ({' + '.join(terms)}) × {n(t)} h / 1000 = {_range(*_tri(fp, 0), unit='kWh')}"
        )
    lines.append("")
    p = fp.site.pue
    i = fp.site.intensity
    lines.append(
        f"Facility energy = E × PUE = {n(fp.energy_kwh)} kWh × {n(p[0])} = "
        f"{_range(*_tri(fp, 1), unit='kWh')}"
    )
    lines.append(
        f"Operational = facility energy × grid intensity / 1000 = {n(fp.facility_energy_kwh)} kWh"
        f" × {n(i[0])} gCO2e/kWh / 1000 = {_range(*_tri(fp, 2), unit='kgCO2e')}"
    )
    t = fp.site.temporal
    if t is not None:  # time weighting, market and scopes: their own small module
        from .explain_time import temporal_lines

        lines.extend(temporal_lines(fp, n))
    lines.append("")
    lines.append("Embodied (M × hours / (lifetime × 8760 h/y × in-use share), per unit × count)")
    if not job.include_embodied:
        lines.append("  excluded (include_embodied is false) = 0 kgCO2e")
    else:
        for it in fp.items:
            plan = fp.plans[it.index]
            if plan.amortization is None:
                lines.append(f"  hardware[{it.index}]: {plan.embodied_note} = 0 kgCO2e")
                continue
            m, life, share = plan.amortization
            lines.append(
                f"  hardware[{it.index}]: {it.units} × {n(m[0])} kgCO2e × {n(job.hours or 0.0)} h / "
                f"({n(life[0])} y × {n(HOURS_PER_YEAR)} h/y × {n(share[0])}) = "
                f"{_range(*it.embodied_kgco2e, unit='kgCO2e')}"
            )
            if "category default" in plan.embodied_note:
                lines.append(
                    f"    M is the CATEGORY DEFAULT of {plan.model}'s category: no own value"
                )
        lines.append(f"  total embodied = {_range(*_tri(fp, 3), unit='kgCO2e')}")
    lines.append("")
    lines.append(
        f"Total = operational + embodied = {n(fp.operational_kgco2e)} + {n(fp.embodied_kgco2e)}"
        f" = {_range(*_tri(fp, 4), unit='kgCO2e')}"
    )
    if getattr(fp, "market", None) is not None or fp.job.ownership is not None:
        from .explain_time import contract_lines

        lines.extend(contract_lines(fp, n))
    sci = fp.sci
    if sci is not None:
        lines.append(
            f"SCI = total / functional units = {n(fp.total_kgco2e)} / {n(sci['functional_units'])}"
            f" = {_range(sci['value'], sci['low'], sci['high'], 'kgCO2e per unit')}"
        )
    lines.append("")
    lines.append("Factors used")
    lines.extend(_factor_line(f) for f in fp.factors)
    steps = [(f.role, s) for f in fp.factors for s in f.steps]
    if steps:
        lines.append("")
        lines.append("Resolution steps")
        lines.extend(f"  {role}: {s}" for role, s in steps)
    notes = fp.notes
    if notes:
        lines.append("")
        lines.append("Notes")
        lines.extend(f"  {x}" for x in notes)
    lines.append("")
    lines.append("Bounds [low .. high] combine each factor's low/high range (interval arithmetic);")
    lines.append("a factor without a range counts its value at both ends.")
    return "\n".join(lines) + "\n"


def _units(it: ItemResult) -> str:
    """ "8", or "64 (1 × 64 per unit of the name given)" for a TPU slice."""
    if it.multiplier == 1:
        return str(it.count)
    return f"{it.units} ({it.count} × {it.multiplier} per unit of the name given)"


def _tri(fp: Footprint, k: int) -> tuple[float, float, float]:
    values = (
        fp.energy_kwh,
        fp.facility_energy_kwh,
        fp.operational_kgco2e,
        fp.embodied_kgco2e,
        fp.total_kgco2e,
    )
    return values[k], fp.low_values[k], fp.high_values[k]
