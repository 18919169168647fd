"""Screen ``instance-dram-share`` (audit 1796613359, class D, recurring from 1796594162).

CCF's instance power charges memory one flat W per GB whatever the capacity, so on
terabyte hosts the DRAM term becomes most of the value (``azure:standard_s384m``, 6 TB:
82 % of idle) while nothing on file measures memory of that size. Where the DRAM term of a
CCF-method power (``inputs.memory_gb`` x the basis' W/GB) is over ``DRAM_SHARE`` of the
value, its method must name the share (``SAID``), and, on terabyte memory (``TERABYTE_GB``)
unless a SPECpower reference of the same generation and socket count checked it
(``inputs.specpower_same_host_w``, class D), its low bound must reach the CPU term alone. The importer does both
(``importers/_instance_dram``); a value that does neither is flagged.

A sum-of-parts power of an accelerated instance (``inputs.accelerators``) is screened on
its host part, the value less the accelerators' central watts (audit 1796621837, class DA:
``aws:g6e.16xlarge``'s host part, 512 GB at 0.2 W/GB idle, is 78 % DRAM, unsaid).
"""

from __future__ import annotations

from typing import Any

RULE = "instance-dram-share"
#: Memory dominates an instance's power when its DRAM term is over this share of the
#: value: the point where the unmeasured flat per-GB rate, not the CPU, sets the answer.
DRAM_SHARE = 0.5
#: Instance memory from which the flat per-GB rate is held to be least supported (hosts
#: of that size are filled with the largest DIMMs; nothing on file measures them): such a
#: value, unmeasured, gets the CPU term alone as its low bound.
TERABYTE_GB = 1024.0
#: The words the importer's sentence starts with; the screen looks for them.
SAID = "DRAM is"


def accelerator_w(inputs: dict[str, Any]) -> float:
    """Central watts of the accelerators a sum-of-parts power adds to its host part
    (``inputs.accelerators``: count x ``w_each``); 0 for a plain CCF-method value."""
    lines = inputs.get("accelerators")
    if not isinstance(lines, list):
        return 0.0
    return sum(float(a.get("count") or 0) * float(a.get("w_each") or 0) for a in lines)


def dram_share_screen(mine: list[dict[str, Any]], flag: Any) -> None:
    """Flag CCF-method power values mostly made of an unmeasured DRAM term, unsaid or
    unbounded."""
    for f in mine:
        inputs = f.get("inputs") or {}
        gb, per_vcpu = inputs.get("memory_gb"), inputs.get("w_per_vcpu")
        if f["kind"] != "power" or f["unit"] != "W" or not isinstance(gb, (int, float)):
            continue
        if not isinstance(per_vcpu, (int, float)) or not f.get("value"):
            continue
        idle = inputs.get("memory_idle_w_per_gb")
        rate = (
            idle if f.get("basis") == "min" and idle is not None else inputs.get("memory_w_per_gb")
        )
        if not isinstance(rate, (int, float)):
            continue
        acc = accelerator_w(inputs)  # a sum of parts is screened on its host part
        v, dram = f["value"] - acc, gb * rate
        if v <= 0 or dram <= DRAM_SHARE * v:
            continue
        said = SAID in (f.get("method") or "")
        measured = "specpower_same_host_w" in inputs
        low = (f["value"] if f.get("low") is None else f["low"]) - acc
        floor = measured or gb < TERABYTE_GB or low <= v - dram + 1e-3
        if said and floor:
            continue
        flag(
            f["id"],
            RULE,
            f"its DRAM term ({gb:g} GB x {rate:g} W/GB = {dram:.4g} W) is {dram / v:.0%} of "
            f"{v:g} W, a flat per-GB rate nothing on file measures at this capacity, and "
            + (
                "no SPECpower reference checks it nor does its low reach the CPU term"
                if said
                else "its method does not say so"
            ),
        )
