"""Installed-package fixtures shared by the end-to-end modules, built once per session:
the two wheels (``carbonfactors`` and the ``carbonfactors-data-full`` data distribution),
fresh venvs with and without the extras, and the real service (gunicorn) on ``factors/``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from _installed import ROOT, make_venv, run_cmd


@pytest.fixture(scope="session")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The carbonfactors wheel and the carbonfactors-data-full wheel, in one folder."""
    out = tmp_path_factory.mktemp("dists")
    for project in (ROOT, ROOT / "data-full"):
        built = run_cmd(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, project)
        assert built.returncode == 0, built.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def full_venv(tmp_path_factory: pytest.TempPathFactory, dists: Path) -> Path:
    """``pip install "carbonfactors[full,frame]"``: both bundles offline, and the log readers."""
    return make_venv(tmp_path_factory, dists, "full,frame")


@pytest.fixture(scope="session")
def bare_venv(tmp_path_factory: pytest.TempPathFactory, dists: Path) -> Path:
    """``pip install carbonfactors``: no extra at all."""
    return make_venv(tmp_path_factory, dists, "")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real service on the real ``factors/`` (every release, both bundles)."""
    from liveserver import serving_factors

    with serving_factors(tmp_path_factory.mktemp("e2e-db"), ROOT / "factors") as srv:
        yield srv.url
