"""egrid-2016-states: lbs/MWh -> g/kWh, state zones US-XX, existing zones reused, clash refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from _cloud_pue_helpers import FIXTURES, problems, records, run_twice

from carbonfactors_pipeline.importers import REGISTRY

UPSTREAM = FIXTURES / "egrid_2016_states"
OUT = Path("grid/egrid-2016-states")
ZONES = Path("zones/us-states")


def _existing(root: Path, zones: list[dict[str, str]]) -> None:
    """Zones other importers wrote (grid-zones' US and Electricity Maps' US-HI)."""
    path = root / "zones" / "subnational" / "existing.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump({"zones": zones}, sort_keys=False), encoding="utf-8")


US = {"id": "US", "name": "United States", "type": "country"}
HAWAII = {"id": "US-HI", "name": "Hawaii", "type": "subnational", "parent": "US"}


def test_values_and_zones(tmp_path: Path) -> None:
    _existing(tmp_path, [US, HAWAII])
    files = run_twice("egrid-2016-states", UPSTREAM, tmp_path)
    # The _unit metadata entry is skipped; usa becomes the country US.
    assert sorted(p for p in files if p.startswith(str(OUT))) == sorted(
        str(OUT / f"{z}.yaml") for z in ("US", "US-CA", "US-DC", "US-HI")
    )
    # US-HI already is a zone (same state): reused, not written twice.
    assert sorted(p for p in files if p.startswith(str(ZONES))) == [
        str(ZONES / "US-CA.yaml"),
        str(ZONES / "US-DC.yaml"),
    ]
    dc = records(tmp_path / ZONES / "US-DC.yaml", "zones")["US-DC"]
    assert dc == {
        "id": "US-DC",
        "name": "District of Columbia",
        "type": "subnational",
        "parent": "US",
    }
    ca = records(tmp_path / OUT / "US-CA.yaml", "factors")[
        "grid_intensity:US-CA:2016:epa-egrid-2016"
    ]
    # 452.541 lbs/MWh x 0.45359237 = 205.269145... g/kWh
    assert (ca["value"], ca["unit"], ca["basis"], ca["year"]) == (
        205.269145,
        "gCO2e/kWh",
        "direct",
        2016,
    )
    assert ca["inputs"] == {"emissions_lb_per_mwh": 452.541}
    us = records(tmp_path / OUT / "US.yaml", "factors")["grid_intensity:US:2016:epa-egrid-2016"]
    assert (us["subject"], us["value"]) == ("US", 452.886127)
    dc_f = records(tmp_path / OUT / "US-DC.yaml", "factors")
    assert dc_f["grid_intensity:US-DC:2016:epa-egrid-2016"]["value"] == 453.59237


def test_clashing_zone_id_is_refused(tmp_path: Path) -> None:
    _existing(tmp_path, [US, {**HAWAII, "id": "US-CA", "name": "Some grid operator"}])
    with pytest.raises(ValueError, match="US-CA already names"):
        REGISTRY["egrid-2016-states"].run(UPSTREAM, tmp_path)


def test_output_validates(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    _existing(root, [US, HAWAII])
    run_twice("egrid-2016-states", UPSTREAM, root)
    assert problems(root) == []
