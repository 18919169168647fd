"""The reference table (issue 20): published footprints next to our defaults, kept current."""

from __future__ import annotations

import pytest

from carbonfactors.dataset import Dataset
from carbonfactors_pipeline import reference_footprints as ref
from carbonfactors_pipeline.validate import validate_tree


@pytest.fixture(scope="module")
def ds() -> Dataset:
    res = validate_tree(ref.ROOT / "factors")
    assert res.ok, [str(p) for p in res.problems][:5]
    return Dataset.from_snapshot(res.snapshot, version="dev")


def test_the_table_lists_the_seven_references_and_is_current(ds: Dataset) -> None:
    rows = ref.rows()
    names = " ".join(r["name"] for r in rows)
    for needed in ("GPT-3", "BLOOM", "Llama 3", "OPT", "GB200 NVL72", "TPU v5p", "Slurm"):
        assert needed in names
    expected = ref.markdown(ds, rows)
    assert ref.TABLE.read_text(encoding="utf-8") == expected, (
        "docs/reference-footprints.md is stale: run python -m carbonfactors_pipeline.reference_footprints"
    )


def test_every_row_with_a_job_computes_and_says_why(ds: Dataset) -> None:
    for row in ref.rows():
        assert row["why"] and row["stated"] and row["citation"]
        got = ref.compute(ds, row)
        if row.get("job"):
            assert not got["ours"].startswith("error"), (row["name"], got)
        else:
            assert got["ours"] == "not computed"


def test_gpt3_published_energy_is_read_as_facility_energy(ds: Dataset) -> None:
    """Patterson's 1,287 MWh includes PUE: read as facility energy, our operational number
    is within the spread of grid factors (EIA 0.429 vs Ember lifecycle), not 1.5x it."""
    row = next(r for r in ref.rows() if r["name"].startswith("GPT-3"))
    fp = ref.Planner.of(ds).footprint(ref.parse_job(row["job"]))
    assert fp.energy_basis == "facility" and fp.facility_energy_kwh == 1_287_000
    assert 0.85 < fp.operational_kgco2e / row["published"]["value"] < 1.15
