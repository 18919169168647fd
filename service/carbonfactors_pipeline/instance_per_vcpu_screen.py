"""Screen ``instance-series-per-vcpu``: one hardware, one inferred host (class HS).

Audit 2026-12-07 seed 1796630035 part c (#45): Azure's isolated size NC80adis_H100_v5 and
NC40ads_H100_v5 are the two sizes of one series (same EPYC 9V84, 8 GB and 0.025 H100 NVL
per vCPU), but the family key read from the names filed them apart, so rule C3 took the
40-vCPU half as its own host: 39.0 kgCO2e per vCPU against its whole-host sibling's 26.8.
Every series screen passed it, since each compares sizes within one series key, and the key
was what was wrong.

This rule compares across series keys. Among the values rule C3 sizes on a host it
infers (``carbonfactors-derived`` with ``inputs.host_vcpus``; an accelerated sum whose
``host_source`` is ``instance``), types of one provider and one server design (``design``:
the series key with Azure's additive feature letters dropped, Microsoft's naming: the
letters after the vCPU count are features of one family) on the same CPU with the same
memory and the same accelerators per vCPU run on one host. Each must then show the same
inferred host, and their kgCO2e per vCPU must be within ``PER_VCPU_SPREAD`` of the group's
lowest. A review rule: listed, a problem until a reviewer's ``keep`` note says why.

Not across designs: on the 2028.02 data, one provider's types on one CPU at one memory per
vCPU but of different lines (GCP N4 and C4 on the Xeon 8581C, Scaleway PLAY2 / PRO2 / POP2
/ ENT1 on the EPYC 7543, AWS ``.metal-24xl`` halves against their family's 192-vCPU host)
gave 112 flags, which no cited fact on file settles either way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from .hardware_screens import usable_embodied
from .instance_names import managed_base, series
from .screens import Flag, Reasons

RULE = "instance-series-per-vcpu"
#: Largest ratio of a type's kgCO2e per vCPU to the lowest of its same-hardware group.
PER_VCPU_SPREAD = 1.25
#: Sources whose values are sized on a host this project infers (rule C3, sums of parts).
SIZED_SOURCES = frozenset({"carbonfactors-derived", "carbonfactors-accelerator-model"})

_Member = tuple[float, tuple[float, float], dict[str, Any]]


def _host(f: dict[str, Any]) -> tuple[float, float] | None:
    """(vCPUs, memory GB) of the host the value is sized on, when this project inferred
    it; None for a value on a listed host or with no host on file."""
    inputs = f.get("inputs") or {}
    if f.get("source") not in SIZED_SOURCES or inputs.get("whole_host"):
        return None
    if inputs.get("host_source") == "instance":  # a sum of parts on an inferred host
        vcpus = inputs.get("host_vcpus") or []
        return (float(vcpus[0]), 0.0) if len(vcpus) == 1 else None
    if "host_vcpus" in inputs and "accelerators" not in inputs:
        return float(inputs["host_vcpus"]), float(inputs.get("host_memory_gb") or 0.0)
    return None


def design(hid: str) -> str:
    """The server design of an instance id: its series key (``instance_names.series``),
    for Azure with the features that keep the host dropped (isolated ``i``, local disk
    ``d``, premium storage ``s``: ``..._nc#adis_h100_v5``, ``..._nc#ads_h100_v5`` ->
    ``..._nc#a_h100_v5``; Ebsv5 keeps its ``b``, a host of 112 vCPUs to Esv5's 104);
    an AWS managed-service node by its EC2 base type."""
    provider, t = hid.split(":", 1)
    managed = managed_base(t) if provider == "aws" else None  # db.m4.large: the m4 series
    key = series(f"{provider}:{managed[0] if managed else t}")
    m = re.match(r"^(azure:standard_[a-z]+#)([a-z]*)(.*)$", key)
    return m.group(1) + re.sub("[ids]", "", m.group(2)) + m.group(3) if m else key


def _key(h: dict[str, Any]) -> tuple[str, ...] | None:
    """(design, CPU, memory per vCPU, accelerators per vCPU) of a sized type, or None."""
    specs = h.get("specs") or {}
    vcpus = float(specs.get("vcpus") or 0)
    cpu = str(specs.get("cpu") or specs.get("microarchitecture") or "")
    if h.get("category") != "cloud_instance" or vcpus < 1 or not cpu or ".metal" in h["id"]:
        return None  # a bare-metal type is a whole server of its own, not a share
    accel = sorted(
        f"{a.get('model')}x{float(a.get('count') or 0) / vcpus:.4g}"
        for a in specs.get("accelerators") or []
    )
    memory = float(specs.get("memory_gb") or 0.0) / vcpus
    return (design(str(h["id"])), cpu, f"{memory:.3g}", ",".join(accel))


def per_vcpu_screen(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """Each type whose inferred host differs from, or whose kgCO2e per vCPU exceeds by
    more than ``PER_VCPU_SPREAD``, the largest-host type of its same-hardware group."""
    keys = {h["id"]: (_key(h), float((h.get("specs") or {}).get("vcpus") or 0)) for h in hardware}
    groups: dict[tuple[str, ...], list[_Member]] = defaultdict(list)
    for f in factors:
        if f["kind"] != "embodied" or f["unit"] != "kgCO2e" or not usable_embodied(f):
            continue
        key, vcpus = keys.get(f["subject"], (None, 0.0))
        host = _host(f)
        if key is None or host is None:
            continue
        groups[key + (str(f["year"]),)].append((f["value"] / vcpus, host, f))
    out = []
    for (des, cpu, memory, accel, year), members in sorted(groups.items()):
        if len({f["subject"] for _, _, f in members}) < 2:
            continue
        _, ref_host, ref = max(members, key=lambda m: (m[1], -m[0], m[2]["subject"]))
        low = min(per for per, _, _ in members)
        for per, host, f in members:
            why = []
            if host[0] != ref_host[0]:
                why.append(
                    f"is sized on a {host[0]:g}-vCPU host, {ref['subject']} on {ref_host[0]:g}"
                )
            if per > low * PER_VCPU_SPREAD:
                why.append(
                    f"{per:.1f} kgCO2e per vCPU is {per / low:.2f}x the group's lowest {low:.1f}"
                )
            if why:
                out.append(
                    reasons.flag(
                        f["id"],
                        RULE,
                        f"{f['subject']} {' and '.join(why)}: same design ({des}), CPU ({cpu}), "
                        f"{memory} GB{' and ' + accel if accel else ''} per vCPU ({year}): "
                        f"one hardware, so one host and the same share per vCPU",
                    )
                )
    return out
