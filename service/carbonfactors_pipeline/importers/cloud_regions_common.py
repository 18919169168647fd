"""Lookups shared by the cloud-region, Google region-carbon and PUE importers.

Cloud regions are named differently by every upstream (Azure display names, OVHcloud's
Electricity Maps ids, Alibaba's Chinese names), and a grid zone must be one our grid zones
know. These small crosswalks live here, each with the reason it exists, so the region
importer and the PUE importer agree on every region id.
"""

from __future__ import annotations

import re
from pathlib import Path

from ._common import read_csv

#: Zone keys with Electricity Maps yearly intensities: the grid zones we may map to.
CO2JS_YEARLY = Path("co2js/electricitymaps_yearly_2021_2025.csv")
#: Country index with ISO 3166-1 alpha-2 / alpha-3 codes and English names.
ECO2AI_INDEX = Path("eco2ai/carbon_index_trimmed.csv")

#: Our provider short name -> (display name, PUE operator id).
PROVIDERS: dict[str, tuple[str, str]] = {
    "aws": ("AWS", "aws"),
    "gcp": ("Google Cloud", "google"),
    "azure": ("Microsoft Azure", "microsoft"),
    "ovh": ("OVHcloud", "ovhcloud"),
    "alibaba": ("Alibaba Cloud", "alibaba"),
    "scaleway": ("Scaleway", "scaleway"),
    "coreweave": ("CoreWeave", "coreweave"),
    "seeweb": ("Seeweb", "seeweb"),
    "oci": ("Oracle Cloud Infrastructure", "oracle"),
}

#: Upstream provider spellings -> ours.
PROVIDER_ALIASES: dict[str, str] = {"ovhcloud": "ovh"}

#: Alibaba Cloud regions as CCF names them (Chinese display names) -> (region id, city).
#: The ids are Alibaba's public region ids for these cities; CCF lists no other regions.
ALIBABA_REGIONS: dict[str, tuple[str, str]] = {
    "华东1（杭州）": ("cn-hangzhou", "Hangzhou"),
    "华东2（上海）": ("cn-shanghai", "Shanghai"),
    "华东5（南京）": ("cn-nanjing", "Nanjing"),
    "华南1（深圳）": ("cn-shenzhen", "Shenzhen"),
    "华南2（河源）": ("cn-heyuan", "Heyuan"),
    "华南3（广州）": ("cn-guangzhou", "Guangzhou"),
    "华北1（青岛）": ("cn-qingdao", "Qingdao"),
    "华北2（北京）": ("cn-beijing", "Beijing"),
    "华北3（张家口）": ("cn-zhangjiakou", "Zhangjiakou"),
    "华北5（呼和浩特）": ("cn-huhehaote", "Hohhot"),
    "华北6（乌兰察布）": ("cn-wulanchabu", "Ulanqab"),
}

#: OVHcloud: Boavizta uses OVHcloud's own location names (``eu-west-gra``), Electricity Maps
#: its own ids (``fr-gravelines``). Ours are OVHcloud's; this maps them to the same site by
#: city so Electricity Maps' sub-national zone (e.g. CA-QC for Beauharnois) can be used.
#: ``-snc`` are the SecNumCloud-qualified regions on the same sites.
OVH_EM_SITE: dict[str, str] = {
    "eu-west-gra": "fr-gravelines",
    "eu-west-gra-snc": "fr-gravelines",
    "eu-west-rbx": "fr-roubaix",
    "eu-west-rbx-snc": "fr-roubaix",
    "eu-west-sbg": "fr-strasbourg",
    "eu-west-sbg-snc": "fr-strasbourg",
    "eu-west-par": "fr-paris",
    "eu-west-lim": "de-frankfurt",
    "eu-west-eri": "gb-london",
    "eu-central-waw": "pl-warsaw",
    "ca-east-bhs": "ca-beauharnois",
    "ca-east-tor": "ca-toronto",
    "ap-southeast-sgp": "sg-singapore",
    "ap-southeast-syd": "au-sydney",
    "ap-south-mum": "in-mumbai",
    "us-east-vin": "us-vint_hill",
    "us-west-hil": "us-hillsboro",
}

#: ML CO2 Impact's short OVHcloud codes -> OVHcloud location names.
OVH_MLCO2: dict[str, str] = {"bhs": "ca-east-bhs", "gra": "eu-west-gra"}

#: Country names spelled differently from Eco2AI's index.
COUNTRY_NAME_ALIASES: dict[str, str] = {"USA": "US"}

_AZURE_QUALIFIER = re.compile(r"\s*\((public)\)\s*$", re.IGNORECASE)


def azure_region_id(name: str) -> str:
    """``West US 2`` / ``WestUS2`` / ``Germany North (Public)`` -> ``westus2`` / ``germanynorth``."""
    return _AZURE_QUALIFIER.sub("", name).replace(" ", "").lower()


def known_zones(sources_root: Path) -> set[str]:
    """Grid zone ids a cloud region may map to: Electricity Maps zone keys with yearly data."""
    return {r["zone_key"] for r in read_csv(sources_root / CO2JS_YEARLY) if r["zone_key"]}


def countries(sources_root: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(ISO3 -> ISO2, English name -> ISO2, ISO2 -> English name) from Eco2AI's index."""
    iso3: dict[str, str] = {}
    by_name: dict[str, str] = dict(COUNTRY_NAME_ALIASES)
    names: dict[str, str] = {}
    for row in read_csv(sources_root / ECO2AI_INDEX):
        code2, code3 = row["alpha_2_code"], row["alpha_3_code"]
        if row["region"] != "Whole country" or not re.fullmatch(r"[A-Z]{2}", code2):
            continue
        iso3.setdefault(code3, code2)
        by_name.setdefault(row["country"], code2)
        names.setdefault(code2, row["country"])
    return iso3, by_name, names


def country_of(zone: str) -> str:
    """The country part of a zone key: ``US-MIDA-PJM`` -> ``US``, ``FR`` -> ``FR``."""
    return zone.split("-", 1)[0]
