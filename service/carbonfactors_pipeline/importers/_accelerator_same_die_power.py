"""Power of an accelerator with no TDP of its own, from the boards on its very die.

Why (audit 1796655557 class PS, #39): the RTX 6000 Ada has no TDP and no bandwidth in
Epoch, so neither the sibling rule nor the bandwidth class (rule C4) could place it, and it
fell to the all-GPU category default (280 W, bounds 40-1,400 W). Yet Epoch gives its AD102
die (608 mm², 76,300 M transistors), and two boards on that very die have datasheet TDPs
(L40 48 GB 300 W, GeForce RTX 4090 24 GB 450 W). A board's power is set by its die, its
memory and its clocks: the same die pins the class far better than a category. So a part
without a TDP takes the median TDP of the same-die boards nearest to it in memory, with
bounds spanning every same-die board's TDP and the usual spread of a die's boards. Step order in
``_accelerator_power.family_power``: family model, SAME DIE (this), sibling / bandwidth
class, category default. The screen ``accel-power-same-die`` lists any part still without a
power factor while a same-die board has a datasheet TDP.
"""

from __future__ import annotations

import statistics
from typing import Any

from carbonfactors.kinds import factor_id

from ._accelerator_die_blanks import same_die_memory
from ._accelerator_embodied import DERIVED_SOURCE
from ._common import rounded

Record = dict[str, Any]

#: Marks a power value taken from the boards on the part's own die.
SAME_DIE_MARK = "SAME DIE"


def _specs(rec: Record | None) -> dict[str, Any]:
    return (rec or {}).get("specs") or {}


def same_die_parts(hid: str, hardware: dict[str, Record]) -> list[str]:
    """The other catalog parts on the die of ``hid``: the same vendor, die area and
    transistor count (Epoch's die fields, both on file), or linked by ``specs.same_die_as``
    either way or to one common sibling (``_accelerator_same_die.SAME_DIE_AS``)."""
    rec = hardware.get(hid) or {}
    s = _specs(rec)
    key = (rec.get("vendor"), s.get("die_area_mm2"), s.get("transistors_billion"))
    linked = s.get("same_die_as")
    out = []
    for p, other in hardware.items():
        if p == hid:
            continue
        o = _specs(other)
        okey = (other.get("vendor"), o.get("die_area_mm2"), o.get("transistors_billion"))
        olink = o.get("same_die_as")
        if (
            (all(key) and okey == key)
            or (linked and linked in (p, olink))
            or (olink and olink == hid)
        ):
            out.append(p)
    return sorted(out)


def same_die_tdp_boards(hid: str, hardware: dict[str, Record], tdp: dict[str, Record]) -> list[str]:
    """The same-die parts of ``hid`` that have a datasheet TDP factor (``tdp``)."""
    return [p for p in same_die_parts(hid, hardware) if p in tdp]


def _memory(hid: str, hardware: dict[str, Record]) -> tuple[float | None, str]:
    """The part's memory (GB) and how it is known: its own, else the same-die boards'
    higher median (``same_die_memory``, as its embodied value uses)."""
    own = _specs(hardware.get(hid)).get("memory_gb")
    if own:
        return float(own), "its own"
    inferred = same_die_memory(hardware).get(hid)
    if inferred:
        return inferred[0], f"inferred from the same-die boards ({inferred[3]})"
    return None, "not on file"


def _distance(a: Any, b: Any) -> float:
    """Relative distance of two spec values; unknown on either side sorts last."""
    if not a or not b:
        return float("inf")
    return abs(float(a) - float(b)) / max(float(a), float(b))


