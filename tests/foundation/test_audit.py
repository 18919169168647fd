"""``carbonfactors audit``: a stratified, seeded sample of defaults as a worksheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

from carbonfactors.cli import main
from carbonfactors_pipeline import audit
from carbonfactors_pipeline.releases import cut_release, snapshot_path
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


def test_the_cli_audits_a_stored_release(tmp_path: Path) -> None:
    """Releases are stored as ``<v>.json.gz``: ``--release`` must find them (it once looked for
    ``<v>.json`` only, so the documented way to audit a release could not find any)."""
    tree = tmp_path / "factors"
    shutil.copytree(FIXTURE, tree)
    rel = cut_release(tree, "2026.01", _snapshot(), today=dt.date(2026, 1, 5))
    assert snapshot_path(tree, rel.version).name == "2026.01.json.gz"
    out = tmp_path / "audit.md"
    args = ["audit", "--sample", "6", "--seed", "42", "--factors", str(tree), "--out", str(out)]
    assert main([*args, "--release", "2026.01"]) == 0
    from_tree = tmp_path / "tree.md"
    assert main([*args[:-1], str(from_tree)]) == 0
    assert out.read_text(encoding="utf-8") == from_tree.read_text(encoding="utf-8")
    assert main([*args, "--release", "2026.02"]) == 2


def _with_agpl_value(snap: dict[str, object]) -> dict[str, object]:
    """The fixture plus a product-LCA embodied value from an AGPL code repository."""
    agpl = dict(snap["sources"][0]) | {"id": "agpl-code", "license": "AGPL-3.0-only"}  # type: ignore[index]
    fac = dict(
        next(f for f in snap["factors"] if f["id"].startswith("embodied:nvidia-a100"))  # type: ignore[union-attr, attr-defined]
    ) | {
        "id": "embodied:nvidia-a100-sxm4-80gb:2022:agpl-code",
        "value": 12.5,
        "low": None,
        "high": None,
        "rung": "product-lca",
        "source": "agpl-code",
        "license": "AGPL-3.0-only",
    }
    return snap | {
        "sources": [*snap["sources"], agpl],  # type: ignore[misc]
        "factors": [*snap["factors"], fac],  # type: ignore[misc]
    }


def test_values_no_bundle_ships_are_never_shown_as_the_default() -> None:
    """Audit 2026-12-06 seed 1796548636 class M: the worksheet showed an AGPL value (in no
    bundle) as a CPU's default; each item is resolved as the bundle resolves it."""
    from carbonfactors.dataset import Dataset

    snap = _with_agpl_value(_snapshot())
    item = audit.Item("accelerator", "nvidia-a100-sxm4-80gb")
    # the whole tree would pick the AGPL product LCA...
    whole = Dataset.from_snapshot(snap, version="dev")
    assert whole.factors["embodied:nvidia-a100-sxm4-80gb:2022:agpl-code"]
    tree = list(audit._rows(whole, item, audit._Where(FIXTURE)))
    assert any(r["factor"].endswith(":agpl-code") for r in tree)
    # ...the worksheet resolves as the full (and the open) bundle does
    for bundle in ("full", "open"):
        rows = audit.resolve(snap, FIXTURE, [item], bundle)
        emb = next(r for r in rows if r["quantity"] == "embodied")
        assert emb["factor"] == "embodied:nvidia-a100-sxm4-80gb:2022:luccioni-2022-bloom"


def test_items_of_a_worksheet_are_re_resolved_in_order(tmp_path: Path) -> None:
    snap = _snapshot()
    rows = audit.worksheet(snap, FIXTURE, 8, seed=5)
    text = audit.render(rows, "markdown", 5, 8)
    items = audit.items_of(text)
    assert len(items) == 8
    assert audit.resolve(snap, FIXTURE, items) == rows  # same items, same data: same rows
    csv_items = audit.items_of(audit.render(rows, "csv", 5, 8))
    assert csv_items == items
    ws = tmp_path / "w.md"
    ws.write_text(text, encoding="utf-8")
    out = tmp_path / "after.md"
    assert (
        main(
            [
                "audit",
                "--seed",
                "5",
                "--items",
                str(ws),
                "--factors",
                str(FIXTURE),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert out.read_text(encoding="utf-8") == text
