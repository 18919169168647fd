"""PUE figures published by operators and the Uptime Institute, from ``pue_published.csv``.

The table was transcribed from the operators' own pages (Google per campus, Microsoft per
geography, AWS fleet-wide) and from the Uptime Institute's yearly surveys. Each row becomes
one ``pue`` factor; Google campuses and Microsoft geographies become ``campus`` subjects
under their operator (the operator records themselves live in the hand-written
``pue/<operator>.yaml`` files). Output: ``pue/published/<operator>.yaml``.

Re-run: ``carbonfactors import pue-published --sources /work/shared/sources``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import Importer, register
from ._common import header, number, read_csv, rounded, slugify, write_folder

NAME = "pue-published"
OUT = Path("pue/published")
FILE = "pue_published.csv"

#: Upstream provider -> our operator id.
OPERATORS = {"gcp": "google", "azure": "microsoft", "aws": "aws", "industry": "industry"}

#: Publisher page -> source id (factors/sources.yaml). Unknown pages stop the import.
PUBLISHERS = {
    "https://sustainability.aboutamazon.com/products-services/aws-cloud": "aws-sustainability",
    "https://datacenters.microsoft.com/sustainability/efficiency/": (
        "microsoft-datacenter-efficiency"
    ),
    "https://datacenters.google/efficiency/": "google-datacenter-efficiency",
}

#: AWS's page states the *previous* calendar year's fleet PUE: read in October 2025 it gave
#: "In 2024, AWS data centers reported a global PUE of 1.15" (literature/FACTS.md, 1.1).
REPORTED_YEAR_LAG = {"aws": 1}

#: Microsoft reports fiscal years (1 July - 30 June, FY24 = 2023-07-01..2024-06-30). Its
#: page read on 2025-10-16 showed the FY24 global figure 1.16 (FY25's 1.17 appeared later,
#: literature/PUE.md section 3), so a reading in calendar year R shows FY(R-1). A fiscal-year
#: factor is stored with ``year`` = the year the fiscal year ends (FY2024 -> 2024) and its
#: dates in ``period``; the geographies shown beside the global figure are taken to be of
#: the same fiscal year.
FISCAL_YEAR_LAG = {"azure": 1}


def fiscal_period(fy: int) -> str:
    """``FY2024 (2023-07-01..2024-06-30)``: Microsoft's fiscal year ending 30 June ``fy``."""
    return f"FY{fy} ({fy - 1}-07-01..{fy}-06-30)"


#: Where a campus or geography is: the last part of its name -> country (ISO 3166-1).
US_STATES = {
    "Alabama", "Arizona", "Georgia", "Illinois", "Iowa", "Nebraska", "Nevada",
    "North Carolina", "Ohio", "Oklahoma", "Oregon", "South Carolina", "Tennessee", "Texas",
    "Virginia", "Washington", "Wyoming",
}  # fmt: skip
COUNTRIES = {
    "Belgium": "BE", "Chile": "CL", "Denmark": "DK", "Finland": "FI", "Ireland": "IE",
    "Japan": "JP", "Netherlands": "NL", "Poland": "PL", "Singapore": "SG", "Sweden": "SE",
    "Taiwan": "TW",
}  # fmt: skip

_READ = re.compile(r"page read ((\d{4})-\d{2}-\d{2})")
_SUFFIX = re.compile(r"\s*\((2nd facility)\)$")


def _country(location: str) -> str | None:
    """``Council Bluffs, Iowa (2nd facility)`` -> ``US``; unknown places -> None."""
    last = _SUFFIX.sub("", location).split(",")[-1].strip()
    if last in US_STATES:
        return "US"
    return COUNTRIES.get(last)


def _source(row: dict[str, str]) -> str:
    if row["provider"] == "industry":
        return f"uptime-survey-{row['as_of']}"
    try:
        return PUBLISHERS[row["publisher_source"]]
    except KeyError:
        raise ValueError(f"{FILE}: no source id for page {row['publisher_source']!r}") from None


