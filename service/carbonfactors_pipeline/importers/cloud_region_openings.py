"""Opening years of cloud regions that the upstream lists on file give (audit 1796642882 a-O3, O1).

A grid lookup for a year before a region opened warns ``BEFORE OPENING``
(``carbonfactors.resolve.grid_notes.before_opening``) only when the region carries a cited
``opened``. Hand-written years (``factors/region-mappings.yaml``, the provider's launch
announcement) covered 23 of 194 regions there and none of the regions without an entry,
while two lists on file already hold years:

* Electricity Maps' data-center list (``data_centers.json``, flattened as
  ``electricitymaps/data_centers.csv``; AGPL-3.0, source ``electricitymaps-data-centers``)
  gives ``operational_since`` for AWS, Azure and OVHcloud sites, each row naming the
  provider's page it took the year from. It is a secondary relay of that page and is cited
  as such; no mapping rests on it (``cloud_regions``), only this year.
* Google's region carbon files (``gcp-region-carbon-info``, Apache-2.0) list a region from
  the year before it opens or its opening year (all five regions with a cited launch year:
  africa-south1, europe-central2, europe-southwest1, europe-west8, europe-west12). A region
  first listed after the first file year (2019) did not run before that year: a lower bound
  on the opening, used as such, so a lookup never warns for a year the region may have run.

Hand-written years win (a primary announcement); a list that disagrees is named in the
evidence. Where the lists disagree with each other the earlier year is kept (never a warning
for a year the region may have run) and both are named. The screen
``grid-region-no-opening`` fails a region that a list on file dates but that carries no
``opened`` (``unfiled``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._common import read_csv
from .cloud_regions_common import OVH_EM_SITE, PROVIDER_ALIASES
from .gcp_region_carbon import read_region_years

EM_DATA_CENTERS = Path("electricitymaps/data_centers.csv")
GOOGLE_REGION_CARBON = Path("gcp-region-carbon-info")
EM_SOURCE = "electricitymaps-data-centers"
GOOGLE_SOURCE = "google-region-carbon"


@dataclass(frozen=True)
class Opening:
    """One list's opening year for one region, with the sentence that cites it."""

    year: int
    source: str  # source id (factors/sources.yaml)
    text: str
    #: True: the region opened in ``year`` or later (Google's first listing)
    lower_bound: bool = False

    def agrees(self, year: int) -> bool:
        """Whether an opening in ``year`` is what this list says."""
        return year >= self.year if self.lower_bound else year == self.year


def _em(root: Path) -> dict[str, Opening]:
    by_site: dict[str, list[str]] = {}
    for ours, site in OVH_EM_SITE.items():
        by_site.setdefault(site, []).append(ours)
    out: dict[str, Opening] = {}
    path = root / EM_DATA_CENTERS
    if not path.exists():
        return out
    for r in read_csv(path):
        year = (r.get("operational_since") or "").strip()
        if not year.isdigit():
            continue
        provider = PROVIDER_ALIASES.get(r["provider"], r["provider"])
        regions = by_site.get(r["region"], [r["region"]]) if provider == "ovh" else [r["region"]]
        page = r.get("source") or "no page named"
        for region in regions:
            out[f"{provider}:{region}"] = Opening(
                int(year),
                EM_SOURCE,
                f"Electricity Maps' data-center list (electricitymaps-contrib "
                f"config/data_centers/data_centers.json, commit b354f28, AGPL-3.0) gives "
                f"{r['id']} operational since {year}, from the provider's page {page} "
                f"(secondary relay of that page)",
            )
    return out


def _google(root: Path) -> dict[str, Opening]:
    folder = root / GOOGLE_REGION_CARBON
    if not (folder / "yearly").exists():
        return {}
    first: dict[str, int] = {}
    for ry in read_region_years(folder):
        first[ry.region] = min(first.get(ry.region, ry.year), ry.year)
    if not first:
        return {}
    start = min(first.values())
    return {
        f"gcp:{region}": Opening(
            year,
            GOOGLE_SOURCE,
            f"Google's region carbon files (GoogleCloudPlatform/region-carbon-info, "
            f"Apache-2.0) list {region} from {year}, not in {start}-{year - 1}; Google lists a "
            f"region from the year before its opening or that year, so it opened in {year} "
            f"or later (a lower bound)",
            lower_bound=True,
        )
        for region, year in sorted(first.items())
        if year > start
    }


def on_file(root: Path) -> dict[str, list[Opening]]:
    """Every opening year the lists on file give, by region id (Electricity Maps first)."""
    out: dict[str, list[Opening]] = {}
    for found in (_em(root), _google(root)):
        for rid, opening in found.items():
            out.setdefault(rid, []).append(opening)
    return out


def apply(record: dict[str, Any], openings: list[Opening]) -> dict[str, Any]:
    """The zone record with ``opened`` from the lists when none is hand-written, and every
    list that disagrees with the year kept named in ``opened_evidence``."""
    if not openings:
        return record
    out = dict(record)
    kept: Opening | None = None
    if out.get("opened") is None:
        # A stated year before a lower bound; the earlier of two stated years.
        stated = sorted((o for o in openings if not o.lower_bound), key=lambda o: o.year)
        kept = stated[0] if stated else openings[0]
        out["opened"] = kept.year
        out["opened_evidence"] = kept.text + "."
    rest = [o for o in openings if o is not kept]
    agree = [o for o in rest if o.agrees(out["opened"])]
    others = [o for o in rest if not o.agrees(out["opened"])]
    if agree:
        out["opened_evidence"] += " Consistent with it: " + "; ".join(o.text for o in agree) + "."
    if others:
        out["opened_evidence"] += (
            f" Disagreement: {'; '.join(o.text for o in others)}; the year kept is "
            f"{out['opened']}"
            + (" (the earlier)." if kept is not None else " (the hand-written announcement's).")
        )
    return out


def unfiled(zones: dict[str, int | None], dated: dict[str, list[Opening]]) -> list[str]:
    """Region ids a list on file dates whose zone carries no ``opened`` (sorted)."""
    return sorted(rid for rid, opened in zones.items() if opened is None and dated.get(rid))
