"""The review report of a data pull request, on a throwaway git repository with two revisions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from carbonfactors.cli import main
from carbonfactors_pipeline.review import (
    REFERENCE_JOBS as SHIPPED_JOBS,
)
from carbonfactors_pipeline.review import (
    load_reference_jobs,
    relative_change,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "factors"

#: Jobs that exercise the fixture data (the shipped reference jobs name real catalog models).
JOBS = """jobs:
- name: 1000 kWh in BE 2024
  job: {energy_kwh: 1000, location: BE, year: 2024, pue: 1.0, include_embodied: false}
- name: 1000 kWh in DE 2023
  job: {energy_kwh: 1000, location: DE, year: 2023, pue: 1.0, include_embodied: false}
"""


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose first commit holds the fixture factors (releases left out)."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES, root / "factors", ignore=shutil.ignore_patterns("releases"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    jobs = tmp_path / "jobs.yaml"
    jobs.write_text(JOBS)
    monkeypatch.setattr("carbonfactors_pipeline.review.REFERENCE_JOBS", jobs)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def run(repo: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["review", "--factors", str(repo / "factors"), "--base", "main", *args])
    return code, capsys.readouterr().out


def change_data(repo: Path) -> None:
    factors = repo / "factors"
    # BE 2024 doubles (flagged, no note), DE 2023 moves 1 % (not flagged).
    edit(factors / "grid/ember-owid/BE.yaml", "value: 117.57641", "value: 235.15282")
    edit(factors / "grid/ember-owid/DE.yaml", "value: 371.31064", "value: 375.0")
    # One factor removed, one added with a new source.
    text = (factors / "grid/ember-owid/FR.yaml").read_text()
    (factors / "grid/ember-owid/FR.yaml").write_text(text[: text.rindex("\n- id: ") + 1])
    (factors / "sources.yaml").write_text(
        (factors / "sources.yaml").read_text()
        + """- id: new-study
  producer: A lab
  title: A new study
  citation: A lab, A new study (2026).
  url: https://example.org/study
  published: '2026'
  accessed: '2026-12-01'
  license: CC-BY-4.0
  license_url: https://creativecommons.org/licenses/by/4.0/
"""
    )
    (factors / "grid/new-study").mkdir()
    (factors / "grid/new-study/BE.yaml").write_text(
        """factors:
- id: grid_intensity:BE:2024:new-study
  kind: grid_intensity
  subject: BE
  year: 2024
  value: 60.0
  unit: gCO2e/kWh
  basis: lifecycle
  source: new-study
