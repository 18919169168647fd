"""Record columns are declared once (the file schemas); the build and openapi.yaml follow."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml

from carbonfactors_pipeline.columns import record_columns

ROOT = Path(__file__).resolve().parents[2]
TABLES = {
    "factors": "Factor",
    "zones": "Zone",
    "hardware": "Hardware",
    "sources": "Source",
    "operators": "Operator",
}


@pytest.mark.parametrize("collection", sorted(TABLES))
def test_openapi_records_have_the_schema_columns(collection: str) -> None:
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    props = set(spec["components"]["schemas"][TABLES[collection]]["properties"])
    assert props == set(record_columns(collection))


def test_the_build_creates_the_schema_columns(built_db: Path) -> None:
    conn = sqlite3.connect(built_db)
    for collection in TABLES:
        cols = [r[1] for r in conn.execute(f"pragma table_info({collection})")]
        assert cols == ["version", *record_columns(collection)]
