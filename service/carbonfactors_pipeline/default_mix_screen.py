"""Screen ``default-factor-mix`` (audit 1796669258, class a-F1).

An Electricity Maps yearly row whose zone's own yearly mix is at least 90% one fossil fuel
for which the zone has no emission factor of its own, and whose value matches that mix
priced at Electricity Maps' defaults (within 3%), is a default factor on a fixed mix, not a
measurement (``importers/_default_mix.py``). Served bare, it reads as measured, as AU-NT 2023
was (490 g, no bounds, no word, below every government figure on file: 540-620 g). Such a
row must carry the importer's mark (relayed as a ``MODELLED`` warning) and bounds; a marked
row without bounds (no other figure on file) is a problem unless a ``keep`` note in
``factors/screens.yaml`` says why the number stands alone. Never excludes a value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .grid_screens import GridFlag
from .importers._default_mix import MARK, DefaultMix, default_mixes

RULE = "default-factor-mix"
RULES = (RULE,)
SOURCE = "electricitymaps-yearly"


def found_for(root: Path, snapshot: Mapping[str, Any]) -> dict[tuple[str, int], DefaultMix]:
    """The default-factor zone-years of the snapshot's Electricity Maps rows when ``root`` is
    the repository's own factors tree and the shared sources are beside it; {} otherwise (a
    fixture tree: its marked rows are still screened)."""
    from .grid_screens import REPO, SOURCES

    if root.resolve() != (REPO / "factors").resolve():
        return {}
    years: dict[str, set[int]] = defaultdict(set)
    for f in snapshot.get("factors", ()):
        if f["kind"] == "grid_intensity" and f["source"] == SOURCE:
            years[f["subject"]].add(int(f["year"]))
    return default_mixes(SOURCES, years)


def flags(
    snapshot: Mapping[str, Any], found: Mapping[tuple[str, int], DefaultMix]
) -> list[GridFlag]:
    """Every Electricity Maps row that is a default factor on a fixed mix (``found``) yet is
    not marked, and every marked row without bounds."""
    out: list[GridFlag] = []
    for f in snapshot.get("factors", ()):
        if f["kind"] != "grid_intensity" or f["source"] != SOURCE:
            continue
        marked = MARK in (f.get("method") or "")
        hit = found.get((f["subject"], int(f["year"])))
        bare = f.get("low") is None and f.get("high") is None
        what = f"{f['subject']} {f['year']} ({f['value']:g} {f['unit']}, {f['source']})"
        if not marked and hit is not None and hit.matches(float(f["value"])):
            why = (
                f"is {hit.share:.0%} {hit.fuel} priced at Electricity Maps' default "
                f"{hit.factor:g} g ({hit.estimate:g}), a default factor on a fixed mix, yet "
                "is not marked as such"
            )
        elif marked and bare:
            why = "is a default factor on a fixed mix, yet carries no bounds"
        else:
            continue
        out.append(GridFlag(RULE, f["id"], f"{what} {why}"))
    return out
