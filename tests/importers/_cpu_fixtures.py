"""The ``cpus`` importer run on the hand-written CPU fixtures, read back as records.

Several test modules check rules of the importer on its whole output (family twins, second
TDP readings, sibling dates, named dies); they share this one way of producing it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from carbonfactors_pipeline.importers import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "cpus"


def imported_cpus(factors: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(hardware by id, factors by id) the importer writes into a fresh ``factors`` folder."""
    factors.mkdir(parents=True)
    shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
    REGISTRY["cpus"].run(UPSTREAM, factors)
    hw: dict[str, Any] = {}
    fs: dict[str, Any] = {}
    for p in sorted((factors / "hardware" / "cpus").glob("*.yaml")):
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        hw |= {h["id"]: h for h in data["hardware"]}
        fs |= {f["id"]: f for f in data.get("factors", [])}
    return hw, fs