def die_spread(hardware: dict[str, Record], tdp: dict[str, Record]) -> tuple[float, int]:
    """(median, dies) of the spread (largest / smallest datasheet TDP) of the boards on one
    die, over the dies on file with two or more boards with a TDP (same vendor, area and
    transistors). Why: a die's boards differ by their power limit (TITAN RTX 280 W against
    the Quadro RTX 6000's 260 W on file), so the same-die range alone can miss the part;
    the bounds reach the usual spread about the value too. 1.0 with no such die."""
    dies: dict[tuple[Any, ...], list[float]] = {}
    for p in sorted(tdp):
        rec = hardware.get(p) or {}
        sp = _specs(rec)
        key = (rec.get("vendor"), sp.get("die_area_mm2"), sp.get("transistors_billion"))
        if all(key):
            dies.setdefault(key, []).append(float(tdp[p]["value"]))
    spreads = [max(v) / min(v) for v in dies.values() if len(v) >= 2 and min(v) > 0]
    return (statistics.median(spreads), len(spreads)) if spreads else (1.0, 0)


def same_die_power(
    hid: str, year: int, tdp: dict[str, Record], hardware: dict[str, Record]
) -> Record | None:
    """The SAME DIE power factor of ``hid`` (no TDP of its own), or None without a
    same-die board with a datasheet TDP. Value: the median TDP of the same-die boards
    nearest in memory (then, with no memory on file, of all of them); low/high: the
    smallest and largest same-die TDPs, widened to the value / and x the median spread of
    a die's boards on file (``die_spread``). Epoch's FP16 figures mix shader and tensor
    rates across boards of one die (A40 149.7, RTX A6000 38.7), so they do not rank here."""
    boards = same_die_tdp_boards(hid, hardware, tdp)
    if not boards:
        return None
    mem, mem_how = _memory(hid, hardware)
    gap = min(_distance(mem, _specs(hardware.get(p)).get("memory_gb")) for p in boards)
    nearest = [p for p in boards if _distance(mem, _specs(hardware.get(p)).get("memory_gb")) == gap]
    v = statistics.median(float(tdp[p]["value"]) for p in nearest)
    values = sorted(float(tdp[p]["value"]) for p in boards)
    spread, dies = die_spread(hardware, tdp)
    low, high = min(values[0], v / spread), max(values[-1], v * spread)
    listed = ", ".join(
        f"{p} {_specs(hardware.get(p)).get('memory_gb') or '?'} GB {float(tdp[p]['value']):g} W"
        for p in boards
    )
    s = _specs(hardware.get(hid))
    die = (
        f"{s.get('die_area_mm2'):g} mm², {s.get('transistors_billion'):g} bn transistors"
        if s.get("die_area_mm2") and s.get("transistors_billion")
        else f"named by specs.same_die_as ({s.get('same_die_as') or 'a linked board'})"
    )
    mem_words = f"{mem:g} GB, {mem_how}" if mem else "memory not on file: all of them"
    picked = ", ".join(nearest)
    return {
        "id": factor_id("power", hid, year, DERIVED_SOURCE, "tdp"),
        "kind": "power",
        "subject": hid,
        "year": year,
        "value": rounded(v, 1),
        "unit": "W",
        "low": rounded(low, 1),
        "high": rounded(high, 1),
        "basis": "tdp",
        "source": DERIVED_SOURCE,
        "method": (
            f"{SAME_DIE_MARK}: {picked} (audit 1796655557 class PS; "
            f"importers/_accelerator_same_die_power.py): no source gives {hid} a power "
            f"figure; the boards on its very die ({die}) with a datasheet TDP are {listed} "
            f"(Epoch AI ML Hardware). It takes the median TDP of those nearest to it in "
            f"memory ({mem_words}): {picked}, {v:g} W. Low/high: the smallest and largest "
            f"same-die TDPs, widened to the value / and x {spread:.3g}, the median spread "
            f"(largest / smallest TDP) of the boards of one die over the {dies} dies on file "
            f"with two or more. A same-die board's value, not the part's own datasheet "
            f"figure: its power limit and clocks may differ."
        ),
        "inputs": {
            "factors": sorted(tdp[p]["id"] for p in boards),
            "same_die_nearest": nearest,
            "same_die_boards": boards,
            "die_spread": round(spread, 4),
        },
    }
