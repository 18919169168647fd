"""Screen ``grid-region-no-opening`` (audit 1796630035 a-O5, O1): a cloud region with no cited
opening year is listed for review, so ``validate`` counts the regions for which a lookup before
the opening cannot warn; a region with ``opened`` is not listed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from carbonfactors_pipeline import grid_screens
from carbonfactors_pipeline.importers import cloud_region_openings
from carbonfactors_pipeline.screens import REVIEW_RULES, RULES


def _region(rid: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": rid,
        "name": rid,
        "type": "cloud_region",
        "parent": "IT",
        "provider": "gcp",
        "grid_zone": "IT",
        **extra,
    }


def _snapshot() -> dict[str, Any]:
    return {
        "rules": 5,
        "sources": [{"id": "em", "priority": 20, "license": "CC-BY-4.0"}],
        "operators": [],
        "zones": [
            {"id": "IT", "name": "Italy", "type": "country"},
            _region("gcp:europe-west12"),  # no opening year: listed
            _region("gcp:europe-west8", opened=2022, opened_evidence="launch post"),
        ],
        "factors": [
            {
                "id": "grid_intensity:IT:2021:em",
                "kind": "grid_intensity",
                "subject": "IT",
                "year": 2021,
                "value": 339.1,
                "unit": "gCO2e/kWh",
                "basis": "lifecycle",
                "source": "em",
            }
        ],
    }


def test_a_region_without_a_cited_opening_year_is_listed_for_review() -> None:
    flags = [f for f in grid_screens.flags(_snapshot()) if f.rule == grid_screens.NO_OPENING]
    assert [(f.factor, f.problem) for f in flags] == [("gcp:europe-west12", False)]
    assert "no cited opening year" in flags[0].reason
    assert "BEFORE OPENING" in flags[0].reason


def test_the_rule_is_known_and_review_only() -> None:
    # validate counts it ("to review"); it never fails validate and never excludes a value
    assert grid_screens.NO_OPENING in RULES
    assert grid_screens.NO_OPENING in REVIEW_RULES


def test_a_region_a_list_on_file_dates_but_without_opened_fails() -> None:
    # audit 1796642882 a-O3: data_centers.csv gives azure:israelcentral 2023, none was filed
    dated = {
        "gcp:europe-west12": [
            cloud_region_openings.Opening(2022, "google-region-carbon", "listed from 2022", True)
        ]
    }
    flags = [f for f in grid_screens.flags(_snapshot(), dated) if f.rule == grid_screens.NO_OPENING]
    assert [(f.factor, f.problem) for f in flags] == [("gcp:europe-west12", True)]
    assert "a list on file gives [2022]" in flags[0].reason


def test_the_importer_takes_the_listed_year_and_names_a_disagreement(tmp_path: Path) -> None:
    em = tmp_path / cloud_region_openings.EM_DATA_CENTERS
    em.parent.mkdir(parents=True)
    em.write_text(
        "id,provider,region,zone_key,display_name,status,lon,lat,operational_since,source\n"
        "azure-israelcentral,azure,israelcentral,IL,Israel,operational,0,0,2023,https://x\n"
        "aws-eu-south-2,aws,eu-south-2,ES,Spain,operational,0,0,2022,https://y\n"
    )
    dated = cloud_region_openings.on_file(tmp_path)
    rec = cloud_region_openings.apply({"id": "azure:israelcentral"}, dated["azure:israelcentral"])
    assert rec["opened"] == 2023 and "secondary relay" in rec["opened_evidence"]
    hand = {"id": "aws:eu-south-2", "opened": 2021, "opened_evidence": "launch post."}
    rec = cloud_region_openings.apply(hand, dated["aws:eu-south-2"])
    assert rec["opened"] == 2021 and "Disagreement" in rec["opened_evidence"]
    zones = {"azure:israelcentral": None, "aws:eu-south-2": 2021}
    assert cloud_region_openings.unfiled(zones, dated) == ["azure:israelcentral"]


def test_only_the_repository_tree_is_checked_against_the_lists(tmp_path: Path) -> None:
    # a fixture tree is never failed by the lists on file: it only gets the review listing
    assert grid_screens.dated_for(tmp_path) == {}
    if grid_screens.SOURCES.exists():
        dated = grid_screens.dated_for(grid_screens.REPO / "factors")
        assert [o.year for o in dated["azure:israelcentral"]] == [2023]
