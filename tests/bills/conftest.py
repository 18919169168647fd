"""Bill fixtures: a tiny hand-written dataset (totals computable by hand), the development
dataset of the repository's factors/ (the real sample files), and the sample paths."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from carbonfactors.dataset import Dataset

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT.parent / "shared" / "sources"
FOCUS_SAMPLE = SOURCES / "focus-sample-data" / "FOCUS-1.0" / "focus_sample.csv"
AZURE_EA = (
    SOURCES / "finops-toolkit-azure-ea-sample" / "src" / "powershell" / "Tests" / "Unit" / "assets"
)
CCF_FIXTURES = SOURCES / "ccf-billing-fixtures" / "derived"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"upstream sample not available: {path}")
    return path


def factor(kind: str, subject: str, value: float, unit: str, **more: Any) -> dict[str, Any]:
    year = more.pop("year", 2024)
    source = more.pop("source", "hand")
    suffix = more.pop("suffix", "")
    return {
        "id": f"{kind}:{subject}:{year}:{source}{suffix}",
        "kind": kind,
        "subject": subject,
        "year": year,
        "value": value,
        "unit": unit,
        "source": source,
        **more,
    }


def _hw(hid: str, category: str, **specs: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": hid, "name": hid, "category": category}
    if specs:
        rec["specs"] = specs
    return rec


def bill_snapshot() -> dict[str, Any]:
    """Grid 400 g/kWh and PUE 1.5 everywhere: 0.6 kgCO2e per IT kWh."""
    regions = ("aws:us-east-1", "gcp:us-east1", "azure:eastus", "azure:westeurope")
    return {
        "format": 1,
        "version": "bills-test",
        "sources": [
            {"id": "hand", "priority": 10},
            {"id": "ccf-methodology", "priority": 100},
            {"id": "ccf-coefficients", "priority": 100},
            {"id": "ccf-region-emission-factors", "priority": 100},
        ],
        "zones": [
            {"id": "XX", "name": "Testland", "type": "country"},
            *[
                {
                    "id": r,
                    "name": r,
                    "type": "cloud_region",
                    "provider": r.split(":")[0],
                    "grid_zone": "XX",
                    "mapping_source": "hand",
                }
                for r in regions
            ],
        ],
        "operators": [{"id": "industry", "name": "Industry", "type": "industry"}],
        "technologies": [],
        "hardware": [
            _hw("aws:m5.large", "cloud_instance", vcpus=2, memory_gb=8),
            _hw(
                "aws:g4dn.xlarge",
                "cloud_instance",
                vcpus=4,
                accelerators=[{"model": "nvidia-tesla-t4", "count": 1}],
            ),
            _hw("azure:standard_d2s_v3", "cloud_instance", vcpus=2),
            _hw("nvidia-tesla-t4", "gpu"),
            *[
                _hw(h, "component")
                for h in (
                    "ccf-vcpu-aws",
                    "ccf-vcpu-gcp",
                    "ccf-vcpu-azure",
                    "ccf-memory-gb",
                    "ccf-ssd-tb",
                    "ccf-hdd-tb",
                    "ccf-network-gb-hourly",
                )
            ],
        ],
        "factors": [
            factor("grid_intensity", "XX", 400.0, "gCO2e/kWh", basis="lifecycle"),
            factor("grid_intensity", "XX", 400.0, "gCO2e/kWh", basis="lifecycle", year=2020),
            factor("pue", "industry", 1.5, "dimensionless", basis="measured", scope="survey"),
            factor(
                "pue", "industry", 1.5, "dimensionless", basis="measured", scope="survey", year=2020
            ),
            factor("power", "aws:m5.large", 100.0, "W", basis="tdp"),
            factor("embodied", "aws:m5.large", 876.0, "kgCO2e", basis="manufacturing"),
            factor("power", "aws:g4dn.xlarge", 200.0, "W", basis="tdp"),
            factor("embodied", "aws:g4dn.xlarge", 1752.0, "kgCO2e", basis="manufacturing"),
            factor("power", "azure:standard_d2s_v3", 50.0, "W", basis="tdp"),
            factor("embodied", "azure:standard_d2s_v3", 438.0, "kgCO2e", basis="manufacturing"),
            factor("power", "nvidia-tesla-t4", 70.0, "W", basis="tdp"),
            factor("embodied", "nvidia-tesla-t4", 438.0, "kgCO2e", basis="manufacturing"),
            factor("lifetime", "category:cloud_instance", 5.0, "years", basis="service"),
            factor("lifetime", "category:gpu", 5.0, "years", basis="service"),
            factor("power", "ccf-vcpu-aws", 1.0, "W", basis="min", source="ccf-methodology"),
            factor(
                "power",
                "ccf-vcpu-aws",
                3.0,
                "W",
                basis="max",
                source="ccf-methodology",
                suffix=":max",
            ),
            factor("power", "ccf-vcpu-gcp", 1.0, "W", basis="min", source="ccf-methodology"),
            factor(
                "power",
                "ccf-vcpu-gcp",
                4.0,
                "W",
                basis="max",
                source="ccf-methodology",
                suffix=":max",
            ),
            factor("power", "ccf-vcpu-azure", 1.0, "W", basis="min", source="ccf-methodology"),
            factor(
                "power",
                "ccf-vcpu-azure",
                3.0,
                "W",
                basis="max",
                source="ccf-methodology",
                suffix=":max",
            ),
            factor("power", "ccf-memory-gb", 0.4, "W", basis="average", source="ccf-methodology"),
            factor("power", "ccf-ssd-tb", 1.2, "W", basis="average", source="ccf-methodology"),
            factor("power", "ccf-hdd-tb", 0.6, "W", basis="average", source="ccf-methodology"),
            factor(
                "power",
                "ccf-network-gb-hourly",
                1.0,
                "W",
                basis="average",
                source="ccf-methodology",
            ),
            factor("power", "nvidia-tesla-t4", 10.0, "W", basis="min", source="ccf-methodology"),
            factor(
                "power",
                "nvidia-tesla-t4",
                70.0,
                "W",
                basis="max",
                source="ccf-methodology",
                suffix=":max",
            ),
            # CCF's own choices, for --method ccf (grid 500 g, PUE 1.2, 4-year life).
            factor(
                "grid_intensity",
                "aws:us-east-1",
                500.0,
                "gCO2e/kWh",
                basis="direct",
                source="ccf-region-emission-factors",
                year=2020,
            ),
            factor(
                "pue",
                "aws",
                1.2,
                "dimensionless",
                basis="measured",
                scope="fleet-annual",
                source="ccf-methodology",
                year=2022,
            ),
            factor(
                "embodied",
                "aws:m5.large",
                700.8,
                "kgCO2e",
                basis="manufacturing",
                source="ccf-coefficients",
                year=2021,
            ),
        ],
    }


@pytest.fixture(scope="session")
def tiny() -> Dataset:
    return Dataset.from_snapshot(bill_snapshot())


@pytest.fixture()
def tiny_file(tmp_path: Path) -> Path:
    path = tmp_path / "bills-test.json"
    path.write_text(json.dumps(bill_snapshot()))
    return path


@pytest.fixture(scope="session")
def dev_snapshot() -> dict[str, Any]:
    """The repository's factors/ as a development snapshot (validated, as CI does)."""
    from carbonfactors_pipeline.validate import validate_tree

    res = validate_tree(ROOT / "factors")
    assert res.ok, [str(p) for p in res.problems][:5]
    return dict(res.snapshot, version="dev")


@pytest.fixture(scope="session")
def dev(dev_snapshot: dict[str, Any]) -> Dataset:
    return Dataset.from_snapshot(dev_snapshot, version="dev")


@pytest.fixture(scope="session")
def dev_file(dev_snapshot: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dev") / "dev.json"
    path.write_text(json.dumps(dev_snapshot, default=str))
    return path
