"""Builds are deterministic, releases immutable, and the real released data intact."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sqlite3
from pathlib import Path

import pytest

from carbonfactors import snapshot as snap
from carbonfactors.cli import main
from carbonfactors_pipeline import licensing as licenses
from carbonfactors_pipeline.build import build_database, content_checksum
from carbonfactors_pipeline.releases import (
    ReleaseError,
    cut_release,
    load_release,
    read_manifest,
    verify,
)
from carbonfactors_pipeline.validate import validate_tree
from carbonfactors_service.db import open_readonly

ROOT = Path(__file__).resolve().parents[2]
REAL_FACTORS = ROOT / "factors"
TODAY = dt.date(2026, 11, 28)


def dev(root: Path) -> snap.Snapshot:
    result = validate_tree(root)
    assert result.ok, [str(p) for p in result.problems]
    return result.snapshot


def test_two_builds_of_the_same_files_have_the_same_checksum(
    factors_copy: Path, tmp_path: Path
) -> None:
    a = build_database(factors_copy, dev(factors_copy), tmp_path / "a.db")
    b = build_database(factors_copy, dev(factors_copy), tmp_path / "b.db")
    assert a == b
    # The checksum is of content: recomputing it from the file gives the recorded value.
    conn = sqlite3.connect(tmp_path / "a.db")
    assert content_checksum(conn) == a
    assert (
        conn.execute("select value from build_meta where key='content_checksum'").fetchone()[0] == a
    )


def test_a_changed_value_changes_the_checksum(factors_copy: Path, tmp_path: Path) -> None:
    before = build_database(factors_copy, dev(factors_copy), tmp_path / "a.db")
    f = next(factors_copy.rglob("*.yaml"))
    for path in sorted(factors_copy.rglob("*.yaml")):
        if "value:" in path.read_text():
            f = path
            break
    text = f.read_text()
    idx = text.index("value: ")
    end = text.index("\n", idx)
    f.write_text(text[:idx] + "value: 1.5" + text[end:])
    after = build_database(factors_copy, dev(factors_copy), tmp_path / "b.db")
    assert before != after


def test_database_is_indexed_for_kind_subject_year_lookups(built_db: Path) -> None:
    conn = open_readonly(built_db)
    plan = " ".join(
        str(r[3])
        for r in conn.execute(
            "explain query plan select * from factors where version=? and kind=? and subject=? and year<=?",
            ("dev", "grid_intensity", "FR", 2023),
        )
    )
    assert "USING INDEX" in plan


def test_service_database_is_read_only(built_db: Path) -> None:
    conn = open_readonly(built_db)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("delete from factors")


def test_release_freezes_snapshot_manifest_and_changelog(factors_copy: Path) -> None:
    rel = cut_release(factors_copy, "2026.01", dev(factors_copy), today=TODAY)
    # Stored compressed (issue 18 item 6): the checksum is that of the canonical text.
    path = factors_copy / "releases" / "2026.01.json.gz"
    assert snap.sha256_bytes(gzip.decompress(path.read_bytes())) == rel.sha256
    assert path.stat().st_size < len(gzip.decompress(path.read_bytes())) / 5
    [listed] = read_manifest(factors_copy)
    assert listed == rel
    frozen = snap.read(path, expected_sha256=rel.sha256)
    assert frozen["version"] == "2026.01"
    assert frozen["released"] == "2026-11-28"
    changelog = (factors_copy / "releases" / "CHANGELOG.md").read_text()
    assert "## 2026.01 — 2026-11-28" in changelog
    assert verify(factors_copy) == []


def test_second_release_lists_added_changed_removed(factors_copy: Path) -> None:
    first = dev(factors_copy)
    cut_release(factors_copy, "2026.01", first, today=TODAY)
    second = json.loads(json.dumps(first))
    changed = second["factors"][0]
    changed["value"] = changed["value"] * 1.1
    removed = second["factors"].pop()
    rel = cut_release(factors_copy, "2026.02", second, today=TODAY)
    assert rel.previous == "2026.01"
    changelog = (factors_copy / "releases" / "CHANGELOG.md").read_text()
    assert changelog.index("## 2026.02") < changelog.index("## 2026.01")
    assert f"`{changed['id']}`" in changelog
    assert "- removed: 1" in changelog
    diff = snap.diff(snap.read(factors_copy / "releases" / "2026.01.json.gz"), second)
    assert [c["id"] for c in diff["changed"]] == [changed["id"]]
    assert [r["id"] for r in diff["removed"]] == [removed["id"]]


def test_a_version_cannot_be_released_twice(factors_copy: Path) -> None:
    cut_release(factors_copy, "2026.01", dev(factors_copy), today=TODAY)
    with pytest.raises(ReleaseError, match="already released"):
        cut_release(factors_copy, "2026.01", dev(factors_copy), today=TODAY)
    with pytest.raises(ReleaseError, match="must be newer"):
        cut_release(factors_copy, "2025.12", dev(factors_copy), today=TODAY)


def test_a_correction_release_cannot_add_data(factors_copy: Path) -> None:
    first = dev(factors_copy)
    cut_release(factors_copy, "2026.01", first, today=TODAY)
    more = json.loads(json.dumps(first))
    extra = dict(more["factors"][0], id=more["factors"][0]["id"] + ":extra")
    more["factors"].append(extra)
    with pytest.raises(ReleaseError, match=r"correction \(\.N\), but it adds 1 factor.*2026\.02"):
        cut_release(factors_copy, "2026.01.1", more, today=TODAY)
    # Changing a value is what a correction is for.
    fixed = json.loads(json.dumps(first))
    fixed["factors"][0]["value"] *= 1.01
    assert cut_release(factors_copy, "2026.01.1", fixed, today=TODAY).previous == "2026.01"


def test_release_command_refuses_a_dirty_or_invalid_tree(
    factors_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import subprocess

    def git(*a: str) -> None:
        subprocess.run(
            ["git", "-C", str(factors_copy), "-c", "user.name=t", "-c", "user.email=t@e.org", *a],
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "data")
    (factors_copy / "pue" / "aws.yaml").write_text(
        (factors_copy / "pue" / "aws.yaml").read_text() + "\n"
    )
    assert main(["release", "2026.03", "--factors", str(factors_copy), "--no-bundle"]) == 1
    assert "uncommitted changes" in capsys.readouterr().err
    (factors_copy / "pue" / "aws.yaml").write_text("factors: 3\n")
    code = main(
        ["release", "2026.03", "--factors", str(factors_copy), "--no-bundle", "--allow-dirty"]
    )
    assert code == 1
    assert "aws.yaml:1: factors: must be a list of records" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["2026", "26.12", "2026.13", "2026.12.0", "v2026.12", "2026.1"])
def test_release_versions_are_calendar_versions(factors_copy: Path, bad: str) -> None:
    with pytest.raises(ReleaseError, match="calendar version"):
        cut_release(factors_copy, bad, dev(factors_copy), today=TODAY)


def test_tampering_with_a_release_is_detected_and_blocks_build(
    factors_copy: Path, tmp_path: Path
) -> None:
    cut_release(factors_copy, "2026.01", dev(factors_copy), today=TODAY)
    path = factors_copy / "releases" / "2026.01.json.gz"
    text = gzip.decompress(path.read_bytes()).decode()
    path.write_bytes(gzip.compress(text.replace('"value":', '"value": ', 1).encode()))
    [problem] = verify(factors_copy)
    assert "2026.01" in problem and "immutable" in problem
    assert main(["build", "--factors", str(factors_copy), "--out", str(tmp_path / "x.db")]) == 1
    assert main(["verify-releases", "--factors", str(factors_copy)]) == 1


def test_build_serves_every_release_plus_dev(factors_copy: Path, tmp_path: Path) -> None:
    cut_release(factors_copy, "2026.01", dev(factors_copy), today=TODAY)
    out = tmp_path / "db.sqlite"
    build_database(factors_copy, dev(factors_copy), out)
    conn = open_readonly(out)
    rows = conn.execute("select version, is_release from versions order by position").fetchall()
    assert [tuple(r) for r in rows] == [("2026.01", 1), ("dev", 0)]
    body = conn.execute("select body from snapshots where version='2026.01'").fetchone()[0]
    assert snap.sha256_text(gzip.decompress(body).decode()) == read_manifest(factors_copy)[0].sha256


# --- the project's real data -----------------------------------------------------------


def test_real_released_snapshots_match_their_recorded_checksums() -> None:
    assert verify(REAL_FACTORS) == []


def test_real_factors_validate() -> None:
    result = validate_tree(REAL_FACTORS)
    assert result.ok, "\n".join(str(p) for p in result.problems[:50])


def test_bundled_sdk_snapshot_is_the_latest_release() -> None:
    releases = read_manifest(REAL_FACTORS)
    bundle = ROOT / "sdk" / "carbonfactors" / "data" / "snapshot.json.gz"
    if not releases:
        pytest.fail("no release has been cut yet")
    latest = releases[-1]
    data = snap.read(bundle)
    assert data["version"] == latest.version
    released = load_release(REAL_FACTORS, latest)
    if "bundle" in data:  # releases from 2026.12 on bundle their licence-clean part only
        assert snap.dumps(data) == snap.dumps(licenses.bundle(released, data["bundle"]))
    else:
        assert snap.checksum(data) == latest.sha256


def test_changes_shows_a_reviewer_the_effect_of_an_edit(
    factors_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = dev(factors_copy)
    cut_release(factors_copy, "2026.01", first, today=TODAY)
    target = first["factors"][0]
    path = next(
        p for p in sorted(factors_copy.rglob("*.yaml")) if f"id: {target['id']}\n" in p.read_text()
    )
    text = path.read_text()
    start = text.index(f"id: {target['id']}\n")
    at = text.index("value: ", start)
    end = text.index("\n", at)
    path.write_text(text[:at] + "value: 1.25" + text[end:])
    capsys.readouterr()
    assert main(["changes", "--factors", str(factors_copy)]) == 0
    out = capsys.readouterr().out
    assert "changed: 1" in out
    assert f"~ {target['id']}: {target['value']:g} -> 1.25 {target['unit']} [value]" in out
