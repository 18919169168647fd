"""Checks of the bill mapping tables (``factors/billing/<provider>.yaml``).

Each table is held to its file schema (``fileschemas.BillingTableSchema``: unknown keys
refused), then parsed by the very code the readers use (``carbonfactors.readers.bills
.mapping.parse_table``: patterns compile, ``{type}`` has its group, units are known), and a
rule's fixed ``model`` must be a hardware record of the tree, so a table can never send a
line to a model that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from marshmallow import ValidationError

from carbonfactors.errors import InvalidInput

from .factorfiles import BILLING_DIR, LineMap, plain, read_yaml
from .fileschemas import BillingTableSchema, flatten_messages


def check(root: Path, hardware_ids: set[str], rel: Any) -> Iterator[tuple[str, int, str, str]]:
    """(path, line, field, reason) for every problem of the tree's mapping tables."""
    from carbonfactors.readers.bills.mapping import parse_table

    folder = root / BILLING_DIR
    if not folder.is_dir():
        return
    providers: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        name = rel(path)
        if path.is_dir() and path.name == CCF_DIR:
            yield from _check_ccf(path, rel)
            continue
        data, problems = _yaml_mapping(path, name, "(provider, names, region, rules)")
        yield from problems
        if data is None:
            continue
        doc = plain(data)
        try:
            BillingTableSchema().load(doc)
        except ValidationError as err:
            for fld, reason in flatten_messages(err.messages):
                yield name, data.line_of(fld.split(".", 1)[0]), fld, reason
            continue
        try:
            table = parse_table(doc, path.name)
        except InvalidInput as exc:
            yield name, data.line_of("rules"), "rules", exc.message
            continue
        if table.provider in providers:
            yield (
                name,
                1,
                "provider",
                f"'{table.provider}' already mapped in {providers[table.provider]}",
            )
        providers[table.provider] = name
        for rule in table.rules:
            if rule.model and "{type}" not in rule.model and rule.model not in hardware_ids:
                yield (
                    name,
                    data.line_of("rules"),
                    f"rules.{rule.id}.model",
                    f"unknown hardware '{rule.model}'",
                )


def _yaml_mapping(
    path: Path, name: str, keys: str = ""
) -> tuple[LineMap | None, list[tuple[str, int, str, str]]]:
    """A data file read as a mapping, or None with the reasons it cannot be one, so both
    kinds of billing file refuse a non-YAML file, a parse error or a list the same way."""
    if path.suffix != ".yaml":
        return None, [(name, 1, "file", "only YAML (.yaml) files are read")]
    ff = read_yaml(path)
    if ff.errors:
        return None, [(name, err.line, "file", err.reason) for err in ff.errors]
    if not isinstance(ff.data, LineMap):
        return None, [(name, 1, "file", f"top level must be a mapping {keys}".rstrip())]
    return ff.data, []


#: ``factors/billing/ccf/<provider>.yaml``: CCF's instance facts, read by ``--method ccf``.
CCF_DIR = "ccf"
_CCF_KEYS = {"provider", "source", "commit"}


def _check_ccf(folder: Path, rel: Any) -> Iterator[tuple[str, int, str, str]]:
    """CCF's transcribed instance facts: YAML mappings naming their provider, source and
    commit (what ``readers.bills.ccf_aws`` reads)."""
    for path in sorted(folder.iterdir()):
        name = rel(path)
        data, problems = _yaml_mapping(path, name)
        yield from problems
        if data is None:
            continue
        missing = sorted(_CCF_KEYS - set(plain(data)))
        if missing:
            yield name, 1, "file", f"missing keys: {', '.join(missing)}"
