"""Electricity Maps zones with no live feed and no published mix: their values are modelled
(audit 1796636393, class a-E1).

Northwest Territories (CA-NT) 2023 was answered 112 g with no bounds and no word, although
Electricity Maps has no data feed, no zone emission factors and no yearly production mix for
the zone, and the only independent figure on file (Canada's submission to the UNFCCC, 2019
data, via Green Algorithms and Eco2AI: 200 g direct) lies 79% above it; 2023 was a low-water
year in which Yellowknife's grid ran on far more diesel than the series' rising renewable
share implies. A value with nothing measured behind it must say so and be bounded by what is
on file.

``MODELLED`` is every zone with a value in the Electricity Maps yearly file whose row in the
zone index on file (``electricitymaps/zones_index.csv``) has neither zone emission factors nor
a fallback (published yearly) mix, and whose zone configuration in the same snapshot
(electricitymaps-contrib ``config/zones/<zone>.yaml`` @ b354f28, read with git in a mirror; not
in the shared sources) names no ``parsers`` (no live or yearly data feed). Zones that lack both
flags but have a parser (mostly countries fed from Ember's yearly data) are not listed. A fact
about the configuration, copied from no file; the importers check it against the zone index
on file so the list cannot silently go stale.

Both Electricity Maps importers mark those zones' rows (``MARK`` in the method, relayed as a
warning by ``carbonfactors.resolve.row_notes.modelled`` from rules generation 11) and give them
bounds reaching the other figures on file for the zone (``_unknown_mix.other_figures``: Green
Algorithms and Eco2AI), or its country's where the zone has none (said as such). The central
value is kept: the other figures differ in year and basis, so they bound it.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ._unknown_mix import ZONES_CSV, other_figures, reach_other_figures

#: How a marked row's method starts its note (``carbonfactors.resolve.row_notes.MODELLED``).
MARK = "MODELLED: "
EVIDENCE = (
    "Electricity Maps has no data feed (no parsers in config/zones @ b354f28), no zone "
    "emission factors and no published yearly mix (electricitymaps/zones_index.csv) for "
    "{zone}, so its value is modelled, not measured"
)
MODELLED: frozenset[str] = frozenset({"CA-NL", "CA-NT", "CA-NU", "CW", "GI", "GS", "NP", "UZ"})


def check_index(sources_root: Path) -> None:
    """Raise if a listed zone has zone factors or a fallback mix in the index on file."""
    with (sources_root / ZONES_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            zone = row["zone_key"].strip()
            flags = (row["has_zone_emission_factors"], row["has_fallback_mix"])
            if zone in MODELLED and flags != ("False", "False"):
                raise ValueError(f"{ZONES_CSV}: {zone} is listed as modelled but has {flags}")


def mark_modelled(files: dict[str, dict[str, Any]], sources_root: Path) -> int:
    """Mark and bound the rows of ``files`` for zones in ``MODELLED`` (module doc); returns
    how many were marked. A sources tree without the zone index (another importer's test
    fixture), or files with no listed zone, mark nothing."""
    subjects = {r["subject"] for d in files.values() for r in d.get("factors") or ()}
    if not (sources_root / ZONES_CSV).is_file() or not subjects & MODELLED:
        return 0
    check_index(sources_root)
    figures = other_figures(sources_root)
    n = 0
    for data in files.values():
        for rec in data.get("factors") or ():
            zone = rec["subject"]
            if zone not in MODELLED or MARK in (rec.get("method") or ""):
                continue
            note = MARK + EVIDENCE.format(zone=zone) + reach_other_figures(rec, zone, figures)
            rec["method"] = f"{rec['method']} {note}." if rec.get("method") else f"{note}."
            n += 1
    return n
