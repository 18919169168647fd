"""The hand-written mapping evidence (``factors/region-mappings.yaml``), read by importers.

Upstream mapping tables disagree and sometimes place a data center by a state's centroid;
reviewers settle such cases in one hand-written file, each with the facility's location,
the utility or balancing authority serving it and the pages that say so. The importers that
write zones apply it, so re-running them never undoes a settled mapping.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..factorfiles import MAPPINGS_FILE, plain, read_yaml

#: Source id (factors/sources.yaml) of the hand-written evidence.
SOURCE = "region-mapping-evidence"
REQUIRED = ("id", "grid_zone", "location", "served_by", "evidence", "urls", "judgement")


def read_mappings(factors_root: Path, section: str) -> dict[str, dict[str, Any]]:
    """Entries of ``section`` (``cloud_regions`` or ``areas``) by zone id; {} without a file."""
    path = factors_root / MAPPINGS_FILE
    if not path.exists():
        return {}
    ff = read_yaml(path)
    if ff.errors:
        raise ValueError(f"{path}:{ff.errors[0].line}: {ff.errors[0].reason}")
    out: dict[str, dict[str, Any]] = {}
    for item in (plain(ff.data) or {}).get(section) or []:
        # grid_zone may be null (given as such) for an area no single grid serves: the area
        # then keeps no grid zone and a lookup falls back to its parent, flagged.
        missing = [
            k
            for k in REQUIRED
            if item.get(k) in ("", [])
            or (item.get(k) is None and not (k == "grid_zone" and k in item))
        ]
        if missing:
            raise ValueError(f"{path}: {item.get('id', '?')}: missing {', '.join(missing)}")
        out[item["id"]] = item
    return out


def evidence_text(entry: dict[str, Any]) -> str:
    """One paragraph for the zone's ``mapping_evidence``: who serves it, why, where it says so."""
    return (
        f"{entry['location']}: served by {entry['served_by']}. {entry['evidence']} "
        f"Sources: {'; '.join(entry['urls'])}."
    )


def apply(record: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """A zone record with the hand-written mapping and its evidence."""
    out = dict(record)
    out["grid_zone"] = entry["grid_zone"]
    if entry["grid_zone"] is None:
        del out["grid_zone"]
    if entry.get("parent"):
        # The area the facility lies in (a US state): the zone's parent, so a lookup that
        # has no value for the grid zone uses the state's before the country's.
        out["parent"] = entry["parent"]
    out["mapping_source"] = SOURCE
    out["mapping_evidence"] = evidence_text(entry)
    out["mapping_judgement"] = bool(entry["judgement"])
    if entry.get("serving_zones"):
        # The authorities named in the evidence, as zone ids: their values bound the area's
        # estimate (rule G4, factors/README.md).
        out["serving_zones"] = list(entry["serving_zones"])
    if entry.get("opened") is not None:
        # The year the region opened, cited: a grid lookup for an earlier year warns BEFORE
        # OPENING (before-opening rule, factors/README.md); the value stays its grid zone's.
        if not entry.get("opened_evidence"):
            raise ValueError(f"{entry['id']}: opened without opened_evidence")
        out["opened"] = int(entry["opened"])
        out["opened_evidence"] = entry["opened_evidence"]
    if entry.get("pue_operator"):
        # The operator's own figure for the place (a Microsoft geography) before its fleet's:
        # the region's PUE chain runs region -> site -> fleet (audit 1796558261, class P).
        if not entry.get("pue_evidence"):
            raise ValueError(f"{entry['id']}: pue_operator without pue_evidence")
        out["operator"] = entry["pue_operator"]
        out["mapping_evidence"] += f" PUE: {entry['pue_evidence']}"
    return out
