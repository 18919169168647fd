"""Electricity Maps values that are a default emission factor on a fixed mix (audit 1796669258,
class a-F1).

Where one fossil fuel is nearly all of a zone's production and Electricity Maps holds no
emission factor of its own for that fuel in the zone, its yearly value is the mix priced at
the generic IPCC 2014 lifecycle medians of its ``config/defaults.yaml`` (coal 820, gas 490,
oil 650): a default factor on a fixed mix, not a measured intensity of the zone's plants.
Northern Territory (AU-NT) 2021-2025 reads 489-503 g, 97-99% gas at the combined-cycle median
490, flat for five years, and was answered with no bounds and no word, though every
government-derived figure on file for the Territory is higher (Green Algorithms 620 for the
Territory and 540 for its Darwin-Katherine system, Eco2AI 570; Australian National
Greenhouse Accounts, 2019 data, relayed) and at least the 540 is by its level a
combustion-only figure, which a lifecycle value should not undercut.

So the yearly importer marks every zone-year whose own yearly production mix
(``electricitymaps/zone_fallback_power_origin_mix.csv``; the year's, or the zone's latest
earlier one) is at least ``SHARE`` one of ``FOSSIL``, for which the zone has no lifecycle
factor of its own in ``electricitymaps/zone_emission_factors.csv`` (only the ``_DEFAULT_``
row applies), and whose value lies within ``MATCH`` of that mix priced at the factors that
apply (the zone's own where it has one, else the default) or of the fuel's default itself:
the method says so (``MARK``, relayed as a warning by
``carbonfactors.resolve.row_notes.modelled``, rules generation 11, so no engine change) and the bounds reach the other figures on file for the zone (Green
Algorithms and Eco2AI via ``_unknown_mix.other_figures``; numbered sub-systems such as
Green Algorithms' ``AU-NT2`` count as the zone's), or, for a country, its own. A sub-national
zone with no figure of its own is not bounded by its country's (Ceuta's and Melilla's oil-fired
grids are not mainland Spain's); its note says nothing else is on file. The mix and factor
files are AGPL configuration data: they decide which rows are marked and are quoted as the
reason; no shipped number comes from them. The central value is kept: the other figures
differ in year and basis (mostly direct, production), so they bound it.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._unknown_mix import MIX_CSV, mark_rows, other_figures, reach_other_figures, share_for

FACTORS_CSV = Path("electricitymaps/zone_emission_factors.csv")
#: Fuels whose generic default is a plant-efficiency assumption (IPCC 2014 lifecycle medians).
FOSSIL = ("coal", "gas", "oil")
#: A zone-year whose mix is at least this share one fuel priced at its default is a candidate.
SHARE = 0.9
#: ... and is marked when its value lies within this share of the mix priced at the factors.
MATCH = 0.03
#: How a marked row's note starts: ``MODELLED: `` is what rules generation 11 relays.
MARK = "MODELLED: default factor on a fixed mix: "


@dataclass(frozen=True)
class DefaultMix:
    """One zone-year whose mix is one fuel priced at Electricity Maps' default factor."""

    mix_year: int
    fuel: str
    share: float
    factor: float
    estimate: float

    def matches(self, value: float) -> bool:
        """Whether ``value`` is this mix priced at the factors, or the fuel's default factor
        itself (the whole zone priced as that fuel: Qatar's flat 490), within ``MATCH``."""
        return any(abs(value - x) <= MATCH * x for x in (self.estimate, self.factor))


