"""Screens on the shape an instance's power is charged for (sys13 pass over instance power).

* ``instance-whole-host-power`` (class HP): a size that holds its whole host (all of the
  host's memory with fewer cores enabled: ``aws:hpc7a.12xlarge``, ``aws:hpc7g.4xlarge``;
  its embodied value charges the whole host, ``ccf_host.holds_host``, class HC) was given
  power as a vCPU slice: ``hpc7a.12xlarge`` idle 171 W with a low bound of 6.3 W, 1/8 of
  the measured servers, while no other instance shares that server. A CCF-method power
  value of such a size must record the host it is charged on
  (``inputs.whole_host_vcpus``) and count the host's idle for all of its vCPUs.
* ``instance-arm-idle`` (class AI): CCF's Arm idle coefficient (0.474 W per thread, a copy
  of its EPYC 2nd Gen row) is below every Ampere Altra / Altra Max server SPECpower_ssj2008
  measured (0.56-1.14 W per thread at active idle, CCF's own SPECpower file), the only Arm
  servers measured. An Arm idle value whose per-vCPU figure is below that range must have
  a high bound reaching the measured top (``inputs.arm_measured_idle_w_per_thread``).
"""

from __future__ import annotations

import re
from typing import Any

from .instance_names import managed_base

WHOLE_RULE = "instance-whole-host-power"
ARM_RULE = "instance-arm-idle"
RULES = (WHOLE_RULE, ARM_RULE, "instance-burstable-baseline", "instance-hpc-threads")
#: What the embodied method of a size holding its whole host says (``ccf_host.share_note``,
#: ``_cloud_instance_factors._allocation_note``).
WHOLE_HOST_MARK = "class HC"
#: What the importer writes in the method of an Arm CPU on CCF's Arm coefficients.
ARM_MARKS = ("Arm CPU without a CCF row", "Graviton")


def whole_host_screen(mine: list[dict[str, Any]], flag: Any) -> None:
    """``instance-whole-host-power`` on one instance's factors (class HP)."""
    if not any(
        f["kind"] == "embodied" and WHOLE_HOST_MARK in (f.get("method") or "") for f in mine
    ):
        return
    for f in mine:
        inputs = f.get("inputs") or {}
        per = inputs.get("w_per_vcpu")
        if f["kind"] != "power" or not isinstance(per, (int, float)):
            continue
        hv = inputs.get("whole_host_vcpus")
        if not isinstance(hv, (int, float)) or hv <= (inputs.get("vcpus") or 0):
            flag(
                f["id"],
                WHOLE_RULE,
                "its embodied value charges the whole host (all of the host's memory, fewer "
                "cores enabled: class HC) but its power is a vCPU slice of it: count the "
                "host's idle for every host vCPU (inputs.whole_host_vcpus)",
            )
        elif f.get("basis") == "min" and f["value"] < hv * per:
            flag(
                f["id"],
                WHOLE_RULE,
                f"{f['value']:g} W at idle is below its whole host's CPU idle alone "
                f"({hv:g} vCPUs x {per:g} W)",
            )


def arm_idle_screen(mine: list[dict[str, Any]], flag: Any) -> None:
    """``instance-arm-idle`` on one instance's factors (class AI)."""
    for f in mine:
        inputs = f.get("inputs") or {}
        per, vcpus = inputs.get("w_per_vcpu"), inputs.get("vcpus")
        method = f.get("method") or ""
        if f["kind"] != "power" or f.get("basis") != "min" or not isinstance(per, (int, float)):
            continue
        if not any(m in method for m in ARM_MARKS) or not vcpus:
            continue
        measured = inputs.get("arm_measured_idle_w_per_thread")
        if isinstance(measured, list) and len(measured) == 2:
            # the bound counts the top of its core generation where one is recorded (AV)
            top = inputs.get("arm_generation_top_w_per_thread")
            measured = [measured[0], top if isinstance(top, (int, float)) else measured[1]]
        if not isinstance(measured, list) or len(measured) != 2:
            flag(
                f["id"],
                ARM_RULE,
                f"an Arm idle value on CCF's {per:g} W per vCPU with no measured Arm idle on "
                "record: the Altra servers on file idle at 0.56-1.14 W per thread",
            )
            continue
        if (
            per < measured[0]
            and (f.get("high") or f["value"])
            < f["value"] + vcpus * (measured[1] - per) - 2e-3  # bounds: 3 decimals
        ):
            flag(
                f["id"],
                ARM_RULE,
                f"{per:g} W per vCPU at idle is below every measured Arm server (from "
                f"{measured[0]:g} W per thread) and its high bound does not reach the measured "
                f"top it is held to ({measured[1]:g} W per thread)",
            )


