"""factors/corrections.yaml: the one way to correct an imported value, applied by importers."""

from __future__ import annotations

import shutil
from pathlib import Path

from _grid_fixtures import REPO_SOURCES, UPSTREAM, records

from carbonfactors_service.pipeline.importers import REGISTRY
from carbonfactors_service.pipeline.validate import validate_tree

FR_2015 = "grid_intensity:FR:2015:ember-owid"


def tree(tmp_path: Path, corrections: str) -> Path:
    root = tmp_path / "tree"
    root.mkdir()
    shutil.copy(REPO_SOURCES, root / "sources.yaml")
    (root / "corrections.yaml").write_text(corrections)
    for name in ("grid-zones", "ember-owid"):
        REGISTRY[name].run(UPSTREAM, root)
    return root


def problems(root: Path) -> list[str]:
    return [str(p) for p in validate_tree(root).problems]


def correction(value: float, fid: str = FR_2015, evidence: str = "ember-owid") -> str:
    return f"""corrections:
- id: {fid}
  value: {value}
  reason: upstream row transposed two digits
  evidence: {evidence}
"""


def test_importer_applies_a_correction_and_says_so(tmp_path: Path) -> None:
    root = tree(tmp_path, correction(61.5))
    f = records(root / "grid/ember-owid/FR.yaml", "factors")[FR_2015]
    assert f["value"] == 61.5
    assert "Corrected in factors/corrections.yaml: upstream row transposed two digits" in str(
        f["method"]
    )
    assert "upstream value 59.149334" in str(f["method"])
    assert problems(root) == []
    # Re-running reproduces the corrected file byte for byte.
    before = (root / "grid/ember-owid/FR.yaml").read_bytes()
    assert REGISTRY["ember-owid"].run(UPSTREAM, root) == []
    assert (root / "grid/ember-owid/FR.yaml").read_bytes() == before


def test_a_correction_not_yet_applied_is_reported(tmp_path: Path) -> None:
    root = tree(tmp_path, correction(61.5))
    (root / "corrections.yaml").write_text(correction(62.0))
    found = problems(root)
    assert len(found) == 1
    assert "FR.yaml" in found[0] and "value: correction in" in found[0]
    assert "not applied: re-run the importer" in found[0]


def test_unknown_factor_and_source_are_reported(tmp_path: Path) -> None:
    root = tree(tmp_path, correction(1.0, fid="grid_intensity:ZZ:2015:ember-owid", evidence="nope"))
    found = problems(root)
    assert any("corrections.yaml" in p and "evidence: unknown source 'nope'" in p for p in found)
    assert any("id: no factor 'grid_intensity:ZZ:2015:ember-owid' to correct" in p for p in found)


def test_a_malformed_correction_names_the_field(tmp_path: Path) -> None:
    root = tree(tmp_path, "corrections:\n- id: x\n  value: high\n")
    found = problems(root)
    assert any("corrections.yaml:2: value: must be a number" in p for p in found)
    assert any("corrections.yaml:2: reason: missing required field" in p for p in found)
