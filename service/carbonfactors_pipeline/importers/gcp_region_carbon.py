"""Google Cloud's own per-region grid carbon intensity and CFE share, by year.

Google publishes, for each Cloud region and year, the average carbon intensity of the grid
the region draws from and the share of its consumption matched hourly by carbon-free energy
(CFE). These are the most specific values for a GCP region, so they become factors whose
subject is the cloud region itself (``gcp:<region>``). The basis changes in the upstream:
2019-2020 files give *lifecycle* intensity, 2021 onwards Google's "average operational
gross emissions" (combustion only), recorded as basis ``direct``.

Re-run: ``carbonfactors import gcp-region-carbon --sources /work/shared/sources``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carbonfactors.kinds import factor_id

from . import Importer, register
from ._common import header, number, rounded, write_folder

NAME = "gcp-region-carbon"
SOURCE = "google-region-carbon"
OUT = Path("grid/google-region-carbon")


@dataclass(frozen=True)
class RegionYear:
    """One row of one yearly file."""

    year: int
    region: str
    location: str
    cfe: float | None
    intensity: float | None
    basis: str


def _parse_year_file(path: Path) -> list[RegionYear]:
    # Files mix CRLF and LF and one ends with an empty line; csv handles both.
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.reader(fh) if any(c.strip() for c in r)]
    head, body = rows[0], rows[1:]
    intensity_col = head[3].strip().lower()
    if "gco2eq / kwh" not in intensity_col or head[0].strip() != "Google Cloud Region":
        raise ValueError(f"{path}: unexpected header {head!r}")
    basis = "lifecycle" if intensity_col.startswith("lifecycle") else "direct"
    year = int(path.stem)
    return [
        RegionYear(year, r[0].strip(), r[1].strip(), number(r[2]), number(r[3]), basis)
        for r in body
    ]


def read_region_years(folder: Path) -> list[RegionYear]:
    """All rows of ``<folder>/yearly/<year>.csv``, ordered by region then year."""
    out: list[RegionYear] = []
    for path in sorted((folder / "yearly").glob("*.csv")):
        if path.stem.isdigit():
            out.extend(_parse_year_file(path))
    return sorted(out, key=lambda r: (r.region, r.year))


def _basis_method(basis: str) -> str:
    if basis == "lifecycle":
        return (
            "As published by Google (column 'Lifecycle grid carbon intensity', 2019-2020 "
            "files): lifecycle, location-based annual average of the region's grid."
        )
    return (
        "As published by Google (column 'Grid carbon intensity', 2021+ files), which Google "
        "describes as the average operational gross emissions per unit of grid energy: "
        "direct (combustion), location-based annual average."
    )


def _factors(rows: list[RegionYear]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in rows:
        subject = f"gcp:{r.region}"
        if r.intensity is not None:
            out.append(
                {
                    "id": factor_id("grid_intensity", subject, r.year, SOURCE),
                    "kind": "grid_intensity",
                    "subject": subject,
                    "year": r.year,
                    "value": rounded(r.intensity),
                    "unit": "gCO2e/kWh",
                    "basis": r.basis,
                    "source": SOURCE,
                    "method": _basis_method(r.basis),
                }
            )
        if r.cfe is not None:
            out.append(
                {
                    "id": factor_id("cfe_share", subject, r.year, SOURCE),
                    "kind": "cfe_share",
                    "subject": subject,
                    "year": r.year,
                    "value": rounded(r.cfe),
                    "unit": "fraction",
                    "basis": "hourly",
                    "source": SOURCE,
                    "method": (
                        "Google CFE as published: share of the region's hourly electricity "
                        "consumption matched by carbon-free energy, incl. Google's "
                        "procurement (a market-based metric, not a grid property)."
                    ),
                }
            )
    return out


def convert(upstream: Path, factors_root: Path) -> list[Path]:
    rows = read_region_years(upstream)
    by_region: dict[str, list[RegionYear]] = {}
    for r in rows:
        by_region.setdefault(r.region, []).append(r)
    files = {f"{region}.yaml": {"factors": _factors(rs)} for region, rs in by_region.items()}
    head = header(NAME, ["gcp-region-carbon-info/yearly/<year>.csv (2019-2024)"])
    return write_folder(factors_root / OUT, files, head)


register(
    Importer(
        name=NAME,
        description="Google Cloud per-region grid intensity and CFE share by year",
        upstream="gcp-region-carbon-info",
        convert=convert,
    )
)
