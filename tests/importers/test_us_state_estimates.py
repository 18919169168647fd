"""us-state-estimates (rule G1): Ember US x eGRID state/US ratio, per year, inputs recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from _cloud_pue_helpers import problems, records, run_twice

from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.licensing import compute_licenses
from carbonfactors_pipeline.validate import validate_tree

OUT = Path("grid/us-state-estimates")


def _gi(subject: str, year: int, value: float, source: str, basis: str, **extra: Any) -> dict:
    return {
        "id": f"grid_intensity:{subject}:{year}:{source}",
        "kind": "grid_intensity",
        "subject": subject,
        "year": year,
        "value": value,
        "unit": "gCO2e/kWh",
        "basis": basis,
        "source": source,
        **extra,
    }


def _write(root: Path, rel: str, factors: list[dict]) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"factors": factors}, sort_keys=False), encoding="utf-8")


def _tree(root: Path, *, us_lb: float = 1000.0) -> None:
    """The two importers' outputs this one reads: Ember US 2023-2024 and eGRID 2016."""
    _write(
        root,
        "grid/ember-owid/US.yaml",
        [
            _gi("US", 2023, 400.0, "ember-owid", "lifecycle"),
            _gi("US", 2024, 380.0, "ember-owid", "lifecycle"),
        ],
    )
    for zone, lbs in (("US", us_lb), ("US-CA", 450.0), ("US-WV", 2000.0)):
        _write(
            root,
            f"grid/egrid-2016-states/{zone}.yaml",
            [
                _gi(zone, 2016, round(lbs * 0.45359237, 6), "epa-egrid-2016", "direct")
                | {"inputs": {"emissions_lb_per_mwh": lbs}}
            ],
        )


def test_estimate_is_the_national_series_times_the_state_ratio(tmp_path: Path) -> None:
    _tree(tmp_path)
    files = run_twice("us-state-estimates", Path("."), tmp_path)
    assert sorted(p for p in files if p.startswith(str(OUT))) == [
        str(OUT / "US-CA.yaml"),
        str(OUT / "US-WV.yaml"),
    ]
    ca = records(tmp_path / OUT / "US-CA.yaml", "factors")
    assert sorted(ca) == [
        "grid_intensity:US-CA:2023:carbonfactors-derived",
        "grid_intensity:US-CA:2024:carbonfactors-derived",
    ]
    f = ca["grid_intensity:US-CA:2024:carbonfactors-derived"]
    # 380 x 450 / 1000 = 171; the ratio comes from one eGRID edition (lbs cancel out).
    assert (f["value"], f["basis"], f["year"], f["source"]) == (
        171.0,
        "lifecycle",
        2024,
        "carbonfactors-derived",
    )
    assert f["inputs"] == {
        "us_lifecycle_gco2e_per_kwh": 380.0,
        "state_lb_per_mwh": 450,
        "us_lb_per_mwh": 1000,
        "ratio": 0.45,
    }
    assert f["derived_from"]["factors"] == [
        "grid_intensity:US:2024:ember-owid",
        "grid_intensity:US-CA:2016:epa-egrid-2016",
        "grid_intensity:US:2016:epa-egrid-2016",
    ]
    assert f["method"].startswith("ESTIMATE (rule G1")
    assert "about ten years old" in f["method"]
    wv = records(tmp_path / OUT / "US-WV.yaml", "factors")
    assert wv["grid_intensity:US-WV:2023:carbonfactors-derived"]["value"] == 800.0
    # Valid against the real bibliography; the licence computed from the inputs is open.
    assert problems(tmp_path, zones=["US", "US-CA", "US-WV"]) == []
    snap = validate_tree(tmp_path).snapshot
    lic = compute_licenses(snap)
    assert lic["grid_intensity:US-CA:2024:carbonfactors-derived"] == "CC-BY-4.0"


def test_a_missing_national_rate_is_refused(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "grid/egrid-2016-states/US.yaml").unlink()
    with pytest.raises(ValueError, match="no national"):
        REGISTRY["us-state-estimates"].run(Path("."), tmp_path)


def test_a_rate_without_its_raw_input_is_refused(tmp_path: Path) -> None:
    _tree(tmp_path)
    _write(
        tmp_path,
        "grid/egrid-2016-states/US-CA.yaml",
        [_gi("US-CA", 2016, 204.1, "epa-egrid-2016", "direct")],
    )
    with pytest.raises(ValueError, match="emissions_lb_per_mwh"):
        REGISTRY["us-state-estimates"].run(Path("."), tmp_path)
