"""Bounds of a PCF outlier reach its same-configuration sibling (audit 1796647084, KN).

Why: HPE's DL345 Gen10 Plus sheet gives 2,503 kg of manufacturing, 3.7x the DL365 Gen10
Plus sheet of the same stated configuration (1 CPU, 32 GB, no SSD), and its bounds (HPE's
+/-41.5 %) excluded the sibling: the maker's figure stands, but nothing on file says which
sheet is right, so the low reaches the sibling and the method says so. The siblings are
those ``pcf-sibling-spread`` compares (``server_screens.sibling_key``: same maker,
generation, basis and stated CPUs, memory and drives); a value more than
``SIBLING_RATIO`` times the smallest of them is the one widened.

Where the sheets state no configuration (no ``sibling_key``), nothing shows that they
describe one machine, so no bound is drawn; but a spread wider than ``SIBLING_RATIO`` among
the same maker's sheets of one series and year (Lenovo's 2019 SR655 non-use share, 5,733 kg,
is 3.0x its SR635's, 1,880 kg; audit 1796655557 O8) is said on each of them
(``say_series_spread``), so the reader of either value learns of the other.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ..server_screens import SIBLING_RATIO, generation, sibling_key
from ._common import rounded, set_bounds

MARK = "PCF OUTLIER"
#: The words ``say_series_spread`` says a series spread with (read by the screen).
SERIES_MARK = "SERIES SPREAD"
#: A model number: letters, then three digits ("SR655", "R740"); its middle digit is the
#: size within a series (SR635, SR655: one series, one and two rack units).
_MODEL = re.compile(r"\b([A-Z]+)(\d)(\d)(\d)\b", re.IGNORECASE)


def series_key(f: dict[str, Any], h: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """(maker, series, generation, basis, year) of a PCF share whose sheet states no
    configuration to compare (``sibling_key`` None); None for any other value."""
    if (
        h is None
        or h.get("category") != "server"
        or f["kind"] != "embodied"
        or f.get("basis") not in ("manufacturing", "non-use")
        or f.get("rung") != "product-lca"
        or sibling_key(f, h) is not None
    ):
        return None
    name = str(h.get("name") or "")
    m = _MODEL.search(name)
    if m is None:
        return None
    series = f"{m[1].upper()}{m[2]}x{m[4]}"
    return (h.get("vendor"), series, generation(name), f["basis"], f.get("year"))


def _grouped(
    files: dict[str, dict[str, list[dict[str, Any]]]],
    key_of: Callable[[dict[str, Any], dict[str, Any] | None], tuple[Any, ...] | None],
) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
    """The PCF factors of ``files`` grouped by ``key_of(factor, its hardware record)``
    (factors it keys None are left out): one grouping for siblings and series alike."""
    hardware = {h["id"]: h for f in files.values() for h in f["hardware"]}
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for f in files.values():
        for fac in f["factors"]:
            key = key_of(fac, hardware.get(fac["subject"]))
            if key is not None:
                groups[key].append(fac)
    return groups


def say_series_spread(files: dict[str, dict[str, list[dict[str, Any]]]]) -> int:
    """Say, on each PCF share of a series whose values spread more than ``SIBLING_RATIO``,
    the other sheets' values (class O8); returns how many were said. Values unchanged."""
    n = 0
    for key, facs in _grouped(files, series_key).items():
        lo, hi = min(f["value"] for f in facs), max(f["value"] for f in facs)
        if len(facs) < 2 or hi <= SIBLING_RATIO * lo:
            continue
        for fac in facs:
            others = "; ".join(
                f"{o['subject']} {o['value']:,.1f} kgCO2e"
                for o in sorted(facs, key=lambda x: x["value"])
                if o is not fac
            )
            fac["method"] += (
                f" {SERIES_MARK}: the same maker's {key[4]} sheets of the {key[1]} series give "
                f"{others} ({hi / lo:.1f}x apart); the sheets state no configuration, so "
                "nothing on file shows which machine each describes and no bound is drawn "
                "from the others."
            )
            n += 1
    return n


def reach_siblings(files: dict[str, dict[str, list[dict[str, Any]]]]) -> int:
    """Widen each outlier's low to its smallest sibling; returns how many were widened."""
    n = 0
    for key, facs in _grouped(files, sibling_key).items():
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
