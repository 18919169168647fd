"""Cloud Carbon Footprint's per-cloud-region grid factors, where their basis is known.

CCF's estimation constants give one grid emission factor per cloud region (tCO2e/kWh, in
``ccf-constants/ccf_region_emission_factors.csv``); its Methodology, Appendix V
(``ccf_methodology_appendixV_grid_factors.csv``) names the source of each. A row becomes a
factor only when that source tells us the basis and the year:

* US regions of AWS and Azure carry CCF's eGRID-based NERC-region constants (EPA eGRID2020
  NERC-region output emission rates: combustion at the plants) -> ``direct``, 2020.
* Regions Appendix V attributes to the EEA indicator "CO2 emission intensity of electricity
  generation" (combustion CO2 per kWh generated), with the same value as the code -> ``direct``.
  CCF names no data year; ``ccf-constants/SOURCE.md`` dates them "EEA ~2020" -> 2020.
* GCP location-based factors equal to Google's published 2021 "grid carbon intensity" of the
  region (Google's average operational gross emissions) -> ``direct``, 2021. 33 of CCF's
  single-region GCP values match Google's 2021 file and no other year matches as many.

Skipped, and counted by :func:`plan`: rows attributed to carbonfootprint.com (a compilation of
national factors whose definitions vary by country: basis not determinable), rows without
an attribution or whose Appendix V value differs from the code, GCP rows that differ from
Google's 2021 value, GCP CFE-adjusted rows (market-informed, not a grid intensity) and
multi-region sums, provider averages (``Unknown``), on-premise and bare NERC rows (not cloud
regions), and regions that have no cloud-region zone (``zones/cloud``, from ``cloud-regions``).

Re-run: ``carbonfactors import ccf-regions --sources /work/shared/sources`` (after
``cloud-regions``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from carbonfactors.kinds import factor_id

from ..factorfiles import read_yaml
from . import Importer, register
from ._common import header, number, read_csv, rounded, write_folder
from .cloud_regions_common import ALIBABA_REGIONS, azure_region_id
from .gcp_region_carbon import read_region_years

NAME = "ccf-regions"
SOURCE = "ccf-region-emission-factors"
FOLDER = Path("grid") / NAME
CCF_FACTORS = Path("ccf-constants/ccf_region_emission_factors.csv")
CCF_APPENDIX_V = Path("ccf-constants/ccf_methodology_appendixV_grid_factors.csv")
GOOGLE_FOLDER = Path("gcp-region-carbon-info")
UPSTREAM = (CCF_FACTORS, CCF_APPENDIX_V, GOOGLE_FOLDER / "yearly" / "2021.csv")
CLOUD_PROVIDERS = frozenset({"aws", "azure", "gcp", "alibaba"})
EXPECTED_UNIT = "tCO2e/kWh"
G_PER_T = 1_000_000
#: eGRID edition behind CCF's US NERC-region constants (ccf-constants/SOURCE.md).
EGRID_YEAR = 2020
#: CCF gives no year for its EEA values; ccf-constants/SOURCE.md dates them "EEA ~2020".
EEA_YEAR = 2020
#: The Google file CCF's GCP location-based factors equal (see the module docstring).
GOOGLE_YEAR = 2021
_NERC_NOTE = re.compile(r"^US NERC region (\w+) \(eGRID-based constant\)$")
_CONVERSION = " Converted from CCF's tCO2e/kWh: value = value_tco2e_per_kwh x 1,000,000."

#: Skip reasons, as counted in the plan.
NOT_A_REGION = "not a cloud region (on-premise, NERC constant or provider average)"
CFE_ADJUSTED = "GCP CFE-adjusted variant (market-informed, not a grid intensity)"
MULTI_REGION = "GCP multi/dual-region sum"
CARBONFOOTPRINT = "attributed to carbonfootprint.com: basis not determinable"
UNATTRIBUTED = "no source attribution matching the code value"
GOOGLE_MISMATCH = "GCP value differs from Google's 2021 value: year and basis unknown"
NO_ZONE = "no cloud-region zone"


@dataclass
class Plan:
    """Factors by cloud-region zone id, and what was skipped (reason -> upstream rows)."""

    factors: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)

    def skip(self, reason: str, provider: str, region: str) -> None:
        self.skipped.setdefault(reason, []).append(f"{provider}:{region}")

    def counts(self) -> Counter[str]:
        return Counter({reason: len(rows) for reason, rows in self.skipped.items()})


def _region_id(provider: str, region: str) -> str | None:
    if provider == "azure":
        return azure_region_id(region.rstrip("*").strip())
    if provider == "alibaba":
        return ALIBABA_REGIONS[region][0] if region in ALIBABA_REGIONS else None
    return region


def _appendix(sources_root: Path) -> dict[tuple[str, str], dict[str, str]]:
    """(provider, region id) -> Appendix V row; GCP only from its grid-factor table (2)."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for row in read_csv(sources_root / CCF_APPENDIX_V):
        provider = row["provider"].lower()
        if provider == "gcp" and row["table_in_section"] != "2":
            continue
        rid = _region_id(provider, row["region"])
        if rid is not None:
            out.setdefault((provider, rid), row)
    return out


