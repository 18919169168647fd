"""Country CO2 intensity of electricity generation (EEA), 2000-2020, as shipped by CodeCarbon.

CodeCarbon's ``private_infra/2020/eu-carbon-intensity-electricity.csv`` is an Our World in
Data chart export of the European Environment Agency's indicator "CO2 emission intensity of
electricity generation": CO2 emitted by electricity generation (fuel combustion) per kWh
generated, gCO2/kWh. Combustion only, so these factors carry basis ``direct`` and never mix
with the default (lifecycle) country series. CO2 only: the value is stored as gCO2e/kWh
(the one unit of the kind) with that caveat in ``method``.

Countries are ISO 3166-1 alpha-3 upstream (``Code``) and become our ISO2 zone ids through
the shared crosswalk; the EU aggregates (``EU-27``, ``EU27+1``) carry no code and are not
imported. Years before 1990 would fall outside the validator's range and are dropped (none
in the current file).

Re-run: ``carbonfactors import eea-codecarbon --sources /work/shared/sources``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..fileschemas import FIRST_YEAR
from . import Importer, register
from ._common import header, number, read_csv, rounded, write_folder
from ._grid_common import (
    CO2JS_MARGINAL,
    ECO2AI_INDEX,
    iso3_to_iso2,
    owid_zone,
    year_of,
    zone_series_files,
)

NAME = "eea-codecarbon"
SOURCE = "eea-co2-intensity-electricity"
EEA_CSV = Path("codecarbon/private_infra/2020/eu-carbon-intensity-electricity.csv")
FOLDER = Path("grid") / NAME
VALUE_COLUMN = "Carbon intensity of electricity (gCO2/kWh)"
METHOD = (
    "EEA indicator 'CO2 emission intensity of electricity generation': CO2 from fuel "
    "combustion for electricity generation per kWh generated (direct, production-based; no "
    "upstream or supply-chain emissions; CO2 only, stored as gCO2e/kWh). Value as in "
    "CodeCarbon's copy of the Our World in Data chart export (gCO2/kWh)."
)


def read_series(sources_root: Path) -> dict[str, dict[int, float | int]]:
    """Zone -> year -> gCO2/kWh; aggregates without a code and pre-1990 years are dropped."""
    crosswalk = iso3_to_iso2(sources_root)
    rows = read_csv(sources_root / EEA_CSV)
    if rows and VALUE_COLUMN not in rows[0]:
        raise ValueError(f"{EEA_CSV}: no column {VALUE_COLUMN!r} (unit changed upstream?)")
    out: dict[str, dict[int, float | int]] = defaultdict(dict)
    for row in rows:
        code = row["Code"]
        raw = number(row[VALUE_COLUMN])
        if not code or raw is None:
            continue
        zone = owid_zone(code, crosswalk)
        if zone is None:
            raise ValueError(f"{EEA_CSV}: no zone for country code {code!r} ({row['Entity']})")
        year = year_of(row["Year"])
        if year < FIRST_YEAR:
            continue
        value = rounded(raw)
        if year in out[zone] and out[zone][year] != value:
            raise ValueError(f"{EEA_CSV}: two values for {zone} {year}")
        out[zone][year] = value
    return out


def convert(sources_root: Path, factors_root: Path) -> list[Path]:
    files = zone_series_files(
        read_series(sources_root), source=SOURCE, basis="direct", method=METHOD
    )
    return write_folder(
        factors_root / FOLDER,
        files,
        header(NAME, [str(p) for p in (EEA_CSV, ECO2AI_INDEX, CO2JS_MARGINAL)]),
    )


IMPORTER = register(
    Importer(
        name=NAME,
        description="European countries 2000-2020, EEA CO2 intensity of generation (direct)",
        upstream=".",
        convert=convert,
    )
)
