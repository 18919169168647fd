"""Facts a sized accelerator lacks, inferred from its siblings on file (audit 1796594162).

Two rules of the component model (``_accelerator_sized``) for a part whose record leaves a
field blank, each applied before a coarser fallback:

* ``density_node`` (class D5): a die with its area and transistor count but no node takes
  the node of the chips whose transistor density is its own, before the median node of its
  release year. The RTX 4080 (AD103, 121 MTr/mm²) was costed at 7 nm, the median of the
  2022 chips, although the 5 nm Ada dies on file (L4 122, RTX 6000 Ada 125 MTr/mm²) share
  its density and its 4090/L40 siblings are costed at 5 nm.
* ``power_memory`` (class M2): a part whose memory no source on file gives is sized with
  the memory of the chips of its power band and era, never with 0 GB as if it had none.
  The Maia 100 (64 GB HBM2E, now cited) and the Tesla C2050 were sized at 0 GB.
"""

from __future__ import annotations

import statistics
from typing import Any

from ._accelerator_peers import pooled_memory

Record = dict[str, Any]
CHIP_CATEGORIES = ("gpu", "tpu", "accelerator")
#: A sibling's transistor density lies within this fraction of the part's (both ways).
DENSITY_TOLERANCE = 0.15
#: Same-vendor siblings are released within this many years of the part.
SIBLING_YEARS = 1
#: Memory peers: datasheet TDP within this factor, release within ``MEMORY_YEARS``.
POWER_FACTOR = 2.0
MEMORY_YEARS = 2
#: Below this a part's memory is on-chip SRAM, not board memory: no memory peer.
MIN_BOARD_GB = 1.0


def _density(specs: dict[str, Any]) -> float | None:
    """Million transistors per mm² from a record's specs (None without both figures)."""
    area, count = specs.get("die_area_mm2"), specs.get("transistors_billion")
    if not area or not count:
        return None
    return float(count) * 1000.0 / float(area)


def density_node(
    hardware: dict[str, Record], hid: str, act_node: Any, nodes: list[int]
) -> tuple[float, list[str], str] | None:
    """(node, siblings, words) for a part with die area and transistors but no node.

    First the same vendor's chips released within ``SIBLING_YEARS`` whose transistor
    density is within ``DENSITY_TOLERANCE`` of the part's (its architecture's dies, as far
    as the catalogue can tell: no architecture field is on file); at least two, agreeing
    on one ACT node. Else every chip on file of that density, at least three, agreeing on
    one ACT node. ``None`` otherwise (the release-year median applies). ``act_node`` maps
    a process to the ACT node it is costed at (``_accelerator_peers.act_node``).
    """
    rec = hardware[hid]
    mine = _density(rec.get("specs") or {})
    year = rec.get("release_year")
    if mine is None:
        return None
    near: dict[str, tuple[float, float, Any, Any]] = {}
    for p, r in sorted(hardware.items()):
        sp = r.get("specs") or {}
        d = _density(sp)
        if (
            p == hid
            or r.get("category") not in CHIP_CATEGORIES
            or not sp.get("process_nm")
            or d is None
            or abs(d - mine) > DENSITY_TOLERANCE * mine
        ):
            continue
        near[p] = (float(sp["process_nm"]), d, r.get("vendor"), r.get("release_year"))
    vendor = rec.get("vendor")
    same = {
        p: v
        for p, v in near.items()
        if vendor
        and v[2] == vendor
        and year is not None
        and v[3] is not None
        and abs(int(v[3]) - int(year)) <= SIBLING_YEARS
    }
    for pool, least, how in (
        (same, 2, f"the same vendor's chips released within {SIBLING_YEARS} year"),
        (near, 3, "every chip on file"),
    ):
        acts = {act_node(v[0], nodes) for v in pool.values()}
        if len(pool) >= least and len(acts) == 1:
            node = statistics.median_low(sorted(v[0] for v in pool.values()))
            listed = ", ".join(f"{p} {v[1]:.0f} MTr/mm² at {v[0]:g} nm" for p, v in pool.items())
            words = (
                f"Epoch gives this part's die ({rec['specs']['die_area_mm2']:g} mm², "
                f"{rec['specs']['transistors_billion']:g} bn transistors, {mine:.0f} MTr/mm²) "
                f"but no node (audit 1796594162 class D5): the die is costed at {node:g} nm, "
                f"the node of {how} whose transistor density is within "
                f"{DENSITY_TOLERANCE:.0%} of its own ({listed}), before the median node of "
                f"its release year. "
            )
            return node, sorted(pool), words
    return None


def power_memory(
    hardware: dict[str, Record], hid: str, tdp: dict[str, float]
) -> tuple[float, float, float, list[str]] | None:
    """(median, smallest, largest, peers) memory for a part with no memory on file: that of
    the chips with board memory whose datasheet TDP is within ``POWER_FACTOR`` of its own
    and released within ``MEMORY_YEARS`` of it, the same vendor's when three are on file.

    Why (audit 1796594162 #35, class M2): a blank memory was costed as 0 GB, and the note
    said "0 GB" as if a fact. A chip of a given power and era carries the memory of its
    like. ``None`` when the part has memory, no TDP or year, or fewer than three peers.
    """
    rec = hardware[hid]
    specs = rec.get("specs") or {}
    mine, year = tdp.get(hid), rec.get("release_year")
    # memory_gb 0 is a cited "no off-chip memory" (Tesla D1), not a gap.
    if specs.get("memory_gb") is not None or not mine or year is None:
        return None
    peers: dict[str, float] = {}
    for p, r in sorted(hardware.items()):
        mem, theirs = (r.get("specs") or {}).get("memory_gb"), tdp.get(p)
        if (
            p == hid
            or r.get("category") not in CHIP_CATEGORIES
            or not mem
            or float(mem) < MIN_BOARD_GB
            or not theirs
            or not mine / POWER_FACTOR <= theirs <= mine * POWER_FACTOR
            or r.get("release_year") is None
            or abs(int(r["release_year"]) - int(year)) > MEMORY_YEARS
        ):
            continue
        peers[p] = float(mem)
    return pooled_memory(hardware, hid, peers, statistics.median_low)


def power_memory_words(pm: tuple[float, float, float, list[str]], tdp_w: float) -> str:
    """The note of a value sized on its power peers' memory."""
    return (
        f"No source on file gives this part's memory (audit 1796594162 class M2: never 0 GB): "
        f"it is taken as that of the {len(pm[3])} chips with a datasheet TDP within a factor "
        f"of {POWER_FACTOR:g} of its own {tdp_w:g} W, released within {MEMORY_YEARS} years of "
        f"it ({', '.join(pm[3])}): value on their median {pm[0]:g} GB, low on {pm[1]:g} GB, "
        f"high on {pm[2]:g} GB. "
    )
