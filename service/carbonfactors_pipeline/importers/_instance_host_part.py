"""The host (CPU and memory) part of an accelerated instance's sum-of-parts power.

Audit 1796621837, class DA: the class-D hold (a low bound reaching the SPECpower results
of the host's CPU generation and socket count, ``_instance_specpower.bound``) and the
DRAM-share sentence (``_instance_dram``) ran only on plain CCF-method powers, so the same
64-vCPU, 512 GB EPYC 3rd Gen host part stood at 131.56 W idle with a low of 25.2 W on
``aws:r6a.16xlarge`` and as a point on ``aws:g6e.16xlarge`` (2.07x the highest measured
share). The host part is built here as a factor-like record, so both mechanisms run on it
unchanged; the sum then adds the accelerators' own bounds (``_instance_sums``).
"""

from __future__ import annotations

from typing import Any

from ._common import rounded
from ._host_power import HostPower


def host_part(host: HostPower, basis: str) -> dict[str, Any]:
    """The host part at ``basis``: value, its own low/high (category-default spread of the
    W per vCPU, or CCF's published coefficient where the recount replaced it, class TU),
    an empty method the hold and the DRAM sentence append to, and the inputs they read."""
    value = host.watts(basis)
    rec: dict[str, Any] = {"basis": basis, "value": rounded(value, 3)}
    bounds = host.bounds()
    if bounds:
        rec["low"], rec["high"] = rounded(bounds[0], 3), rounded(bounds[1], 3)
    elif host.published:
        per_vcpu = host.lo if basis == "min" else host.hi
        ccf_w = host.published[0 if basis == "min" else 1]
        rec["low"] = rounded(value, 3)
        rec["high"] = rounded(value + host.vcpus * (ccf_w - per_vcpu), 3)
    rec["method"] = ""
    rec["inputs"] = host.basis_inputs(basis)
    return rec


#: Inputs the hold writes on the host part that the sum carries (read by the screens
#: ``instance-above-specpower``, ``instance-dram-share`` and ``specpower-hold-coverage`` on the
#: host part).
CARRIED = (
    "specpower_same_host_w",
    "specpower_results",
    "specpower_host_vcpus",
    "specpower_archs",
    "specpower_census",
    "specpower_host_threads",
)


def describe(part: dict[str, Any]) -> str:
    """The sentences about the host part for the sum's method: its value and bounds and
    what the hold and the DRAM-share check said of it."""
    said = part["method"].strip()
    if not said and "low" not in part:
        return ""
    span = f" [{part['low']:g}..{part['high']:g}]" if "low" in part else ""
    return f" Host part (CPU and memory) {part['value']:g} W{span}" + (f": {said}" if said else ".")
