"""The smallest snapshot the CPU category defaults are built from: CCF's per-socket figure
and ACT's CPU die (the low bound), shared by the importer tests of rules C2 and C4."""

from __future__ import annotations

from typing import Any

from carbonfactors_pipeline.importers.category_defaults import CPU_DIE


def emb(subject: str, value: float, source: str, **extra: Any) -> dict[str, Any]:
    """An embodied factor record (manufacturing, 2022) as the importers write them."""
    return {
        "id": f"embodied:{subject}:2022:{source}:manufacturing",
        "kind": "embodied",
        "subject": subject,
        "year": 2022,
        "value": value,
        "unit": "kgCO2e",
        "basis": "manufacturing",
        "source": source,
    } | extra


def cpu_default_inputs() -> dict[str, Any]:
    return {
        "sources": [
            {"id": "ccf-methodology", "license": "Apache-2.0"},
            {"id": "act-gupta-2022", "license": "MIT"},
        ],
        "hardware": [
            {"id": "cpu-socket", "category": "component"},
            {"id": CPU_DIE, "category": "component"},
        ],
        "factors": [
            emb("cpu-socket", 100, "ccf-methodology"),
            emb(CPU_DIE, 11.5, "act-gupta-2022"),
        ],
    }