BURST_RULE = "instance-burstable-baseline"
#: The words every CCF-method power value of a shared-core or burstable type carries.
BURST_MARK = "SHARED-CORE / BURSTABLE"
#: GCP's shared-core machine types (Compute Engine general-purpose machine family page:
#: E2 shared-core and N1 shared-core), which time-share a physical core.
GCP_SHARED_CORE = frozenset({"e2-micro", "e2-small", "e2-medium", "f1-micro", "g1-small"})
#: AWS's burstable families (T2, T3, T3a, T4g; CCF's BURSTABLE_INSTANCE_BASELINE_UTILIZATION).
AWS_BURSTABLE = ("t2", "t3", "t3a", "t4g")
_AZURE_B = re.compile(r"standard_b\d+[a-z]*(_v\d+)?")


def burstable(hid: str) -> bool:
    """Whether an instance type is shared-core or burstable (class SC): its nominal vCPUs
    are what it may burst to, not what it sustains."""
    provider, _, name = hid.partition(":")
    if provider == "aws" and (base := managed_base(name)):
        name = base[0]
    if provider == "gcp":
        return name in GCP_SHARED_CORE
    if provider == "azure":
        return bool(_AZURE_B.fullmatch(name))
    return provider == "aws" and name.split(".")[0] in AWS_BURSTABLE


def burst_screen(hid: str, mine: list[dict[str, Any]], flag: Any) -> None:
    """``instance-burstable-baseline`` (class SC, sys13 pass over instance power): CCF's
    method charges a shared-core or burstable type its full nominal vCPUs at 100 % load
    (``gcp:e2-micro`` two vCPUs, while Google sells it as a fraction of one; ``aws:t3.nano``
    two vCPUs at a 5 % baseline each). Its full-load value must say so and its low bound
    reach the sustained baseline (CCF's linear min-max interpolation at the baseline, or
    the idle point where no baseline is on file)."""
    if not burstable(hid):
        return
    idle = {
        f.get("source"): f["value"]
        for f in mine
        if f["kind"] == "power"
        and f.get("basis") == "min"
        and "w_per_vcpu" in (f.get("inputs") or {})
    }
    for f in mine:
        inputs = f.get("inputs") or {}
        if f["kind"] != "power" or "w_per_vcpu" not in inputs:
            continue
        if BURST_MARK not in (f.get("method") or ""):
            flag(
                f["id"],
                BURST_RULE,
                "a shared-core / burstable type whose method does not state its sustained baseline",
            )
            continue
        floor = idle.get(f.get("source"))
        if f.get("basis") != "max" or floor is None:
            continue
        pct = inputs.get("burst_baseline_pct_per_vcpu")
        reach = floor + (pct / 100 * (f["value"] - floor) if isinstance(pct, (int, float)) else 0.0)
        if f.get("low", f["value"]) > reach + 1e-3:
            flag(
                f["id"],
                BURST_RULE,
                f"its full-load low bound {f.get('low', f['value']):g} W does not reach the "
                f"sustained baseline ({reach:.4g} W)",
            )


HPC_RULE = "instance-hpc-threads"
#: AWS's x86 HPC families: a node per instance, sold with fewer vCPUs than their EPYC chips
#: carry threads would suggest for SMT-on hosts, and no AWS text found (sys13 search of AWS
#: documentation, 2026-12-07) says whether their vCPU is a hardware thread or a whole core.
HPC_THREADS_UNCONFIRMED = ("hpc6a", "hpc6id", "hpc7a", "hpc8a")
HPC_MARK = "THREADS PER VCPU UNCONFIRMED"


def hpc_question(hid: str) -> bool:
    provider, _, name = hid.partition(":")
    return provider == "aws" and name.split(".")[0] in HPC_THREADS_UNCONFIRMED


def hpc_screen(hid: str, mine: list[dict[str, Any]], flag: Any) -> None:
    """``instance-hpc-threads`` (class HT): an AWS x86 HPC value counts one hardware thread
    per vCPU; without an AWS text saying so, its method must state the question and its
    high bound reach the whole-core reading (the CPU term twice), as for m8a (class F8)."""
    if not hpc_question(hid):
        return
    for f in mine:
        inputs = f.get("inputs") or {}
        per = inputs.get("w_per_vcpu")
        if f["kind"] != "power" or not isinstance(per, (int, float)):
            continue
        n = inputs.get("vcpus") or 0
        if f.get("basis") == "min":
            n = inputs.get("whole_host_vcpus") or n  # a whole host idles on all its cores
        two = f["value"] + 0.999 * n * per
        if HPC_MARK not in (f.get("method") or "") or f.get("high", f["value"]) < two:
            flag(
                f["id"],
                HPC_RULE,
                "an AWS HPC value counting one thread per vCPU with no AWS text on file saying "
                f"so: state it ({HPC_MARK}) and let the high bound reach the whole-core reading",
            )
