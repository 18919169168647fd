"""A tiny hand-written dataset, so reader totals can be computed by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from carbonfactors.dataset import Dataset


def factor(kind: str, subject: str, value: float, unit: str, **more: Any) -> dict[str, Any]:
    year = more.pop("year", 2024)
    return {
        "id": f"{kind}:{subject}:{year}:hand",
        "kind": kind,
        "subject": subject,
        "year": year,
        "value": value,
        "unit": unit,
        "source": "hand",
        **more,
    }


@pytest.fixture(scope="session")
def tiny() -> Dataset:
    return Dataset.from_snapshot(tiny_snapshot())


@pytest.fixture()
def tiny_file(tmp_path: Path) -> Path:
    """The tiny dataset as a snapshot file, for the CLI's --dataset."""
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(tiny_snapshot()))
    return path


def tiny_snapshot() -> dict[str, Any]:
    return {
        "format": 1,
        "version": "test",
        "sources": [{"id": "hand", "priority": 10}],
        "zones": [{"id": "XX", "name": "Testland", "type": "country", "aliases": ["XXX"]}],
        "operators": [{"id": "industry", "name": "Industry", "type": "industry"}],
        "technologies": [],
        "hardware": [
            {"id": "gpu-x", "name": "GPU X", "category": "gpu", "aliases": ["GPU X"]},
            {"id": "cpu-y", "name": "CPU Y", "category": "cpu"},
        ],
        "factors": [
            factor("grid_intensity", "XX", 400.0, "gCO2e/kWh", basis="lifecycle"),
            factor("pue", "industry", 1.5, "dimensionless", basis="measured"),
            factor("power", "gpu-x", 400.0, "W", basis="tdp"),
            factor("power", "cpu-y", 256.0, "W", basis="tdp"),
            factor("embodied", "gpu-x", 175.2, "kgCO2e", basis="manufacturing"),
            factor("embodied", "cpu-y", 43.8, "kgCO2e", basis="manufacturing"),
            factor("lifetime", "category:gpu", 5.0, "years", basis="service"),
            factor("lifetime", "category:cpu", 5.0, "years", basis="service"),
        ],
    }
