"""Rule C3 on Azure's listed hosts: one host per server design, and no slice as a host.

CCF's Azure list (``data/azure-instances.csv``) gives every row a "Platform vCPUs (highest
vCPU possible)" and "Platform Memory": the host the row's total is allocated over. The
columns disagree where one server runs several series (audit 2026-12-06 seed 1796594162,
class A3): Ed v4 says 64 vCPUs, its twins Eds v4 and Es v4 80 (the isolated E80ids v4 is
the whole 504 GiB Cascade Lake host), E v4 96 vCPUs / 672 GiB (the AMD Ea v4 host's
figures), and one row, D16 v4, a 16-vCPU host against 256 for its siblings and 64 for
its twins (D16 v4 1,183 kg against D32 v4's 304). And for a burstable or small family CCF
takes the family's largest size as the host (class AZB): B1ms is 1/20 of a 1.24 t server,
59.7 kg, where CCF's own Dv3 host on the same Intel generations gives 20.6 kg.

``settle`` rewrites those readings before any value is derived:

- **A3.** Readings are grouped by server design: the size letter (DS and GS as D and G),
  the version and CCF's micro-architecture (Microsoft's naming: the letters after the
  vCPU count are additive features of one family, "Azure virtual machine sizes naming
  conventions"). A reading is credible when it holds the largest size of its own series
  (D16 v4's 16 does not hold D64 v4). The group's host is the smallest credible reading
  that holds the group's largest size: CCF's own definition of the column, "highest
  vCPU possible", read across the design (E v4: 80 vCPUs / 504 GB; D v4: 64 / 256). A
  rewritten reading keeps its own series' add-ons (drives, CPUs) and takes the chosen
  host's DRAM. Every value of a group with more than one credible reading gets bounds
  reaching each credible reading.
- **AZB.** A plain reading below ``SERVER_VCPUS`` whose largest size is not a whole host
  (an isolated size, ``i`` in Microsoft's naming, or a cited whole-node series) is a
  slice of a bigger server: it takes the median of the provider's A3 hosts of at least
  ``SERVER_VCPUS`` on the same micro-architecture (an unknown one: the processors the
  series page names, else every micro-architecture) whose memory per vCPU is within
  ``MEMORY_RATIO`` of the family's own, and its bounds reach the largest such host and
  CCF's own reading. Hosts below ``MIN_HOST_VCPUS`` stay on the existing
  path (screen ``instance-host-below-platform``, then rule C3's sizing).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..hardware_screens import MIN_HOST_VCPUS, SERVER_VCPUS
from ._cloud_records import Host, Instance
from ._common import rounded

#: Microsoft Learn, "Azure virtual machine sizes naming conventions": the letters after
#: the vCPU count (and a constrained count) are additive features; "i = isolated size".
NAMING_SOURCE = "azure-vm-naming"
_NAME = re.compile(r"^standard_([a-z]+?)(\d+)(?:-\d+)?([a-z]*)(.*)$")
#: Series pages naming the processors of a family CCF lists as "Unknown" (Microsoft Learn,
#: ``includes/bv1-series-specs.md``: Ice Lake, Cascade Lake, Skylake, Broadwell, Haswell).
SERIES_ARCHS: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    ("b", ""): (
        ("Ice Lake", "Cascade Lake", "Skylake", "Broadwell", "Haswell"),
        "azure-vm-sizes",
    ),
}
#: Series whose largest size is a whole server though no size is named isolated: the
#: H-series page (``azure-hpc-vm-overviews``) gives H16 "16 Intel Xeon E5 2667 v3
#: processor cores ... and no hyperthreading", and the E5-2667 v3 has 8 cores per socket:
#: the size is both sockets of its server.
WHOLE_NODE: dict[tuple[str, str], str] = {
    ("h", ""): "azure-hpc-vm-overviews",
}
#: How far a server host's memory per vCPU may sit from the slice family's own (AZB).
MEMORY_RATIO = 2.0
A3_NOTE = "audit 2026-12-06 seed 1796594162, class A3"
AZB_NOTE = "audit 2026-12-06 seed 1796594162, class AZB"


def design(t: str) -> tuple[str, str, str] | None:
    """(size letters, additive features, version) of an Azure size name, or None."""
    m = _NAME.match(t)
    if not m:
        return None
    letters, _n, features, rest = m.groups()
    if len(letters) == 2 and letters[1] == "s" and letters[0] in "dg":
        letters, features = letters[0], features + "s"  # DS1_v2, GS5: premium storage
    version = re.search(r"v\d+$", rest)
    return letters, features, version.group(0) if version else ""


def _series(h: Host) -> str:
    """The CCF series a reading belongs to (its platform label without the arch)."""
    return h.platform.split("; ")[0].rsplit(" (", 1)[0]


@dataclass
class Spread:
    """What the settling did to one instance's readings: bounds and the sentence saying why."""

    low: float
    high: float
    notes: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    #: The citation making the host a whole server (``inputs.whole_host``), if any.
    whole_host: str = ""


