"""Who owns what: the data commands' options live with the pipeline, the live-server helper
stays out of the installed packages, and docs/public-api.md states every public name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import carbonfactors
from carbonfactors import cli
from carbonfactors_pipeline import cli_args

ROOT = Path(__file__).resolve().parents[2]


def test_every_data_command_has_its_options_in_the_pipeline() -> None:
    assert set(cli.DATA_COMMANDS) == set(cli_args.CONFIGURE)
    source = (ROOT / "sdk" / "carbonfactors" / "cli.py").read_text(encoding="utf-8")
    assert "--allow-dirty" not in source and "--factors" not in source


def test_a_data_commands_help_is_the_pipelines(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["release", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: carbonfactors release") and "--allow-dirty" in out


def test_a_bad_option_of_a_data_command_is_refused_by_its_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["validate", "--no-such-option"])
    assert done.value.code == 2
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err


def test_the_live_server_helper_is_not_in_the_installed_packages() -> None:
    from carbonfactors_service import serving

    assert not hasattr(serving, "Server")
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    packages = re.search(r"\[tool\.hatch\.build\.targets\.wheel\]\npackages = \[(.*)\]", project)
    assert packages is not None and "sdk/carbonfactors" in packages.group(1)
    assert "benchmarks" not in packages.group(1) and "tests" not in packages.group(1)
    assert (ROOT / "benchmarks" / "liveserver.py").exists()


def test_every_public_name_is_in_the_public_api_page() -> None:
    page = (ROOT / "docs" / "public-api.md").read_text(encoding="utf-8")
    for name in carbonfactors.__all__:
        assert f"`{name}`" in page, f"carbonfactors.{name} is not in docs/public-api.md"
    for module in re.findall(r"`carbonfactors\.([a-z]\w*)`", page):
        assert (ROOT / "sdk" / "carbonfactors" / f"{module}.py").exists() or (
            ROOT / "sdk" / "carbonfactors" / module
        ).is_dir(), module
