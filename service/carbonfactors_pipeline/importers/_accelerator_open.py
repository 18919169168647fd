"""The sized accelerator values on open inputs only, shipped for the ``open`` bundle.

Why (issue 20 item 3): a sized value (rule D1 and its node/memory-peer variants) calibrates
k on every product LCA on file, ADEME/Hubblo's share-alike ones included, so it ships in
``full`` only; the ``open`` bundle then fell to the category default (A100 SXM4: 76.59
kgCO2e in ``open`` against 111-130 in ``full``). The same rule with k calibrated on the open
product LCAs alone is already computed for the category defaults (rule C1); here it is
shipped per part under a source of its own (``carbonfactors-accelerator-model-open``,
priority below the full model's), so ``full`` keeps its value and ``open`` gets the open
analogue of the same rule instead of the catalogue median.

With fewer than three open calibration cards, min..max of their ratios says nothing of
spread (one card: low = high): the bounds are widened by rule S2's ratio learnt from the
open methods (as for a part with one credible value), and say so.
"""

from __future__ import annotations

import copy
from typing import Any

from ._common import rounded

Record = dict[str, Any]
#: The full model's source and the open analogue's.
FULL_SOURCE = "carbonfactors-accelerator-model"
OPEN_SOURCE = "carbonfactors-accelerator-model-open"
#: Fewer open calibration cards than this: bounds widened by rule S2.
MIN_CARDS = 3


def _open_id(fid: str) -> str:
    return fid.replace(f":{FULL_SOURCE}:", f":{OPEN_SOURCE}:")


def open_variants(
    sized_open: list[Record], s2_ratio: float, s2_sources: tuple[str, ...] | list[str] = ()
) -> list[Record]:
    """``sized_open`` (``sized`` run on open inputs) re-keyed under ``OPEN_SOURCE``.

    Ids another open-sized value derives from (a family parent, a node or memory peer) are
    re-keyed too, so no open value rests on a full-bundle one."""
    mine = {f["id"] for f in sized_open}
    out = []
    for f in sized_open:
        g = copy.deepcopy(f)
        g["id"] = _open_id(f["id"])
        g["source"] = OPEN_SOURCE
        derived = g.setdefault("derived_from", {})
        derived["factors"] = sorted(
            _open_id(x) if x in mine else x for x in derived.get("factors") or []
        )
        inputs = g.get("inputs") or {}
        cards = inputs.get("k_low") == inputs.get("k_high")
        note = (
            "OPEN ANALOGUE (issue 20 item 3; importers/_accelerator_open.py): the rule below "
            "with k calibrated on the open product LCAs only, so this value ships in the open "
            "bundle; the full bundle prefers the value calibrated on every LCA. "
        )
        if cards and s2_ratio > 1.0:
            low = min(g.get("low", g["value"]), g["value"] / s2_ratio)
            high = max(g.get("high", g["value"]), g["value"] * s2_ratio)
            g["low"], g["high"] = rounded(low, 2), rounded(high, 2)
            inputs["s2_ratio"] = s2_ratio
            derived["sources"] = sorted(set(derived.get("sources") or []) | set(s2_sources))
            note += (
                f"Fewer than {MIN_CARDS} open calibration cards give k (low = high), so the "
                f"bounds are widened to value / x {s2_ratio:g} .. value x {s2_ratio:g} (rule "
                f"S2's ratio from the open methods). "
            )
        g["method"] = note + g["method"]
        out.append(g)
    return out
