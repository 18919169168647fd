"""Power of an instance charged for the shape it really holds (sys13 pass over instance
power; screens ``instance_power_shape_screen``).

* Class HP: a size holding all of its host's memory with fewer cores enabled holds the
  whole host (``ccf_host.holds_host``, the rule its embodied value follows, class HC), so
  it draws at least that host's idle: the CCF method's idle counts for every host vCPU,
  the dynamic part (max less min W per vCPU) for the enabled ones only.
* Class AI: CCF's Arm idle coefficient is below every Arm server measured on file: an Arm
  idle value keeps CCF's figure but its high bound reaches the measured top per thread,
  of its core generation since class AV (``_instance_arm_power``).
* Class SC: a shared-core or burstable type sustains a baseline below its nominal vCPUs:
  its full-load value is the burst and its low bound reaches the baseline.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..ccf_host import holds_host
from ..instance_names import managed_base
from ..instance_power_shape_screen import BURST_MARK, HPC_MARK, burstable, hpc_question
from ._cloud_instance_tables import ARM_CPU
from ._cloud_read import Instance
from ._common import rounded, set_bounds
from ._host_power import HostPower

#: The ``Host.source`` of CCF's 2026 AWS list, where ``_cloud_read`` applies ``holds_host``.
LIST_2026 = "ccf-2026"


def whole_host_vcpus(inst: Instance, sized: tuple[float, float] | None) -> float | None:
    """The vCPUs of the host a size holds whole, or None (a slice).

    CCF's 2026 AWS list: ``_cloud_read`` records ``holds_host``'s answer as the host's
    instance vCPUs (the size is charged the host's). A type no list names a host for:
    ``holds_host`` on rule C3's inferred host. A constrained-vCPU size (Azure) is its
    parent's share by its own rule (class CS), not this one."""
    v = inst.vcpus or 0.0
    if inst.constrained_parent:
        return None
    for h in inst.hosts:
        if h.source == LIST_2026 and 0 < v < h.instance_vcpus == h.platform_vcpus:
            return h.platform_vcpus
    listed = any(h.platform_vcpus for h in inst.hosts)
    if sized and not listed and holds_host(v, inst.memory_gb or 0.0, sized[0], sized[1]):
        return sized[0]
    return None


def charge_whole_host(host: HostPower, out: list[dict[str, Any]], host_vcpus: float) -> None:
    """Raise a whole-host size's CCF-method points to its host's idle plus its enabled
    vCPUs' dynamic part (class HP), and say so; the slice formula becomes the low bound
    only where it is not already lower (SPECpower then bounds it, at a share of 1)."""
    idle = host_vcpus * host.lo + host.memory_gb * host.memory_w("min")
    for fac in out:
        basis = fac["basis"]
        extra = (
            0.0
            if basis == "min"
            else host.vcpus * (host.hi - host.lo)
            + host.memory_gb * (host.memory_w("max") - host.memory_w("min"))
        )
        new = rounded(idle + extra, 3)
        old = fac["value"]
        fac["inputs"] = fac.get("inputs", {}) | {"whole_host_vcpus": rounded(host_vcpus)}
        if new <= old:
            continue
        fac["value"] = new
        low = min(fac.get("low", old), old) if basis == "min" else fac.get("low", new)
        set_bounds(fac, low, max(fac.get("high", new), new))
        fac["method"] = fac["method"].replace(
            " Not a measurement.",
            f" It holds its whole host ({host.vcpus:g} of {host_vcpus:g} vCPUs enabled but "
            f"all of the host's {host.memory_gb:g} GB, so no other instance shares it; its "
            "embodied value is the whole host's, class HC): the idle W per vCPU counts for "
            f"all {host_vcpus:g} host vCPUs"
            + ("" if basis == "min" else f", the dynamic part for the {host.vcpus:g} enabled")
            + f" ({old:g} W as a vCPU slice"
            + (
                "; the low bound reaches it"
                if basis == "min"
                else "; the low bound is the idle point's"
            )
            + "). Not a measurement.",
        )


def idle_floor_at_full_load(out: list[dict[str, Any]]) -> None:
    """A whole host at full load on its enabled cores draws at least what it draws idle:
    the full-load low bound is the idle point's (after the SPECpower hold), not the vCPU
    slice's formula (class HP)."""
    idle = next((f for f in out if f["basis"] == "min"), None)
    for fac in out:
        if fac["basis"] == "max" and idle is not None:
            low = min(idle.get("low", idle["value"]), fac.get("low", fac["value"]))
            set_bounds(fac, low, fac.get("high", fac["value"]))


def arm_proxy_note(archs: list[str], table: dict[str, tuple[float, float]]) -> str:
    """Say when CCF's Arm rows are one of its x86 rows copied (audit 1796660847 O1:
    ``coefficients-aws-use.csv`` gives Graviton2/3/3E/4 the EPYC 2nd Gen figures to every
    digit), so "SPECpower averages" is not read as an Arm measurement; else ""."""
    arm = [a for a in archs if ARM_CPU.search(a) and a in table]
    rows = {table[a] for a in arm}
    if len(rows) != 1:  # none, or Arm rows that differ: said per row nowhere, so not at all
        return ""
    (row,) = rows
    twins = {b for b, r in table.items() if r == row and not ARM_CPU.search(b)}
    if not twins:
        return ""
    lo, hi = table[arm[0]]
    return (
        f"; CCF's {'/'.join(arm)} row{'s' if len(arm) > 1 else ''} ({lo:.4g} / {hi:.4g} W "
        f"per vCPU) equal{'' if len(arm) > 1 else 's'} its {', '.join(sorted(twins))} row "
        "to every digit: an upstream proxy from x86 SPECpower averages, not an Arm "
        "measurement"
    )


#: CCF's transcription of AWS's burstable baselines (% of each vCPU sustained), curated
#: by tools/ccf_instance_tables.py from CCF's AWSInstanceTypes.ts (source
#: ``ccf-instance-tables``, Apache-2.0; AWS's burstable-instance table relayed: secondary).
CCF_AWS_TABLES = Path(__file__).resolve().parents[3] / "factors" / "billing" / "ccf" / "aws.yaml"
BURST_SOURCE = "ccf-instance-tables"


@lru_cache(maxsize=1)
def aws_baselines() -> dict[str, float]:
    """AWS burstable type -> baseline % per vCPU, as CCF transcribed it."""
    if not CCF_AWS_TABLES.is_file():
        return {}
    data = yaml.safe_load(CCF_AWS_TABLES.read_text(encoding="utf-8")) or {}
    return {str(k): float(v) for k, v in (data.get("burstable_baseline_percent") or {}).items()}


def burst_bounds(inst: Instance, out: list[dict[str, Any]]) -> None:
    """A shared-core or burstable type (class SC): CCF's method charges its nominal vCPUs at
    100 % load, which it sustains only up to its baseline. The full-load value stays (the
    burst), its low bound is CCF's linear interpolation between the idle and full points at
    the baseline (AWS: CCF's transcription of AWS's table) or, with no baseline on file,
    the idle point; the method says which."""
    if not burstable(inst.id):
        return
    name = inst.type
    if inst.provider == "aws" and (base := managed_base(name)):
        name = base[0]
    pct = aws_baselines().get(name) if inst.provider == "aws" else None
    idle = next((f["value"] for f in out if f["basis"] == "min"), None)
    for fac in out:
        if pct is not None:
            said = (
                f" {BURST_MARK}: it sustains {pct:g} % of each of its {inst.vcpus:g} vCPUs "
                f"(AWS's burstable baseline as Cloud Carbon Footprint transcribed it, "
                f"{BURST_SOURCE}: secondary) and bursts above it on CPU credits"
            )
            fac["inputs"] = fac.get("inputs", {}) | {"burst_baseline_pct_per_vcpu": pct}
            fac["derived_from"]["sources"] = sorted({*fac["derived_from"]["sources"], BURST_SOURCE})
        else:
            said = (
                f" {BURST_MARK}: its {inst.vcpus:g} vCPUs time-share physical cores and are "
                "what it may burst to, not what it sustains; the provider's sustained baseline "
                "is not on file"
            )
        if fac["basis"] == "max" and idle is not None:
            floor = idle + (pct / 100 * (fac["value"] - idle) if pct is not None else 0.0)
            set_bounds(fac, min(fac.get("low", fac["value"]), floor), fac.get("high", fac["value"]))
            said += (
                f": this full-load value is the burst; the low bound ({floor:.4g} W) is the "
                + ("baseline" if pct is not None else "idle point, the floor of any baseline")
                + " on CCF's linear interpolation between its idle and full-load points."
            )
        else:
            said += "."
        fac["method"] += said


def hpc_thread_bounds(
    inst: Instance, host: HostPower, out: list[dict[str, Any]], whole: float | None
) -> None:
    """An AWS x86 HPC type (class HT): one hardware thread per vCPU is counted, but no AWS
    text on file says its vCPU is not a whole core (SMT off, as on Azure's HB-series): the
    method says so and the high bound reaches the whole-core reading (CPU term twice)."""
    if not hpc_question(inst.id) or host.threads_per_vcpu != 1:
        return
    n = whole or host.vcpus
    for fac in out:
        extra = (
            n * host.lo if fac["basis"] == "min" else n * host.lo + host.vcpus * (host.hi - host.lo)
        )
        top = fac["value"] + extra
        set_bounds(fac, fac.get("low", fac["value"]), max(fac.get("high", top), top))
        fac["method"] += (
            f" {HPC_MARK}: AWS's HPC families are x86 nodes with SMT-capable EPYC chips, and "
            "no AWS text on file (nor found in AWS's documentation) says whether their vCPU is a "
            "hardware thread or a whole core with SMT off; one thread per vCPU is counted, and "
            f"the high bound ({top:.4g} W) is the whole-core reading, the CPU term twice "
            "(class HT, as class F8 for m8a)."
        )
