"""Shared fixtures: a factors tree, a real SQLite build of it, the Flask app and client."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings

from carbonfactors_service import create_app
from carbonfactors_service.pipeline.build import build_database
from carbonfactors_service.pipeline.validate import validate_tree

# CI runs the property tests on a fixed sequence of examples, so a red build always means a
# change broke something; local runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Never read or write the developer's own synced snapshots: one empty store per test session
# (inherited by the servers and CLIs the tests start).
os.environ["CARBONFACTORS_CACHE_DIR"] = tempfile.mkdtemp(prefix="carbonfactors-cache-")
atexit.register(shutil.rmtree, os.environ["CARBONFACTORS_CACHE_DIR"], ignore_errors=True)
os.environ.pop("CARBONFACTORS_URL", None)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_FACTORS = FIXTURES / "factors"


@pytest.fixture
def factors_copy(tmp_path: Path) -> Path:
    """A writable copy of the small fixture tree *without* its releases, for tests that
    edit it or cut releases of their own (the fixture's releases 2026.01 and 2026.02 serve
    the API tests through ``built_db``)."""
    dest = tmp_path / "factors"
    shutil.copytree(FIXTURE_FACTORS, dest, ignore=shutil.ignore_patterns("releases"))
    return dest


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture tree built into a real SQLite file, once per session."""
    result = validate_tree(FIXTURE_FACTORS)
    assert result.ok, [str(p) for p in result.problems]
    out = tmp_path_factory.mktemp("db") / "carbonfactors.db"
    build_database(FIXTURE_FACTORS, result.snapshot, out)
    return out


@pytest.fixture
def app(built_db: Path) -> Iterator[Flask]:
    app = create_app({"DATABASE": str(built_db), "TESTING": True})
    yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
