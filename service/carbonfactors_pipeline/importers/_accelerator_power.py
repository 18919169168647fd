"""Category-default power of accelerators: for a model no source gives a power figure for.

Google publishes no TDP for TPU v5e, AWS none for Inferentia or Trainium 1; a footprint of
such a part must still compute, with its uncertainty visible, rather than fail or silently
drop the part. The default of a category (rule P1, ``factors/README.md``) is the median of
the datasheet TDPs of the category's models (Epoch AI's ML Hardware table, the catalog's TDP
source), with low/high the smallest and largest of them: the bounds say honestly that the
part could draw anything a part of its kind draws. As for embodied defaults (rule C1), a
category with fewer than three models with a TDP borrows the pool of all accelerators.
The engine uses it only when a model has no power factor of its own, and says so.
"""

from __future__ import annotations

import statistics
from typing import Any

from carbonfactors.kinds import factor_id

from ._accelerator_embodied import CATEGORIES, DERIVED_SOURCE, category_pool
from ._common import rounded

Record = dict[str, Any]


def power_defaults(tdp_factors: list[Record], categories: dict[str, str]) -> list[Record]:
    """``category:<c>`` TDP defaults (basis ``tdp``, rung ``category-default``), rule P1."""
    tdp: dict[str, float] = {}
    used: dict[str, str] = {}
    for f in sorted(tdp_factors, key=lambda f: f["id"]):
        if f["kind"] == "power" and f.get("basis") == "tdp" and f["unit"] == "W":
            tdp.setdefault(f["subject"], f["value"])
            used.setdefault(f["subject"], f["id"])
    out = []
    for cat in CATEGORIES:
        pool, scope = category_pool(cat, tdp, categories, "a datasheet TDP")
        if not pool:
            continue
        values = sorted(pool.values())
        out.append(
            {
                "id": factor_id("power", f"category:{cat}", 2026, DERIVED_SOURCE, "tdp"),
                "kind": "power",
                "subject": f"category:{cat}",
                "year": 2026,
                "value": rounded(statistics.median(values), 1),
                "unit": "W",
                "low": rounded(values[0], 1),
                "high": rounded(values[-1], 1),
                "basis": "tdp",
                "rung": "category-default",
                "source": DERIVED_SOURCE,
                "method": (
                    f"Category default (rule P1, factors/README.md), used only for a model of "
                    f"category {cat} with no power factor of its own: median of the datasheet "
                    f"TDPs of {scope} (Epoch AI ML Hardware, as imported); low/high = the "
                    f"smallest and largest of them."
                ),
                "inputs": {"models": len(values)},
                "derived_from": {"factors": sorted(used[s] for s in pool)},
            }
        )
    return out


def family_parent(hid: str, candidates: set[str]) -> str | None:
    """The family model a variant id extends: the longest candidate that is its prefix,
    followed by a '-' suffix (``910a`` -> ``910a-pro``) or, after a letter, a digit suffix
    (``910b`` -> ``910b1-v1``); at most two short suffix words, so another model number
    (``910`` -> ``9100``) never counts as a variant."""
    best = None
    for p in candidates:
        if p == hid or not hid.startswith(p):
            continue
        rest = hid[len(p) :]
        if not (rest.startswith("-") or (p[-1].isalpha() and rest[0].isdigit())):
            continue
        words = rest.strip("-").split("-")
        if len(words) > 2 or any(len(w) > 8 for w in words):
            continue
        if best is None or len(p) > len(best):
            best = p
    return best


def datasheet_tdp(tdp_factors: list[Record]) -> dict[str, float]:
    """The datasheet TDP (W) of each model that has one, the first by factor id."""
    out: dict[str, float] = {}
    for f in sorted(tdp_factors, key=lambda f: f["id"]):
        if f["kind"] == "power" and f.get("basis") == "tdp" and f["unit"] == "W":
            out.setdefault(f["subject"], float(f["value"]))
    return out


#: Marks a power value taken from the parts of a like memory bandwidth (no TDP, no family).
CLASS_MARK = "BANDWIDTH CLASS"


