"""Screen ``instance-arm-below-measured`` (audit 1796669258, class AV).

Graviton4 (Arm Neoverse V2) instance power was held to the Ampere Altra / Altra Max results
only (Neoverse N1), and its note said CCF's figure was below "every Arm server measured on
file", while the same SPECpower file holds an NVIDIA Grace CPU Superchip result, a Neoverse
V2 server reading 1.3-2.4x ``aws:c8gn.metal-24xl``'s share at idle and full load.

The importer (``importers/_instance_arm_power``) records on every Arm CCF-method point the
Arm groups measured on file (``inputs.arm_measured_set``, the set its note names), the core
generation it was bounded by (``inputs.arm_generation``, "" for every Arm server) and that
generation's top W per thread at the point's basis. Flagged: an Arm point without that
record; one whose CPU's core generation has a measured group (``CORE_GENERATION`` with
``MEASURED_ONLY``) in the recorded set but which was bounded by another; one whose high
bound is below the measured share (its hardware threads x the top); one whose note does not
name each group of the set.
"""

from __future__ import annotations

from typing import Any

from .instance_power_screen import CORE_GENERATION, MEASURED_ONLY, core_generation

RULE = "instance-arm-below-measured"
#: What the importer writes in the method of an Arm CPU on CCF's Arm coefficients.
ARM_MARKS = ("Arm CPU without a CCF row", "Graviton")


def arm_measured_screen(mine: list[dict[str, Any]], flag: Any, cpu: str) -> None:
    """``instance-arm-below-measured`` on one plain (not accelerated) instance's factors."""
    known = core_generation(cpu)
    for f in mine:
        inputs = f.get("inputs") or {}
        method = f.get("method") or ""
        vcpus = inputs.get("vcpus")
        if f["kind"] != "power" or f.get("unit") != "W" or f.get("source") != "ccf-coefficients":
            continue
        if not isinstance(inputs.get("w_per_vcpu"), (int, float)) or not vcpus:
            continue
        if not any(m in method for m in ARM_MARKS):
            continue
        groups = inputs.get("arm_measured_set")
        top = inputs.get("arm_generation_top_w_per_thread")
        if not isinstance(groups, list) or not groups or not isinstance(top, (int, float)):
            flag(
                f["id"],
                RULE,
                "an Arm point with no record of the Arm servers measured on file or of the "
                "top of its core generation (inputs.arm_measured_set, "
                "arm_generation_top_w_per_thread): bound it by them",
            )
            continue
        gen = inputs.get("arm_generation") or ""
        if known:
            core = known[1]
            mates = [
                g
                for g, c in CORE_GENERATION
                if c == core and g in groups and g in dict(MEASURED_ONLY).values()
            ]
            if mates and gen != core:
                flag(
                    f["id"],
                    RULE,
                    f"its CPU is {core} and {' / '.join(mates)} of that generation was "
                    f"measured, but it was bounded by {gen or 'every Arm server'}: bound it "
                    "by its core generation's top",
                )
                continue
        share = vcpus * (inputs.get("threads_per_vcpu") or 1) * top
        high = f.get("high") if f.get("high") is not None else f["value"]
        if high < share - 2e-3:  # bounds: 3 decimals
            flag(
                f["id"],
                RULE,
                f"its high bound ({high:g} W) is below the measured share of "
                f"{gen or 'every Arm server'} ({vcpus:g} x {top:g} W per thread = "
                f"{share:.4g} W): reach it, keep CCF's value as the centre",
            )
            continue
        said = "every Arm server" in method
        if said and (missing := [g for g in groups if g not in method]):
            flag(
                f["id"],
                RULE,
                f"its note does not name {', '.join(missing)}, measured Arm server(s) on file "
                "in the set it was checked against: the set named must be the set checked",
            )
