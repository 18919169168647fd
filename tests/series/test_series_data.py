"""The series kind as data: importer, validation, snapshot, bundles and the packed form."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from carbonfactors import Dataset
from carbonfactors import snapshot as snap
from carbonfactors_pipeline import licensing as licenses
from carbonfactors_pipeline.validate import validate_tree

from .conftest import UPSTREAM, build_tree

SERIES = Path("series/neso-carbon-intensity-api")


def points(tree: Path) -> list[list[str]]:
    lines = (tree / SERIES / "GB-2023.csv").read_text().splitlines()
    return [line.split(",") for line in lines[1:]]


def test_importer_flags_and_grid(series_tree: Path) -> None:
    rows = {t: (v, f) for t, v, f in points(series_tree)}
    assert len(rows) == 17520  # the whole 2023 half-hour grid, UTC
    assert rows["2023-06-07T01:00:00Z"] == ("200", "")  # actual 200.0
    # actual 0.0 (API glitch) -> the forecast, flagged estimated
    assert rows["2023-01-31T01:00:00Z"] == ("89", "estimated")
    # actual empty -> the forecast, estimated
    assert rows["2023-01-26T13:30:00Z"] == ("214", "estimated")
    # no upstream row (October's gap, and everything the fixture leaves out) -> missing
    assert rows["2023-10-20T22:00:00Z"] == ("", "missing")
    # the 2022-12-31 23:30 row is not in the 2023 series
    assert "2022-12-31T23:30:00Z" not in rows
    head = (series_tree / SERIES / "GB-2023.yaml").read_text()
    assert "gas: CO2" in head and "basis: direct" in head and "generated: do not edit" in head


def test_importer_is_deterministic(tmp_path: Path, series_tree: Path) -> None:
    again = build_tree(tmp_path / "factors")
    for name in ("GB-2023.yaml", "GB-2023.csv"):
        assert (again / SERIES / name).read_bytes() == (series_tree / SERIES / name).read_bytes()


def _edit(tree: Path, old: str, new: str) -> None:
    p = tree / SERIES / "GB-2023.csv"
    text = p.read_text()
    assert old in text
    p.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        ("2023-06-07T01:00:00Z,200,\n", "", "time", "a gap"),
        ("2023-06-07T01:00:00Z,200,", "2023-06-07T01:00:00Z,0,", "value", "upstream feeds write 0"),
        ("2023-06-07T01:00:00Z,200,", "2023-06-07T01:00:00Z,2400,", "value", "impossible"),
        ("2023-06-07T01:00:00Z,200,", "2023-06-07T01:00:00Z,-3,", "value", "impossible"),
        ("2023-06-07T01:00:00Z,200,", "2023-06-07T01:00:00Z,n/a,", "value", "not a number"),
        ("2023-06-07T01:00:00Z,200,", "2023-06-07T01:00:00Z,200,guessed", "flag", "one of"),
        ("2023-06-07T01:00:00Z,200,", "2023-06-07T01:00:00Z,200,missing", "value", "no value"),
        ("2023-06-07T01:00:00Z,200,", "2023-06-07T01:00:00,200,", "time", "ISO 8601"),
    ],
)
def test_validation_problems_name_line_and_field(
    tmp_path: Path, old: str, new: str, field: str, reason: str
) -> None:
    tree = build_tree(tmp_path / "factors")
    _edit(tree, old, new)
    res = validate_tree(tree)
    assert not res.ok
    found = [p for p in res.problems if p.path.endswith("GB-2023.csv")]
    assert found and found[0].field == field and reason in found[0].reason, [
        str(p) for p in res.problems
    ]
    assert found[0].line > 1


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("source: neso-carbon-intensity-api", "source: neso", "series.source"),
        ("zone: GB", "zone: UK", "series.zone"),
        ("resolution: PT30M", "resolution: PT5M", "series.resolution"),
        ("unit: gCO2/kWh", "unit: kgCO2/kWh", "series.unit"),
        ("gas: CO2", "gas: CO2e", "series.gas"),
        ("id: grid_intensity_series:GB:2023", "id: grid_intensity_series:GB:2024", "series.id"),
        ("basis: direct", "colour: direct", "series.colour"),
    ],
)
def test_header_problems(tmp_path: Path, old: str, new: str, field: str) -> None:
    tree = build_tree(tmp_path / "factors")
    p = tree / SERIES / "GB-2023.yaml"
    p.write_text(p.read_text().replace(old, new, 1))
    res = validate_tree(tree)
    assert field in [q.field for q in res.problems], [str(q) for q in res.problems]


def test_snapshot_record_is_compact_and_round_trips(series_tree: Path) -> None:
    s = validate_tree(series_tree).snapshot
    (rec,) = s["series"]
    assert rec["points"] == 17520 == len(rec["flags"]) == len(rec["values"].split(","))
    assert set(rec["flags"]) == {".", "e", "m"}
    text = snap.dumps(s)
    assert snap.loads(text)["series"] == s["series"]
    # The packed form carries it (in its core) and answers the same.
    packed = snap.Packed(snap.pack(snap.loads(text)))
    ds = Dataset.from_packed(packed)
    assert [x.id for x in ds.intensity_series.of("GB")] == [rec["id"]]
    assert snap.checksum(snap.unpack(packed)) == snap.checksum(s)


def test_snapshots_without_series_keep_their_bytes(series_tree: Path, tmp_path: Path) -> None:
    tree = tmp_path / "factors"
    shutil.copytree(series_tree, tree)
    shutil.rmtree(tree / "series")
    s = validate_tree(tree).snapshot
    assert "series" not in s and '"series"' not in snap.dumps(s)


def test_bundles_keep_series_by_their_source_licence(series_tree: Path) -> None:
    s = validate_tree(series_tree).snapshot
    open_ = "open" if "open" in licenses.BUNDLES else "default"  # the CC BY bundle
    assert [x["id"] for x in licenses.bundle(s, open_)["series"]] == [s["series"][0]["id"]]
    assert "neso-carbon-intensity-api" in {x["id"] for x in licenses.bundle(s, open_)["sources"]}
    if "share-alike" in licenses.BUNDLES:
        assert licenses.bundle(s, "share-alike")["series"] == []


def test_upstream_fixture_is_real_rows() -> None:
    text = (UPSTREAM / "national_intensity_2023_halfhourly.csv").read_text()
    assert text.startswith("from,to,forecast,actual,index\n2022-12-31 23:30:00+00:00")


def test_review_shows_series_changes(series_tree: Path, tmp_path: Path) -> None:
    from carbonfactors_pipeline.review import Report, compare, render_markdown

    old = validate_tree(series_tree).snapshot
    tree = build_tree(tmp_path / "factors")
    _edit(tree, "2023-06-07T01:00:00Z,200,", "2023-06-07T01:00:00Z,210,")
    new = validate_tree(tree).snapshot
    report = compare(old, new, [], [], Report("base", []), [])
    (row,) = report.series
    assert (row["change"], row["points_moved"]) == ("changed", 1)
    assert "### Intensity series" in render_markdown(report)
    added = compare({"factors": [], "sources": []}, new, [], [], Report("base", []), [])
    assert added.series[0]["change"] == "added" and added.series[0]["points"] == 17520
