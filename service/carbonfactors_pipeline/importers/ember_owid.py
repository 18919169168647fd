"""Country grid intensity by year from Ember's series as published by Our World in Data.

The default country series (source priority 10): lifecycle, production-based annual
averages for 200+ countries from 2015, Ember's 2026 release as exported by OWID
(``owid-ember-2026/``: 195 countries with 2024, 90 with 2025). It supersedes the 2025 export
(``owid-ember-carbon-intensity/``), whose values Ember has since revised: one vintage is
served, so a country's series never mixes two releases. Factor ids keep their meaning
(Ember's value for that zone and year), so a revised value is a correction, listed as
changed between dataset versions. A country-year missing upstream stays missing: no
interpolation, no carrying forward (the API resolves the nearest earlier year and says so).
Aggregates without an ISO code ("EU (Ember)", "Asia", income groups) are not imported;
OWID's World becomes the ``WORLD`` aggregate zone.

A tiny grid (Ember's total generation below ``TINY_TWH``) has an intensity that is a ratio
of two totals rounded to two decimals (the Falklands' 500 and 1000 are 0.01 Mt over 0.02 and
0.01 TWh; audit 1796606525 a-R1): its value gets the rounding interval as bounds, the
generation it rests on as ``inputs``, and a method note saying so (``tiny_grid``).
A one-year spike in a zone's total generation that its intensity follows gets bounds
reaching the neighbouring years and a note (``_generation_spike``, audit 1796658609 a-G1).
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path

import yaml

from . import Importer, register
from ._common import header, write_folder
from ._generation_spike import mark as mark_spikes
from ._grid_common import (
    CO2JS_MARGINAL,
    ECO2AI_INDEX,
    iso3_to_iso2,
    owid_zone,
    year_of,
    zone_series_files,
)

NAME = "ember-owid"
SOURCE = "ember-owid"
OWID_CSV = Path("owid-ember-2026/owid_carbon_intensity_elec_2015_plus.csv")
GENERATION_CSV = Path("owid-ember-2026/electricity-generation.csv")
#: Ember's generation by fossil fuel (TWh), per (zone, year): the mix of a BELOW DIRECT uplift.
FOSSIL_CSV = {
    fuel: Path(f"owid-ember-2026/electricity-{fuel}.csv") for fuel in ("coal", "gas", "oil")
}
FOSSIL_MARK = "FOSSIL MIX"
#: Below this total generation (TWh, two decimals upstream) a ratio of rounded totals is
#: too coarse to stand without its rounding interval (audit 1796606525 a-R1: 0.1 TWh).
TINY_TWH = 0.1
#: Half the last decimal of Ember's totals (Mt CO2e and TWh, two decimals).
HALF_UNIT = 0.005
FOLDER = Path("grid") / SOURCE
METHOD = (
    "OWID carbon_intensity_elec: annual greenhouse-gas emissions of electricity generation "
    "per kWh generated (Ember); production-based, imports not included; lifecycle emission "
    "factors (upstream methane, supply chain, manufacturing; all gases, GWP100)."
)


def convert(sources_root: Path, factors_root: Path) -> list[Path]:
    crosswalk = iso3_to_iso2(sources_root)
    by_zone: dict[str, dict[int, float]] = defaultdict(dict)
    with (sources_root / OWID_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            zone = owid_zone(row["iso_code"].strip(), crosswalk)
            text = row["carbon_intensity_elec"].strip()
            if zone is None or not text:
                continue
            value = float(text)
            if not math.isfinite(value):
                continue
            year = year_of(row["year"])
            if year in by_zone[zone] and by_zone[zone][year] != value:
                raise ValueError(f"{OWID_CSV}: two values for {zone} {year}")
            by_zone[zone][year] = value
    files = zone_series_files(
        by_zone, source=SOURCE, basis="lifecycle", method=METHOD, accounting="production"
    )
    generation = _generation(sources_root, crosswalk)
    ceiling = _ceiling(factors_root)
    fossil = _fossil(sources_root, crosswalk)
    for doc in files.values():
        for f in doc["factors"]:
            twh = generation.get((f["subject"], f["year"]))
            if twh is not None and 0 < twh < TINY_TWH:
                f.update(tiny_grid(f["value"], twh, ceiling))
        mark_spikes(doc["factors"], generation)  # audit 1796658609 a-G1
        for f in doc["factors"]:  # audit 1796672257 a-D3
            mix = fossil.get((f["subject"], f["year"]))
            if mix is not None:
                f["method"] = f"{f['method']} {fossil_mark(mix)}"
    return write_folder(
        factors_root / FOLDER,
        files,
        header(
            NAME,
            [
                str(p)
                for p in (
                    OWID_CSV,
                    GENERATION_CSV,
                    *FOSSIL_CSV.values(),
                    ECO2AI_INDEX,
                    CO2JS_MARGINAL,
                )
            ],
        ),
    )


def _generation(sources_root: Path, crosswalk: dict[str, str]) -> dict[tuple[str, int], float]:
    """Ember's total generation (TWh) by (zone, year), from the OWID grapher export."""
    out: dict[tuple[str, int], float] = {}
    path = sources_root / GENERATION_CSV
    if not path.exists():
        return out
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            zone = owid_zone(row["Code"].strip(), crosswalk)
            text = row["Total electricity"].strip()
            if zone is not None and text:
                out[(zone, year_of(row["Year"]))] = float(text)
    return out


