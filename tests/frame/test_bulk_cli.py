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


# -- issue 19 item 6: the docs' Slurm example on the open bundle; flags honoured with --from --
DOCS_SITE = {
    "default_cluster": "jupiter",
    "clusters": {
        "jupiter": {
            "location": "DE",
            "pue": 1.2,
            "gres": {"a100": "nvidia-a100-sxm4-80gb"},
            "partitions": {
                "gpu": {
                    "cpu_model": "amd-epyc-7763",
                    "cpu_cores": 64,
                    "gpu_model": "nvidia-a100-sxm4-80gb",
                },
                "*": {"cpu_model": "amd-epyc-7763", "cpu_cores": 64},
            },
        }
    },
}


@pytest.fixture(scope="module")
def open_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The open bundle of the development tree, as the next release's wheel will carry it."""
    from carbonfactors import snapshot as snap
    from carbonfactors_pipeline.releases import write_sdk_bundle
    from carbonfactors_pipeline.validate import validate_tree

    root = Path(__file__).resolve().parents[2] / "factors"
    dev = dict(validate_tree(root).snapshot, version="dev")
    out = tmp_path_factory.mktemp("open")
    write_sdk_bundle(snap.dumps(dev), out)
    return out / "snapshot.pack"


def test_the_docs_slurm_example_computes_every_valid_row_on_the_open_bundle(
    open_bundle: Path, tmp_path: Path
) -> None:
    import json

    site = tmp_path / "site.json"
    site.write_text(json.dumps(DOCS_SITE))
    out = tmp_path / "jobs.csv"
    args = ["footprint", "--from", "sacct", str(LOGS / "sacct.txt"), "--site", str(site)]
    run = cli(*args, "--dataset", str(open_bundle), "--out", str(out))
    # Jobs 1001 (GPU) and 1002 (CPU) compute, CPUs from the open bundle included; the other
    # rows of the fixture log are broken on purpose (unknown GPU, no GPU type, no duration).
    assert "rows: 7 computed: 3 with errors: 4" in run.stdout, run.stdout + run.stderr
    rows = pd.read_csv(out)
    cpu = rows[(rows["model"] == "amd-epyc-7763") & rows["job"].astype(str).isin(["1001", "1002"])]
    assert len(cpu) == 2 and cpu["error"].isna().all()
    assert (rows.loc[rows["error"].isna(), "embodied_kgco2e"] > 0).all()
    # --no-embodied is honoured with --from: operational only, the same operational numbers.
    out2 = tmp_path / "jobs-op.csv"
    run = cli(*args, "--dataset", str(open_bundle), "--out", str(out2), "--no-embodied")
    op = pd.read_csv(out2)
    ok = op["error"].isna()
    assert (op.loc[ok, "embodied_kgco2e"] == 0).all()
    assert op.loc[ok, "operational_kgco2e"].tolist() == rows.loc[ok, "operational_kgco2e"].tolist()


def test_from_without_the_frame_extra_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tiny_file: Path
) -> None:
    import importlib.util

    from carbonfactors.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a)
    )
    code = main(
        ["footprint", "--from", "csv", str(LOGS / "emissions.csv"), "--dataset", str(tiny_file)]
    )
    err = capsys.readouterr().err
    assert code != 0
    assert "pip install 'carbonfactors[frame]'" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


