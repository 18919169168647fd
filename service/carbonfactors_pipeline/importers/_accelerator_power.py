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


def family_power(
    tdp_factors: list[Record],
    categories: dict[str, str],
    powered: set[str],
    years: dict[str, int | None],
) -> list[Record]:
    """A variant with no power factor of any source takes its family model's datasheet TDP
    (issue 20 class 4: an Ascend 910B variant got the 197.5 W category median next to the
    400 W 910B)."""
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
