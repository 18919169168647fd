"""Screen ``grid-imports-known-error`` (audit 1796682238, class a-V1).

Electricity Maps' consumption (flow-traced) values price a zone's imports at the exporting
zone's intensity. Where ``factors/corrections.yaml`` records the exporter as a KNOWN UPSTREAM
ERROR (AU-VIC: brown coal priced as hard coal, too low), every importing zone inherits the
bias, unsaid: Tasmania 2017 was answered 128.64 [23..128.64], its bounds running only
downward while the Australian government's 180 (via Green Algorithms) and Eco2AI's 160 lie
above. Each consumption-basis Electricity Maps row of a zone in ``EXCHANGES`` of a
known-error zone must name the error in its method (a zone-and-source correction does) and
have bounds reaching every figure on file for the zone (Green Algorithms, Eco2AI). Never
excludes a value; a flag is a problem unless ``factors/screens.yaml`` keeps it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .grid_screens import GridFlag

RULE = "grid-imports-known-error"
RULES = (RULE,)
#: How a correction names a producer's error (``factors/corrections.yaml``).
KNOWN_ERROR = "KNOWN UPSTREAM ERROR"
#: The zones each known-error zone exports to, by interconnector (a fact of the network, no
#: number: AEMO, National Electricity Market interconnectors — Basslink to Tasmania, Heywood
#: and Murraylink to South Australia, VIC-NSW to New South Wales).
EXCHANGES: dict[str, tuple[str, ...]] = {"AU-VIC": ("AU-TAS", "AU-SA", "AU-NSW")}


def error_zones(corrections: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """Zones a zone-and-source correction records as a known upstream error."""
    return {
        str(c["subject"])
        for c in corrections.values()
        if c.get("id") is None and str(c.get("reason", "")).startswith(KNOWN_ERROR)
    }


def figures_for(root: Path) -> dict[str, list[tuple[float, str]]]:
    """The other figures on file per zone for the repository's own tree; {} for a fixture."""
    from .grid_screens import REPO, SOURCES
    from .importers._unknown_mix import other_figures

    if root.resolve() != (REPO / "factors").resolve():
        return {}
    return other_figures(SOURCES)


def flags(
    snapshot: Mapping[str, Any],
    corrections: Mapping[str, Mapping[str, Any]],
    figures: Mapping[str, list[tuple[float, str]]],
    exchanges: Mapping[str, tuple[str, ...]] = EXCHANGES,
) -> list[GridFlag]:
    """Every consumption-basis Electricity Maps row of a zone importing from a known-error
    zone that does not name the error or whose bounds miss a figure on file for the zone."""
    importers = {z: e for e in error_zones(corrections) for z in exchanges.get(e, ())}
    out: list[GridFlag] = []
    for f in snapshot.get("factors", ()):
        zone = f["subject"]
        if (
            f["kind"] != "grid_intensity"
            or zone not in importers
            or f.get("accounting") != "consumption"
            or not str(f["source"]).startswith("electricitymaps")
        ):
            continue
        v = float(f["value"])
        lo = f["low"] if f.get("low") is not None else v
        hi = f["high"] if f.get("high") is not None else v
        missed = [x for x, _ in figures.get(zone, ()) if not lo <= x <= hi]
        said = KNOWN_ERROR in (f.get("method") or "")
        if said and not missed:
            continue
        what = f"{zone} {f['year']} ({v:g} [{lo:g}..{hi:g}] {f['unit']}, {f['source']})"
        why = f"counts imports from {importers[zone]}, a {KNOWN_ERROR} (corrections.yaml)"
        if not said:
            why += ", yet its method does not say so"
        if missed:
            why += f"; its bounds miss the figures on file {', '.join(f'{x:g}' for x in missed)}"
        out.append(GridFlag(RULE, f["id"], f"{what} {why}"))
    return out
