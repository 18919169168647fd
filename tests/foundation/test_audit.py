"""``carbonfactors audit``: a stratified, seeded sample of defaults as a worksheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from carbonfactors.cli import main
from carbonfactors_pipeline import audit
from carbonfactors_pipeline.validate import validate_tree

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "engine"


def _snapshot() -> dict[str, object]:
    res = validate_tree(FIXTURE)
    assert res.ok, [str(p) for p in res.problems]
    return res.snapshot


def test_the_sample_is_stratified_and_the_same_for_a_seed() -> None:
    snap = _snapshot()
    rows = audit.worksheet(snap, FIXTURE, 8, seed=1)
    again = audit.worksheet(snap, FIXTURE, 8, seed=1)
    assert rows == again
    # Every stratum the fixture has is drawn (countries, sub-national, cloud regions, PUE,
    # accelerators, instances), and exactly 8 defaults are numbered.
    strata = {r["stratum"] for r in rows}
    assert strata == {
        "grid:country",
        "grid:subnational",
        "grid:cloud_region",
        "pue",
        "accelerator",
        "cloud_instance",
    }
    assert sorted({int(r["n"]) for r in rows}) == list(range(1, 9))
    other = [audit.worksheet(snap, FIXTURE, 8, seed=s) for s in range(2, 7)]
    assert any(o != rows for o in other)  # another seed draws another sample


def test_each_row_traces_the_value_and_leaves_the_verdict_blank() -> None:
    rows = audit.worksheet(_snapshot(), FIXTURE, 12, seed=3)
    grid = next(r for r in rows if r["stratum"] == "grid:country")
    assert grid["factor"].startswith("grid_intensity:") and float(grid["value"]) > 0
    assert grid["source"] and grid["source_url"].startswith("http") and grid["license"]
    assert grid["factor_file"].startswith("factors/grid/") and ":" in grid["factor_file"]
    assert grid["resolution"]
    for r in rows:
        assert all(r[c] == "" for c in audit.VERDICT_COLUMNS)
    gpu = [r for r in rows if r["stratum"] == "accelerator"]
    assert {r["quantity"] for r in gpu} >= {"power", "embodied"}
    # bounds, basis and rung travel with each value (a category default's range is judged
    # from the worksheet, audit 2026-12-06)
    assert grid["basis"] == "lifecycle"
    emb = next(r for r in gpu if r["quantity"] == "embodied")
    assert emb["basis"] == "manufacturing" and "rung" in emb
    ranged = [r for r in rows if r["low"] and r["high"]]
    assert ranged and all(float(r["low"]) <= float(r["value"]) <= float(r["high"]) for r in ranged)


def test_the_cli_writes_a_markdown_or_csv_worksheet(tmp_path: Path) -> None:
    out = tmp_path / "audit.md"
    code = main(
        ["audit", "--sample", "6", "--seed", "42", "--factors", str(FIXTURE), "--out", str(out)]
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Audit worksheet: 6 defaults, seed 42")
    assert "| n | stratum | subject |" in text and "| verdict |" not in text.split("\n")[0]
    csv_out = tmp_path / "audit.csv"
    main(
        [
            "audit",
            "--sample",
            "6",
            "--seed",
            "42",
            "--factors",
            str(FIXTURE),
            "--format",
            "csv",
            "--out",
            str(csv_out),
        ]
    )
    rows = list(csv.DictReader(io.StringIO(csv_out.read_text(encoding="utf-8"))))
    assert rows and list(rows[0])[-4:] == list(audit.VERDICT_COLUMNS)
    assert main(["audit", "--sample", "0", "--seed", "1", "--factors", str(FIXTURE)]) == 2
