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
from ._accelerator_same_die_power import same_die_power
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
#: Marks a power value taken from a same-generation sibling (rule C4, before the class).
SIBLING_MARK = "SIBLING"
#: A sibling's release year lies within this many years of the part's (its generation).
SIBLING_YEARS = 1
#: A sibling's memory capacity and bandwidth lie within this fraction of the part's.
SIBLING_SPEC = 0.10
#: A sibling's FP16 compute lies within this factor of the part's, when both are on file.
SIBLING_COMPUTE = 2.0
#: Without a sibling, the bandwidth class keeps parts released within this many years.
CLASS_YEARS = 3


def _spec(hardware: dict[str, Record], hid: str, key: str) -> float | None:
    v = ((hardware.get(hid) or {}).get("specs") or {}).get(key)
    return float(v) if v else None


def _close(a: float | None, b: float | None, frac: float) -> bool:
    return a is not None and b is not None and abs(a - b) <= frac * max(a, b)


def power_sibling(
    hid: str, year: int | None, tdp: dict[str, Record], hardware: dict[str, Record]
) -> str | None:
    """Rule C4 (audit 1796599352 #37): the same-vendor part of the same generation (release
    year within ``SIBLING_YEARS``) with the same memory and bandwidth (within
    ``SIBLING_SPEC``) and, when both are on file, FP16 compute within ``SIBLING_COMPUTE``,
    that has a datasheet TDP; the nearest in bandwidth, memory, year, then id.

    Why: the NVIDIA L2 (Ada, 24 GB GDDR6, 300 GB/s, no TDP published) took 237 W, the
    median of 30 NVIDIA boards of a like bandwidth, mostly 2012-2019 desktop cards, while
    its sibling L4 (Ada, 24 GB GDDR6, 300 GB/s) draws 72 W. Memory type, capacity and
    bandwidth pin the board class; a decade of other boards does not."""
    hw = hardware.get(hid) or {}
    vendor = hw.get("vendor")
    bw, mem = _spec(hardware, hid, "memory_bandwidth_tbs"), _spec(hardware, hid, "memory_gb")
    fp16 = _spec(hardware, hid, "fp16_tflops")
    if not vendor or year is None or bw is None or mem is None:
        return None
    found = []
    for p in tdp:
        other = hardware.get(p) or {}
        py = other.get("release_year")
        if p == hid or other.get("vendor") != vendor or py is None:
            continue
        if abs(int(py) - year) > SIBLING_YEARS:
            continue
        pbw, pmem = _spec(hardware, p, "memory_bandwidth_tbs"), _spec(hardware, p, "memory_gb")
        if not (_close(bw, pbw, SIBLING_SPEC) and _close(mem, pmem, SIBLING_SPEC)):
            continue
        pfp = _spec(hardware, p, "fp16_tflops")
        if fp16 and pfp and not fp16 / SIBLING_COMPUTE <= pfp <= fp16 * SIBLING_COMPUTE:
            continue
        assert pbw is not None and pmem is not None
        found.append((abs(pbw - bw) / bw, abs(pmem - mem) / mem, abs(int(py) - year), p))
    return min(found)[3] if found else None


def _class_peers(
    hid: str, year: int | None, tdp: dict[str, Record], hardware: dict[str, Record]
) -> tuple[dict[str, Record], str]:
    """The bandwidth class of ``hid`` (``class_power``) and how it was drawn: same vendor
    when three are on file, then released within ``CLASS_YEARS`` of ``hid`` when three are
    (rule C4: a class is a generation's, not a decade's)."""
    from ._accelerator_peers import BANDWIDTH_FACTOR

    bw = _spec(hardware, hid, "memory_bandwidth_tbs")
    if bw is None:
        return {}, ""
    peers = {
        p: f
        for p, f in tdp.items()
        if p != hid
        and (pbw := _spec(hardware, p, "memory_bandwidth_tbs"))
        and bw / BANDWIDTH_FACTOR <= pbw <= bw * BANDWIDTH_FACTOR
    }
    how = ""
    vendor = hardware[hid].get("vendor")
    same = {p: f for p, f in peers.items() if vendor and hardware[p].get("vendor") == vendor}
    if len(same) >= 3:
        peers, how = same, " (same vendor)"
    if year is not None:
        recent = {
            p: f
            for p, f in peers.items()
            if (py := hardware[p].get("release_year")) is not None
            and abs(int(py) - year) <= CLASS_YEARS
        }
        if len(recent) >= 3:
            peers = recent
            how += f" released within {CLASS_YEARS} years of its {year}"
        else:
            how += f" (fewer than three released within {CLASS_YEARS} years of its {year})"
    return peers, how


