"""Screen ``screens-import-cause`` (audit 1796647084, class a-S1).

A ``factors/screens.yaml`` note explaining the gap between Ember (production-based) and
Electricity Maps' yearly value (consumption-based) as "Cause: imports" must be possible on
the numbers on file. Bahrain 2022-2024's note said imports, citing Electricity Maps'
"production estimate" of 700; but Bahrain's Electricity Maps fallback mix is 100% "unknown",
so 700 is merely its default lifecycle factor for unknown production, and Electricity Maps
models no interconnector for Bahrain, so its consumption value (488) carries no imports.

An entry whose note gives imports as its cause is listed (a problem: rewrite the note) for
each of its years where

* the zone's Electricity Maps fallback production mix for the year is at least
  ``UNKNOWN_SHARE`` "unknown" (the "production estimate" is then the default factor); or
* Electricity Maps models no interconnector for the zone (``importers/_em_exchanges``); or
* the consumption value sits below both the note's production estimate and every directly
  connected zone's Electricity Maps value for the year (imports cannot pull it lower than
  all its sources).

Never excludes a value. The mix shares come from the shared sources when the validator runs
on the repository's own tree (``grid_screens.dated_for`` does the same); without them only
the other two tests run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .importers import _em_exchanges

RULE = "screens-import-cause"
#: How a note names the cause this screen checks.
CAUSE = "Cause: imports"
#: A fallback mix at least this share "unknown" makes the production estimate a default.
UNKNOWN_SHARE = 0.9
EM = "electricitymaps-yearly"
_ESTIMATE = re.compile(
    r"(\d{4}): Ember [\d.]+, Electricity Maps [\d.]+ \(its production estimate ([\d.]+)\)"
)


def estimates(note: str) -> dict[int, float]:
    """The production estimate the note quotes for each year."""
    return {int(y): float(v) for y, v in _ESTIMATE.findall(note)}


def em_values(factors: Iterable[Mapping[str, Any]]) -> dict[tuple[str, int], float]:
    """Electricity Maps' yearly value by (zone, year)."""
    return {
        (f["subject"], int(f["year"])): float(f["value"])
        for f in factors
        if f.get("kind") == "grid_intensity" and f.get("source") == EM
    }


def flags(
    explained: Sequence[Mapping[str, Any]],
    values: Mapping[tuple[str, int], float],
    shares: Mapping[str, Mapping[int, float]],
    neighbours: Callable[[str], Sequence[str]] = _em_exchanges.neighbours,
) -> list[str]:
    """One reason per ``Cause: imports`` entry the numbers on file rule out (module doc)."""
    out: list[str] = []
    for e in explained:
        note = str(e.get("note") or "")
        if not note.startswith(CAUSE):
            continue
        zone, near = str(e["subject"]), neighbours(str(e["subject"]))
        quoted = estimates(note)
        why: list[str] = []
        for year in e.get("years") or sorted(quoted):
            share = shares.get(zone, {}).get(year)
            own = values.get((zone, year))
            if share is not None and share >= UNKNOWN_SHARE:
                why.append(
                    f"{year}: its fallback mix is {share:.0%} 'unknown', so the production "
                    "estimate is Electricity Maps' default factor, not the zone's production"
                )
            elif not near:
                why.append(
                    f"{year}: Electricity Maps models no interconnector for {zone} "
                    f"({_em_exchanges.EVIDENCE}), so its value carries no imports"
                )
            elif own is not None and year in quoted:
                theirs = {z: values[(z, year)] for z in near if (z, year) in values}
                if own < quoted[year] and theirs and all(own < v for v in theirs.values()):
                    named = ", ".join(f"{z} {v:g}" for z, v in sorted(theirs.items()))
                    why.append(
                        f"{year}: {own:g} lies below its production estimate {quoted[year]:g} "
                        f"and every connected zone ({named}); imports cannot pull it lower"
                    )
        if why:
            out.append(f"{zone} note '{CAUSE}': " + "; ".join(why))
    return out


def shares_for(root: Path) -> dict[str, dict[int, float]]:
    """The zones' unknown shares when ``root`` is the repository's own factors tree and the
    shared sources are beside it; {} otherwise (a fixture tree)."""
    from .grid_screens import REPO, SOURCES
    from .importers._unknown_mix import MIX_CSV, unknown_shares

    if root.resolve() != (REPO / "factors").resolve() or not (SOURCES / MIX_CSV).exists():
        return {}
    return unknown_shares(SOURCES)
