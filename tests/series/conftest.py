"""A small factors tree with the GB series imported from real upstream rows (a fixture).

``tests/fixtures/series`` holds sources, zones and annual factors copied from ``factors/``;
the series itself is written by the ``neso-gb-series`` importer from
``tests/fixtures/upstream/neso_gb_series`` (61 real rows of the NESO 2023 file: a day in
June with its 0.0 glitches, the empty rows of 26 January, the edges of October's gap).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from carbonfactors import Dataset
from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.validate import validate_tree

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TREE = FIXTURES / "series"
UPSTREAM = FIXTURES / "upstream" / "neso_gb_series"


def build_tree(dest: Path) -> Path:
    shutil.copytree(TREE, dest)
    REGISTRY["neso-gb-series"].convert(UPSTREAM, dest)
    return dest


@pytest.fixture(scope="session")
def series_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tree(tmp_path_factory.mktemp("series") / "factors")


@pytest.fixture(scope="session")
def series_ds(series_tree: Path) -> Dataset:
    res = validate_tree(series_tree)
    assert res.ok, [str(p) for p in res.problems]
    return Dataset.from_snapshot(res.snapshot)


def upstream_rows() -> dict[str, tuple[float | None, float | None]]:
    """``from`` (as in the file) -> (actual, forecast) of the upstream fixture rows."""
    import csv

    out = {}
    with (UPSTREAM / "national_intensity_2023_halfhourly.csv").open() as fh:
        for row in csv.DictReader(fh):
            actual = float(row["actual"]) if row["actual"] else None
            forecast = float(row["forecast"]) if row["forecast"] else None
            out[row["from"]] = (actual, forecast)
    return out
