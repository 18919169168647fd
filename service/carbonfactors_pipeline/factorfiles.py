"""Reading and writing the YAML factor files under ``factors/``, keeping line numbers.

Reviewers and contributors need ``file:line`` in every validation message, so the loader
records where each mapping and each key starts. The writer is the one way importers emit
files, so re-running an importer reproduces the committed bytes exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class LineMap(dict[Any, Any]):
    """A mapping that remembers the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]
    duplicate_keys: list[tuple[Any, int]]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(_BaseLoader):
    pass


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LineMap:
    loader.flatten_mapping(node)
    out = LineMap()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    out.duplicate_keys = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in out:
            out.duplicate_keys.append((key, line))
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = line
    return out


def _construct_timestamp_as_text(loader: Any, node: yaml.ScalarNode) -> str:
    # Dates stay ISO text: one representation from file to snapshot to JSON.
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


@dataclass
class ReadError:
    """A file that could not be parsed at all, with the line the parser stopped at."""

    path: Path
    line: int
    reason: str


@dataclass
class FactorFile:
    path: Path
    data: Any
    errors: list[ReadError] = field(default_factory=list)


def read_yaml(path: Path) -> FactorFile:
    """Parse one file; syntax errors become a ReadError with a line, never an exception."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return FactorFile(path, None, [ReadError(path, 1, f"cannot read file: {exc}")])
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        reason = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        return FactorFile(path, None, [ReadError(path, line, f"YAML syntax error: {reason}")])
    except yaml.YAMLError as exc:
        return FactorFile(path, None, [ReadError(path, 1, f"YAML error: {exc}")])
    return FactorFile(path, data)


def plain(obj: Any) -> Any:
    """Plain dicts and lists in place of LineMaps (for marshmallow and the YAML dumper)."""
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    return obj


def dump_yaml(data: dict[str, Any], header: str | None = None) -> str:
    """Canonical YAML text for a factor file: stable key order as given, no line wrapping."""
    body = yaml.dump(
        plain(data),
        Dumper=_BaseDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10_000,
    )
    if header:
        prefix = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
        return prefix + body
    return body


def write_yaml(path: Path, data: dict[str, Any], header: str | None = None) -> bool:
    """Write a factor file; returns whether the bytes changed (importers report it)."""
    text = dump_yaml(data, header)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


#: Hand-written files at the root of a factors tree that hold no records: the plausibility
#: screens' reasons file, the region-mapping evidence and the corrections of imported values.
SCREENS_FILE = "screens.yaml"
MAPPINGS_FILE = "region-mappings.yaml"
CORRECTIONS_FILE = "corrections.yaml"
CURATED_FILES = (SCREENS_FILE, MAPPINGS_FILE, CORRECTIONS_FILE)
#: The bill readers' mapping tables (one per cloud provider), checked by ``billing.py``.
BILLING_DIR = "billing"


def factor_files(root: Path) -> list[Path]:
    """Every data file of a factors tree, in a stable order.

    Not data files: frozen releases, the resolved-default tables derived from the data, the
    bibliography, the curated files read on their own (``CURATED_FILES``) and the bill
    mapping tables (``BILLING_DIR``).
    """
    out = []
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.suffix not in (".yaml", ".yml", ".csv", ".json"):
            continue
        rel = p.relative_to(root)
        # sources.yaml is the bibliography; the others are hand-written reviewers' files.
        # series/ holds intensity series (header + points), read by seriesfiles.
        if (
            rel.parts[0] in ("releases", "resolved", "series", BILLING_DIR)
            or p.name == "sources.yaml"
        ):
            continue
        if str(rel) in CURATED_FILES:
            continue
        out.append(p)
    return out
