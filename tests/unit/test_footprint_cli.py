"""The CLI gives the very numbers of the Python API (one engine, one result document)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

import carbonfactors as cf
from carbonfactors import snapshot as snap
from carbonfactors.cli import main
from carbonfactors_pipeline.validate import validate_tree

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "engine"

JOB: dict[str, Any] = {
    "hardware": [
        {"model": "nvidia-a100-sxm4-80gb", "count": 8, "utilization": 0.7},
        {"model": "aws:m5.xlarge", "count": 2, "utilization": 0.3},
    ],
    "hours": 12.5,
    "location": "gcp:europe-west1",
    "year": 2023,
    "functional_units": 1000,
}


@pytest.fixture(scope="module")
def snapshot_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    res = validate_tree(FIXTURE)
    assert res.ok
    path = tmp_path_factory.mktemp("snap") / "snapshot.json.gz"
    snap.write_gzip(snap.dumps(dict(res.snapshot, version="2099.01")), path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_same_job_same_numbers_api_and_cli(
    snapshot_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    job_file = tmp_path / "job.json"
    job_file.write_text(json.dumps(JOB))
    code, out, _ = run(capsys, "footprint", str(job_file), "--dataset", str(snapshot_file))
    assert code == 0
    api = cf.footprint(JOB, dataset=cf.load_dataset(snapshot_file)).to_dict()
    assert json.loads(out) == json.loads(json.dumps(api))
    assert json.loads(out)["dataset_version"] == "2099.01"


def test_flags_build_the_same_job(snapshot_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "footprint",
        "--dataset",
        str(snapshot_file),
        "--model",
        "aws:m5.xlarge",
        "--count",
        "2",
        "--utilization",
        "0.3",
        "--hours",
        "10",
        "--location",
        "FR",
        "--year",
        "2023",
        "--pue",
        "1.2",
    )
    assert code == 0
    job = {
        "hardware": [{"model": "aws:m5.xlarge", "count": 2, "utilization": 0.3}],
        "hours": 10,
        "location": "FR",
        "year": 2023,
        "pue": 1.2,
    }
    expected = cf.footprint(job, dataset=cf.load_dataset(snapshot_file)).to_dict()
    assert json.loads(out)["total_kgco2e"] == expected["total_kgco2e"]


def test_explain_and_stdin(
    snapshot_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(JOB)))
    code, out, _ = run(capsys, "footprint", "-", "--explain", "--dataset", str(snapshot_file))
    assert code == 0
    assert "gcp:europe-west1 → BE, 2023 → 2022 nearest earlier year" in out
    assert out.startswith("Footprint at gcp:europe-west1")


def test_batch_file_and_errors(
    snapshot_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jobs = tmp_path / "jobs.json"
    jobs.write_text(json.dumps([JOB, dict(JOB, hours=0)]))
    code, out, _ = run(capsys, "footprint", str(jobs), "--dataset", str(snapshot_file))
    assert code == 1
    doc = json.loads(out)
    assert doc[0]["total_kgco2e"] > 0 and "hours" in doc[1]["error"]["errors"]

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(dict(JOB, hardware=[{"model": "a100", "utilization": 2}])))
    code, _, err = run(capsys, "footprint", str(bad), "--dataset", str(snapshot_file))
    assert code == 1
    assert "hardware[0].utilization: must be between 0 and 1" in err

    code, _, err = run(
        capsys, "footprint", str(tmp_path / "missing.json"), "--dataset", str(snapshot_file)
    )
    assert code == 1 and "cannot read job file" in err


def test_compare_command(snapshot_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "compare",
        "--dataset",
        str(snapshot_file),
        "--model",
        "aws:m5.xlarge",
        "--hours",
        "100",
        "--locations",
        "aws,FR",
        "--years",
        "2023,2024",
        "--json",
    )
    assert code == 0
    doc = json.loads(out)
    totals = [row["total_kgco2e"] for row in doc["ranking"]]
    assert totals == sorted(totals) and len(totals) == 6
    code, out, _ = run(
        capsys,
        "compare",
        "--dataset",
        str(snapshot_file),
        "--energy-kwh",
        "5",
        "--locations",
        "gcp",
    )
    assert code == 0 and "gcp:europe-west1" in out


# -- batch formats, lookups and sources of answers -------------------------------------------
def test_csv_batch_as_table_and_csv(
    snapshot_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``footprint FILE.csv`` is the frame path (``--from csv``): one schema, with bounds,
    version and warnings as columns, and as footnotes in a table."""
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(
        "model,count,utilization,hours,energy_kwh,location,year\n"
        "nvidia-a100-sxm4-80gb,8,0.7,12.5,,gcp:europe-west1,2023\n"
        ",,,3,10,FR,2023\n"  # energy and hours, no hardware: accepted
        "nvidia-a100-sxm4-80gb,1,,-1,,FR,2023\n"
    )
    code, out, _ = run(capsys, "footprint", str(jobs), "--dataset", str(snapshot_file))
    assert code == 1  # the third row is refused, the others computed
    rows = list(csv.DictReader(io.StringIO(out)))
    code, out_from, _ = run(
        capsys, "footprint", "--from", "csv", str(jobs), "--dataset", str(snapshot_file)
    )
    assert out_from == out  # the same path, the same bytes
    for col in ("total_kgco2e_low", "total_kgco2e_high", "dataset_version", "warnings"):
        assert col in rows[0], col
    assert [r["error"] == "" for r in rows] == [True, True, False]
    single = cf.footprint(
        {
            "hardware": [{"model": "nvidia-a100-sxm4-80gb", "count": 8, "utilization": 0.7}],
            "hours": 12.5,
            "location": "gcp:europe-west1",
            "year": 2023,
        },
        dataset=cf.load_dataset(snapshot_file),
    )
    assert float(rows[0]["total_kgco2e"]) == pytest.approx(single.total_kgco2e, rel=1e-5)
    assert float(rows[0]["total_kgco2e_low"]) == pytest.approx(single.low["total_kgco2e"])
    assert "hours" in rows[2]["error"]
    code, out, _ = run(
        capsys, "footprint", str(jobs), "--dataset", str(snapshot_file), "--format", "table"
    )
    assert out.splitlines()[0].split()[:3] == ["index", "ok", "total_kgco2e"]
    bad = tmp_path / "bad.csv"
    bad.write_text("modle,hours\nx,1\n")
    code, _, err = run(capsys, "footprint", str(bad), "--dataset", str(snapshot_file))
    assert code == 1 and "column 'modle' is not read (did you mean 'model'?)" in err