"""
    )


def test_markdown_report_lists_changes_flags_and_job_effects(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change_data(repo)
    code, out = run(repo, capsys=capsys)
    assert code == 0
    assert "**1 added, 2 changed, " in out
    assert "1 removed" in out
    assert (
        "`grid_intensity:BE:2024:ember-owid`: 117.576 → 235.153 gCO2e/kWh (+100.0%), **no note updated**"
        in out
    )
    # 1 % is listed as changed but not flagged.
    assert "grid_intensity:DE:2023:ember-owid`: 371.311 → 375 gCO2e/kWh (+1.0%" in out
    flagged = out.split("### Flagged", 1)[1].split("###", 1)[0]
    assert "grid_intensity:DE:2023" not in flagged
    # ... and both moved defaults are named, with why
    assert (
        "- DE 2023 lifecycle value: 371.311 → 375 gCO2e/kWh — the value of "
        "grid_intensity:DE:2023:ember-owid was edited" in out
    )
    assert "| 1000 kWh in BE 2024 | 117.6 kgCO2e | 235.2 kgCO2e | **+100.0% flagged** " in out
    assert "| 1000 kWh in DE 2023 | 371.3 kgCO2e | 375.0 kgCO2e | +1.0% |" in out
    assert "flagged: 1 factor(s), 1 reference job(s)" in out
    assert "`new-study`: A new study (CC-BY-4.0)" in out
    # The new source disagrees with Ember for BE 2024 (60 vs 235): a new disagreement.
    assert "BE 2024 lifecycle: 60 (new-study) vs 235.153 (ember-owid)" in out


def test_json_report_and_guarded_percentages(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change_data(repo)
    code, out = run(repo, "--format", "json", capsys=capsys)
    assert code == 0
    data = json.loads(out)
    assert [f["id"] for f in data["flagged"]] == ["grid_intensity:BE:2024:ember-owid"]
    assert data["flagged"][0]["change"] == pytest.approx(1.0)
    assert [s["id"] for s in data["sources_added"]] == ["new-study"]
    assert len(data["removed"]) == 1 and data["removed"][0]["id"].startswith("grid_intensity:FR")
    jobs = {j["name"]: j for j in data["reference_jobs"]}
    assert jobs["1000 kWh in DE 2023"]["change"] == pytest.approx(375.0 / 371.31064 - 1)
    # Near zero, a relative change is meaningless: it is reported as such, not as 1e12 %.
    assert relative_change(1e-9, 5.0) is None
    assert relative_change(0.0, 0.0) is None


def test_invalid_tree_exits_1_in_both_formats(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo / "factors/grid/ember-owid/BE.yaml", "unit: gCO2e/kWh", "unit: kgCO2e/kWh")
    code, out = run(repo, capsys=capsys)
    assert code == 1
    assert "Validation failed: 1 problem(s)" in out
    assert "BE.yaml:" in out and "unit:" in out
    code, out = run(repo, "--format", "json", capsys=capsys)
    assert code == 1
    assert json.loads(out)["ok"] is False


def test_unknown_base_revision_is_a_clear_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["review", "--factors", str(repo / "factors"), "--base", "no-such-rev"])
    assert code == 2
    assert "review: cannot read factors/ at 'no-such-rev'" in capsys.readouterr().err


def test_shipped_reference_jobs_cover_each_family() -> None:
    names = [j["name"] for j in load_reference_jobs(SHIPPED_JOBS)]
    assert len(names) == len(set(names))
    text = " ".join(names)
    for family in ("H100", "TPU", "EPYC", "PowerEdge", "aws:", "gcp:", "azure:", "PUE"):
        assert family in text


def test_review_names_each_moved_default_and_flags_jobs_over_10_percent(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The A100's default power moves 400 W -> 340 W (-15 %: under the 25 % factor flag):
    the report names the moved default and why, and flags the reference job it moves."""
    jobs = tmp_path / "h100.yaml"
    jobs.write_text(
        "jobs:\n- name: 8x A100 100 h\n  job: {hardware: [{model: A100 SXM4 80GB, count: 8}], "
        "hours: 100, location: DE, year: 2023, include_embodied: false}\n"
    )
    monkeypatch.setattr("carbonfactors_pipeline.review.REFERENCE_JOBS", jobs)
    path = repo / "factors/hardware/gpu/nvidia.yaml"
    text = path.read_text()
    at = text.index("id: power:nvidia-a100-sxm4-80gb:2020")
    path.write_text(text[:at] + text[at:].replace("value: 400\n", "value: 340\n", 1))
    code, out = run(repo, capsys=capsys)
    assert code == 0
    assert (
        "- nvidia-a100-sxm4-80gb power_w: 400 → 340 W — the value of "
        "power:nvidia-a100-sxm4-80gb:2020:epoch-ml-hardware was edited" in out
    )
    assert "**-15.0% flagged** (> 10%: say why in the PR)" in out
    data = json.loads(run(repo, "--format", "json", capsys=capsys)[1])
    assert [j["name"] for j in data["flagged_jobs"]] == ["8x A100 100 h"]
    assert data["flagged"] == []  # no factor moved more than 25 %
    assert any(m["key"] == "nvidia-a100-sxm4-80gb" for m in data["moved_defaults"])
