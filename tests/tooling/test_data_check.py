"""``make check`` (tools/data-check.sh; the data-PR workflow runs ``make check`` and nothing
else) through the real command on a real git repository holding the fixture tree: one run
reports every problem with what to do, a broken tree included; fixed and committed, it
passes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "factors"
BIN = Path(sys.executable).parent
VENV = BIN.parent

pytestmark = pytest.mark.slow


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


def check(repo: Path, *, report: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``make check`` in ``repo``, on the venv running the tests (``-o``: never reinstalled)."""
    args = ["make", "-s", "-o", f"{VENV}/.test-installed", "check", f"VENV={VENV}", "BASE=main"]
    if report is not None:
        args.append(f"REPORT={report}")
    return subprocess.run(args, cwd=repo, capture_output=True, text=True, timeout=600)


#: A data test that pins the BE value, as a reference case pins a default.
PINNED = """from pathlib import Path


def test_be_value_is_pinned():
    be = Path(__file__).parents[2] / "factors" / "grid" / "ember-owid" / "BE.yaml"
    assert "value: 117.57641" in be.read_text(), "BE moved: update this expectation"
"""


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES, root / "factors", ignore=shutil.ignore_patterns("releases"))
    (root / "tools").mkdir()
    for name in ("data-check.sh", "pythons.sh"):
        shutil.copy(ROOT / "tools" / name, root / "tools")
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(ROOT / name, root)
    (root / "tests" / "reference").mkdir(parents=True)
    (root / "tests" / "reference" / "test_ref.py").write_text(PINNED)
    subprocess.run([str(BIN / "carbonfactors"), "resolved"], cwd=root, check=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def test_the_data_pr_workflow_runs_make_check_and_nothing_else() -> None:
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "data-pr.yml").read_text())
    runs = [st.get("run", "") for job in flow["jobs"].values() for st in job["steps"]]
    makes = [line.strip() for r in runs for line in r.splitlines() if "make " in line]
    makes.remove("make .venv/.test-installed")  # the set-up make check depends on anyway
    assert makes == ['make check BASE="origin/${{ github.base_ref }}" REPORT=review.md'], makes
    assert "tools/data-check.sh" in (ROOT / "Makefile").read_text()


def test_a_broken_tree_gets_every_problem_and_the_review_in_one_run(
    repo: Path, tmp_path: Path
) -> None:
    de = repo / "factors" / "grid" / "ember-owid" / "DE.yaml"
    de.write_text(de.read_text().replace("source: ember-owid", "source: ember-owdi", 1))
    be = repo / "factors" / "grid" / "ember-owid" / "BE.yaml"
    be.write_text(be.read_text().replace("unit: gCO2e/kWh", "unit: gCO2/kwh", 1))
    report = tmp_path / "review.md"
    run = check(repo, report=report)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out
    # every validation problem, each with what was meant
    assert "(did you mean 'ember-owid'?)" in out
    assert "BE.yaml" in out and "DE.yaml" in out
    # the run went on to the end: steps 2-3 say why they waited, the review ran
    assert "== 2/4" in out and "== 3/4" in out and "== 4/4" in out
    assert out.count("not run:") == 2
    assert "Validation failed" in report.read_text()  # what CI posts on the pull request
    assert "make check: 3 problem(s):" in out
    assert "validate: fix each problem listed in step 1" in out


def test_every_failing_step_in_one_run_then_clean(repo: Path) -> None:
    be = repo / "factors" / "grid" / "ember-owid" / "BE.yaml"
    # a value that moves a default: stale resolved table, a pinned test, the review names it
    be.write_text(be.read_text().replace("value: 117.57641", "value: 120.0", 1))
    run = check(repo)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out
    assert "factors/resolved/ was stale and is now regenerated" in out
    assert "BE moved: update this expectation" in out
    assert "data tests: a case moved" in out
    assert "BE 2024 lifecycle value: 117.576 → 120 gCO2e/kWh" in out  # the review names it
    assert "make check: 2 problem(s):" in out
    # the expectation updated on purpose, the regenerated table committed: clean
    pinned = repo / "tests" / "reference" / "test_ref.py"
    pinned.write_text(pinned.read_text().replace("117.57641", "120.0"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "data")
    run = check(repo)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "make check: all 4 steps passed" in run.stdout


def test_validate_brief_lists_what_needs_a_look_and_counts_the_rest() -> None:
    """``make check`` runs ``validate --brief`` on the real tree: decided screens and
    explained disagreements (hundreds of lines) are counted, not listed."""
    import json

    from carbonfactors_pipeline.screens import REVIEW_RULES

    def validate(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "carbonfactors"), "validate", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )

    report = json.loads(validate("--json").stdout)
    brief = validate("--brief")
    assert brief.returncode == 0, brief.stderr
    lines = brief.stdout.splitlines()
    flagged = [ln for ln in lines if ln.startswith("  ") and ": " in ln and ln.count(":") >= 4]
    assert all(any(f": {r}: " in ln for r in REVIEW_RULES) for ln in flagged), flagged[:3]
    assert " explained: " not in brief.stdout
    decided = [f for f in report["flags"] if f["rule"] not in REVIEW_RULES or f.get("kept")]
    if decided:
        assert f"({len(decided)} excluded or kept by a reviewer, not listed" in brief.stdout
    assert len(lines) < 100 + len(flagged)
