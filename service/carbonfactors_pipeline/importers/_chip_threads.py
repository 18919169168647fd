"""Hardware threads of a whole chip (sockets x threads per socket), read from CCF's CPU list.

Why (audit 1796621837, class HV): the CCF 2026 AWS list gives a platform total and no
platform vCPU count, so the host is taken as the family's largest size. For is4gen the
largest size is 32 vCPUs, but its CPU, Graviton2, is a 64-core chip on file
(``data/aws-instances-cpus.csv``: ``Graviton2,64,1,64``) and every other Graviton2
family's host is 64 vCPUs: read as the largest size, the total falls on half a chip. The
chip-sized reading is then a bound (``_cloud_instance_factors.chip_reading``) and the
screen ``instance-host-below-chip`` checks that it is there.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from statistics import mean
from typing import Any

from ..ccf_host import host_share_kg
from ..chip_sizes import one_chip
from ._cloud_records import Host
from ._common import number, read_csv, rounded, set_bounds

#: The CCF file holding each AWS platform CPU's vCPUs, sockets and vCPUs per socket.
CPU_LIST = "data/aws-instances-cpus.csv"


def read_chip_threads(ccf: Path) -> dict[str, float]:
    """CPU name -> hardware threads of the whole platform (sockets x per socket)."""
    out: dict[str, float] = {}
    for r in read_csv(ccf / CPU_LIST):
        per = number(r["Total Number of vCPU per socket"]) or 0.0
        sockets = number(r["Platform Number of CPU Socket(s)"]) or 0.0
        if per and sockets:
            out[r["CPU Name"].strip()] = per * sockets
    return out


def chip_threads(cpu: str, table: dict[str, float]) -> tuple[str, float] | None:
    """(CPU row, threads) for the row whose name a list's CPU name holds as a whole word.

    The longest name wins, so "AWS Graviton2 Processor" is Graviton2 (64), not Graviton (16).
    """
    found = [
        (name, n)
        for name, n in table.items()
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", cpu or "", re.I)
    ]
    return max(found, key=lambda x: len(x[0])) if found else None


def chip_reading(hosts: list[Host], fac: dict[str, Any]) -> None:
    """Bounds of a value whose host is below its chip reach the chip-sized reading.

    The central value stays the list's reading (the family's largest size as the host, the
    only host the list itself implies); low is the same total spread over the whole chip's
    threads, as the other families on that CPU are read. Which is right is not on file:
    the method says so.
    """
    below = [h for h in hosts if h.chip]
    if not below:
        return
    row, threads = below[0].chip or ("", 0.0)
    chip_val = mean(replace(h, platform_vcpus=(h.chip or ("", 0.0))[1]).allocated() for h in below)
    lo = min(fac.get("low", fac["value"]), chip_val)
    hi = fac.get("high", fac["value"])
    set_bounds(fac, lo, hi)
    largest = below[0].platform_vcpus
    fac["method"] += (
        f" HOST BELOW CHIP: the family's largest size ({largest:g} vCPUs) is taken as the "
        f"host, but its CPU is a {threads:g}-thread platform in CCF's CPU list "
        f"({CPU_LIST}: {row}) and no platform row names this family's host; low is the "
        f"same total over the whole chip ({threads:g} vCPUs), {chip_val:,.1f} kgCO2e, the "
        "reading under which other families on that CPU are held. Which host is right is "
        "not on file (class HV)."
    )
    fac["inputs"]["chip_vcpus"] = rounded(threads)


def sized_chip_bound(
    cpu: str, vcpus: float, memory_gb: float, host_vcpus: float, host_gb: float, scale: float
) -> tuple[float, str, float] | None:
    """(low, method sentence, chip threads) for a rule-C3 value whose inferred host (the
    family's largest size) has fewer vCPUs than one chip of its cited CPU has threads
    (audit 1796647084 class HV: COPARM1's 32-vCPU "host" on a 128-core Altra Max).

    The low is the same component method on a one-chip host at the family's memory per
    vCPU; the central value stays the family-size reading, the only host a list implies.
    None when the CPU is not on file (``chip_sizes``) or the host already holds a chip.
    """
    found = one_chip(cpu)
    if not found or found[0] <= host_vcpus or host_vcpus <= 0:
        return None
    threads, cite = found
    chip_gb = host_gb * threads / host_vcpus
    low = host_share_kg(vcpus, memory_gb, threads, chip_gb) * scale
    note = (
        f" HOST BELOW CHIP: the inferred host ({host_vcpus:g} vCPUs) is smaller than one chip "
        f"of its cited CPU, {threads:g} threads ({cite}), and a host holds at least one "
        f"chip; low is the same method on a one-chip host at the family's memory per vCPU "
        f"({threads:g} vCPUs, {chip_gb:g} GB), {low:,.1f} kgCO2e. Which host is right is "
        "not on file (class HV)."
    )
    return low, note, threads
