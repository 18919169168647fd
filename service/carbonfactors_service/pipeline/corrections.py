"""Corrections of imported values: the one documented way to fix a number an importer writes.

A generated file must not be edited by hand (the next import would silently undo the fix),
and a hand-written file cannot redefine an id (ids are unique). So a correction is written
once, in ``factors/corrections.yaml``, with its reason and the source that proves it; every
importer applies it when it writes its files, and the factor's ``method`` says that the
value was corrected, why, on what evidence, and what upstream said. The validator checks
that each correction names an existing factor, cites a known source and has been applied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marshmallow import ValidationError

from .factorfiles import CORRECTIONS_FILE as FILE
from .factorfiles import LineMap, plain, read_yaml
from .fileschemas import Number, Strict, Text, flatten_messages


class CorrectionSchema(Strict):
    id = Text(required=True)
    value = Number(required=True)
    low = Number(load_default=None)
    high = Number(load_default=None)
    reason = Text(required=True)
    #: Id of the source (in sources.yaml) that shows the corrected value.
    evidence = Text(required=True)


def factors_root(folder: Path) -> Path | None:
    """The factors tree a folder belongs to: the nearest ancestor holding sources.yaml."""
    for candidate in (folder, *folder.parents):
        if (candidate / "sources.yaml").is_file():
            return candidate
    return None


def read(root: Path) -> tuple[dict[str, dict[str, Any]], list[tuple[int, str, str]]]:
    """Corrections by factor id, and problems as (line, field, reason)."""
    path = root / FILE
    if not path.exists():
        return {}, []
    ff = read_yaml(path)
    if ff.errors:
        return {}, [(e.line, "file", e.reason) for e in ff.errors]
    data = ff.data
    if not isinstance(data, LineMap) or set(data) != {"corrections"}:
        return {}, [(1, "file", "top level must be a mapping with one key: corrections")]
    items = data["corrections"]
    if not isinstance(items, list):
        return {}, [(data.line_of("corrections"), "corrections", "must be a list")]
    out: dict[str, dict[str, Any]] = {}
    problems: list[tuple[int, str, str]] = []
    for item in items:
        line = item.line if isinstance(item, LineMap) else data.line_of("corrections")
        try:
            rec = CorrectionSchema().load(plain(item))
        except ValidationError as err:
            problems += [(line, fld, reason) for fld, reason in flatten_messages(err.messages)]
            continue
        if rec["id"] in out:
            problems.append((line, "id", f"'{rec['id']}' is corrected twice"))
            continue
        rec["line"] = line
        out[rec["id"]] = rec
    return out, problems


def note(correction: dict[str, Any], upstream_value: Any) -> str:
    return (
        f"Corrected in factors/corrections.yaml: {correction['reason']} "
        f"(evidence: {correction['evidence']}; upstream value {upstream_value})."
    )


def apply(folder: Path, files: dict[str, dict[str, Any]]) -> None:
    """Apply the tree's corrections to the factor records an importer is about to write."""
    root = factors_root(folder)
    if root is None:
        return
    corrections, _ = read(root)
    if not corrections:
        return
    for data in files.values():
        for rec in data.get("factors") or ():
            fix = corrections.get(rec.get("id"))
            if fix is None:
                continue
            told = note(fix, rec["value"])
            rec["value"] = fix["value"]
            for bound in ("low", "high"):
                if fix[bound] is not None:
                    rec[bound] = fix[bound]
            rec["method"] = f"{rec['method']} {told}" if rec.get("method") else told