def _mixes(sources_root: Path) -> dict[str, dict[int, dict[str, float]]]:
    """Each zone's yearly production mix by year and mode (dated rows only)."""
    out: dict[str, dict[int, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    with (sources_root / MIX_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            when = row["datetime"].strip()
            if when:
                out[row["zone_key"].strip()][int(when[:4])][row["mode"].strip()] = float(
                    row["ratio"]
                )
    return out


def _factors(sources_root: Path) -> dict[str, dict[str, list[tuple[int, float]]]]:
    """Lifecycle factors by zone (``_DEFAULT_`` included) and mode: (valid from, value)."""
    out: dict[str, dict[str, list[tuple[int, float]]]] = defaultdict(lambda: defaultdict(list))
    with (sources_root / FACTORS_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["kind"].strip() != "lifecycle":
                continue
            when = row["datetime"].strip()
            out[row["zone_key"].strip()][row["mode"].strip()].append(
                (int(when[:4]) if when else 0, float(row["value_gco2eq_per_kwh"]))
            )
    return out


def _factor(
    factors: dict[str, dict[str, list[tuple[int, float]]]], zone: str, mode: str, year: int
) -> tuple[float, bool] | None:
    """The lifecycle factor for ``mode`` in ``zone`` in ``year`` and whether it is the default."""
    for key in (zone, "_DEFAULT_"):
        valid = [x for x in factors.get(key, {}).get(mode, ()) if x[0] <= year]
        if valid:
            return max(valid)[1], key == "_DEFAULT_"
    return None


def default_mixes(
    sources_root: Path, years: dict[str, set[int]]
) -> dict[tuple[str, int], DefaultMix]:
    """The zone-years of ``years`` (zone -> years asked) that are a default factor on a mix."""
    if not all((sources_root / p).is_file() for p in (MIX_CSV, FACTORS_CSV)):
        return {}
    mixes, factors = _mixes(sources_root), _factors(sources_root)
    out: dict[tuple[str, int], DefaultMix] = {}
    for zone, asked in years.items():
        by_year = mixes.get(zone, {})
        for year in asked:
            found = share_for({y: 0.0 for y in by_year}, year)
            if found is None:
                continue
            mix = by_year[found[0]]
            fuel, share = max(mix.items(), key=lambda kv: kv[1])
            priced = _factor(factors, zone, fuel, year)
            if fuel not in FOSSIL or share < SHARE or priced is None or not priced[1]:
                continue
            estimate = sum(
                s * (_factor(factors, zone, m, year) or (0.0, True))[0] for m, s in mix.items()
            )
            out[zone, year] = DefaultMix(found[0], fuel, share, priced[0], round(estimate, 1))
    return out


def _evidence(figures: dict[str, list[tuple[float, str]]], zone: str) -> list[tuple[float, str]]:
    """The zone's own figures and its numbered sub-systems' (Green Algorithms ``AU-NT2``)."""
    return [
        x
        for key, rows in sorted(figures.items())
        if key == zone or (key.startswith(zone) and key[len(zone) :].isdigit())
        for x in rows
    ]


def note_for(
    rec: dict[str, Any], found: DefaultMix, figures: dict[str, list[tuple[float, str]]]
) -> str:
    """Bound ``rec`` by the figures on file for its zone and return its note (module doc)."""
    zone, value = rec["subject"], float(rec["value"])
    note = (
        f"{MARK}{found.share:.0%} of {zone}'s production in Electricity Maps' own "
        f"{found.mix_year} yearly mix is {found.fuel}, for which the zone has no emission "
        f"factor of its own, so it is priced at the generic IPCC 2014 lifecycle median for "
        f"{found.fuel} ({found.factor:g} g, Electricity Maps config/defaults.yaml); the value "
        f"({value:g}) matches that mix priced at those factors ({found.estimate:g}) or the "
        f"default itself within {MATCH:.0%}, so it is a default factor on a fixed mix, not a measured intensity of "
        "the zone's plants, whose efficiency may differ widely from the median's"
    )
    own = _evidence(figures, zone)
    if not own and zone.split("-")[0] != zone:
        return (
            f"{note}; no other figure for {zone} is on file (its country's describe another "
            "grid), so no bounds are set"
        )
    note += reach_other_figures(rec, zone, {zone: own} if own else {})
    if own and all(x > value for x, _ in own):
        note += (
            "; every one of them lies above this lifecycle value, though such official "
            "figures are mostly direct (combustion-only), so the default factor likely "
            "understates the zone"
        )
    return note


def mark_default(files: dict[str, dict[str, Any]], sources_root: Path) -> int:
    """Mark and bound the rows of ``files`` that are a default factor on a fixed mix (module
    doc); returns how many were marked. A sources tree without the mix or factor file (another
    importer's test fixture) marks nothing; a row already marked ``MODELLED`` is left alone."""
    years: dict[str, set[int]] = defaultdict(set)
    for data in files.values():
        for rec in data.get("factors") or ():
            years[rec["subject"]].add(int(rec["year"]))
    found = default_mixes(sources_root, years)
    if not found:
        return 0
    figures = other_figures(sources_root)

    def note(rec: dict[str, Any], hit: DefaultMix) -> str | None:
        if not hit.matches(float(rec["value"])) or "MODELLED: " in (rec.get("method") or ""):
            return None
        return note_for(rec, hit, figures)

    return mark_rows(files, found, note)
