"""``carbonfactors footprint --from focus|aws-cur|gcp-billing|azure-cost`` as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from .samples import AZURE_ROWS, FOCUS_COLUMNS, FOCUS_TOTAL, GCP_ROWS, focus_rows, write_csv


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "carbonfactors"), *args], capture_output=True, text=True
    )


def test_focus_prints_the_classified_share_and_the_top_lines(
    tiny_file: Path, tmp_path: Path
) -> None:
    src = write_csv(tmp_path / "focus.csv", focus_rows(), FOCUS_COLUMNS)
    out = tmp_path / "lines.parquet"
    run = cli(
        "footprint", "--from", "focus", str(src), "--dataset", str(tiny_file), "--out", str(out)
    )
    assert run.returncode == 0, run.stderr
    assert "rows: 11  usage: 9  classified: 6 (66.7% of usage rows)  computed: 6" in run.stdout
    assert "non-usage (not computed): credit 1, tax 1" in run.stdout
    assert f"total: {FOCUS_TOTAL:,.3f} kgCO2e" in run.stdout
    assert "top services by emissions:" in run.stdout and "top regions by emissions:" in run.stdout
    assert "top resources by emissions:" in run.stdout and "vol-1" in run.stdout
    assert "Foo widgets [unknown-sku]" in run.stdout
    assert pd.read_parquet(out)["total_kgco2e"].sum() == pytest.approx(FOCUS_TOTAL)
    by_service = pd.read_parquet(tmp_path / "lines.by-service.parquet")
    assert by_service["total_kgco2e"].sum() == pytest.approx(FOCUS_TOTAL)


@pytest.mark.parametrize(("fmt", "rows"), [("gcp-billing", GCP_ROWS), ("azure-cost", AZURE_ROWS)])
def test_other_formats_json_summary(tiny_file: Path, tmp_path: Path, fmt: str, rows: list) -> None:
    src = write_csv(tmp_path / "bill.csv", rows)
    run = cli("footprint", "--from", fmt, str(src), "--dataset", str(tiny_file), "--json")
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary["computed_rows"] > 0 and summary["dataset_version"] == "bills-test"


def test_wrong_header_is_a_clear_error(tiny_file: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "bill.csv", GCP_ROWS)
    run = cli("footprint", "--from", "focus", str(src), "--dataset", str(tiny_file))
    assert run.returncode == 1
    assert "wrong header for format focus" in run.stderr
    assert "Traceback" not in run.stderr


def test_ccf_method_from_the_cli(tiny_file: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "focus.csv", focus_rows()[:1], FOCUS_COLUMNS)
    run = cli(
        "footprint",
        "--from",
        "focus",
        str(src),
        "--dataset",
        str(tiny_file),
        "--method",
        "ccf",
        "--json",
    )
    assert run.returncode == 0, run.stderr
    # m5.large, 2 h, by CCF's instance tables (tests/bills/test_ccf.py::test_ccf_by_hand):
    # 0.0156536 kWh x 0.5 + embodied 1,610.3792 kg / 96 x 2 h / 35,040 h
    total = 0.0156536 * 0.5 + 1610.3792 / 96 * 2 / 35040
    assert json.loads(run.stdout)["total_kgco2e"] == pytest.approx(total)
