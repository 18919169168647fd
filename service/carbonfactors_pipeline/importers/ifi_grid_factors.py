"""Marginal grid factors per country: the Harmonized IFI Default Grid Factors 2021 v3.1.

These are marginal factors for project accounting, never location-based averages, so they
are filed under basis ``marginal`` and never compete with the lifecycle default. Of the
table's five columns we import the operating margin (OM), the emission rate of the existing
plants whose output changes with demand, which the IFI table marks for GHG accounting
(PCAF); the four combined-margin columns (which blend in new-build plants by project type)
are not imported. Rows without an ISO code (Azores, Madeira, Channel Islands, the EU-27
memo line) and blank cells are skipped.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

from carbonfactors.kinds import factor_id

from . import Importer, register
from ._common import header, write_folder
from ._grid_common import ifi_name_to_iso3, iso3_to_iso2

NAME = "ifi-grid-factors"
SOURCE = "ifi-harmonized-grid-factors"
IFI_CSV = Path("co2js/IFI_Default_Grid_Factors_2021_v3.1_unfccc.csv")
FOLDER = Path("grid") / SOURCE
YEAR = 2021
#: Column of the operating-margin factor (after the name and four combined-margin columns).
OM_COLUMN = 5
HEADER_LINES = 3
METHOD = (
    "Harmonized IFI Default Grid Factors 2021 v3.1 (UNFCCC), operating margin (OM) grid "
    "emission factor as published in gCO2/kWh (CO2 only, combustion at the plants). A "
    "marginal factor for project and financed-emissions accounting, not an annual average."
)


def read_om(sources_root: Path) -> dict[str, tuple[str, float]]:
    """Zone -> (IFI name, OM factor), for every row with an ISO code and an OM value."""
    crosswalk = iso3_to_iso2(sources_root)
    names = ifi_name_to_iso3(sources_root)
    out: dict[str, tuple[str, float]] = {}
    with (sources_root / IFI_CSV).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    for row in rows[HEADER_LINES:]:
        if len(row) <= OM_COLUMN or not row[0].strip() or not row[OM_COLUMN].strip():
            continue
        name = row[0].strip()
        iso2 = crosswalk.get(names.get(name, ""))
        if iso2 is None:
            continue
        value = float(row[OM_COLUMN].strip())
        if not math.isfinite(value):
            continue
        if iso2 in out:
            raise ValueError(f"{IFI_CSV}: '{name}' and '{out[iso2][0]}' both map to {iso2}")
        out[iso2] = (name, value)
    return out


def convert(sources_root: Path, factors_root: Path) -> list[Path]:
    files: dict[str, dict[str, Any]] = {}
    for zone, (_name, value) in read_om(sources_root).items():
        files[f"{zone}.yaml"] = {
            "factors": [
                {
                    "id": factor_id("grid_intensity", zone, YEAR, SOURCE),
                    "kind": "grid_intensity",
                    "subject": zone,
                    "year": YEAR,
                    "value": value,
                    "unit": "gCO2e/kWh",
                    "basis": "marginal",
                    "source": SOURCE,
                    "method": METHOD,
                }
            ]
        }
    head = header(NAME, [str(IFI_CSV), "co2js/output/marginal-intensities-2021.json"])
    return write_folder(factors_root / FOLDER, files, head)


IMPORTER = register(
    Importer(
        name=NAME,
        description="Marginal (operating margin) grid factors per country, IFI 2021 v3.1",
        upstream=".",
        convert=convert,
    )
)