def _fossil(
    sources_root: Path, crosswalk: dict[str, str]
) -> dict[tuple[str, int], dict[str, float]]:
    """Ember's fossil generation (TWh) by fuel, by (zone, year), where any is above zero:
    the mix the engine weighs the fuel chain's uplift by (generation 18, audit 1796672257
    a-D3: Cyprus 2019 is 4.63 TWh of oil and no coal)."""
    out: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
    for fuel, path in FOSSIL_CSV.items():
        if not (sources_root / path).exists():
            return {}
        with (sources_root / path).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                zone = owid_zone(row["Code"].strip(), crosswalk)
                text = row[fuel.capitalize()].strip()
                if zone is not None and text:
                    out[(zone, year_of(row["Year"]))][fuel] = float(text)
    return {k: v for k, v in out.items() if sum(v.values()) > 0}


def fossil_mark(mix: dict[str, float]) -> str:
    """The method note's fossil-mix sentence (``carbonfactors.resolve.direct_mix.MARK``)."""
    parts = ", ".join(f"{fuel} {mix.get(fuel, 0.0):g}" for fuel in FOSSIL_CSV)
    return f"{FOSSIL_MARK}: {parts} TWh (Ember via OWID)."


def _ceiling(factors_root: Path) -> tuple[float, str] | None:
    """The highest lifecycle intensity of any generation technology on file (the high end
    of its range, ``grid/technologies``; coal's 910 g, IPCC AR5) and its factor id: no
    grid's intensity can lie above it, so a rounding interval is capped there."""
    best: tuple[float, str] | None = None
    for path in sorted((factors_root / "grid" / "technologies").glob("*.yaml")):
        for f in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("factors") or ():
            if f.get("kind") != "grid_intensity" or f.get("basis") != "lifecycle":
                continue
            top = f.get("high", f["value"])
            if best is None or top > best[0]:
                best = (float(top), str(f["id"]))
    return best


def tiny_grid(
    value: float, twh: float, ceiling: tuple[float, str] | None = None
) -> dict[str, object]:
    """Bounds, inputs and method of a tiny grid's value: the intensity (g/kWh = kt/TWh) is
    emissions over generation, both rounded to two decimals upstream, so each total lies
    within ``HALF_UNIT`` of its printed figure and the ratio within the interval below; its
    high end is capped at ``ceiling`` (never below the value itself)."""
    mt = round(value * twh / 1000, 2)  # the printed emissions total the ratio came from
    low = max(mt - HALF_UNIT, 0.0) / (twh + HALF_UNIT) * 1000
    high = (mt + HALF_UNIT) / (twh - HALF_UNIT) * 1000 if twh > HALF_UNIT else None
    capped = ""
    if ceiling is not None and (high is None or high > ceiling[0]):
        high, capped = (
            ceiling[0],
            (
                f", its high end capped at the highest lifecycle intensity of any technology "
                f"({ceiling[0]:g}, {ceiling[1]})"
            ),
        )
    out: dict[str, object] = {
        "low": round(min(low, value), 2),
        "inputs": {"generation_twh": twh, "emissions_mt": mt},
        "method": (
            f"{METHOD} Tiny grid: Ember's totals are {mt:g} Mt CO2e over {twh:g} TWh, both "
            "rounded to two decimals, so the value is a ratio of rounded totals; low/high are "
            f"the rounding interval ({mt:g} ± 0.005 Mt over {twh:g} ± 0.005 TWh){capped}, not "
            "a measured spread (audit 1796606525 a-R1)."
        ),
    }
    if high is not None:
        out["high"] = round(max(high, value), 2)
    return out


IMPORTER = register(
    Importer(
        name=NAME,
        description="Country grid intensity 2015+ (Ember via OWID, lifecycle, production-based)",
        upstream=".",
        convert=convert,
    )
)
