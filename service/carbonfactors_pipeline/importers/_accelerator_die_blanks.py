"""What the other parts on one die tell about a part whose spec row has a blank.

Why: Epoch lists many dies several times (a card, its variants, its workstation twin) and
leaves a cell blank on some of those rows. A blank node, transistor count or memory size
used to send the part to a weaker rung (memory peers, the median calibration ratio, 0 GB)
although a sibling on the very same die states it. Each helper below fills one such blank
from the siblings, only when they agree (or, for memory, from the spread they state), and
names the sibling as the evidence; ``_accelerator_sized`` and the validator use them.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

Record = dict[str, Any]
DieKey = Callable[[Record], tuple[Any, ...]]

__all__ = [
    "same_die_memory",
    "same_die_node",
    "same_die_transistors",
    "with_sibling_transistors",
    "year_nodes",
]


def _specs(rec: Record) -> dict[str, Any]:
    return rec.get("specs") or {}


def _blanks_and_siblings(
    hardware: dict[str, Record], key: DieKey, field: str
) -> dict[str, dict[float, list[str]]]:
    """For each part with a full die ``key`` and a blank ``field``: the values its siblings
    (same key, field stated) give, each with the siblings that give it, in id order."""
    stated: dict[tuple[Any, ...], dict[float, list[str]]] = {}
    for hid in sorted(hardware):
        k, value = key(hardware[hid]), _specs(hardware[hid]).get(field)
        if all(k) and value:
            stated.setdefault(k, {}).setdefault(float(value), []).append(hid)
    out: dict[str, dict[float, list[str]]] = {}
    for hid in sorted(hardware):
        k = key(hardware[hid])
        if all(k) and not _specs(hardware[hid]).get(field) and k in stated:
            out[hid] = stated[k]
    return out


def _agreed(found: dict[str, dict[float, list[str]]]) -> dict[str, tuple[float, str]]:
    """(value, lowest-sorting sibling) where the siblings agree on one value."""
    return {
        hid: (value, sibs[0])
        for hid, known in found.items()
        if len(known) == 1
        for value, sibs in known.items()
    }


def _area_transistors(rec: Record) -> tuple[Any, ...]:
    return (_specs(rec).get("die_area_mm2"), _specs(rec).get("transistors_billion"))


def _vendor_area_node(rec: Record) -> tuple[Any, ...]:
    return (rec.get("vendor"), _specs(rec).get("die_area_mm2"), _specs(rec).get("process_nm"))


def _vendor_area_transistors(rec: Record) -> tuple[Any, ...]:
    return (rec.get("vendor"), *_area_transistors(rec))


def same_die_node(hardware: dict[str, Record]) -> dict[str, tuple[float, str]]:
    """(node, sibling) for parts with a die area but no node whose die another part shares.

    The same die is the same area and the same transistor count; the siblings on file must
    agree on one node (the Tesla P40 and Quadro P6000, both GP102 at 16 nm; audit 2026-12-06
    seed 1796548636, class L)."""
    return _agreed(_blanks_and_siblings(hardware, _area_transistors, "process_nm"))


def same_die_transistors(hardware: dict[str, Record]) -> dict[str, tuple[float, str]]:
    """(transistors, sibling) for parts with a die area and node but no transistor count,
    when the vendor's other parts with that very die area and node agree on one count.

    Why (audit 1796574057 O1): Epoch leaves the count blank on some rows of a die it lists
    elsewhere (A800 PCIe 80 GB, A800 SXM: GA100, 826 mm², 7 nm), so the same-die rules keyed
    on (area, transistors) missed them: they took the median k and no memory while the
    40 GB sibling took the GA100's own LCA ratio."""
    return _agreed(_blanks_and_siblings(hardware, _vendor_area_node, "transistors_billion"))


def with_sibling_transistors(
    hardware: dict[str, Record],
) -> tuple[dict[str, Record], dict[str, tuple[float, str]]]:
    """``hardware`` with the transistor counts of ``same_die_transistors`` filled in."""
    filled = same_die_transistors(hardware)
    out = dict(hardware)
    for hid, (count, _) in filled.items():
        rec = hardware[hid]
        out[hid] = rec | {"specs": _specs(rec) | {"transistors_billion": count}}
    return out, filled


def same_die_memory(hardware: dict[str, Record]) -> dict[str, tuple[float, float, float, str]]:
    """(memory, lowest, highest, siblings) for parts whose memory is on file nowhere (Epoch
    blank, the name states none) but whose die other parts of the same vendor carry.

    Counting such a part at 0 GB put the Tesla P100 DGXS 10% below the LCA of its own die
    and memory (audit 2026-12-06 seed 1796563618 #37, class M0). The board memory of a die
    varies by variant (P100: 12 or 16 GB), so the value takes the higher median of the
    distinct sizes its siblings state (P100: 16; GK110: 6 of 3, 5, 6, 12) and the bounds
    span the smallest and largest."""
    out: dict[str, tuple[float, float, float, str]] = {}
    found = _blanks_and_siblings(hardware, _vendor_area_transistors, "memory_gb")
    for hid, known in found.items():
        gbs = sorted(known)
        sibs = ", ".join(f"{h} {gb:g} GB" for gb in gbs for h in known[gb])
        out[hid] = (statistics.median_high(gbs), gbs[0], gbs[-1], sibs)
    return out


def year_nodes(
    hardware: dict[str, Record], hid: str
) -> tuple[float, list[float], list[str]] | None:
    """(median node, distinct nodes, peers) of the chips released the same year as ``hid``
    (the same vendor's when three are on file), for a part with its die area but no node.

    Why (audit 1796585890 class D4, #34 RX 7900 XTX: 529 mm² and 57.7 bn transistors on
    file, node blank): such a part fell to memory peers and its note said no die area was
    known. Its die is costed at the median node of its release year's chips instead (the
    node-peer rule in reverse), the bounds across the coarsest and finest of them."""
    rec = hardware[hid]
    year = rec.get("release_year")
    if year is None:
        return None
    peers = {
        p: float(r["specs"]["process_nm"])
        for p, r in sorted(hardware.items())
        if p != hid
        and r.get("release_year") == year
        and r.get("category") in ("gpu", "tpu", "accelerator")
        and _specs(r).get("process_nm")
    }
    vendor = rec.get("vendor")
    same = {p: n for p, n in peers.items() if vendor and hardware[p].get("vendor") == vendor}
    if len(same) >= 3:
        peers = same
    if len(peers) < 3:
        return None
    return statistics.median_high(sorted(peers.values())), sorted(set(peers.values())), list(peers)
