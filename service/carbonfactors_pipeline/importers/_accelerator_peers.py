"""Accelerators with no die area of their own, sized on the dies of their peers.

Both are category defaults narrowed by what is on file of the part (rung
``category-default``), not values of its own: ``node_peers`` when its node is known (audit
2026-12-06 class D2), ``memory_peers`` when only its memory is (audit 1796574057 class C1
remainder: every such part took one catalogue median, so a 24 GB GDDR inference card and a
192 GB HBM module got the same 76.59 kgCO2e).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

from carbonfactors.kinds import factor_id

from ._common import rounded

Record = dict[str, Any]
DERIVED_SOURCE = "carbonfactors-accelerator-model"


def act_node(process_nm: float, nodes: list[int]) -> int:
    """The ACT node used for ``process_nm``: the nearest tabulated one, ties to the coarser."""
    return min(nodes, key=lambda n: (abs(n - process_nm), -n))


#: A peer's memory bandwidth lies within this factor of the part's (both ways).
BANDWIDTH_FACTOR = 2.0
#: A peer's datasheet TDP lies within this factor of the part's (both ways).
POWER_FACTOR = 2.0
CHIP_CATEGORIES = ("gpu", "tpu", "accelerator")


def bandwidth_memory(
    hardware: dict[str, Record], hid: str
) -> tuple[float, float, float, list[str]] | None:
    """Memory (median, smallest, largest, peers) of a part with a memory bandwidth on file
    but no memory capacity: that of the chips whose bandwidth is within a factor of two of
    its own, the same vendor's when three of them are on file.

    Why (self-audit 1796581919: Huawei Ascend 920, 4 TB/s, memory blank, was sized at 0 GB
    as if it had none): a bandwidth of terabytes per second is HBM stacks, and parts with a
    like bandwidth carry a like capacity. ``None`` when the part has its capacity or no
    bandwidth, or fewer than three peers are on file.
    """
    specs = hardware[hid].get("specs") or {}
    bw = specs.get("memory_bandwidth_tbs")
    # memory_gb 0 is a cited "no off-chip memory" (Tesla D1: Epoch's 10 TB/s is its SRAM).
    if specs.get("memory_gb") is not None or not bw:
        return None
    bw = float(bw)
    peers: dict[str, float] = {}
    for p, r in sorted(hardware.items()):
        sp = r.get("specs") or {}
        if p == hid or r.get("category") not in CHIP_CATEGORIES:
            continue
        pbw, mem = sp.get("memory_bandwidth_tbs"), sp.get("memory_gb")
        if mem and pbw and bw / BANDWIDTH_FACTOR <= float(pbw) <= bw * BANDWIDTH_FACTOR:
            peers[p] = float(mem)
    return pooled_memory(hardware, hid, peers, statistics.median)


def pooled_memory(
    hardware: dict[str, Record],
    hid: str,
    peers: dict[str, float],
    middle: Callable[[list[float]], float],
) -> tuple[float, float, float, list[str]] | None:
    """(middle, smallest, largest, peers) of the memory of a part's peers: the same vendor's
    when three are on file (a vendor's boards share memory choices), ``None`` below three."""
    vendor = hardware[hid].get("vendor")
    same = {p: m for p, m in peers.items() if vendor and hardware[p].get("vendor") == vendor}
    if len(same) >= 3:
        peers = same
    if len(peers) < 3:
        return None
    mems = sorted(peers.values())
    return middle(mems), mems[0], mems[-1], sorted(peers)


def in_power_band(mine: float | None, theirs: float | None) -> bool:
    """Whether a peer's TDP is within ``POWER_FACTOR`` of the part's (unknown: not)."""
    if not mine or not theirs:
        return False
    return mine / POWER_FACTOR <= theirs <= mine * POWER_FACTOR


#: Key the importer sets (in memory only) on the specs of a hand-written part: its file.
HAND_WRITTEN = "_hand_written_in"


def memory_source(specs: dict[str, Any] | None) -> str:
    """Who gave a part's memory, for its note: Epoch unless ``specs.sources`` names another
    source (audit 1796660847 TV: Gaudi's 32 GB is Intel's Hot Chips 2024 table, not Epoch),
    or the part is a hand-written row with no source for it (audit 1796674267 PN: the RTX
    PRO 6000 Server's 96 GB is no Epoch figure)."""
    src = ((specs or {}).get("sources") or {}).get("memory_gb")
    if src is None and (specs or {}).get(HAND_WRITTEN):
        return f"hand-written row in {specs[HAND_WRITTEN]}, no spec source on file"  # type: ignore[index]
    src = src or "epoch-ml-hardware"
    return "Epoch" if src == "epoch-ml-hardware" else str(src)


def memory_words(
    memory: float,
    bm: tuple[float, float, float, list[str]] | None,
    specs: dict[str, Any] | None = None,
) -> str:
    """How the memory of a sized-by-peers part was taken, for its note."""
    if bm is None:
        return f"memory ({memory:g} GB, {memory_source(specs)})"
    return (
        f"memory bandwidth but no memory capacity (audit 1796581919): its memory is taken "
        f"as that of the {len(bm[3])} chips with a bandwidth within a factor of "
        f"{BANDWIDTH_FACTOR:g} of its own ({', '.join(bm[3])}): value on their median "
        f"{bm[0]:g} GB, low on {bm[1]:g} GB, high on {bm[2]:g} GB"
    )


#: Marks a value sized on the dies of its node's peers (no die area of its own).
PEERS_MARK = "NODE PEERS"


def node_peers(
    hardware: dict[str, Record],
    sized_parts: dict[str, Record],
    have: set[str],
    per_cm2: dict[int, float],
    package_kg: float,
    dram: float,
    ks: tuple[float, float, float],
    calibration: tuple[str, ...] | list[str] = (),
    tdp: dict[str, float] | None = None,
) -> dict[str, Record]:
    """Parts with a node but no die area anywhere: bracketed by the dies of their node.

    Why (audit 2026-12-06 #33, #37: Iluvatar BI-V100, Hygon Shensuan-1, 7 nm, 32 GB, no die
    area published): the GPU category default (224 kg, 2-414) says nothing of the part.
    Its node and memory are known, so it is sized like the parts above on each distinct die
    area of the sized parts at the same ACT node: value on the median die, low on the
    smallest with the smallest k, high on the largest with the largest k. The assumption
    (its die is within its node's sized dies) is stated; rung ``category-default``, since
    nothing of the part's own silicon is known. ``calibration``: the product LCAs k rests
    on, listed with the peers so a one-level licence check sees them (share-alike).
    """
    k, k_lo, k_hi = ks
    nodes = sorted(per_cm2)
    tdp = tdp or {}
    dies: dict[int, dict[float, list[str]]] = {}
    everywhere: dict[float, list[str]] = {}
    for hid in sorted(sized_parts):
        i = sized_parts[hid].get("inputs") or {}
        if "family_model" in i or "process_nm_from" in i or not i.get("die_area_mm2"):
            continue
        dies.setdefault(act_node(float(i["process_nm"]), nodes), {}).setdefault(
            float(i["die_area_mm2"]), []
        ).append(hid)
        everywhere.setdefault(float(i["die_area_mm2"]), []).append(hid)
    out: dict[str, Record] = {}
    for hid in sorted(hardware):
        rec = hardware[hid]
        specs = rec.get("specs") or {}
        if (
            hid in have
            or hid in sized_parts
            or rec.get("category") not in ("gpu", "tpu", "accelerator")
            or specs.get("die_area_mm2")
            or not specs.get("process_nm")
            or rec.get("release_year") is None
        ):
            continue
        node = act_node(float(specs["process_nm"]), nodes)
        every = dies.get(node, {})
        peers = {a: hs[0] for a, hs in every.items()}
        # Self-audit 1796581919 (MLU370-S8, a 75 W card on the median 7 nm datacenter
        # die): peers of the part's own power band, where its TDP and three such dies are.
        # At its own node if three such dies are there, else at any node (the dies are
        # still costed at the part's own node).
        band: dict[float, str] = {}
        for pool in (every, everywhere):
            band = {
                a: next(h for h in hs if in_power_band(tdp.get(hid), tdp.get(h)))
                for a, hs in pool.items()
                if any(in_power_band(tdp.get(hid), tdp.get(h)) for h in hs)
            }
            if len(band) >= 3:
                break
        banded = len(band) >= 3
        across = banded and pool is everywhere
        if banded:
            peers = band
        if len(peers) < 3:
            continue
        areas = sorted(peers)
        mid = statistics.median(areas)
        memory = float(specs.get("memory_gb") or 0.0)
        bm = bandwidth_memory(hardware, hid)
        mem_mid, mem_lo, mem_hi = (memory, memory, memory) if bm is None else bm[:3]

        def kg(area: float, memory: float, node: int = node) -> float:
            return area / 100.0 * per_cm2[node] + package_kg + memory * dram

        listed = ", ".join(f"{peers[a]} {a:g}" for a in areas)
        where = "at any node" if across else f"at ACT's {node} nm row"
        band_words = (
            f" with a datasheet TDP within a factor of {POWER_FACTOR:g} of its own "
            f"{tdp[hid]:g} W (self-audit 1796581919: a card is not sized on datacenter dies)"
            if banded
            else ""
        )
        out[hid] = {
            "id": factor_id("embodied", hid, rec["release_year"], DERIVED_SOURCE, "manufacturing"),
            "kind": "embodied",
            "subject": hid,
            "year": rec["release_year"],
            "value": rounded(k * kg(mid, mem_mid), 2),
            "unit": "kgCO2e",
            "low": rounded(k_lo * kg(areas[0], mem_lo), 2),
            "high": rounded(k_hi * kg(areas[-1], mem_hi), 2),
            "basis": "manufacturing",
            "rung": "category-default",
            "source": DERIVED_SOURCE,
            "method": (
                f"{PEERS_MARK} (audit 2026-12-06 class D2; importers/_accelerator_sized.py): "
                f"no source on file gives this part's die area (Epoch lists none; no vendor "
                f"figure found), only its node ({specs['process_nm']:g} nm) and "
                f"{memory_words(memory, bm, specs)}. Assumed: its die lies within the dies of the "
                f"{len(areas)} parts sized {where}"
                f"{band_words}"
                f" ({listed} mm², costed at ACT's {node} nm row). Value: the "
                f"component model k x (ACT logic die + one {package_kg:g} kg package + ACT "
                f"DRAM x memory) on the median die ({mid:g} mm²), k = {k:.3f}; low: the "
                f"smallest die with the smallest k ({k_lo:.3f}); high: the largest die with "
                f"the largest k ({k_hi:.3f}). A category default narrowed by what is known "
                f"of the part, not a value of its own: give its die area when it is published."
            ),
            "inputs": {
                "process_nm": specs["process_nm"],
                "act_node": f"{node}nm",
                "act_kgco2e_per_cm2": rounded(per_cm2[node], 4),
                "memory_gb": mem_mid,
                "dram_kgco2e_per_gb": dram,
                "peer_die_mm2": areas,
                "k": rounded(k, 4),
                "k_low": rounded(k_lo, 4),
                "k_high": rounded(k_hi, 4),
            }
            | (
                {
                    "memory_peers": bm[3],
                    "memory_gb_peers_low": mem_lo,
                    "memory_gb_peers_high": mem_hi,
                }
                if bm
                else {}
            )
            | ({"power_band_w": tdp[hid]} if banded else {}),
            "derived_from": {
                "factors": sorted({sized_parts[peers[a]]["id"] for a in areas} | set(calibration)),
                "sources": sorted({"act-gupta-2022", "act-logic-gupta-2022", "epoch-ml-hardware"}),
            },
        }
    return out


#: Marks a value sized on the dies of parts with a memory like its own (no die, no node).
MEMORY_MARK = "MEMORY PEERS"
#: Categories sized by memory peers (not ``tpu``: its figures include the host tray).
MEMORY_CATEGORIES = ("gpu", "accelerator")
#: A peer's memory lies within this factor of the part's (both ways).
MEMORY_FACTOR = 2.0


def _narrowed(
    peers: list[tuple[str, Record]], hardware: dict[str, Record], hid: str
) -> tuple[list[tuple[str, Record]], list[str]]:
    """The peers sharing the part's memory type, then its form factor, each narrowing kept
    only when at least three distinct dies remain (the words say which applied)."""
    said = []
    specs = hardware[hid].get("specs") or {}
    for key in ("memory_type", "form_factor"):
        mine = specs.get(key)
        if not mine:
            continue
        same = [(p, f) for p, f in peers if (hardware[p].get("specs") or {}).get(key) == mine]
        if len({f["inputs"]["die_area_mm2"] for _, f in same}) >= 3:
            peers = same
            said.append(f"{key.replace('_', ' ')} {mine}")
    return peers, said


def undated_year(rec: Record, peers: list[Record]) -> tuple[int, str]:
    """(year, words) of a memory-peer value: the part's release year, else the newest of its
    peers' years, said in the note.

    Why (audit 1796594162 #33, class C3): the rule skipped every record without a release
    year, so a hand-written instance part with its memory on file (Qualcomm Cloud AI 100,
    16 GB) fell to the catalogue median. Peers are chosen by memory alone, never by year,
    so a missing year changes only where the value is filed (as ``bandwidth_class`` does).
    """
    if rec.get("release_year") is not None:
        return int(rec["release_year"]), ""
    year = max(int(f["year"]) for f in peers)
    return year, (
        f" No release year on file for this part (audit 1796594162 class C3): its peers are "
        f"chosen by memory alone, and the value is filed under the newest peer's year ({year})."
    )


def memory_peers(
    hardware: dict[str, Record],
    sized_parts: dict[str, Record],
    have: set[str],
    dram: float,
    ks: tuple[float, float, float],
    calibration: tuple[str, ...] | list[str] = (),
) -> dict[str, Record]:
    """Parts with their memory on file but no die area and node: sized on the dies of the
    sized parts whose memory is within a factor of two of theirs.

    Why (audit 1796574057 C1 remainder): with neither die nor node, such a part took the
    catalogue median whatever it carries. Its memory capacity is the one fact on file that
    tells a 24 GB inference card from a 192 GB HBM module, and parts that carry a like
    amount of memory are parts of a like class: value on the median of their die terms
    (ACT die + package, as sized), low on the smallest with the smallest k, high on the
    largest with the largest k, plus the part's own memory at ACT's DRAM. The same memory
    type, then the same form factor, narrow the peers when three dies remain. Rung
    ``category-default``: nothing of the part's own silicon is known.

    TPUs are left on their category default: the per-TPU figures on file (Schneider et al.
    2025) hold each chip's share of its host tray, which dies sized as cards leave out.
    """
    k, k_lo, k_hi = ks
    dies: list[tuple[str, Record]] = [
        (p, f)
        for p, f in sorted(sized_parts.items())
        if f.get("rung") == "component-model"
        and "family_model" not in (f.get("inputs") or {})
        and (f.get("inputs") or {}).get("die_kgco2e")
        and (f.get("inputs") or {}).get("memory_gb")
    ]
    out: dict[str, Record] = {}
    for hid in sorted(hardware):
        rec = hardware[hid]
        specs = rec.get("specs") or {}
        memory = float(specs.get("memory_gb") or 0.0)
        bm = None if hid in have or hid in sized_parts else bandwidth_memory(hardware, hid)
        mem_lo = mem_hi = memory = bm[0] if bm else memory
        if bm:
            mem_lo, mem_hi = bm[1], bm[2]
        if (
            hid in have
            or hid in sized_parts
            or rec.get("category") not in MEMORY_CATEGORIES
            or not memory
            # Undated parts with their memory on file only (audit 1796594162 C3); one with a
            # bandwidth alone keeps its bandwidth class (``_accelerator_siblings``).
            or (rec.get("release_year") is None and bm is not None)
        ):
            continue
        near = [
            (p, f)
            for p, f in dies
            if memory / MEMORY_FACTOR <= float(f["inputs"]["memory_gb"]) <= memory * MEMORY_FACTOR
        ]
        near, narrowed = _narrowed(near, hardware, hid)
        by_die: dict[float, tuple[str, Record]] = {}
        for p, f in near:
            by_die.setdefault(float(f["inputs"]["die_kgco2e"]), (p, f))
        if len(by_die) < 3:
            continue
        kgs = sorted(by_die)
        mid = statistics.median(kgs)
        mem_kg = memory * dram
        listed = ", ".join(
            f"{p} {f['inputs']['memory_gb']:g} GB, die {kg:g} kg"
            for kg, (p, f) in sorted(by_die.items())
        )
        also = f", narrowed to the same {' and '.join(narrowed)}" if narrowed else ""
        year, undated = undated_year(rec, [f for _, f in by_die.values()])
        out[hid] = {
            "id": factor_id("embodied", hid, year, DERIVED_SOURCE, "manufacturing"),
            "kind": "embodied",
            "subject": hid,
            "year": year,
            "value": rounded(k * (mid + mem_kg), 2),
            "unit": "kgCO2e",
            "low": rounded(k_lo * (kgs[0] + mem_lo * dram), 2),
            "high": rounded(k_hi * (kgs[-1] + mem_hi * dram), 2),
            "basis": "manufacturing",
            "rung": "category-default",
            "source": DERIVED_SOURCE,
            "method": (
                f"{MEMORY_MARK} (audit 1796574057 class C1; importers/_accelerator_peers.py): no "
                f"source on file gives this part's die area or node, only its "
                f"{memory_words(memory, bm, specs)}. Assumed: its die lies within the dies of the {len(kgs)} sized "
                f"parts whose memory is within a factor of {MEMORY_FACTOR:g} of it{also} "
                f"({listed}). Value: k x (the median die term, {mid:g} kg + {memory:g} GB x "
                f"{dram:g} ACT DRAM) with k = {k:.3f}; low: the smallest die term with the "
                f"smallest k ({k_lo:.3f}); high: the largest with the largest k ({k_hi:.3f}). A "
                f"category default narrowed by what is known of the part, not a value of its "
                f"own: give its die area and node when they are published.{undated}"
            ),
            "inputs": {
                "memory_gb": memory,
                "dram_kgco2e_per_gb": dram,
                "peer_die_kgco2e": kgs,
                "peers": [p for _, (p, _) in sorted(by_die.items())],
                "k": rounded(k, 4),
                "k_low": rounded(k_lo, 4),
                "k_high": rounded(k_hi, 4),
            }
            | ({"narrowed_by": narrowed} if narrowed else {})
            | (
                {
                    "memory_peers": bm[3],
                    "memory_gb_peers_low": mem_lo,
                    "memory_gb_peers_high": mem_hi,
                }
                if bm
                else {}
            ),
            "derived_from": {
                "factors": sorted({f["id"] for _, (_, f) in by_die.items()} | set(calibration)),
                "sources": sorted(
                    {"act-gupta-2022", "act-logic-gupta-2022", "epoch-ml-hardware"}
                    | {m for m in [(specs.get("sources") or {}).get("memory_gb")] if m}
                ),
            },
        }
    return out