def cloud_zones(factors_root: Path) -> set[str]:
    """Ids of the cloud-region zones in the tree (written by ``cloud-regions``)."""
    out: set[str] = set()
    folder = factors_root / "zones" / "cloud"
    for path in sorted(folder.rglob("*.yaml")) if folder.exists() else []:
        data = read_yaml(path).data
        for z in (data or {}).get("zones", []) or []:
            if z.get("type") == "cloud_region":
                out.add(str(z["id"]))
    return out


def _location(row: dict[str, str] | None) -> str:
    extra = (row or {}).get("extra", "")
    return f" ({extra.removeprefix('Location=')})" if extra.startswith("Location=") else ""


def plan(sources_root: Path, factors_root: Path) -> Plan:
    appendix = _appendix(sources_root)
    google = {
        r.region: r.intensity
        for r in read_region_years(sources_root / GOOGLE_FOLDER)
        if r.year == GOOGLE_YEAR
    }
    zones = cloud_zones(factors_root)
    out = Plan()
    for row in read_csv(sources_root / CCF_FACTORS):
        provider, region, note = row["provider"], row["region"], row["note"]
        if row["unit"] != EXPECTED_UNIT:
            raise ValueError(f"{CCF_FACTORS}: {provider}:{region}: unit {row['unit']!r}")
        tonnes = number(row["value"])
        if tonnes is None:
            raise ValueError(f"{CCF_FACTORS}: {provider}:{region}: no value")
        value = rounded(tonnes * G_PER_T)
        rid = _region_id(provider, region)
        if provider not in CLOUD_PROVIDERS or region == "Unknown" or rid is None:
            out.skip(NOT_A_REGION, provider, region)
            continue
        if row["variant"].startswith("CFE-adjusted"):
            out.skip(CFE_ADJUSTED, provider, region)
            continue
        if note.startswith("Sum of"):
            out.skip(MULTI_REGION, provider, region)
            continue
        doc = appendix.get((provider, rid))
        doc_same = doc is not None and number(doc["value_tco2e_per_kwh"]) == tonnes
        nerc = _NERC_NOTE.match(note)
        if nerc:
            year = EGRID_YEAR
            method = (
                f"CCF's constant for US NERC region {nerc.group(1)}, applied to this region: EPA "
                "eGRID2020 NERC-region average output emission rate, emissions from fuel "
                "combustion at generating plants per MWh generated (direct)."
            )
        elif provider == "gcp":
            if google.get(rid) != value:
                out.skip(GOOGLE_MISMATCH, provider, region)
                continue
            year = GOOGLE_YEAR
            method = (
                "CCF's location-based factor for this region, equal to Google's published 2021 "
                "grid carbon intensity of the region (Google's average operational gross "
                "emissions per kWh of grid electricity: direct)."
            )
        elif doc_same and doc is not None and doc["source_name"] == "EEA":
            year = EEA_YEAR
            method = (
                "CCF's factor for this region, attributed in CCF's Methodology (Appendix V) to "
                f"the EEA indicator 'CO2 emission intensity of electricity generation'"
                f"{_location(doc)}: combustion CO2 per kWh generated (direct). CCF states no "
                "data year; 2020 is the approximate year given by the ccf-constants notes "
                "('EEA ~2020')."
            )
        elif doc_same and doc is not None and doc["source_name"] == "carbonfootprint.com":
            out.skip(CARBONFOOTPRINT, provider, region)
            continue
        else:
            out.skip(UNATTRIBUTED, provider, region)
            continue
        zone = f"{provider}:{rid}"
        if zone not in zones:
            out.skip(NO_ZONE, provider, region)
            continue
        factor = {
            "id": factor_id("grid_intensity", zone, year, SOURCE),
            "kind": "grid_intensity",
            "subject": zone,
            "year": year,
            "value": value,
            "unit": "gCO2e/kWh",
            "basis": "direct",
            "source": SOURCE,
            "method": method + _CONVERSION,
            "inputs": {"value_tco2e_per_kwh": tonnes},
        }
        prior = out.factors.get(zone)
        if prior is not None:
            if prior["value"] != value or prior["year"] != year:
                raise ValueError(f"{CCF_FACTORS}: two different factors for {zone}")
            continue
        out.factors[zone] = factor
    return out


def convert(sources_root: Path, factors_root: Path) -> list[Path]:
    result = plan(sources_root, factors_root)
    files: dict[str, dict[str, Any]] = {}
    for zone, factor in sorted(result.factors.items()):
        provider, region = zone.split(":", 1)
        files[f"{provider}/{region}.yaml"] = {"factors": [factor]}
    return write_folder(factors_root / FOLDER, files, header(NAME, [str(p) for p in UPSTREAM]))


IMPORTER = register(
    Importer(
        name=NAME,
        description="Cloud-region grid factors from Cloud Carbon Footprint (direct, 2020-2021)",
        upstream=".",
        convert=convert,
        requires=("cloud-regions",),
    )
)
