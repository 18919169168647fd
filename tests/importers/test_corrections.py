"""factors/corrections.yaml: the one way to correct an imported value, applied by importers."""

from __future__ import annotations

import shutil
from pathlib import Path

from _grid_fixtures import REPO_SOURCES, UPSTREAM, records

from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.validate import validate_tree

FR_2015 = "grid_intensity:FR:2015:ember-owid"


def tree(tmp_path: Path, corrections: str) -> Path:
    root = tmp_path / "tree"
    root.mkdir()
    shutil.copy(REPO_SOURCES, root / "sources.yaml")
    (root / "corrections.yaml").write_text(corrections)
    for name in ("grid-zones", "ember-owid"):
        REGISTRY[name].run(UPSTREAM, root)
    return root


def problems(root: Path, coverage: bool = False) -> list[str]:
    """The tree's problems; the screen ``grid-correction-coverage`` (FR's other Ember rows
    when one is corrected by id) only where ``coverage`` asks for it."""
    found = [str(p) for p in validate_tree(root).problems]
    return found if coverage else [p for p in found if "grid-correction-coverage" not in p]


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


SCOPE = """corrections:
- kind: grid_intensity
  subject: FR
  source: ember-owid
  high: 500
  reason: producer prices one fuel wrong
  evidence: ember-owid
"""


def test_a_zone_and_source_correction_widens_every_row_and_keeps_values(tmp_path: Path) -> None:
    root = tree(tmp_path, SCOPE)
    rows = records(root / "grid/ember-owid/FR.yaml", "factors")
    assert len(rows) > 2
    for f in rows.values():
        assert f["high"] == 500
        assert "Corrected in factors/corrections.yaml: producer prices one fuel wrong" in str(
            f["method"]
        )
        assert f"upstream value {f['value']}" in str(f["method"])
    assert rows[FR_2015]["value"] == 59.149334
    assert problems(root, coverage=True) == []
    # Taken back off one row (as if applied before that row existed), the validator says so.
    path = root / "grid/ember-owid/FR.yaml"
    path.write_text(path.read_text().replace("  high: 500.0\n", "", 1))
    found = problems(root, coverage=True)
    assert len(found) == 1 and "not applied: re-run the importer" in found[0]


def test_a_zone_and_source_correction_keeps_values_and_names_a_bound(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    root = tree(tmp_path / "a", SCOPE.replace("  high: 500\n", "  value: 61.5\n"))
    found = problems(root)
    assert any("value: a zone-and-source correction keeps each value" in p for p in found)
    assert any("high: a zone-and-source correction widens a bound" in p for p in found)
    (tmp_path / "b").mkdir()
    root = tree(tmp_path / "b", SCOPE.replace("  subject: FR\n", ""))
    assert any("id: give id, or all of kind, subject and source" in p for p in problems(root))


def test_coverage_screen_trips_on_a_row_the_correction_does_not_name(tmp_path: Path) -> None:
    """Audit 1796621837 G4p: AU-VIC's rows were corrected by id, and a part-year row added
    later under a new id escaped the correction. Here FR 2015 is corrected by id and FR's
    other Ember rows are not: each is listed until corrected or kept by a note."""
    root = tree(tmp_path, correction(61.5))
    others = [fid for fid in records(root / "grid/ember-owid/FR.yaml", "factors") if fid != FR_2015]
    found = [p for p in problems(root, coverage=True) if "grid-correction-coverage" in p]
    assert len(found) == len(others) > 1
    assert all(
        "FR's rows from ember-owid are corrected in factors/corrections.yaml" in p for p in found
    )
    keep = "keep:\n" + "".join(
        f"- factor: {fid}\n  rule: grid-correction-coverage\n  note: a typo in one row only\n"
        for fid in others
    )
    (root / "screens.yaml").write_text(keep)
    assert problems(root, coverage=True) == []
