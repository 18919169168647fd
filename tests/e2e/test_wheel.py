"""What users do: install the wheel into a fresh venv and compute a footprint offline."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str | Path, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600, **kw)  # type: ignore[call-overload,no-any-return]


def python_json(venv: Path, code: str, cwd: Path) -> Any:
    """Run ``code`` with the venv's Python and parse what it prints as JSON."""
    out = run(venv / "bin" / "python", "-c", code, cwd=cwd)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", tmp / "dist", ROOT)
    assert built.returncode == 0, built.stderr[-3000:]
    [found] = (tmp / "dist").glob("carbonfactors-*.whl")
    return found


def fresh_venv(tmp_path_factory: pytest.TempPathFactory, requirement: str) -> Path:
    env = tmp_path_factory.mktemp("venv") / "venv"
    assert run(sys.executable, "-m", "venv", env).returncode == 0
    installed = run(env / "bin" / "pip", "install", "--quiet", requirement)
    assert installed.returncode == 0, installed.stderr[-3000:]
    return env


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    return fresh_venv(tmp_path_factory, str(wheel))


@pytest.fixture(scope="module")
def pipeline_venv(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """The wheel with the pipeline extra only: what a data pull request's check installs."""
    return fresh_venv(tmp_path_factory, f"{wheel}[pipeline]")


@pytest.mark.slow
def test_wheel_installs_only_the_sdk_dependencies(venv: Path) -> None:
    listed = run(venv / "bin" / "pip", "list", "--format=json")
    names = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert {"carbonfactors", "requests", "cachetools"} <= names
    assert not names & {"flask", "marshmallow", "sqlite-utils", "gunicorn", "pyyaml"}


@pytest.mark.slow
def test_footprint_offline_from_the_bundled_snapshot(venv: Path, tmp_path: Path) -> None:
    code = (
        "import json, socket, carbonfactors\n"
        "def no_network(*a, **k): raise OSError('network disabled in this test')\n"
        "socket.socket.connect = no_network\n"
        "r = carbonfactors.footprint(hardware=[{'model': 'H100', 'count': 8, 'utilization': 0.9}],"
        " hours=72, location='gcp:europe-west1', year=2023)\n"
        "print(json.dumps(r.to_dict()))\n"
    )
    result = python_json(venv, code, tmp_path)
    manifest = json.loads((ROOT / "factors" / "releases" / "manifest.json").read_text())
    assert result["dataset_version"] == manifest["releases"][-1]["version"]
    assert result["total_kgco2e"] > 0
    assert {f["kind"] for f in result["factors"]} >= {"grid_intensity", "pue", "power", "embodied"}


@pytest.mark.slow
def test_cli_from_the_wheel_and_maintainer_commands_explain_the_extra(
    venv: Path, tmp_path: Path
) -> None:
    cli = venv / "bin" / "carbonfactors"
    out = run(
        cli, "footprint", "--model", "A100", "--hours", "10", "--location", "FR", cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["total_kgco2e"] > 0
    for command in ("validate", "build"):
        out = run(cli, command, cwd=tmp_path)
        assert out.returncode == 2
        assert "pip install 'carbonfactors[pipeline]'" in out.stderr
        assert "Traceback" not in out.stderr
    out = run(cli, "serve", cwd=tmp_path)
    assert out.returncode == 2 and "pip install 'carbonfactors[server]'" in out.stderr


@pytest.mark.slow
def test_validate_and_review_run_without_the_web_stack(pipeline_venv: Path, tmp_path: Path) -> None:
    names = {
        p["name"].lower()
        for p in json.loads(run(pipeline_venv / "bin" / "pip", "list", "--format=json").stdout)
    }
    assert {"marshmallow", "sqlite-utils", "pyyaml"} <= names
    assert not names & {"flask", "gunicorn", "werkzeug"}
    cli = pipeline_venv / "bin" / "carbonfactors"
    out = run(cli, "validate", ROOT / "factors", cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "factors per kind" in out.stdout
    out = run(cli, "review", "--factors", ROOT / "factors", "--base", "HEAD", cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.startswith("## carbonfactors data review (against `HEAD`)")
    assert "### Effect on reference jobs" in out.stdout


@pytest.mark.slow
def test_the_wheel_carries_the_data_licence_terms(venv: Path, tmp_path: Path) -> None:
    code = (
        "import json, pathlib, carbonfactors\n"
        "d = pathlib.Path(carbonfactors.__file__).parent / 'data'\n"
        "print(json.dumps(sorted(p.name for p in d.iterdir())))\n"
    )
    names = set(python_json(venv, code, tmp_path))
    assert {"snapshot.json.gz", "LICENSE-DATA.md"} <= names
    bundled = ROOT / "sdk" / "carbonfactors" / "data"
    if (bundled / "snapshot.NOTICE").exists():
        assert {"snapshot.NOTICE", "snapshot.licenses.json"} <= names


def test_python_m_lists_the_same_commands(venv: Path, tmp_path: Path) -> None:
    as_script = run(venv / "bin" / "carbonfactors", "--help", cwd=tmp_path)
    as_module = run(venv / "bin" / "python", "-m", "carbonfactors", "--help", cwd=tmp_path)
    assert as_script.returncode == as_module.returncode == 0
    for name in ("factor", "search", "zones", "versions", "sync", "footprint", "compare"):
        assert f"    {name} " in as_module.stdout
    assert as_script.stdout.split("positional")[1] == as_module.stdout.split("positional")[1]


@pytest.fixture(scope="module")
def newer_release_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service, from this checkout, serving a release newer than the bundled one."""
    from carbonfactors_pipeline.build import build_database
    from carbonfactors_pipeline.releases import cut_release
    from carbonfactors_pipeline.validate import validate_tree
    from liveserver import Server

    root = tmp_path_factory.mktemp("newer") / "factors"
    shutil.copytree(ROOT / "tests" / "fixtures" / "factors", root)
    dev = validate_tree(root).snapshot
    cut_release(root, "2099.01", dev)
    db = root.parent / "carbonfactors.db"
    build_database(root, validate_tree(root).snapshot, db)
    with Server(db, workers=1) as server:
        yield server.url


@pytest.mark.slow
def test_sync_from_a_local_server_then_a_fresh_process_uses_it(
    venv: Path, tmp_path: Path, newer_release_server: str
) -> None:
    env = {
        "PATH": str(venv / "bin"),
        "HOME": str(tmp_path),
        "CARBONFACTORS_CACHE_DIR": str(tmp_path / "cache"),
    }
    job = "{'energy_kwh': 10, 'location': 'DE', 'year': 2024}"
    code = f"import carbonfactors; print(carbonfactors.footprint({job}).dataset_version)"
    before = run(venv / "bin" / "python", "-c", code, cwd=tmp_path, env=env)
    assert before.returncode == 0, before.stderr
    bundled = before.stdout.strip()
    synced = run(
        venv / "bin" / "carbonfactors", "sync", "--url", newer_release_server, cwd=tmp_path, env=env
    )
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.startswith("synced 2099.01 (sha256 ")
    # A fresh process, no network (the socket is disabled), picks the synced release.
    offline = "import socket\nsocket.socket.connect = None\n" + code
    after = run(venv / "bin" / "python", "-c", offline, cwd=tmp_path, env=env)
    assert after.returncode == 0, after.stderr
    assert after.stdout.strip() == "2099.01" != bundled
    pinned = code.replace(f"({job})", f"({job}, version='{bundled}')")
    again = run(venv / "bin" / "python", "-c", pinned, cwd=tmp_path, env=env)
    assert again.stdout.strip() == bundled  # pinning the bundled release still works
