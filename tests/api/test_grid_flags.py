"""Source switches and wider-area fallbacks are top-level flags over HTTP, as in the SDK."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openapi_core import OpenAPI

from carbonfactors_pipeline.build import build_database
from carbonfactors_pipeline.validate import validate_tree
from carbonfactors_service import create_app

from .conftest import ContractClient

EXTRA = """\
factors:
- id: grid_intensity:DE:2019:electricitymaps-yearly
  kind: grid_intensity
  subject: DE
  year: 2019
  value: 480.0
  unit: gCO2e/kWh
  basis: lifecycle
  accounting: consumption
  source: electricitymaps-yearly
- id: grid_intensity:US:2025:ember-owid
  kind: grid_intensity
  subject: US
  year: 2025
  value: 384.4
  unit: gCO2e/kWh
  basis: lifecycle
  accounting: production
  source: ember-owid
"""


@pytest.fixture
def flagged(
    factors_copy: Path, tmp_path: Path, openapi: OpenAPI, spec_dict: dict[str, Any]
) -> ContractClient:
    (factors_copy / "grid" / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    result = validate_tree(factors_copy)
    assert result.ok, [str(p) for p in result.problems]
    db = tmp_path / "flags.db"
    build_database(factors_copy, result.snapshot, db)
    app = create_app({"DATABASE": str(db), "TESTING": True})
    return ContractClient(app.test_client(), openapi, spec_dict)


def test_source_changed_is_a_top_level_flag(flagged: ContractClient) -> None:
    body = flagged.get("/v1/zones/DE/grid-intensity?year=2019&version=dev").get_json()
    assert body["factor"]["source"] == "electricitymaps-yearly"
    assert body["factor"]["accounting"] == "consumption"
    assert (body["source_changed"], body["fallback"]) == (True, False)
    assert len(body["warnings"]) == 1 and "default series ember-owid" in body["warnings"][0]
    same = flagged.get("/v1/zones/DE/grid-intensity?year=2023&version=dev").get_json()
    assert (same["source_changed"], same["fallback"], same["warnings"]) == (False, False, [])
    job = {"energy_kwh": 1, "location": "DE", "year": 2019, "pue": 1.0, "include_embodied": False}
    fp = flagged.post("/v1/footprint?version=dev", json=job).get_json()
    assert fp["warnings"] and fp["factors"][0]["source_changed"] is True


def test_a_wider_area_is_a_top_level_fallback(flagged: ContractClient) -> None:
    body = flagged.get("/v1/zones/aws:us-east-1/grid-intensity?version=dev").get_json()
    assert (body["resolved_zone"], body["resolved_year"]) == ("US", 2025)
    assert (body["fallback"], body["source_changed"]) == (True, False)
    # The fixture maps aws:us-east-1 to US-MIDA-PJM from an AGPL file: no bundle carries
    # that mapping (licences computed from inputs), so the region draws from its country.
    assert "wider area US" in body["warnings"][0]
    assert body["bundle"] == "full"
