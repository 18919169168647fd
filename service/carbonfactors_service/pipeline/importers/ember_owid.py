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
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path

from . import Importer, register
from ._common import header, write_folder
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
    return write_folder(
        factors_root / FOLDER,
        files,
        header(NAME, [str(p) for p in (OWID_CSV, ECO2AI_INDEX, CO2JS_MARGINAL)]),
    )


IMPORTER = register(
    Importer(
        name=NAME,
        description="Country grid intensity 2015+ (Ember via OWID, lifecycle, production-based)",
        upstream=".",
        convert=convert,
    )
)
