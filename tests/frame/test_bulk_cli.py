"""The bulk CLI (footprint --from, export) as a user runs it, and a DuckDB join on the export."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

LOGS = Path(__file__).resolve().parents[1] / "fixtures" / "logs"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "carbonfactors"), *args], capture_output=True, text=True
    )


def test_footprint_from_sacct_writes_parquet_and_a_summary(tiny_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "jobs.parquet"
    run = cli(
        "footprint",
        "--from",
        "sacct",
        str(LOGS / "sacct.txt"),
        "--site",
        str(LOGS / "site.json"),
        "--dataset",
        str(tiny_file),
        "--out",
        str(out),
    )
    assert run.returncode == 1  # three jobs of the log have errors; the rest is computed
    assert "rows: 7 computed: 3 with errors: 4" in run.stdout
    assert "total: 18.48" in run.stdout
    assert "by month:" in run.stdout and "2024-03" in run.stdout
    assert "errors: invalid-input" in run.stdout
    rows = pd.read_parquet(out)
    assert rows["total_kgco2e"].sum() == pytest.approx(8.4825 + 10.001)


def test_footprint_from_csv_to_stdout(tiny_file: Path, tmp_path: Path) -> None:
    src = tmp_path / "jobs.csv"
    src.write_text("model,count,hours,location,year\ngpu-x,2,3,XX,2024\n")
    run = cli("footprint", "--from", "csv", str(src), "--dataset", str(tiny_file))
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith("model,count,hours,location,year,energy_kwh")
    assert "total: 1.464 kgCO2e" in run.stderr  # 2 x 400 W x 3 h x 1.5 x 0.4 + 2 x 0.004 x 3


def test_sacct_without_site_is_a_clear_error(tiny_file: Path) -> None:
    run = cli("footprint", "--from", "sacct", str(LOGS / "sacct.txt"), "--dataset", str(tiny_file))
    assert run.returncode == 1
    assert "--from sacct needs --site SITE.json" in run.stderr


def test_export_parquet_joins_in_duckdb(tiny_file: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    run = cli("export", "--format", "parquet", "--out", str(tmp_path), "--dataset", str(tiny_file))
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "factors-test.parquet").exists()
    # The docs' example: join usage with the grid factor of its zone and year.
    con = duckdb.connect()
    con.execute(
        "create table usage as select * from (values ('XX', 2024, 10.0)) t(zone, year, kwh)"
    )
    value = con.execute(
        f"""
        select sum(u.kwh * f.value / 1000) as kgco2e, any_value(f.source_title)
        from usage u join read_parquet('{tmp_path}/factors-test.parquet') f
          on f.kind = 'grid_intensity' and f.subject = u.zone and f.year = u.year
        """
    ).fetchone()
    assert value is not None and value[0] == pytest.approx(4.0)
