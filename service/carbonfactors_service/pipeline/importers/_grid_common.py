"""Helpers shared by the grid-zone and grid-intensity importers.

Upstream grid datasets name countries three ways (ISO 3166-1 alpha-3 in OWID/Ember, alpha-2
in Electricity Maps, English names in the IFI table); our zone ids are alpha-2. The
crosswalk is built here, from files in the sources folder, so that every importer maps a
country to the same zone id.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

#: Crosswalk inputs, relative to the sources root (see /work/shared/sources/README.md).
ECO2AI_INDEX = Path("eco2ai/carbon_index_trimmed.csv")
CO2JS_MARGINAL = Path("co2js/output/marginal-intensities-2021.json")

#: OWID's own codes for entities without an ISO 3166-1 code. Kosovo has the user-assigned
#: alpha-2 code XK (used by the EU, Electricity Maps and Ember); the world is an aggregate.
OWID_SPECIAL_CODES: dict[str, str] = {"OWID_KOS": "XK", "OWID_WRL": "WORLD"}

#: The only aggregate zone we keep (OWID's "World").
WORLD = "WORLD"

_ISO2 = re.compile(r"^[A-Z]{2}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


def is_iso2(code: str) -> bool:
    """Whether ``code`` looks like an ISO 3166-1 alpha-2 code (``XX`` is a placeholder)."""
    return bool(_ISO2.match(code)) and code != "XX"


def iso3_to_iso2(sources_root: Path) -> dict[str, str]:
    """ISO3 -> ISO2 for every country either crosswalk file knows.

    Eco2AI's country index wins; co2.js's IFI table fills what it lacks (Hong Kong, Macao,
    and Namibia, whose ``NA`` Eco2AI lost to a pandas NaN). co2.js is not trusted where the
    two disagree: it codes the Cayman Islands ``CY``, which is Cyprus.
    """
    out: dict[str, str] = {}
    with (sources_root / ECO2AI_INDEX).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["region"] != "Whole country":
                continue
            iso3, iso2 = row["alpha_3_code"].strip(), row["alpha_2_code"].strip()
            if _ISO3.match(iso3) and is_iso2(iso2):
                out[iso3] = iso2
    taken = set(out.values())
    for entry in _co2js_marginal(sources_root).values():
        iso3 = str(entry.get("country_code_iso_3") or "").strip()
        iso2 = str(entry.get("country_code_iso_2") or "").strip()
        if _ISO3.match(iso3) and is_iso2(iso2) and iso3 not in out and iso2 not in taken:
            out[iso3] = iso2
            taken.add(iso2)
    return out


def _co2js_marginal(sources_root: Path) -> dict[str, dict[str, Any]]:
    with (sources_root / CO2JS_MARGINAL).open(encoding="utf-8") as fh:
        data: dict[str, dict[str, Any]] = json.load(fh)
    return data


#: IFI rows whose codes in co2.js's JSON are wrong: the Canary Islands (no ISO 3166-1 code;
#: ISO 3166-2 ES-CN) carry the Cayman Islands' CYM there.
IFI_MISCODED = frozenset({"Canary Islands (Spain)"})


def ifi_name_to_iso3(sources_root: Path) -> dict[str, str]:
    """IFI country/territory name (as in the IFI CSV, stripped) -> ISO3, from co2.js's JSON."""
    out: dict[str, str] = {}
    for name, entry in _co2js_marginal(sources_root).items():
        if name.strip() in IFI_MISCODED:
            continue
        iso3 = str(entry.get("country_code_iso_3") or "").strip()
        if _ISO3.match(iso3):
            out[name.strip()] = iso3
    return out


def owid_zone(code: str, crosswalk: dict[str, str]) -> str | None:
    """Our zone id for an OWID ``iso_code``; None for aggregates without a code."""
    if code in OWID_SPECIAL_CODES:
        return OWID_SPECIAL_CODES[code]
    return crosswalk.get(code)


def year_of(text: str) -> int:
    """Parse a calendar year from upstream text, refusing anything that is not one."""
    value = text.strip()
    if not re.fullmatch(r"\d{4}", value):
        raise ValueError(f"not a year: {text!r}")
    return int(value)


def zone_series_files(
    series: dict[str, dict[int, float]],
    *,
    source: str,
    basis: str,
    method: str,
    accounting: str | None = None,
) -> dict[str, dict[str, Any]]:
    """One factor file per zone (``<ZONE>.yaml``) holding its annual values, year by year.

    Every annual grid series (Ember, Electricity Maps, EEA...) is filed the same way, so a
    reviewer finds a zone's values from any source under the same name. ``accounting``
    (``production`` or ``consumption``: are imports counted?) is written on every factor
    when the source states it, so two series of one zone can be told apart.
    """
    extra = {} if accounting is None else {"accounting": accounting}
    return {
        f"{zone}.yaml": {
            "factors": [
                {
                    "id": f"grid_intensity:{zone}:{year}:{source}",
                    "kind": "grid_intensity",
                    "subject": zone,
                    "year": year,
                    "value": years[year],
                    "unit": "gCO2e/kWh",
                    "basis": basis,
                    **extra,
                    "source": source,
                    "method": method,
                }
                for year in sorted(years)
            ]
        }
        for zone, years in sorted(series.items())
    }