@dataclass(frozen=True, order=True)
class _Reading:
    vcpus: float
    memory_gb: float
    memory_kg: float


def _reading(h: Host) -> _Reading:
    return _Reading(h.platform_vcpus, h.platform_memory_gb, h.memory_kg)


def _on(h: Host, r: _Reading) -> Host:
    """The host read on another reading: its own add-ons, the reading's DRAM and vCPUs."""
    return Host(
        h.source,
        h.platform,
        h.kgco2e - h.memory_kg + r.memory_kg,
        r.vcpus,
        h.instance_vcpus,
        h.year,
        h.arch,
        dict(h.parts),
        h.accelerator_kg,
        r.memory_kg,
        r.memory_gb,
        h.instance_memory_gb,
        h.rests_on,
    )


def _readings(instances: dict[str, Instance]) -> list[tuple[Instance, Host, tuple[str, ...]]]:
    """Every CCF 2021 reading of a plain Azure type, with its design key (letters,
    version, arch); a constrained-vCPU size is keyed by its parent size."""
    out: list[tuple[Instance, Host, tuple[str, ...]]] = []
    for inst in instances.values():
        if inst.provider != "azure" or inst.gpu_count:
            continue
        name = design(inst.constrained_parent or inst.type.lower())
        if name is None:
            continue
        for h in inst.hosts:
            if h.source == "ccf-2021" and h.platform_vcpus > 0 and h.memory_kg:
                out.append((inst, h, (name[0], name[2], h.arch or "Unknown")))
    return out


def _whole_host(key: tuple[str, ...], vcpus: float, isolated: set[tuple[object, ...]]) -> str:
    """The source making a group's host of ``vcpus`` a whole server, or ""."""
    if (*key, vcpus) in isolated:
        return NAMING_SOURCE
    return WHOLE_NODE.get((key[0], key[1]), "")


def settle(instances: dict[str, Instance]) -> dict[str, Spread]:
    """Rewrite Azure host readings by classes A3 and AZB; the bounds and notes per type."""
    rows = _readings(instances)
    largest_series: dict[str, float] = defaultdict(float)
    largest_group: dict[tuple[str, ...], float] = defaultdict(float)
    isolated: set[tuple[object, ...]] = set()
    for inst, h, key in rows:
        largest_series[_series(h)] = max(largest_series[_series(h)], h.instance_vcpus)
        largest_group[key] = max(largest_group[key], h.instance_vcpus)
        name = design(inst.type.lower())
        if name and "i" in name[1] and not inst.constrained_parent:
            isolated.add((*key, h.instance_vcpus))
    credible: dict[tuple[str, ...], dict[_Reading, int]] = defaultdict(dict)
    for _inst, h, key in rows:
        r = _reading(h)
        if r.vcpus >= largest_series[_series(h)]:
            credible[key][r] = credible[key].get(r, 0) + 1
    chosen: dict[tuple[str, ...], _Reading] = {}
    for key, readings in credible.items():
        holding = [r for r in readings if r.vcpus >= largest_group[key]]
        if holding:
            chosen[key] = min(holding, key=lambda r: (r.vcpus, -readings[r], -r.memory_gb))
    spreads: dict[str, Spread] = {}

    def spread(inst: Instance, lo: float, hi: float) -> Spread:
        s = spreads.get(inst.id)
        if s is None:
            s = spreads[inst.id] = Spread(lo, hi)
        s.low, s.high = min(s.low, lo), max(s.high, hi)
        return s

    # A3: one host per design; bounds reach every credible reading of the design.
    for inst, h, key in rows:
        pick = chosen.get(key)
        if pick is None:
            continue
        own = _reading(h)
        alts = [_on(h, r).allocated() for r in credible[key]]
        if own.vcpus != pick.vcpus:
            new = _on(h, pick)
            h.kgco2e, h.platform_vcpus = new.kgco2e, new.platform_vcpus
            h.memory_kg, h.platform_memory_gb = new.memory_kg, new.platform_memory_gb
            h.platform += f"; host {pick.vcpus:g} vCPUs / {pick.memory_gb:g} GB of its design"
            s = spread(inst, min(alts), max(alts))
            why = (
                "it cannot hold its own series' largest size"
                if own not in credible[key]
                else "another series of the same server design reads it differently"
            )
            s.notes.append(
                f"CCF's row gives this size a {own.vcpus:g}-vCPU / {own.memory_gb:g} GB host "
                f"and {why}: the host is the smallest credible CCF reading of its server "
                f"design ({key[0].upper()}-size {key[1] or 'v1'}, {key[2]}) that holds the "
                f"design's largest size, {pick.vcpus:g} vCPUs / {pick.memory_gb:g} GB ({A3_NOTE})"
            )
            s.sources.add(NAMING_SOURCE)
        elif len(credible[key]) > 1:
            s = spread(inst, min(alts), max(alts))
            s.notes.append(
                f"CCF's rows read this server design ({key[0].upper()}-size {key[1] or 'v1'}, "
                f"{key[2]}) as {len(credible[key])} different hosts; low/high reach each "
                f"({A3_NOTE})"
            )
    _slices(rows, chosen, largest_group, isolated, spread)
    return spreads


