"""Every cloud region's grid zone cites its evidence; settled regions name who serves them."""

from __future__ import annotations

from pathlib import Path

import yaml

from carbonfactors_service.pipeline.factorfiles import MAPPINGS_FILE
from carbonfactors_service.pipeline.validate import validate_tree

FACTORS = Path(__file__).resolve().parents[2] / "factors"


def test_every_cloud_region_cites_evidence_for_its_grid_zone() -> None:
    res = validate_tree(FACTORS)
    assert res.ok, [str(p) for p in res.problems][:5]
    regions = [z for z in res.snapshot["zones"] if z["type"] == "cloud_region"]
    assert len(regions) > 150
    missing = [z["id"] for z in regions if not z.get("mapping_evidence") or not z["mapping_source"]]
    assert missing == []
    curated = yaml.safe_load((FACTORS / MAPPINGS_FILE).read_text(encoding="utf-8"))
    by_id = {z["id"]: z for z in res.snapshot["zones"]}
    for entry in curated["cloud_regions"] + curated["areas"]:
        zone = by_id[entry["id"]]
        assert zone["grid_zone"] == entry["grid_zone"], entry["id"]
        assert zone["mapping_source"] == "region-mapping-evidence"
        assert zone["mapping_judgement"] is entry["judgement"]
        assert entry["served_by"] in zone["mapping_evidence"]
        assert all(u.startswith("http") and u in zone["mapping_evidence"] for u in entry["urls"])
    # Pryor, Oklahoma is served by GRDA, a Southwest Power Pool member: not MISO.
    assert by_id["gcp:us-central2"]["grid_zone"] == "US-CENT-SWPP"
    assert by_id["US-CA"]["grid_zone"] == "US-CAL-CISO"