# -- issue 22 item 2: one CSV path, streamed, one schema with the caveats as columns --------
def test_one_csv_path_streams_a_long_file_with_one_schema(tiny_file: Path, tmp_path: Path) -> None:
    """``footprint FILE.csv`` and ``--from csv FILE`` are one path: the same bytes out. A
    file longer than a chunk (``frame_stream.STREAM_ROWS``) is written chunk by chunk under
    one header, every row with its bounds, warnings, dataset version and bundle, and the
    summary adds up every chunk."""
    from carbonfactors.frame_stream import STREAM_ROWS

    n = STREAM_ROWS * 2 + 7
    src = tmp_path / "jobs.csv"
    lines = ["gpu-x,2,3,XX,2024", "cpu-y,1,10,XX,", "gpu-x,1,1,NOPE,2024"]
    src.write_text("model,count,hours,location,year\n" + "\n".join(lines[i % 3] for i in range(n)))
    out = tmp_path / "out.csv"
    run = cli("footprint", str(src), "--dataset", str(tiny_file), "--out", str(out))
    assert run.returncode == 1, run.stderr  # the NOPE rows are errors, the rest computed
    bad = n // 3 + (1 if n % 3 > 2 else 0)
    assert f"rows: {n:,} computed: {n - bad:,} with errors: {bad:,}" in run.stdout
    rows = pd.read_csv(out)
    assert len(rows) == n and list(rows.columns).count("model") == 1  # one header
    for col in ("total_kgco2e_low", "total_kgco2e_high", "warnings", "dataset_version", "bundle"):
        assert col in rows.columns
    assert set(rows["dataset_version"]) == {"test"} and rows["bundle"].notna().all()
    assert rows.loc[0, "total_kgco2e"] == pytest.approx(1.464)
    gpu = rows["model"].eq("gpu-x") & rows["error"].isna()
    assert rows.loc[gpu, "total_kgco2e"].tolist() == [rows.loc[0, "total_kgco2e"]] * gpu.sum()
    # the summary adds up every chunk
    assert f"total: {rows['total_kgco2e'].sum():,.3f} kgCO2e" in run.stdout
    assert "NOPE" in rows.loc[2, "error"] and rows.loc[2, "error_type"] == "zone-not-found"
    other = cli("footprint", "--from", "csv", str(src), "--dataset", str(tiny_file))
    assert other.stdout == out.read_text()  # the other spelling: the same path, the same bytes
    assert other.stderr.startswith(f"rows: {n:,}")


def test_a_bad_line_deep_in_a_streamed_file_is_one_clear_error(
    tiny_file: Path, tmp_path: Path
) -> None:
    from carbonfactors.frame_stream import STREAM_ROWS

    src = tmp_path / "jobs.csv"
    body = "gpu-x,2,3,XX,2024\n" * (STREAM_ROWS + 5) + "gpu-x,2,3,XX,2024,extra,field\n"
    src.write_text("model,count,hours,location,year\n" + body)
    run = cli("footprint", str(src), "--dataset", str(tiny_file), "--out", str(tmp_path / "o.csv"))
    assert run.returncode == 1
    assert f"cannot read {src} as csv" in run.stderr and "Traceback" not in run.stderr
    assert f"line {STREAM_ROWS + 7}" in run.stderr  # where: the line of the file


def test_parquet_in_and_out_on_the_same_path(tiny_file: Path, tmp_path: Path) -> None:
    src = tmp_path / "jobs.parquet"
    pd.DataFrame({"model": ["gpu-x", "cpu-y"], "count": [2, 1], "hours": [3, 10]}).assign(
        location="XX", year=2024
    ).to_parquet(src)
    out = tmp_path / "out.parquet"
    run = cli("footprint", str(src), "--dataset", str(tiny_file), "--out", str(out))
    assert run.returncode == 0, run.stderr
    rows = pd.read_parquet(out)
    assert rows.loc[0, "total_kgco2e"] == pytest.approx(1.464)
    assert {"bundle", "warnings", "total_kgco2e_high"} <= set(rows.columns)


def test_no_job_at_all_says_what_to_give() -> None:
    run = cli("footprint")
    assert run.returncode == 1
    assert "no job: give a job document" in run.stderr and "CSV or Parquet" in run.stderr
    run = cli("compare", "--locations", "FR,DE")
    assert run.returncode == 1 and "no job: give a job document" in run.stderr


def test_whole_numbers_stay_whole_in_csv(tiny_file: Path, tmp_path: Path) -> None:
    """A year column with a blank cell is read as floats; the output says 2024, not 2024.0."""
    src = tmp_path / "jobs.csv"
    src.write_text("model,count,hours,location,year\ngpu-x,2,3,XX,2024\ngpu-x,1,3,XX,\n")
    run = cli("footprint", str(src), "--dataset", str(tiny_file))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[1].startswith("gpu-x,2,3,XX,2024,") and lines[2].startswith("gpu-x,1,3,XX,,")
    assert "dataset: test" in run.stderr
