"""ccf-regions: per-region basis from CCF's attribution, skips counted, tCO2e -> g."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from _cloud_pue_helpers import FIXTURES, problems, records, run_twice

from carbonfactors_pipeline.importers import ccf_regions

UPSTREAM = FIXTURES / "ccf_regions"
OUT = Path("grid/ccf-regions")
#: Cloud-region zones in the tree (as cloud-regions writes them), with their countries.
REGIONS = {
    "aws:us-east-1": "US",
    "aws:eu-west-3": "FR",
    "aws:ap-south-1": "IN",
    "aws:me-central-1": "AE",
    "azure:ukwest": "GB",
    "azure:uksouth": "GB",
    "azure:westus": "US",
    "gcp:asia-east1": "TW",
    "gcp:us-central1": "US",
    "alibaba:cn-hangzhou": "CN",
}


def _zones(root: Path) -> None:
    recs: list[dict[str, Any]] = [
        {
            "id": rid,
            "name": rid,
            "type": "cloud_region",
            "parent": country,
            "provider": rid.split(":")[0],
            "grid_zone": country,
            "mapping_source": "ccf-region-mapping",
        }
        for rid, country in REGIONS.items()
    ]
    recs += [{"id": c, "name": c, "type": "country"} for c in sorted(set(REGIONS.values()))]
    path = root / "zones" / "cloud" / "stub.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump({"zones": recs}, sort_keys=False), encoding="utf-8")


def test_values_and_bases(tmp_path: Path) -> None:
    _zones(tmp_path)
    files = run_twice("ccf-regions", UPSTREAM, tmp_path)
    assert sorted(p for p in files if p.startswith(str(OUT))) == [
        str(OUT / f)
        for f in (
            "aws/eu-west-3.yaml",
            "aws/us-east-1.yaml",
            "azure/uksouth.yaml",
            "azure/westus.yaml",
            "gcp/asia-east1.yaml",
        )
    ]
    sid = "ccf-region-emission-factors"
    nerc = records(tmp_path / OUT / "aws/us-east-1.yaml", "factors")[
        f"grid_intensity:aws:us-east-1:2020:{sid}"
    ]
    assert (nerc["value"], nerc["basis"], nerc["year"], nerc["unit"]) == (
        379.069,
        "direct",
        2020,
        "gCO2e/kWh",
    )
    assert nerc["inputs"] == {"value_tco2e_per_kwh": 0.000379069}
    # 5.11e-05 tCO2e/kWh -> 51.1 g (EEA, approximate year 2020)
    eea = records(tmp_path / OUT / "aws/eu-west-3.yaml", "factors")
    assert eea[f"grid_intensity:aws:eu-west-3:2020:{sid}"]["value"] == 51.1
    # Azure display names ("West US*") and code ids ("WestUS") meet on the region id.
    assert f"grid_intensity:azure:westus:2020:{sid}" in records(
        tmp_path / OUT / "azure/westus.yaml", "factors"
    )
    gcp = records(tmp_path / OUT / "gcp/asia-east1.yaml", "factors")
    assert list(gcp) == [f"grid_intensity:gcp:asia-east1:2021:{sid}"]
    assert gcp[f"grid_intensity:gcp:asia-east1:2021:{sid}"]["value"] == 456


def test_skips_are_counted(tmp_path: Path) -> None:
    _zones(tmp_path)
    plan = ccf_regions.plan(UPSTREAM, tmp_path)
    assert plan.skipped == {
        ccf_regions.CARBONFOOTPRINT: ["aws:ap-south-1"],
        # me-central-1 and Alibaba have no attribution; UK West's doc value differs from the code.
        ccf_regions.UNATTRIBUTED: ["aws:me-central-1", "azure:ukwest", "alibaba:华东1（杭州）"],
        ccf_regions.NOT_A_REGION: ["aws:Unknown", "on-premise:France", "us-nerc:WECC"],
        ccf_regions.NO_ZONE: ["azure:unitedstates"],
        # 456 is Google's 2020 lifecycle value for us-central1, not its 2021 one.
        ccf_regions.GOOGLE_MISMATCH: ["gcp:us-central1"],
        ccf_regions.MULTI_REGION: ["gcp:nam4"],
        ccf_regions.CFE_ADJUSTED: ["gcp:asia-east1"],
    }


def test_output_validates(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    _zones(root)
    run_twice("ccf-regions", UPSTREAM, root)
    assert problems(root) == []
