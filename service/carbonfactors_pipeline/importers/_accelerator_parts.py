"""The accelerator figures an instance derivation needs, read from the committed catalog.

Cloud instance power and embodied carbon are sums of a host and its accelerators; the
accelerator side comes from ``factors/hardware/accelerators`` (written by the
``accelerators`` importer and hand-written files there), so this module reads those files
and picks, per accelerator:

- full-load power: its ``tdp`` factor, else ``max`` (source priority, then latest year);
- idle power: its ``idle`` factor, else ``min``, when the catalog has one;
- embodied carbon: the default by ``carbonfactors.rungs.default_embodied`` (the engine's
  rule: rung, then source priority; never a lower bound).

A model without its own value falls back to its category default (``category:<category>``,
in ``hardware/accelerators`` or ``hardware/categories``) when one is committed. Reading committed files (not upstream) keeps the derivation in step
with whatever the accelerator files say after any re-import.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carbonfactors.dataset import Factor
from carbonfactors.kinds import CATEGORY_SUBJECT_PREFIX
from carbonfactors.rungs import default_embodied

from ..factorfiles import read_yaml

FULL_BASES = ("tdp", "max")
IDLE_BASES = ("idle", "min")


@dataclass(frozen=True)
class Part:
    id: str
    category: str
    full: Factor | None
    idle: Factor | None
    embodied: Factor | None


class Priorities:
    """Source priorities of ``factors/sources.yaml`` (lower wins; 100 when unset)."""

    def __init__(self, factors_root: Path) -> None:
        path = factors_root / "sources.yaml"
        data = read_yaml(path).data if path.exists() else None
        listed = data.get("sources") if isinstance(data, dict) else None
        # The validator calls this on any tree, broken ones included: an entry that is not
        # a source with an id and a whole-number priority is reported by the bibliography
        # check, so here it is only skipped (or left at the default priority).
        self.by_id = {
            s["id"]: _priority(s.get("priority", 100))
            for s in (listed if isinstance(listed, list) else [])
            if isinstance(s, dict) and isinstance(s.get("id"), str)
        }

    def __call__(self, source: str) -> int:
        return self.by_id.get(source, 100)


def _priority(raw: object) -> int:
    """A source's priority as written, or the default 100 when it is not a whole number."""
    return raw if isinstance(raw, int) and not isinstance(raw, bool) else 100


#: Folders under ``factors/hardware`` read for accelerator and category-default factors.
FOLDERS = ("accelerators", "categories")


def _inputs(rec: dict[str, Any]) -> set[str]:
    """The sources a factor's value derives from: its own, its ``derived_from`` sources, and
    the source of each factor id it lists (the id's second-last field), one level deep."""
    derived = rec.get("derived_from") or {}
    ids = [*(derived.get("factors") or ()), *((rec.get("inputs") or {}).get("factors") or ())]
    return {rec["source"], *(derived.get("sources") or ()), *(i.split(":")[-2] for i in ids)}


def _records(
    hardware: Path,
) -> tuple[dict[str, str], dict[str, list[Factor]], dict[str, set[str]]]:
    categories: dict[str, str] = {}
    factors: dict[str, list[Factor]] = defaultdict(list)
    inputs: dict[str, set[str]] = {}
    paths = [p for name in FOLDERS for p in sorted((hardware / name).rglob("*.yaml"))]
    for path in paths:
        data = read_yaml(path).data or {}
        for h in data.get("hardware") or []:
            categories[h["id"]] = h["category"]
        for f in data.get("factors") or []:
            factors[f["subject"]].append(Factor.from_record(f))
            inputs[f["id"]] = _inputs(f)
    return categories, factors, inputs


def read_parts(factors_root: Path, sources: frozenset[str] | None = None) -> dict[str, Part]:
    """Every accelerator of the catalog with the figures an instance sum uses; with
    ``sources``, only figures from (and derived only from) those sources (e.g.
    ``licensing.open_sources``: the sum the ``open`` bundle can carry)."""
    prio = Priorities(factors_root)
    categories, factors, inputs = _records(factors_root / "hardware")
    if sources is not None:
        # A derived value is open only if everything it derives from is (a sized
        # accelerator calibrated on share-alike LCAs cites our own source but is not).
        factors = defaultdict(
            list,
            {k: [f for f in fs if inputs[f.id] <= sources] for k, fs in factors.items()},
        )

    def power(fs: list[Factor], bases: tuple[str, ...]) -> Factor | None:
        for basis in bases:
            found = [f for f in fs if f.kind == "power" and f.unit == "W" and f.basis == basis]
            if found:
                return min(found, key=lambda f: (prio(f.source), -f.year, f.id))
        return None

    out: dict[str, Part] = {}
    for hid, category in sorted(categories.items()):
        own = factors.get(hid, [])
        cat = factors.get(CATEGORY_SUBJECT_PREFIX + category, [])
        out[hid] = Part(
            hid,
            category,
            power(own, FULL_BASES) or power(cat, FULL_BASES),
            power(own, IDLE_BASES) or power(cat, IDLE_BASES),
            default_embodied(own, prio) or default_embodied(cat, prio),
        )
    return out
