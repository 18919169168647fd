"""Screen ``grid-region-country`` (audit 1796585890 G5): a cloud region mapped to a country
whose sub-zones have their own values on file is listed for review, naming those zones."""

from __future__ import annotations

from typing import Any

from carbonfactors_pipeline import grid_screens
from carbonfactors_pipeline.screens import REVIEW_RULES, RULES


def _gi(subject: str, value: float) -> dict[str, Any]:
    return {
        "id": f"grid_intensity:{subject}:2015:em",
        "kind": "grid_intensity",
        "subject": subject,
        "year": 2015,
        "value": value,
        "unit": "gCO2e/kWh",
        "basis": "lifecycle",
        "source": "em",
    }


def _region(rid: str, grid: str, parent: str) -> dict[str, Any]:
    return {
        "id": rid,
        "name": rid,
        "type": "cloud_region",
        "parent": parent,
        "provider": "azure",
        "grid_zone": grid,
    }


def _snapshot() -> dict[str, Any]:
    return {
        "rules": 2,
        "sources": [{"id": "em", "priority": 20, "license": "CC-BY-4.0"}],
        "operators": [],
        "zones": [
            {"id": "DK", "name": "Denmark", "type": "country"},
            {"id": "DK-DK1", "name": "West Denmark", "type": "subnational", "parent": "DK"},
            {"id": "DK-DK2", "name": "East Denmark", "type": "subnational", "parent": "DK"},
            {"id": "NO", "name": "Norway", "type": "country"},
            # a sub-zone with no value of its own does not count
            {"id": "NO-NO1", "name": "Southeast Norway", "type": "subnational", "parent": "NO"},
            {"id": "FI", "name": "Finland", "type": "country"},
            _region("azure:denmarkwest", "DK", "DK"),  # the country: listed
            _region("azure:denmarkeast", "DK-DK2", "DK"),  # its sub-zone: not listed
            _region("azure:norwayeast", "NO", "NO"),
            _region("azure:finlandcentral", "FI", "FI"),
        ],
        "factors": [
            _gi("DK", 313.76),
            _gi("DK-DK1", 222.76),
            _gi("DK-DK2", 244.22),
            _gi("NO", 30.0),
            _gi("FI", 150.0),
        ],
    }


def test_a_region_on_a_country_with_sub_zones_is_listed_for_review() -> None:
    flags = [f for f in grid_screens.flags(_snapshot()) if f.rule == grid_screens.REGION_COUNTRY]
    assert [(f.factor, f.problem) for f in flags] == [("azure:denmarkwest", False)]
    assert "mapped to the country DK while its sub-zones DK-DK1, DK-DK2" in flags[0].reason


def test_the_rule_is_known_and_review_only() -> None:
    # a keep note in factors/screens.yaml names it; it never fails validate on its own
    assert grid_screens.REGION_COUNTRY in RULES
    assert grid_screens.REGION_COUNTRY in REVIEW_RULES
