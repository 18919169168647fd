"""The committed resolved-default tables match the data: a data change must update them."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonfactors.cli import main
from carbonfactors_service.pipeline import resolved
from carbonfactors_service.pipeline.validate import validate_tree

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_committed_resolved_tables_are_current() -> None:
    result = validate_tree(ROOT / "factors")
    assert result.ok
    assert resolved.stale(ROOT / "factors", result.snapshot) == [], (
        "factors/resolved/ is stale: run `carbonfactors resolved` and commit the tables"
    )


def test_a_value_change_shows_in_the_tables(factors_copy: Path) -> None:
    assert main(["resolved", "--factors", str(factors_copy)]) == 0
    grid = (factors_copy / "resolved" / "grid.tsv").read_text()
    assert "BE\t2024\tlifecycle\t117.576\tgrid_intensity:BE:2024:ember-owid\tBE\t2024" in grid
    # Before the first year with data a lookup fails (later years are never used): no row.
    assert "BE\t2021\tlifecycle" not in grid
    assert main(["resolved", "--check", "--factors", str(factors_copy)]) == 0
    be = factors_copy / "grid" / "ember-owid" / "BE.yaml"
    be.write_text(be.read_text().replace("value: 117.57641", "value: 120.0"))
    assert main(["resolved", "--check", "--factors", str(factors_copy)]) == 1
    assert main(["resolved", "--factors", str(factors_copy)]) == 0
    grid = (factors_copy / "resolved" / "grid.tsv").read_text()
    assert "BE\t2024\tlifecycle\t120\tgrid_intensity:BE:2024:ember-owid" in grid
    hardware = (factors_copy / "resolved" / "hardware.tsv").read_text().splitlines()
    assert hardware[0].split("\t")[:3] == ["model", "category", "power_w"]
    assert len(hardware) > 1
