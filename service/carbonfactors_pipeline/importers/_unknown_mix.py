"""Electricity Maps values resting mostly on "unknown" production (audit 1796599352, a-B1).

Electricity Maps prices production it cannot attribute to a fuel ("unknown") at one fixed
factor per zone. Where that is most of a zone's production, its yearly value is a model more
than a measurement: New Brunswick's mix is 60-77% "unknown" in 2017-2024, priced at one 2019
mix factor, and its yearly values (134-161 g) sit 40% below the only official figures on file
for the province (Green Algorithms' 270 from Canada's submission to the UNFCCC, Eco2AI's 260),
yet they were answered with no bounds and no word.

So both Electricity Maps importers mark every zone-year whose own yearly production mix
(``electricitymaps/zone_fallback_power_origin_mix.csv``; the year's, or the zone's latest
earlier one) is more than ``THRESHOLD`` "unknown": the method says so (``MARK``, relayed as a
warning by ``carbonfactors.resolve.row_notes``) and the bounds reach the other figures on
file for the place: Green Algorithms' ``CI_aggregated.csv`` (CC BY 4.0) and Eco2AI's
``carbon_index.csv`` (Apache-2.0) rows for the zone, or, for a sub-national zone neither
lists, their rows for its country (said as such). The mix file is AGPL configuration data:
it only decides which rows are marked and is quoted as the reason; no shipped number comes
from it. The central value is kept: the other figures differ in year and basis (mostly
direct, production), so they bound the answer rather than replace it. The bounds widen
those an earlier step set (the method-step bounds of ``_em_archive_step``), never replace
them (audit 1796636393 a-B1).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

H = TypeVar("H")  # what a mark found for one zone-year

MIX_CSV = Path("electricitymaps/zone_fallback_power_origin_mix.csv")
ZONES_CSV = Path("electricitymaps/zones_index.csv")
GA_CSV = Path("green-algorithms/latest/CI_aggregated.csv")
ECO2AI_CSV = Path("eco2ai/carbon_index_trimmed.csv")
#: A zone-year whose mix is more than this share "unknown" is marked.
THRESHOLD = 0.5
#: How a marked row's method starts its note (``carbonfactors.resolve.row_notes.MOSTLY_UNKNOWN``).
MARK = "MOSTLY UNKNOWN: "


def unknown_shares(sources_root: Path) -> dict[str, dict[int, float]]:
    """Share of "unknown" in each zone's yearly production mix, by zone and year."""
    out: dict[str, dict[int, float]] = defaultdict(dict)
    with (sources_root / MIX_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            when = row["datetime"].strip()
            if row["mode"].strip() == "unknown" and when:
                out[row["zone_key"].strip()][int(when[:4])] = float(row["ratio"])
    return out


def share_for(shares: dict[int, float], year: int) -> tuple[int, float] | None:
    """The mix year used for ``year`` (itself, else the latest earlier one) and its share."""
    earlier = [y for y in shares if y <= year]
    if not earlier:
        return None
    y = max(earlier)
    return y, shares[y]


def _zone_names(sources_root: Path) -> dict[tuple[str, str], str]:
    """(country code, zone name) -> zone key, to match Eco2AI's region names."""
    out: dict[tuple[str, str], str] = {}
    with (sources_root / ZONES_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["country"].strip(), row["zone_name"].strip().lower()] = row["zone_key"].strip()
    return out


def other_figures(sources_root: Path) -> dict[str, list[tuple[float, str]]]:
    """Figures on file per zone key (countries by their alpha-2 code): (value, label)."""
    out: dict[str, list[tuple[float, str]]] = defaultdict(list)
    if not all((sources_root / p).is_file() for p in (GA_CSV, ECO2AI_CSV, ZONES_CSV)):
        raise FileNotFoundError(
            f"{sources_root}: {GA_CSV}, {ECO2AI_CSV} and {ZONES_CSV} are needed"
        )
    with (sources_root / GA_CSV).open(encoding="utf-8", newline="") as fh:
        next(fh)  # units line (green-algorithms SOURCE.md: two header lines)
        for row in csv.DictReader(fh):
            text = row["carbonIntensity"].strip()
            if row["Type"] in ("Country", "Region") and text:
                label = f"Green Algorithms {row['location']} {float(text):g} ({row['source']})"
                out[row["location"].strip()].append((float(text), label))
    names = _zone_names(sources_root)
    with (sources_root / ECO2AI_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code, region = row["alpha_2_code"].strip(), row["region"].strip()
            text = row["emission_intensity_kg_per_mwh"].strip()
            if not text:
                continue
            key = code if region == "Whole country" else names.get((code, region.lower()))
            if key:
                where = "" if region == "Whole country" else f" {region}"
                label = f"Eco2AI {row['country']}{where} {float(text):g} (undated)"
                out[key].append((float(text), label))
    return out


def reach_other_figures(
    rec: dict[str, Any], zone: str, figures: dict[str, list[tuple[float, str]]]
) -> str:
    """Widen ``rec``'s bounds to the other figures on file for ``zone`` (or its country's when
    the zone has none) and return the sentence saying so, for a row whose value is modelled.

    The bounds already set are kept (audit 1796636393 a-B1: IT-SAR 2015's method-step
    bounds 576.77..701.69 were replaced by 323.84..576.77): every bounds step widens, none
    replaces. The figures differ in year and basis, so they bound the value, never move it."""
    own = figures.get(zone, [])
    country = zone.split("-")[0]
    place = zone if own or country == zone else f"its country {country}"
    evidence = own or figures.get(country, [])
    if not evidence:
        return f"; no other figure for {zone} or its country is on file"
    v = float(rec["value"])
    before = [float(rec[b]) for b in ("low", "high") if rec.get(b) is not None]
    lo = round(min(v, *before, *(x for x, _ in evidence)), 2)
    hi = round(max(v, *before, *(x for x, _ in evidence)), 2)
    rec["low"], rec["high"] = lo, hi
    named = "; ".join(label for _, label in evidence)
    kept = " and keep the bounds set above" if before else ""
    return (
        f"; bounds {lo:g}..{hi:g} reach the other figures on file for {place} ({named}){kept}; "
        "those figures differ in year and basis, so they bound the value rather than replace it"
    )


def mark(files: dict[str, dict[str, Any]], sources_root: Path) -> int:
    """Mark the rows of ``files`` that rest mostly on "unknown" production (module doc);
    returns how many were marked. A sources tree without the mix file (a test fixture of
    another importer) marks nothing."""
    if not (sources_root / MIX_CSV).is_file():
        return 0
    shares = unknown_shares(sources_root)
    figures = other_figures(sources_root)
    n = 0
    for data in files.values():
        for rec in data.get("factors") or ():
            zone = rec["subject"]
            found = share_for(shares.get(zone, {}), int(rec["year"]))
            if found is None or found[1] <= THRESHOLD:
                continue
            mix_year, share = found
            note = (
                f"{MARK}{share:.0%} of {zone}'s production in Electricity Maps' own {mix_year} "
                "yearly mix is 'unknown' (electricitymaps-contrib zone configuration), priced "
                "at one fixed factor, so the value is modelled more than measured"
            )
            append_note(rec, note + reach_other_figures(rec, zone, figures))
            n += 1
    return n


def append_note(rec: dict[str, Any], note: str) -> None:
    """Each mark is its own sentence at the end of the row's method, after what the importer
    and earlier marks said, so a reader sees every reason in the order it was applied."""
    rec["method"] = f"{rec['method']} {note}." if rec.get("method") else f"{note}."


def mark_rows(
    files: dict[str, dict[str, Any]],
    found: Mapping[tuple[str, int], H],
    note: Callable[[dict[str, Any], H], str | None],
) -> int:
    """Append ``note(row, hit)`` to every row of ``files`` with a hit in ``found`` (keyed by
    zone and year) for which it returns a sentence; returns how many were marked. The marks
    differ in what they find and say, not in how they write it."""
    n = 0
    for data in files.values():
        for rec in data.get("factors") or ():
            hit = found.get((rec["subject"], int(rec["year"])))
            text = None if hit is None else note(rec, hit)
            if text is not None:
                append_note(rec, text)
                n += 1
    return n
