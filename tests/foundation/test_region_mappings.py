"""Every cloud region's grid zone cites its evidence; settled regions name who serves them."""

from __future__ import annotations

from pathlib import Path

import yaml

from carbonfactors_pipeline.factorfiles import MAPPINGS_FILE
from carbonfactors_pipeline.validate import validate_tree

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


def test_every_us_state_cites_its_evidence_and_split_states_fall_back() -> None:
    """Issue 20 class 5: every US state says which grid serves it, or that none does alone."""
    import carbonfactors as cf
    from carbonfactors.dataset import Dataset

    res = validate_tree(FACTORS)
    # The states of the eGRID state table (Alaska and Hawaii are grid zones of their own).
    ids = {p.stem for p in (FACTORS / "zones" / "us-states").glob("*.yaml")}
    states = [z for z in res.snapshot["zones"] if z["id"] in ids]
    assert len(states) == 49
    for z in states:
        assert z["mapping_source"] == "region-mapping-evidence", z["id"]
        assert "Sources: http" in z["mapping_evidence"], z["id"]
    by_id = {z["id"]: z for z in states}
    assert by_id["US-OH"]["grid_zone"] == "US-MIDA-PJM"
    assert by_id["US-IA"]["grid_zone"] == "US-MIDW-MISO"
    assert by_id["US-FL"].get("grid_zone") is None
    ds = Dataset.from_snapshot(res.snapshot, version="dev")
    # A split state has no grid zone: its own open estimate (rule G1), flagged, not the US mean.
    split = ds.resolve_grid("US-FL", 2023)
    assert split.factor.id == "grid_intensity:US-FL:2023:carbonfactors-derived"
    assert any(c.startswith("ESTIMATE: US-FL 2023") for c in split.caveats)
    fp = cf.footprint(energy_kwh=1.0, location="US-OH", year=2023, pue=1.0, dataset=ds)
    assert fp.factors[0].id.startswith("grid_intensity:US-MIDA-PJM:")


def test_audit_1796585890_g5_g4_p0b_answers_from_the_shipped_tree() -> None:
    """G5: Denmark East is on Zealand (DK-DK2), not the country; G4: AU-VIC's known upstream
    error keeps its value with a high bound at the government's 1,060 g; P0b: OVHcloud's own
    FY2021 fleet range stands in for 2019 rather than the industry average."""
    from carbonfactors.dataset import Dataset

    res = validate_tree(FACTORS)
    assert res.ok, [str(p) for p in res.problems][:5]
    ds = Dataset.from_snapshot(res.snapshot, version="dev")
    dk = ds.resolve_grid("azure:denmarkeast", 2015).factor
    assert (dk.subject, dk.value) == ("DK-DK2", 244.22)
    vic = ds.resolve_grid("aws:ap-southeast-4", 2023).factor
    assert (vic.subject, vic.value, vic.high) == ("AU-VIC", 498.0, 1060.0)
    assert "KNOWN UPSTREAM ERROR" in vic.method and "6040" in vic.method
    ovh = ds.resolve_pue(operator="ovhcloud", year=2019)
    assert (ovh.factor.subject, ovh.factor.year, ovh.value) == ("ovhcloud", 2021, 1.2)
    # rules generation 12 (BACKFILL REACH): two years before the FY2021 range, the high
    # bound reaches that year's industry average (Uptime 2019, 1.67)
    assert (ovh.factor.low, ovh.factor.high) == (1.1, 1.67)
    assert any(c.startswith("BACKFILL REACH") for c in ovh.caveats)
    assert any(w.startswith("BACKFILLED: ovhcloud") for w in ovh.warnings)
