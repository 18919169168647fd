"""Shared helpers for the grid importer tests: fixture upstream tree, run twice, validate."""

from __future__ import annotations

import shutil
from pathlib import Path

from carbonfactors_pipeline.factorfiles import read_yaml
from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.validate import validate_tree

#: Hand-written upstream files mimicking /work/shared/sources (same relative paths).
UPSTREAM = Path(__file__).resolve().parents[1] / "fixtures" / "upstream" / "grid"
REPO_SOURCES = Path(__file__).resolve().parents[2] / "factors" / "sources.yaml"


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def run(name: str, factors_root: Path) -> dict[str, bytes]:
    """Run importer ``name`` twice on the fixtures; assert the second run changes nothing."""
    REGISTRY[name].run(UPSTREAM, factors_root)
    first = snapshot(factors_root)
    assert REGISTRY[name].run(UPSTREAM, factors_root) == []
    assert snapshot(factors_root) == first
    return first


def records(path: Path, key: str) -> dict[str, dict[str, object]]:
    data = read_yaml(path).data
    return {r["id"]: dict(r) for r in data[key]}


def validate_with_zones(tmp_path: Path, *names: str) -> list[str]:
    """Validate a tree holding the repo bibliography, the fixture zones and the importers' output."""
    root = tmp_path / "tree"
    root.mkdir()
    shutil.copy(REPO_SOURCES, root / "sources.yaml")
    for name in ("grid-zones", *names):
        REGISTRY[name].run(UPSTREAM, root)
    result = validate_tree(root)
    return [str(p) for p in result.problems]
