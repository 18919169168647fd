"""``instance-same-shape-spread`` (class MS, sys13 pass over instance embodied).

Two types of one provider's family with the same shape (vCPUs, memory, accelerators, local
storage) are one slice of hardware, so their embodied defaults should agree: AWS
``c8a.24xlarge`` and ``c8a.metal-24xl`` (96 vCPUs, 192 GB each) were 755 and 1,244
kgCO2e, the first sized as half of the 192-vCPU host, the metal as a whole server of its
own (``importers/_metal_share``). An embodied figure more than ``SPREAD`` times the
lowest usable figure of a same-shape type in its family is flagged, unless its method
explains the difference (``EXPLAINED``) or a ``keep`` note in ``factors/screens.yaml``
says why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .instance_names import blank_sizes, managed_base

RULE = "instance-same-shape-spread"
#: How far one shape's embodied figures may spread within a family.
SPREAD = 1.25
#: Method markers that explain a same-shape difference.
EXPLAINED = ("class MS",)

Flagger = Callable[[str, str, str], None]
Factors = Mapping[str, list[dict[str, Any]]]


def family_of(iid: str) -> str:
    """A type's family: AWS the part before the first dot (a managed node by its EC2
    base), other providers the name with its sizes blanked (``instance_names``)."""
    provider, _, t = iid.partition(":")
    if provider == "aws":
        managed = managed_base(t)
        return f"aws:{(managed[0] if managed else t).split('.')[0]}"
    return f"{provider}:{blank_sizes(t)}"


def shape(specs: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """(vCPUs, memory, accelerators, local storage), None without vCPUs and memory."""
    if not specs.get("vcpus") or not specs.get("memory_gb"):
        return None
    acc = tuple(
        sorted((str(a.get("model")), a.get("count")) for a in specs.get("accelerators") or [])
    )
    storage = tuple(
        specs.get(k) for k in ("storage_gb", "local_storage_gb", "drives", "storage_type")
    )
    return (float(specs["vcpus"]), float(specs["memory_gb"]), acc, storage)


def _usable(f: Mapping[str, Any]) -> bool:
    return f["kind"] == "embodied" and not f.get("excluded") and f.get("rung") != "lower-bound"


def shape_spread(hardware: Iterable[Mapping[str, Any]], by_subject: Factors, flag: Flagger) -> None:
    """Flag each embodied figure above ``SPREAD`` x its same-shape family mate's lowest."""
    groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for h in hardware:
        if h.get("category") == "cloud_instance" and (s := shape(h.get("specs") or {})):
            groups[(family_of(str(h["id"])),) + s].append(str(h["id"]))
    for members in groups.values():
        if len(members) < 2:
            continue
        # one method against itself: (source, year) readings of each member; a list's
        # readings against another list's are the source-disagreement screens' business
        lowest: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
        for m in members:
            for f in by_subject.get(m, []):
                if _usable(f):
                    k = (str(f["source"]), int(f["year"]))
                    lowest[k][m] = min(lowest[k].get(m, f["value"]), f["value"])
        for m in members:
            for f in by_subject.get(m, []):
                if not _usable(f):
                    continue
                mates = lowest[(str(f["source"]), int(f["year"]))]
                others = [(v, o) for o, v in mates.items() if o != m]
                if not others or f["value"] <= SPREAD * min(others)[0]:
                    continue
                if any(mark in str(f.get("method") or "") for mark in EXPLAINED):
                    continue
                low, other = min(others)
                flag(
                    str(f["id"]),
                    RULE,
                    f"{f['value']:g} kgCO2e is {f['value'] / low:.2f}x the {low:g} of "
                    f"{other} by the same source, the same shape in the same family, and "
                    "its method does not say why the host differs",
                )
