"""Screen ``grid-region-no-opening`` (audit 1796630035 a-O5, O1): a cloud region with no cited
opening year is listed for review, so ``validate`` counts the regions for which a lookup before
the opening cannot warn; a region with ``opened`` is not listed."""

from __future__ import annotations

from typing import Any

from carbonfactors_pipeline import grid_screens
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
