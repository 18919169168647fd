"""Helpers of the end-to-end modules (a module of its own: test modules import it, while
``conftest`` names several modules of this suite)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_cmd(*args: str | Path, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=900, **kw)  # type: ignore[call-overload,no-any-return]


def make_venv(tmp_path_factory: pytest.TempPathFactory, dists: Path, extras: str) -> Path:
    """A fresh venv with the wheel (``extras`` installed from ``dists`` and the index)."""
    env = tmp_path_factory.mktemp("venv") / "venv"
    assert run_cmd(sys.executable, "-m", "venv", env).returncode == 0
    [wheel] = dists.glob("carbonfactors-[0-9]*.whl")
    req = f"{wheel}[{extras}]" if extras else str(wheel)
    got = run_cmd(env / "bin" / "pip", "install", "--quiet", "--find-links", dists, req)
    assert got.returncode == 0, got.stderr[-3000:]
    return env
