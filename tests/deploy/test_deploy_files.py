"""The shipped deployment files: the Dockerfile's promises, and its steps run without Docker.

No Docker engine runs where this project is developed and tested, so the image itself is
never built here. What can be checked is: the Dockerfile says what docs/operating.md says
(slim base, non-root user, database built at image build, plain gunicorn reading
gunicorn.conf.py), and the same steps, run outside a container from the built wheel,
give a server that answers.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from liveserver import Server

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", DOCKERFILE)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_dockerfile_is_slim_non_root_and_builds_the_database() -> None:
    steps = _instructions()
    bases = [rest for word, rest in steps if word == "FROM"]
    assert bases and all(re.match(r"python:3\.\d+-slim\b", b) for b in bases), bases
    final = steps[max(i for i, (w, _) in enumerate(steps) if w == "FROM") :]
    users = [rest for word, rest in final if word == "USER"]
    assert users and users[-1] not in ("root", "0"), users
    runs = " ".join(rest for word, rest in steps if word == "RUN")
    assert "carbonfactors build" in runs and "verify-releases" in runs
    cmd = [rest for word, rest in final if word == "CMD"][-1]
    assert cmd == '["gunicorn", "carbonfactors_service:create_app()"]'
    workdir = [rest for word, rest in final if word == "WORKDIR"][-1]
    assert any(w == "COPY" and rest.endswith(f"{workdir}/gunicorn.conf.py") for w, rest in final)
    env = " ".join(rest for word, rest in final if word == "ENV")
    assert "CARBONFACTORS_DB=" in env and "CARBONFACTORS_BIND=0.0.0.0:8000" in env


@pytest.mark.slow
def test_the_images_steps_without_a_container(tmp_path: Path) -> None:
    """pip install the wheel, build the database, serve with plain gunicorn from a folder
    holding only gunicorn.conf.py, as the image's last stage does."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", ROOT],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = (tmp_path / "dist").glob("carbonfactors-*.whl")
    site = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", site, wheel],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-2000:]
    env = {"PYTHONPATH": str(site)}  # the installed wheel, not this checkout
    db = tmp_path / "carbonfactors.db"
    factors = ROOT / "tests" / "fixtures" / "factors"
    for args in (
        ["verify-releases", "--factors", factors],
        ["build", "--factors", factors, "--out", db],
    ):
        step = subprocess.run(
            [sys.executable, "-m", "carbonfactors.cli", *map(str, args)],
            capture_output=True, text=True, timeout=300, cwd=tmp_path,
            env={**os.environ, **env},
        )  # fmt: skip
        assert step.returncode == 0, step.stderr[-2000:]
    srv = tmp_path / "srv"
    srv.mkdir()
    shutil.copy(site / "carbonfactors_service" / "gunicorn.conf.py", srv / "gunicorn.conf.py")
    with Server(db, config=None, cwd=srv, workers=1, threads=2, env=env) as server:
        with urllib.request.urlopen(server.url + "/v1/health", timeout=10) as resp:
            assert resp.status == 200
        with urllib.request.urlopen(server.url + "/v1/openapi.yaml", timeout=10) as resp:
            assert b"openapi:" in resp.read()
        assert "dataset 2026.02 indexed" in server.log_text()  # the copied settings file ran
