"""Bounds of an Arm instance's CCF-method power from the Arm servers measured on file, by
core generation (classes AI and AV).

CCF's Arm rows are a copy of its EPYC 2nd Gen row (0.474 / 1.693 W per vCPU), below the Arm
servers SPECpower_ssj2008 measured (class AI). Those were read as the Ampere Altra / Altra
Max results only, while the same file holds an NVIDIA Grace CPU Superchip result (audit
1796669258 class AV: Neoverse V2, Graviton4's core, 2.07 / 4.30 W per thread, 1.3-2.4x
``aws:c8gn.metal-24xl``'s value and high bound) and a Socionext SC2A11 one, so the notes'
"every Arm server measured on file" was untrue and Graviton4 was held to Neoverse N1 chips.

Now every Arm group on file (``MEASURED_ONLY``) is the set named and recorded; a point's
bound counts the top of its own core generation (``CORE_GENERATION``: Graviton2 -> Altra /
Altra Max, Graviton4 and Axion -> Grace), or of every Arm server where its generation has
none measured. CCF's value stays the centre. Screens: ``instance-arm-idle`` and
``instance-arm-below-measured`` (``instance_arm_screen``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..instance_power_screen import CORE_GENERATION, CORE_SOURCES, MEASURED_ONLY, core_generation
from ._common import rounded, set_bounds
from ._host_power import HostPower
from ._instance_specpower import Result

#: Why the one Neoverse V2 result may read high for a CPU-only host (SPECpower file line
#: 1029: Supermicro SuperServer ARS-221GL-NR, a 2U GPU-server chassis run without GPUs;
#: its 480 GB of LPDDR5X sits on the Superchip package and is counted in its draw).
GRACE_CAVEAT = (
    " The NVIDIA Grace result (Supermicro SuperServer ARS-221GL-NR, one Grace CPU Superchip, "
    "144 threads, 298 W idle / 619 W full, 480 GB) may read high for a CPU-only host: it is "
    "a 2U GPU-server chassis, and its 480 GB of LPDDR5X on the package is counted in its "
    "per-thread draw; it is the only Neoverse V2 server measured, so CCF's value stays the "
    "centre and the measured share bounds it from above."
)


@dataclass(frozen=True)
class ArmMeasured:
    """The Arm servers on file: the groups with results (in ``MEASURED_ONLY`` order), and
    each group's results."""

    found: dict[str, list[Result]]

    @property
    def groups(self) -> list[str]:
        return list(self.found)

    def idle_range(self) -> tuple[float, float]:
        per = [r.idle / r.threads for rs in self.found.values() for r in rs]
        return min(per), max(per)

    def top(self, basis: str, cpu: str) -> tuple[str, list[str], float]:
        """(core generation or "", the groups counted, highest W per thread at ``basis``):
        of the CPU's core generation where it has a group measured, else of all."""
        known = core_generation(cpu)
        core = known[1] if known else ""
        mine = [g for g in self.groups if (g, core) in CORE_GENERATION] if core else []
        groups = mine or self.groups
        pick = (lambda r: r.idle) if basis == "min" else (lambda r: r.full)
        top = max(pick(r) / r.threads for g in groups for r in self.found[g])
        return (core if mine else ""), groups, top

    def top_system(self, groups: list[str], basis: str) -> Result:
        pick = (lambda r: r.idle) if basis == "min" else (lambda r: r.full)
        return max((r for g in groups for r in self.found[g]), key=lambda r: pick(r) / r.threads)


def arm_measured(specpower: dict[str, list[Result]]) -> ArmMeasured | None:
    """Every Arm group with SPECpower results on file, or None without any."""
    found = {n: specpower[n] for _, n in MEASURED_ONLY if specpower.get(n)}
    return ArmMeasured(dict(found)) if found else None


def arm_bounds(host: HostPower, out: list[dict[str, Any]], m: ArmMeasured | None, cpu: str) -> None:
    """Give an Arm CPU's CCF-method points a high bound reaching the measured top of its
    core generation (or of every Arm server when none of its generation is measured), at
    idle where CCF's W per vCPU is below every Arm server (class AI) and at full load where
    the measured share is above the high (class AV); record what was counted."""
    if m is None:
        return
    lo_all, hi_all = (rounded(x, 4) for x in m.idle_range())
    named = " / ".join(m.groups)
    for fac in out:
        basis = fac["basis"]
        core, groups, top = m.top(basis, cpu)
        top = rounded(top, 4)
        per = host.lo if basis == "min" else host.hi
        n = host.vcpus * host.threads_per_vcpu
        fac["inputs"] = fac.get("inputs", {}) | {
            "arm_measured_set": m.groups,
            "arm_generation": core,
            "arm_generation_top_w_per_thread": top,
        }
        if basis == "min":
            fac["inputs"]["arm_measured_idle_w_per_thread"] = [lo_all, hi_all]
            if per >= lo_all:
                continue
            high = fac["value"] + host.vcpus * (top - per)
        else:
            high = n * top
            if high <= fac.get("high", fac["value"]):
                continue
        if core:
            fac["derived_from"]["sources"] = sorted(
                {*fac["derived_from"]["sources"], *CORE_SOURCES[core][1]}
            )
        set_bounds(fac, fac.get("low", fac["value"]), max(fac.get("high", high), high))
        best = m.top_system(groups, basis)
        whose = (
            f"the top of its core generation, {core} ({' / '.join(groups)}; "
            f"{CORE_SOURCES[core][0]})"
            if core
            else f"the top of every Arm server on file ({named}), none of its core "
            "generation being measured"
        )
        said = f"{top:g} W per thread, {best.system}"
        if basis == "min":
            fac["method"] += (
                f" CCF's Arm idle {per:.4g} W per vCPU is below every Arm server "
                f"SPECpower_ssj2008 measured on file ({named}, {lo_all:g}-{hi_all:g} W per "
                "thread at active idle, ccf-coefficients data/SPECpower-2026-03-09.csv; no "
                "Graviton, Axion or Cobalt result exists): the high bound counts "
                f"{whose} per vCPU ({said})."
            )
        else:
            fac["method"] += (
                f" At 100 % load the measured share of {whose} is {n:g} threads x {said} = "
                f"{high:.4g} W, above this value: the high bound reaches it "
                "(ccf-coefficients data/SPECpower-2026-03-09.csv)."
            )
        if best in m.found.get("NVIDIA Grace", []):
            fac["method"] += GRACE_CAVEAT
