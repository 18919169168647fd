"""Docs that cannot drift: every kind, unit, basis and CLI command is documented."""

from __future__ import annotations

from pathlib import Path

from carbonfactors.cli import build_parser
from carbonfactors.kinds import HARDWARE_CATEGORIES, KINDS, ZONE_TYPES

ROOT = Path(__file__).resolve().parents[2]
CONTRIBUTING = (ROOT / "factors" / "README.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_kind_with_its_units_and_bases_is_in_the_contributor_guide() -> None:
    for kind in KINDS.values():
        row = next(
            (ln for ln in CONTRIBUTING.splitlines() if ln.startswith(f"| `{kind.name}` |")), None
        )
        assert row, f"kind {kind.name} missing from factors/README.md"
        for token in (*kind.units, *kind.bases):
            assert f"`{token}`" in row, f"{kind.name}: {token} not documented"


def test_every_category_and_zone_type_is_in_the_contributor_guide() -> None:
    for name in (*HARDWARE_CATEGORIES, *ZONE_TYPES):
        assert f"`{name}`" in CONTRIBUTING, name


def test_every_cli_command_is_in_the_readme() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        assert f"carbonfactors {name}" in README, f"'carbonfactors {name}' not in README"


def test_every_client_method_is_in_the_sdk_guide() -> None:
    import inspect

    from carbonfactors.client import Client

    guide = (ROOT / "docs" / "sdk.md").read_text(encoding="utf-8")
    public = [n for n, f in inspect.getmembers(Client, inspect.isfunction) if not n.startswith("_")]
    for name in set(public) - {"close", "dataset"}:
        assert f"`{name}(" in guide, f"Client.{name} is not in docs/sdk.md"
