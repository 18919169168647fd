"""The DRAM share of a CCF-method instance power, said where it is most of the value
(audit 1796613359, class D, recurring from audit 1796594162).

CCF charges memory one flat W per GB at every capacity (0.392 W/GB; the ``min`` point the
Teads sheet's idle median, 0.2 W/GB), and neither list derives its figure from memory of
terabyte size. On a 6 TB host (``azure:standard_s384m``, 8-socket Broadwell) that term is
82 % of idle; where SPECpower measured same-generation, same-socket servers the class-D
bound holds the value to them (``_instance_specpower.bound``), but where nothing was
measured the value stood as a point with no word on what it rests on. No cited per-GB
figure that depends on capacity or DIMM size is on file (CCF's and the Teads sheet's
rates are flat up to 24 TB), so no other central value is made up: the value keeps CCF's
method and its method names the share; on terabyte memory (``TERABYTE_GB``), where hosts
are filled with the largest DIMMs and a flat rate is least supported, and without a
measured reference, its low bound is the CPU term alone (a floor: DRAM draws something,
nothing on file says how much less than the flat rate).
"""

from __future__ import annotations

from typing import Any

from ..instance_dram_screen import DRAM_SHARE, SAID, TERABYTE_GB
from ._common import rounded
from ._host_power import HostPower


def say_dram_share(host: HostPower, out: list[dict[str, Any]]) -> None:
    """Name the DRAM share on each value of ``out`` where it is over ``DRAM_SHARE``; widen
    the low bound of a terabyte-memory value to the CPU term where no SPECpower reference
    checked it."""
    for fac in out:
        value = fac["value"]
        dram = host.memory_gb * host.memory_w(fac["basis"])
        if not value or dram <= DRAM_SHARE * value:
            continue
        fac["method"] += (
            f" {SAID} {dram / value:.0%} of this value ({host.memory_gb:g} GB x "
            f"{host.memory_w(fac['basis']):g} W/GB = {dram:.4g} W): that per-GB rate is one "
            f"flat figure for every capacity, not one measured on memory of this size; no "
            f"cited figure that depends on capacity or DIMM size is on file."
        )
        if "specpower_same_host_w" in (fac.get("inputs") or {}):
            continue  # measured servers of its generation checked it (class D bound)
        if host.memory_gb < TERABYTE_GB:
            continue
        cpu = rounded(value - dram, 3)
        low, high = min(fac.get("low", value), cpu), max(fac.get("high", value), value)
        rest = {k: v for k, v in fac.items() if k not in ("low", "high")}
        fac.clear()
        for k, v in rest.items():  # low/high right after the value, as every factor file
            fac[k] = v
            if k == "value":
                fac["low"], fac["high"] = low, rounded(high, 3)
        fac["method"] += (
            f" No SPECpower result of its CPU generation and socket count is on file to "
            f"check it against, so low is the CPU term alone ({cpu:g} W), a floor."
        )