def _campus(operator: str, row: dict[str, str]) -> dict[str, Any]:
    loc = row["location"]
    owner = "Google data center" if operator == "google" else "Microsoft datacenters"
    out: dict[str, Any] = {
        "id": f"{operator}:{slugify(loc)}",
        "name": f"{owner}, {loc}",
        "type": "campus",
        "parent": operator,
    }
    zone = _country(loc)
    if zone:
        out["zone"] = zone
    out["location"] = loc
    return out


def _factor(operator: str, row: dict[str, str]) -> dict[str, Any]:
    value = number(row["value"])
    if value is None:
        raise ValueError(f"{FILE}: no value in row {row!r}")
    source = _source(row)
    read = _READ.search(row["as_of"])
    period: str | None = None
    suffix = ""
    if operator == "industry":
        scope = "survey"
        year = int(row["as_of"])
        subject = "industry"
        method = (
            "Average annual PUE of respondents' largest data center in the Uptime Institute "
            f"global survey of {year}, as published. Default rule: a cloud region or data "
            "center with no figure from its operator for a year uses this industry average "
            "of that year."
        )
    else:
        if read is None:
            raise ValueError(f"{FILE}: cannot date row {row!r}")
        year = int(read.group(2)) - REPORTED_YEAR_LAG.get(row["provider"], 0)
        fleet = row["scope"].startswith("provider")
        subject = operator if fleet else f"{operator}:{slugify(row['location'])}"
        metric = row["metric"]
        if "trailing twelve-month" in metric.lower():
            period, suffix, scope = f"TTM, page read {read.group(1)}", ":ttm", "site-ttm"
            method = "Trailing twelve-month PUE shown for the campus on Google's page when read."
        elif "quarterly" in metric.lower():
            period, suffix = f"latest quarter, page read {read.group(1)}", ":quarter"
            scope = "site-quarter"
            method = "Latest quarterly PUE shown for the campus on Google's page when read."
        elif operator == "aws":
            scope = "fleet-annual"
            method = "Global (fleet) annual PUE for the previous calendar year, as published."
        else:
            year = int(read.group(2)) - FISCAL_YEAR_LAG[row["provider"]]
            period = fiscal_period(year)
            scope = "fleet-annual" if fleet else "site-annual"
            method = (
                f"{metric} on Microsoft's datacenter efficiency page read {read.group(1)}: "
                f"fiscal year {period}, the year the page then showed (its global figure "
                "1.16 is FY24, literature/PUE.md section 3); year = the year the fiscal "
                "year ends, so a calendar-year request uses the fiscal year ending in it."
            )
    out: dict[str, Any] = {
        "id": f"pue:{subject}:{year}:{source}{suffix}",
        "kind": "pue",
        "subject": subject,
        "year": year,
        "value": rounded(value),
        "unit": "dimensionless",
        "basis": "measured",
        "scope": scope,
    }
    if period:
        out["period"] = period
    out["source"] = source
    out["method"] = method
    return out


def convert(upstream: Path, factors_root: Path) -> list[Path]:
    by_op: dict[str, dict[str, Any]] = {}
    for row in read_csv(upstream / FILE):
        operator = OPERATORS[row["provider"]]
        doc = by_op.setdefault(operator, {"operators": {}, "factors": []})
        if row["scope"] in ("campus", "geography"):
            campus = _campus(operator, row)
            doc["operators"].setdefault(campus["id"], campus)
        doc["factors"].append(_factor(operator, row))
    files: dict[str, dict[str, Any]] = {}
    for operator, doc in sorted(by_op.items()):
        data: dict[str, Any] = {}
        if doc["operators"]:
            data["operators"] = [doc["operators"][k] for k in sorted(doc["operators"])]
        data["factors"] = sorted(doc["factors"], key=lambda f: f["id"])
        files[f"{operator}.yaml"] = data
    head = header(NAME, [f"pue-published/{FILE}"])
    return write_folder(factors_root / OUT, files, head)


register(
    Importer(
        name=NAME,
        description="PUE published by Google, Microsoft, AWS and the Uptime Institute",
        upstream="pue-published",
        convert=convert,
    )
)
