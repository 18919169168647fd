"""Bounds of a PCF outlier reach its same-configuration sibling (audit 1796647084, KN).

Why: HPE's DL345 Gen10 Plus sheet gives 2,503 kg of manufacturing, 3.7x the DL365 Gen10
Plus sheet of the same stated configuration (1 CPU, 32 GB, no SSD), and its bounds (HPE's
+/-41.5 %) excluded the sibling: the maker's figure stands, but nothing on file says which
sheet is right, so the low reaches the sibling and the method says so. The siblings are
those ``pcf-sibling-spread`` compares (``server_screens.sibling_key``: same maker,
generation, basis and stated CPUs, memory and drives); a value more than
``SIBLING_RATIO`` times the smallest of them is the one widened.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..server_screens import SIBLING_RATIO, sibling_key
from ._common import rounded, set_bounds

MARK = "PCF OUTLIER"


def reach_siblings(files: dict[str, dict[str, list[dict[str, Any]]]]) -> int:
    """Widen each outlier's low to its smallest sibling; returns how many were widened."""
    hardware = {h["id"]: h for f in files.values() for h in f["hardware"]}
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for f in files.values():
        for fac in f["factors"]:
            key = sibling_key(fac, hardware.get(fac["subject"]))
            if key is not None:
                groups[key].append(fac)
    n = 0
    for key, facs in groups.items():
        low = min(facs, key=lambda x: x["value"])
        for fac in facs:
            if fac["value"] <= SIBLING_RATIO * low["value"]:
                continue
            v = fac["value"]
            set_bounds(fac, min(fac.get("low", v), low["value"]), fac.get("high", v))
            cpus, gb, drives = key[3:]
            fac["method"] += (
                f" {MARK}: {v / low['value']:.1f}x the {low['value']:,.1f} kgCO2e of "
                f"{low['subject']}, the same maker's sheet of the same generation and stated "
                f"configuration ({cpus} CPU, {gb} GB, {drives}); nothing on file tells which "
                f"sheet is right, so low reaches the sibling ({rounded(low['value'])} kgCO2e)."
            )
            fac.setdefault("inputs", {})["sibling_low_kgco2e"] = rounded(low["value"])
            n += 1
    return n
