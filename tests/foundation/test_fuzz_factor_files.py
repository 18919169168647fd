"""Hypothesis fuzzing of the factor-file reader and validator.

Random corruption of real factor files (lines deleted, duplicated, re-indented or
truncated; YAML punctuation, odd unicode and control characters spliced in; values
swapped for other types) must always end in clean ``file:line: field: reason`` problems
naming a line that exists, never in an exception; and any text at all given to the reader
must come back as data or as a read error with a line. Bounded: a few hundred examples,
each one validation of the small fixture tree (~30 ms).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carbonfactors_pipeline.factorfiles import read_yaml
from carbonfactors_pipeline.validate import validate_tree

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "factors"
TARGETS = (
    "grid/ember-owid/FR.yaml",
    "hardware/gpu/nvidia.yaml",
    "pue/google.yaml",
    "zones/cloud/aws/us-east-1.yaml",
    "lifetimes/defaults.yaml",
    "sources.yaml",
)
PROBLEM = re.compile(r"^(?P<path>[^\n:]+):(?P<line>\d+): (?P<field>[^\n]*?): (?P<reason>.+)$", re.S)

#: Characters that mean something to YAML, plus unicode and control characters.
NASTY = st.sampled_from(
    list(":-?[]{},#&*!|>'\"%@`\t\\ \n") + ["\u00a0", "\u202e", "\ufeff", "\x00", "\x1b", "é", "💩",
                                            "~", "null", "yes", "1e999", ".nan", "<<: *a", "&a"]
)  # fmt: skip
SCALARS = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", "~", "[]", "{}", "true", "'x'", '"\\u0000"', "!!binary AA==", "*x"]),
    st.text(max_size=20),
)


@st.composite
def corrupted(draw: st.DrawFn, original: str) -> str:
    lines = original.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [""]
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "indent", "splice", "value", "truncate"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "   ", "\t"])) + lines[i].lstrip(" ")
        elif op == "splice":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = (
                lines[i][:at]
                + "".join(draw(st.lists(NASTY, min_size=1, max_size=4)))
                + lines[i][at:]
            )
        elif op == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(SCALARS)}\n"
        elif op == "truncate":
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
    return "".join(lines)


@pytest.fixture(scope="module")
def tree() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "factors"
        shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("releases"))
        yield root


CASES = {"corrupted files": 0, "raw texts": 0}


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    print(f"\nfuzz cases run: {CASES}")


@given(data=st.data())
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_corrupted_factor_files_give_file_line_problems_never_a_crash(
    tree: Path, data: st.DataObject
) -> None:
    CASES["corrupted files"] += 1
    rel = data.draw(st.sampled_from(TARGETS))
    original = (FIXTURE / rel).read_text(encoding="utf-8")
    text = data.draw(corrupted(original))
    target = tree / rel
    target.write_text(text, encoding="utf-8")
    try:
        result = validate_tree(tree)  # must not raise
    finally:
        target.write_text(original, encoding="utf-8")
    for problem in result.problems:
        shown = str(problem)
        m = PROBLEM.match(shown)
        assert m, shown
        assert "Traceback" not in shown
        assert problem.line >= 1, shown
        where = tree / problem.path
        if where.is_file():
            n_lines = max(1, len(where.read_text(encoding="utf-8").splitlines()))
            if problem.path == rel:
                n_lines = max(1, len(text.splitlines()) + 1)
            assert problem.line <= n_lines + 1, (shown, n_lines)
    if text == original:
        assert result.ok, [str(p) for p in result.problems]


@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_text_reads_as_data_or_as_an_error_with_a_line(tmp_path: Path, text: str) -> None:
    CASES["raw texts"] += 1
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    read = read_yaml(path)  # must not raise
    for err in read.errors:
        assert err.line >= 1 and err.reason
        assert err.line <= max(1, len(text.splitlines())) + 1, (err, text)


@pytest.mark.parametrize(
    "text",
    ["sources:\n-\n", "- id: ember-owid\n  priority: 10\n", "sources:\n- id: x\n  priority: ten\n"],
    ids=["empty entry", "list at the top", "priority not a number"],
)
def test_broken_bibliography_shapes_found_by_fuzzing_are_problems_not_crashes(
    tree: Path, text: str
) -> None:
    """Shapes Hypothesis found crashing the vendor-TDP screen's source priorities (2028.09)."""
    target = tree / "sources.yaml"
    original = target.read_text(encoding="utf-8")
    target.write_text(text, encoding="utf-8")
    try:
        result = validate_tree(tree)
    finally:
        target.write_text(original, encoding="utf-8")
    assert not result.ok
    assert any(p.path.endswith("sources.yaml") for p in result.problems), [
        str(p) for p in result.problems
    ]