def class_power(
    hid: str, year: int, tdp: dict[str, Record], hardware: dict[str, Record]
) -> Record | None:
    """The TDP of a part with none of its own and no family model, from the chips of its
    class: those whose memory bandwidth is within a factor of two of its own (the same
    vendor's when three are on file), median with their smallest and largest as bounds.

    Why (self-audit 1796581919: Ascend 920, 4 TB/s, took the 197.5 W median of every
    accelerator while its sibling 910C draws 700 W): a part's memory bandwidth tells a
    datacenter training part (TB/s of HBM) from an inference card (a few hundred GB/s of
    GDDR/LPDDR), so the median of its bandwidth class is a class value, not a silent
    cross-class median. ``None`` with fewer than three such chips.
    """
    from ._accelerator_peers import BANDWIDTH_FACTOR

    bw = ((hardware.get(hid) or {}).get("specs") or {}).get("memory_bandwidth_tbs")
    if not bw:
        return None
    bw = float(bw)
    peers = {
        p: f
        for p, f in tdp.items()
        if p != hid
        and (pbw := ((hardware.get(p) or {}).get("specs") or {}).get("memory_bandwidth_tbs"))
        and bw / BANDWIDTH_FACTOR <= float(pbw) <= bw * BANDWIDTH_FACTOR
    }
    vendor = hardware[hid].get("vendor")
    same = {p: f for p, f in peers.items() if vendor and hardware[p].get("vendor") == vendor}
    if len(same) >= 3:
        peers = same
    if len(peers) < 3:
        return None
    values = sorted(float(f["value"]) for f in peers.values())
    listed = ", ".join(f"{p} {peers[p]['value']:g} W" for p in sorted(peers))
    return {
        "id": factor_id("power", hid, year, DERIVED_SOURCE, "tdp"),
        "kind": "power",
        "subject": hid,
        "year": year,
        "value": rounded(statistics.median(values), 1),
        "unit": "W",
        "low": rounded(values[0], 1),
        "high": rounded(values[-1], 1),
        "basis": "tdp",
        "rung": "category-default",
        "source": DERIVED_SOURCE,
        "method": (
            f"{CLASS_MARK} (self-audit 1796581919; importers/_accelerator_power.py): no source "
            f"gives {hid} a power figure and it has no family model on file, so it takes the "
            f"median datasheet TDP of the {len(peers)} chips whose memory bandwidth is within a "
            f"factor of {BANDWIDTH_FACTOR:g} of its {bw:g} TB/s"
            f"{' (same vendor)' if peers is same else ''} ({listed}; Epoch AI ML Hardware); "
            f"low/high = the smallest and largest of them. A class value, not the part's own."
        ),
        "inputs": {
            "factors": sorted(f["id"] for f in peers.values()),
            "memory_bandwidth_tbs": bw,
            "peers": sorted(peers),
        },
    }


def family_power(
    tdp_factors: list[Record],
    categories: dict[str, str],
    powered: set[str],
    years: dict[str, int | None],
    hardware: dict[str, Record] | None = None,
) -> list[Record]:
    """A variant with no power factor of any source takes its family model's datasheet TDP
    (issue 20 class 4: an Ascend 910B variant got the 197.5 W category median next to the
    400 W 910B); a part with no family model takes its bandwidth class's (``class_power``)
    when ``hardware`` gives its bandwidth, so only a part with neither falls to rule P1."""
    tdp: dict[str, Record] = {}
    for f in sorted(tdp_factors, key=lambda f: f["id"]):
        if f["kind"] == "power" and f.get("basis") == "tdp" and f["unit"] == "W":
            tdp.setdefault(f["subject"], f)
    out = []
    for hid in sorted(categories):
        if hid in powered:
            continue
        same = {p for p in tdp if categories.get(p) == categories[hid]}
        parent = family_parent(hid, same)
        if parent is None:
            year_of = years.get(hid) or ((hardware or {}).get(hid) or {}).get("release_year")
            got = class_power(hid, year_of or 2026, tdp, hardware) if hardware else None
            if got is not None:
                out.append(got)
            continue
        f = tdp[parent]
        year = years.get(hid) or f["year"]
        out.append(
            {
                "id": factor_id("power", hid, year, DERIVED_SOURCE, "tdp"),
                "kind": "power",
                "subject": hid,
                "year": year,
                "value": f["value"],
                "unit": "W",
                "basis": "tdp",
                "source": DERIVED_SOURCE,
                "method": (
                    f"Family value: no source gives {hid} a power figure, so it takes the "
                    f"datasheet TDP of its family model {parent} ({f['value']:g} W, "
                    f"{f['source']}) rather than the category median. A variant's own TDP "
                    f"may differ (binning, clocks). inputs: {f['id']}"
                ),
                "inputs": {"factors": [f["id"]], "family_model": parent},
            }
        )
    return out
