"""Same-die memory scaling on the sibling product LCA's own memory line (audit 1796613359 M1).

Why (#33, Quadro RTX 8000, 48 GB on the TITAN RTX's TU102): a part on the die of a product
LCA used to be ``k_die x (ACT die + ACT DRAM x memory)``, so the memory beyond the sibling's
was added at k x ACT DRAM (9.316 x 0.065 = 0.61 kg/GB), while the sibling's own LCA carries a
memory line (ADEME/Hubblo ``video_ram``: 35.9 kg for the TITAN RTX's 24 GB of GDDR6, 1.50
kg/GB). The value sat on its own high bound (139.8) and below the sibling-based 158.75.

Here, for each same-die LCA card, the estimate is the card's total plus the memory
difference at the card's own line per GB (``video_ram / memory``: the same die drives the
same memory type, GDDR or HBM, so its line is the right per-GB figure); a card with no
memory line (NVIDIA's PCF) keeps its ratio estimate. The value is their median. Bounds
span the two extreme readings of how much of a card grows with its memory: only ACT's DRAM
per GB times k (the previous model, and its k spread), or the whole card (the card's total
scaled by the memory ratio; the die, board and cooler do not grow, so it is a bound, not an
estimate); the card's other cited capacity reading (``memory_gb_low``) is a reading too.
"""

from __future__ import annotations

import statistics
from typing import Any

from ._common import rounded

Record = dict[str, Any]
#: The memory line of a product LCA (ADEME/Hubblo component rows).
LINE_KEY = "video_ram_kgco2e"
MARK = "MEMORY LINE"


def line_per_gb(card: Record, specs: dict[str, Any]) -> float | None:
    """kgCO2e per GB of a product LCA's own memory line, or None when it has none."""
    line = (card.get("inputs") or {}).get(LINE_KEY)
    mem = specs.get("memory_gb")
    if line is None or not mem:
        return None
    return float(line) / float(mem)


def estimates(
    cards: list[tuple[str, float, Record]],
    hardware: dict[str, Record],
    memory: float,
    base: float,
) -> list[tuple[str, float, float | None, float]] | None:
    """(card, estimate, line per GB or None, card memory) for each same-die card; None
    when no card has a memory line (the ratio model then stands alone)."""
    out: list[tuple[str, float, float | None, float]] = []
    for card, ratio, lca in cards:
        specs = hardware[card].get("specs") or {}
        per_gb = line_per_gb(lca, specs)
        mem_c = float(specs.get("memory_gb") or 0.0)
        if per_gb is None:
            out.append((card, ratio * base, None, mem_c))
        else:
            out.append((card, float(lca["value"]) + (memory - mem_c) * per_gb, per_gb, mem_c))
    if all(e[2] is None for e in out):
        return None
    return out


def scaled(
    cards: list[tuple[str, float, Record]],
    hardware: dict[str, Record],
    memory: float,
    base: float,
    ratio_value: float,
    ratio_ends: tuple[float, float],
) -> tuple[float, float, float, dict[str, Any], str] | None:
    """(value, low, high, inputs, note) of a same-die part on its cards' memory lines.

    ``ratio_value`` and ``ratio_ends`` are the ratio model's value and bounds (ACT DRAM x k),
    kept as readings of the bounds."""
    got = estimates(cards, hardware, memory, base)
    if got is None:
        return None
    # The value is the median of the cards with a memory line; a card without one (NVIDIA's
    # PCF of the H100 SXM next to the H100 PCIe LCA, audit 1796630035 N1) is a reading of
    # the bounds, so the value never sits below the same die's own line (screen memory-line).
    value = statistics.median(e[1] for e in got if e[2] is not None)
    readings = [ratio_value, *ratio_ends, *(e[1] for e in got if e[2] is None)]
    words = []
    for (card, _, lca), (_, est, per_gb, mem_c) in zip(cards, got, strict=True):
        if per_gb is None:
            words.append(f"{card} (no memory line) {est:.2f} at its ratio")
            continue
        total = float(lca["value"])
        whole = total * memory / mem_c if mem_c else total
        readings.append(whole)
        alt = ((hardware[card].get("specs") or {}).get("memory_gb_low")) or None
        alt_words = ""
        if alt:
            at_alt = total + (memory - float(alt)) * float(lca["inputs"][LINE_KEY]) / alt
            readings.append(at_alt)
            alt_words = f"; at its other capacity reading {float(alt):g} GB: {at_alt:.2f}"
        words.append(
            f"{card} {total:g} + ({memory:g} - {mem_c:g} GB) x its memory line "
            f"{float(lca['inputs'][LINE_KEY]):g} kg / {mem_c:g} GB = {per_gb:.4f} kg/GB "
            f"= {est:.2f} (whole card scaled by memory: {whole:.2f}{alt_words})"
        )
    low, high = min([value, *readings]), max([value, *readings])
    lines = [e[2] for e in got if e[2] is not None]
    inputs = {
        "memory_line_kgco2e_per_gb": rounded(statistics.median(lines), 4),
        "memory_line_cards": [e[0] for e in got if e[2] is not None],
        "ratio_model_kgco2e": rounded(ratio_value, 2),
    }
    note = (
        f"{MARK} (audit 1796613359 class M1; importers/_accelerator_memory_line.py): the "
        f"memory beyond the same-die LCA card's is costed at that card's own memory line "
        f"per GB (the same die drives the same memory type), not at ACT DRAM x k: "
        f"{'; '.join(words)}; value = {'their median' if len(lines) > 1 else 'that'} "
        f"{value:.2f} kgCO2e (over the cards with a memory line; any other is a reading of "
        f"the bounds). Low/high span the readings of how much of a card grows with its "
        f"memory: ACT DRAM x k (the ratio model, {ratio_value:.2f} "
        f"[{min(ratio_ends):.2f}..{max(ratio_ends):.2f}]) up to the whole card scaled by the "
        f"memory ratio (the die, board and cooler do not grow, so an outer bound). "
        f"The ratio model follows, for its inputs: "
    )
    return value, low, high, inputs, note