def test_warnings_travel_to_every_format(
    snapshot_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A caveat of the engine (here: a region without its own grid value) is a footnote in
    a table, a column in CSV and in DataFrames, and kept by compare."""
    job = {"energy_kwh": 10, "location": "aws:us-east-1", "year": 2030}
    ds = cf.load_dataset(snapshot_file)
    # Several caveats may apply (a fallback, a stale year, the industry PUE...): the first
    # is footnote [1]; CSV and DataFrames join them all with "; ".
    warnings = cf.footprint(job, dataset=ds).warnings
    first, warning = warnings[0], "; ".join(warnings)
    path = tmp_path / "jobs.json"
    path.write_text(json.dumps([job]))
    code, out, _ = run(
        capsys, "footprint", str(path), "--dataset", str(snapshot_file), "--format", "table"
    )
    row1 = out.splitlines()[1].rstrip()
    assert code == 0 and "[1]" in row1 and row1.endswith("]") and f"[1] {first}" in out
    code, out, _ = run(
        capsys, "footprint", str(path), "--dataset", str(snapshot_file), "--format", "csv"
    )
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["warnings"] == warning and row["dataset_version"] == ds.version
    assert float(row["total_kgco2e_high"]) >= float(row["total_kgco2e"])
    table = tmp_path / "jobs.csv"
    table.write_text("energy_kwh,location,year\n10,aws:us-east-1,2030\n")
    code, out, _ = run(capsys, "footprint", str(table), "--dataset", str(snapshot_file))
    assert next(csv.DictReader(io.StringIO(out)))["warnings"] == warning
    pytest.importorskip("pandas")
    df = cf.footprints([job], dataset=ds).to_dataframe()
    assert df.loc[0, "warnings"] == warning and "total_kgco2e_low" in df.columns
    cmp = cf.compare(job, ["aws:us-east-1", "FR"], dataset=ds)
    assert first in cmp.table()  # footnoted (its number depends on the ranking)
    assert warning in cmp.to_dataframe()["warnings"].tolist()


def test_lookup_commands_offline(capsys: pytest.CaptureFixture[str]) -> None:
    fid = "grid_intensity:FR:2023:ember-owid"
    code, out, _ = run(capsys, "factor", fid, "--offline")
    assert code == 0 and json.loads(out)["value"] == cf.load_dataset().factor(fid).value
    code, out, _ = run(capsys, "zones", "--q", "france", "--format", "json")
    assert code == 0 and "FR" in {z["id"] for z in json.loads(out)}
    code, out, _ = run(capsys, "search", "h100", "--format", "csv")
    assert code == 0 and out.startswith("what,id,name")
    code, out, _ = run(capsys, "versions")
    assert code == 0 and "bundled" in out
    code, _, err = run(capsys, "factor", "nope", "--offline")
    assert code == 1 and "no factor 'nope'" in err
    code, _, err = run(capsys, "zones", "--dataset-version", "1999.01")
    assert code == 1 and "not available offline" in err
    code, _, err = run(capsys, "sync", "--offline")
    assert code == 2 and "needs the service" in err


def test_python_m_and_the_script_build_the_same_parser() -> None:
    import subprocess
    import sys

    from carbonfactors.cli import build_parser

    out = subprocess.run(
        [sys.executable, "-m", "carbonfactors", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0
    expected = build_parser().format_help().split("positional arguments:")[1]
    assert out.stdout.split("positional arguments:")[1].split() == expected.split()


def test_to_dataframe_without_pandas_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from carbonfactors.results import ResultList

    monkeypatch.setitem(sys.modules, "pandas", None)  # as if not installed
    with pytest.raises(cf.InvalidInput, match="pip install pandas"):
        ResultList([]).to_dataframe()


def test_to_dataframe_with_pandas(snapshot_file: Path) -> None:
    pd = pytest.importorskip("pandas")
    ds = cf.load_dataset(snapshot_file)
    frame = cf.compare(JOB, ["FR", "BE"], dataset=ds).to_dataframe()
    assert isinstance(frame, pd.DataFrame) and list(frame["rank"]) == [1, 2]


def test_table_footnotes_keep_each_caveat_whole() -> None:
    """Through the real CLI on the bundled data: a caveat holding "; " ("... stands in for
    FR ...; give pue ... when the site's own PUE is known") is one footnote, not two."""
    import re
    import subprocess
    import sys

    cli = [sys.executable, "-m", "carbonfactors", "footprint", "--model", "H100 SXM"]
    run = subprocess.run(
        [*cli, "--hours", "10", "--location", "FR", "--format", "table"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    notes = [ln for ln in run.stdout.splitlines() if re.match(r"\[\d+\] ", ln)]
    assert notes, run.stdout
    for line in notes:  # each footnote is one whole caveat: "role: text"
        assert re.match(r"\[\d+\] [a-z_]+: ", line), line
