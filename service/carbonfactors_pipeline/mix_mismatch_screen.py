"""Screen ``grid-mix-mismatch`` (audit 1796682238, class a-Y1).

An Electricity Maps yearly row whose own renewable share differs by more than 15 points from
the zone's published yearly mix, and whose value lies more than 1.5x from a figure on file
for the zone (``importers/_mix_mismatch.py``), is a model output neither supports. Served
bare, it reads as measured, as Yukon 2022 was (197 g, no bounds, no word; its mix 92% hydro,
the figures on file 101-111 g). Such a row must carry the importer's mark (or an earlier
``MOSTLY UNKNOWN`` / ``MODELLED`` one) and bounds reaching the figures more than 1.5x away.
Never excludes a value; a flag is a problem unless ``factors/screens.yaml`` keeps it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .grid_screens import GridFlag
from .importers._mix_mismatch import EARLIER, Mismatch, mismatches

RULE = "grid-mix-mismatch"
RULES = (RULE,)
SOURCE = "electricitymaps-yearly"


def found_for(root: Path, snapshot: Mapping[str, Any]) -> dict[tuple[str, int], Mismatch]:
    """The mismatching zone-years of the snapshot's Electricity Maps yearly rows when
    ``root`` is the repository's own factors tree and the shared sources are beside it; {}
    otherwise (a fixture tree)."""
    from .grid_screens import REPO, SOURCES

    if root.resolve() != (REPO / "factors").resolve():
        return {}
    rows = [
        (f["subject"], int(f["year"]), float(f["value"]))
        for f in snapshot.get("factors", ())
        if f["kind"] == "grid_intensity" and f["source"] == SOURCE
    ]
    return mismatches(SOURCES, rows)


def flags(snapshot: Mapping[str, Any], found: Mapping[tuple[str, int], Mismatch]) -> list[GridFlag]:
    """Every mismatching row (``found``) that is unmarked or whose bounds miss a far figure."""
    out: list[GridFlag] = []
    for f in snapshot.get("factors", ()):
        if f["kind"] != "grid_intensity" or f["source"] != SOURCE:
            continue
        hit = found.get((f["subject"], int(f["year"])))
        if hit is None:
            continue
        marked = any(m in (f.get("method") or "") for m in EARLIER)
        v = float(f["value"])
        lo = f["low"] if f.get("low") is not None else v
        hi = f["high"] if f.get("high") is not None else v
        missed = [x for x, _ in hit.far if not lo <= x <= hi]
        if marked and not missed:
            continue
        what = f"{f['subject']} {f['year']} ({v:g} {f['unit']}, {f['source']})"
        why = (
            f"has a renewable share of {hit.row_renewable:g}% against {hit.mix_renewable:.0f}% in "
            f"Electricity Maps' own {hit.mix_year} published mix, and figures on file more than "
            "1.5x away"
        )
        why += (
            f", yet its bounds {lo:g}..{hi:g} miss {', '.join(f'{x:g}' for x in missed)}"
            if marked
            else ", yet is not marked (MIX MISMATCH)"
        )
        out.append(GridFlag(RULE, f["id"], f"{what} {why}"))
    return out
