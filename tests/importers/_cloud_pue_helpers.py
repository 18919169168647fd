"""Helpers for the cloud-region, Google region-carbon and PUE importer tests."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from carbonfactors_pipeline.factorfiles import read_yaml
from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.validate import validate_tree

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "upstream"
REPO_SOURCES = Path(__file__).resolve().parents[2] / "factors" / "sources.yaml"


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def run_twice(name: str, upstream: Path, factors_root: Path) -> dict[str, bytes]:
    """Run an importer twice; the second run must change nothing, byte for byte."""
    REGISTRY[name].run(upstream, factors_root)
    first = snapshot(factors_root)
    assert first, f"{name} wrote nothing"
    assert REGISTRY[name].run(upstream, factors_root) == []
    assert snapshot(factors_root) == first
    return first


def records(path: Path, key: str) -> dict[str, dict[str, Any]]:
    data = read_yaml(path).data
    return {r["id"]: dict(r) for r in data[key]}


def problems(root: Path, zones: Sequence[str] = (), operators: Sequence[str] = ()) -> list[str]:
    """Validate ``root`` after adding the bibliography and stub zones/operators it references."""
    shutil.copy(REPO_SOURCES, root / "sources.yaml")
    stubs: dict[str, Any] = {}
    if zones:
        stubs["zones"] = [
            {"id": z, "name": z, "type": "country" if "-" not in z else "subnational"}
            | ({"parent": z.split("-")[0]} if "-" in z else {})
            for z in zones
        ]
    if operators:
        stubs["operators"] = [
            {"id": o, "name": o, "type": "industry" if o == "industry" else "operator"}
            for o in operators
        ]
    (root / "stubs.yaml").write_text(yaml.safe_dump(stubs, sort_keys=False), encoding="utf-8")
    return [str(p) for p in validate_tree(root).problems]
