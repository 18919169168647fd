"""Validator screens for accelerator embodied values (audit 1796574057, classes C1, S3, M1).

Each catches an error class the audit found by sampling, on every value of the class:

* ``category-default-median`` (C1): an accelerator category default (``category:<c>``,
  rung ``category-default``) is at most ``MAX_OVER_MEDIAN`` times the median of its
  category's own values (one per part: the median of its product LCAs, published estimates
  and component-model values). The GPU default was the median of two 8-GPU HBM baseboard
  shares, 224 kg, 2.75x the 81 kg median of the sized catalogue, and a 24 GB GDDR card got
  it. A problem: the category defaults are regenerated, never kept by a note.
* ``underestimate-bounds`` (S3): a factor whose method says its value is an
  "underestimate" has a high bound above its value. GB200's per-GPU share said half a Grace
  and its LPDDR5X were missing yet had high = value, so its bounds excluded what its own
  note said is true. A problem.
* ``accelerator-small-memory`` (M1): an accelerator whose memory is under ``MIN_MEMORY_GB``
  is listed for review (a flag that never excludes a value): Epoch's memory column holds
  the on-chip SRAM of some custom parts (Meta MTIA v1/v2: 128/256 MB) while their off-chip
  LPDDR5 is left out. A part whose SRAM really is all its memory (GroqChip) keeps its flag
  with a ``keep`` note in ``factors/screens.yaml``.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .screens import Flag, Reasons

#: A category default may sit this far above its category's median value (C1).
MAX_OVER_MEDIAN = 2.0
#: Below this an accelerator's memory is on-chip SRAM or missing, not board DRAM (M1).
MIN_MEMORY_GB = 1.0
CHIP_CATEGORIES = ("gpu", "tpu", "accelerator")
#: Fewer parts than this in a category: the median is every chip's (as rule C1 pools).
POOL_MIN = 3
#: Rungs that are a part's own value (not a floor, not a category default).
OWN_RUNGS = ("product-lca", "published-estimate", "component-model")
SMALL_MEMORY_RULE = "accelerator-small-memory"
_UNDER = re.compile(r"\bunderestimate\b", re.IGNORECASE)
_NOT_UNDER = re.compile(r"\bnot an underestimate\b", re.IGNORECASE)


def category_medians(
    factors: Iterable[dict[str, Any]], hardware: Iterable[dict[str, Any]]
) -> dict[str, tuple[float, int]]:
    """Per chip category: the median of its parts' own embodied values, and how many parts."""
    category = {h["id"]: h.get("category") for h in hardware}
    per_part: dict[str, list[float]] = defaultdict(list)
    for f in factors:
        if (
            f.get("kind") == "embodied"
            and f.get("rung") in OWN_RUNGS
            and category.get(f["subject"]) in CHIP_CATEGORIES
        ):
            per_part[f["subject"]].append(float(f["value"]))
    by_cat: dict[str, list[float]] = defaultdict(list)
    for part, values in per_part.items():
        by_cat[str(category[part])].append(statistics.median(values))
    # As rule C1 pools: a category with fewer than 3 parts is judged against every chip's.
    every = [v for vs in by_cat.values() for v in vs]
    return {
        c: (statistics.median(v), len(v))
        if len(v) >= POOL_MIN
        else (statistics.median(every), len(every))
        for c, v in by_cat.items()
    }


def category_default_problems(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    """(factor id, reason) for each accelerator category default above its category (C1)."""
    medians = category_medians(factors, hardware)
    out = []
    for f in factors:
        subject = str(f.get("subject", ""))
        cat = subject.removeprefix("category:")
        if (
            f.get("kind") != "embodied"
            or f.get("rung") != "category-default"
            or not subject.startswith("category:")
            or cat not in medians
        ):
            continue
        median, n = medians[cat]
        if float(f["value"]) > MAX_OVER_MEDIAN * median:
            out.append(
                (
                    f["id"],
                    f"category-default-median: {f['value']:g} kgCO2e is "
                    f"{float(f['value']) / median:.2f}x the median ({median:g}) of the {n} "
                    f"parts pooled for {cat} (own embodied values at most {MAX_OVER_MEDIAN:g}x)",
                )
            )
    return out


def underestimate_problems(factors: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    """(factor id, reason) for each value its method calls an underestimate whose high
    bound does not rise above it (S3)."""
    out = []
    for f in factors:
        method = str(f.get("method") or "")
        if not _UNDER.search(method) or _NOT_UNDER.search(method):
            continue
        high = f.get("high")
        if high is None or float(high) <= float(f["value"]):
            out.append(
                (
                    f["id"],
                    "underestimate-bounds: the method calls the value an underestimate but "
                    f"high ({high}) is not above it ({f['value']:g}): raise high by the "
                    "missing share's estimate",
                )
            )
    return out


def small_memory_flags(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """Review flags for accelerators with under ``MIN_MEMORY_GB`` of memory (M1), one on
    each embodied factor of the part (the values the memory enters)."""
    small = {}
    for h in hardware:
        memory = (h.get("specs") or {}).get("memory_gb")
        if h.get("category") in CHIP_CATEGORIES and memory is not None and memory < MIN_MEMORY_GB:
            small[h["id"]] = float(memory)
    out = []
    for f in factors:
        if f.get("kind") == "embodied" and f["subject"] in small and f.get("rung") != "lower-bound":
            reason = (
                f"{f['subject']} has {small[f['subject']]:g} GB of memory "
                f"on file (under {MIN_MEMORY_GB:g} GB): on-chip SRAM, with the board's DRAM "
                "left out? Curate the off-chip memory from a cited source or keep with a note"
            )
            out.append(
                reasons.flag(
                    f["id"],
                    SMALL_MEMORY_RULE,
                    reason,
                )
            )
    return out