def class_power(
    hid: str, year: int, tdp: dict[str, Record], hardware: dict[str, Record]
) -> Record | None:
    """The TDP of a part with none of its own and no family model: its same-generation
    sibling's (``power_sibling``, rule C4) with bounds reaching its class, else the chips of
    its class: those whose memory bandwidth is within a factor of two of its own (the same
    vendor's when three are on file, released within ``CLASS_YEARS`` when three are),
    median with their smallest and largest as bounds.

    Why (self-audit 1796581919: Ascend 920, 4 TB/s, took the 197.5 W median of every
    accelerator while its sibling 910C draws 700 W): a part's memory bandwidth tells a
    datacenter training part (TB/s of HBM) from an inference card (a few hundred GB/s of
    GDDR/LPDDR), so the median of its bandwidth class is a class value, not a silent
    cross-class median. ``None`` with neither a sibling nor three such chips.
    """
    from ._accelerator_peers import BANDWIDTH_FACTOR

    bw = _spec(hardware, hid, "memory_bandwidth_tbs")
    if bw is None:
        return None
    released = (hardware.get(hid) or {}).get("release_year")
    gen = int(released) if released is not None else None
    peers, how = _class_peers(hid, gen, tdp, hardware)
    sib = power_sibling(hid, gen, tdp, hardware)
    if sib is None and len(peers) < 3:
        return None
    values = sorted(float(f["value"]) for f in peers.values()) if len(peers) >= 3 else []
    listed = ", ".join(f"{p} {peers[p]['value']:g} W" for p in sorted(peers))
    klass = (
        f"the {len(peers)} chips whose memory bandwidth is within a factor of "
        f"{BANDWIDTH_FACTOR:g} of its {bw:g} TB/s{how} ({listed}; Epoch AI ML Hardware)"
    )
    base = {
        "id": factor_id("power", hid, year, DERIVED_SOURCE, "tdp"),
        "kind": "power",
        "subject": hid,
        "year": year,
        "unit": "W",
        "basis": "tdp",
        "source": DERIVED_SOURCE,
    }
    if sib is not None:  # a sibling's value, like a family value: no category rung
        f = tdp[sib]
        v = float(f["value"])
        lo, hi = min([v, *values]), max([v, *values])
        reach = f"bounds reach the class, {klass}" if values else "no class of three chips"
        sp = hardware[sib].get("specs") or {}
        return base | {
            "value": rounded(v, 1),
            "low": rounded(lo, 1),
            "high": rounded(hi, 1),
            "method": (
                f"{SIBLING_MARK}: {sib} (rule C4, audit 1796599352 #37; "
                f"importers/_accelerator_power.py): no source gives {hid} a power figure; its "
                f"same-vendor, same-generation sibling {sib} (released "
                f"{hardware[sib].get('release_year')}, {sp.get('memory_gb')} GB, {sp.get('memory_bandwidth_tbs')} TB/s, within "
                f"{SIBLING_SPEC:.0%} of its memory and bandwidth) has a datasheet TDP of {v:g} W "
                f"({f['source']}), used as its value; {reach}. A sibling's value, not the "
                "part's own: clocks and binning may differ."
            ),
            "inputs": {
                "factors": sorted({f["id"], *(g["id"] for g in peers.values())}),
                "memory_bandwidth_tbs": bw,
                "sibling": sib,
                "peers": sorted(peers),
            },
        }
    return base | {
        "rung": "category-default",
        "value": rounded(statistics.median(values), 1),
        "low": rounded(values[0], 1),
        "high": rounded(values[-1], 1),
        "method": (
            f"{CLASS_MARK} (self-audit 1796581919, rule C4; importers/_accelerator_power.py): "
            f"no source gives {hid} a power figure, it has no family model and no "
            f"same-generation sibling on file, so it takes the median datasheet TDP of {klass}; "
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
    400 W 910B); a part with no family model takes the TDP of a board on its very die
    (``same_die_power``, audit 1796655557 class PS), else its bandwidth class's
    (``class_power``) when ``hardware`` gives its bandwidth, so only a part with none of
    these falls to rule P1."""
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
            got = None
            if hardware:  # the boards on its very die first (class PS), then its class
                got = same_die_power(hid, year_of or 2026, tdp, hardware)
                got = got or class_power(hid, year_of or 2026, tdp, hardware)
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
