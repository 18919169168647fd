"""Screens ``instance-host-vs-cpu`` and ``instance-own-power-unused`` (audit 1796674267).

``instance-host-vs-cpu`` (class HA): rule C3 sized Azure ``standard_dc2s_v2`` as 2/64 of
the provider's 64-vCPU, 512 GB median host while its CPU, the one-socket Xeon E-2288G (16
threads), cannot carry 64 vCPUs, and its power factors were held to an 8-vCPU host. A rule
C3 embodied value fails when its ``host_vcpus`` exceeds the threads of the whole chips its
cited CPU gives a host (``chip_sizes.host_chips``, only where the socket count is on
file), or, for a family topping out below a server ("tops out below" in its method: the
host is inferred, not the family's own), when its power factors hold it to another host
(``inputs.specpower_host_vcpus``) and its bounds do not reach its share of that host.

``instance-own-power-unused`` (class MX): ``aws:m8a.metal-24xl`` has power factors of its
own (102.19 / 291.04 W) but every one was excluded (``instance-above-specpower``: the
check held the smaller metal size as a whole server while its embodied value is a share
of the family's larger host), so it fell to the cloud-instance category median, 118.89 W,
whose note says it serves types "with no power value of its own". A cloud instance whose
own power factors are all excluded fails, naming the excluding rules.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .ccf_host import host_share_kg
from .chip_sizes import host_chips

HOST_RULE = "instance-host-vs-cpu"
POWER_RULE = "instance-own-power-unused"
#: Rounding room when a share is compared with the 3-decimal bounds.
SLACK = 0.005
#: The method wording of a rule C3 value whose family has no host of server size.
SMALL_FAMILY = "tops out below"
CATEGORY = "category:cloud_instance"


def _number(x: Any) -> float | None:
    return float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else None


def host_vs_cpu(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    """(factor id, reason) for each rule C3 value on a host its CPU or its power denies."""
    cpus = {h["id"]: str((h.get("specs") or {}).get("cpu") or "") for h in hardware}
    held: dict[str, set[float]] = defaultdict(set)
    for f in factors:
        sp = _number((f.get("inputs") or {}).get("specpower_host_vcpus"))
        if f["kind"] == "power" and sp:
            held[f["subject"]].add(sp)
    out = []
    for f in factors:
        inputs = f.get("inputs") or {}
        hv, hm = _number(inputs.get("host_vcpus")), _number(inputs.get("host_memory_gb"))
        v, m = _number(inputs.get("vcpus")), _number(inputs.get("memory_gb"))
        method = f.get("method") or ""
        if f["kind"] != "embodied" or "rule C3" not in method or not (hv and hm and v):
            continue
        chip = host_chips(cpus.get(f["subject"], ""))
        if chip and chip[1] and hv > chip[0]:
            out.append(
                (
                    f["id"],
                    f"its inferred host has {hv:g} vCPUs but its CPU gives a host of "
                    f"{chip[0]:g} threads ({chip[2]}): size the host from the CPU",
                )
            )
            continue
        if SMALL_FAMILY not in method:
            continue
        low, high = float(f.get("low", f["value"])), float(f.get("high", f["value"]))
        for sp in sorted(held.get(f["subject"], set()) - {hv}):
            share = host_share_kg(v, m or 0.0, sp, hm * sp / hv)
            if not low * (1 - SLACK) <= share <= high * (1 + SLACK):
                out.append(
                    (
                        f["id"],
                        f"sized on a {hv:g}-vCPU host while its power factors are held to a "
                        f"{sp:g}-vCPU host, and its bounds [{low:g}..{high:g}] do not reach "
                        f"its share of that host ({share:.1f} kgCO2e)",
                    )
                )
    return out


def own_power_unused(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    """(hardware id, reason) for each cloud instance whose own power factors are all
    excluded, so it falls to the category median (only when that median is on file)."""
    mine: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in factors:
        if f["kind"] == "power":
            mine[f["subject"]].append(f)
    if not mine.get(CATEGORY):
        return []
    out = []
    for h in hardware:
        own = mine.get(h["id"], [])
        if h.get("category") != "cloud_instance" or not own:
            continue
        if all(f.get("excluded") for f in own):
            rules = sorted({str(f["excluded"]).split(":", 1)[0] for f in own})
            out.append(
                (
                    h["id"],
                    f"its {len(own)} power factor(s) of its own are all excluded "
                    f"({', '.join(rules)}), so it falls to {CATEGORY}, the median for types "
                    "with no power value of their own: hold them on the host its embodied "
                    "value uses, or keep one",
                )
            )
    return out