def _slices(
    rows: list[tuple[Instance, Host, tuple[str, ...]]],
    chosen: dict[tuple[str, ...], _Reading],
    largest_group: dict[tuple[str, ...], float],
    isolated: set[tuple[object, ...]],
    spread: Any,
) -> None:
    """AZB: a reading of MIN_HOST_VCPUS..SERVER_VCPUS that is no whole server takes the
    median server host of its micro-architecture."""
    servers: dict[str, list[_Reading]] = defaultdict(list)
    for key, r in sorted(chosen.items()):
        if r.vcpus >= SERVER_VCPUS and key[2] != "Unknown":
            servers[key[2]].append(r)
    everyone = sorted(r for rs in servers.values() for r in rs)
    for inst, h, key in rows:
        if not MIN_HOST_VCPUS <= h.platform_vcpus < SERVER_VCPUS:
            continue
        cited = _whole_host(key, h.platform_vcpus, isolated)
        if cited and largest_group[key] >= h.platform_vcpus:
            s = spread(inst, h.allocated(), h.allocated())
            s.whole_host = cited
            s.sources.add(cited)
            continue
        archs, page = SERIES_ARCHS.get((key[0], key[1]), ((key[2],), ""))
        ratio = h.platform_memory_gb / h.platform_vcpus
        like = [r for r in everyone if _alike(r, ratio)]
        pool = sorted(r for a in archs for r in servers.get(a, []) if _alike(r, ratio))
        if not pool:
            pool, page = like, ""
        if not pool:
            continue
        median = pool[(len(pool) - 1) // 2]
        own = h.allocated()
        widest = _on(h, pool[-1]).allocated()
        new = _on(h, median)
        h.kgco2e, h.platform_vcpus = new.kgco2e, new.platform_vcpus
        h.memory_kg, h.platform_memory_gb = new.memory_kg, new.platform_memory_gb
        h.platform += f"; slice of a {median.vcpus:g}-vCPU / {median.memory_gb:g} GB server"
        s = spread(inst, min(widest, own), max(widest, own))
        where = (
            f"the processors its series page names ({', '.join(archs)})"
            if page
            else f"{key[2]}"
            if key[2] != "Unknown"
            else "any micro-architecture (CCF names none for it)"
        )
        s.notes.append(
            f"CCF takes this family's largest size ({largest_group[key]:g} vCPUs)"
            f" as its host, but no size of it is isolated or a whole server: it is a "
            f"slice of a bigger server, so the host is the median of CCF's Azure server hosts "
            f"of {SERVER_VCPUS:g}+ vCPUs with a memory per vCPU within {MEMORY_RATIO:g}x of the "
            f"family's ({ratio:g} GB) on {where}, {median.vcpus:g} vCPUs / "
            f"{median.memory_gb:g} GB; low/high reach the largest such host "
            f"({pool[-1].vcpus:g} vCPUs) and CCF's own reading, {own:,.1f} kgCO2e ({AZB_NOTE})"
        )
        if page:
            s.sources.add(page)


def _alike(r: _Reading, gb_per_vcpu: float) -> bool:
    """A server of the slice's kind: memory per vCPU within ``MEMORY_RATIO`` of the
    family's own (no 4 TB SAP HANA host for a burstable family)."""
    return gb_per_vcpu / MEMORY_RATIO <= r.memory_gb / r.vcpus <= gb_per_vcpu * MEMORY_RATIO


def widen(facs: list[dict[str, Any]], s: Spread | None) -> None:
    """Apply a type's settled bounds and notes to its CCF 2021 embodied value."""
    if s is None:
        return
    for fac in facs:
        if fac["kind"] != "embodied" or fac["year"] != 2021:
            continue
        v = fac["value"]
        lo = min(fac.get("low", v), s.low, v)
        hi = max(fac.get("high", v), s.high, v)
        rest = {k: x for k, x in fac.items() if k not in ("low", "high")}
        fac.clear()
        for k, x in rest.items():
            fac[k] = x
            if k == "unit" and lo < hi:
                fac["low"], fac["high"] = rounded(lo, 3), rounded(hi, 3)
        if s.notes:
            fac["method"] += " " + "; ".join(dict.fromkeys(s.notes)) + "."
        if s.whole_host:
            fac["inputs"]["whole_host"] = s.whole_host
        if s.sources:
            derived = fac.setdefault("derived_from", {"factors": [], "sources": []})
            derived["sources"] = sorted({*derived.get("sources", []), *s.sources})
