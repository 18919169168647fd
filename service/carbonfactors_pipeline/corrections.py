"""Corrections of imported values: the one documented way to fix a number an importer writes.

A generated file must not be edited by hand (the next import would silently undo the fix),
and a hand-written file cannot redefine an id (ids are unique). So a correction is written
once, in ``factors/corrections.yaml``, with its reason and the source that proves it; every
importer applies it when it writes its files, and the factor's ``method`` says that the
value was corrected, why, on what evidence, and what upstream said. The validator checks
that each correction names an existing factor, cites a known source and has been applied.

A correction names one row by ``id`` (and gives its corrected ``value``), or a whole zone's
rows from one source by ``kind``, ``subject`` and ``source`` (audit 1796621837 G4p). The
second form keeps every value and only widens the bounds to the cited figure: an importer
may add rows later (the part-year rows of class a-P1 gave AU-VIC a 2017 row that an
id-listed correction did not name, so it lost rule G4b's 1,060 g bound), and a correction
of a producer's method error belongs to every row that method made, whatever its id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marshmallow import ValidationError

from .factorfiles import CORRECTIONS_FILE as FILE
from .factorfiles import LineMap, plain, read_yaml
from .fileschemas import Number, Strict, Text, flatten_messages


class CorrectionSchema(Strict):
    #: One row: its id, with ``value``. Or every row of ``kind``, ``subject`` and ``source``.
    id = Text(load_default=None)
    kind = Text(load_default=None)
    subject = Text(load_default=None)
    source = Text(load_default=None)
    value = Number(load_default=None)
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


def scope_key(kind: Any, subject: Any, source: Any) -> str:
    """The key a zone-and-source correction is filed under (never a factor id: ``*``)."""
    return f"{kind}:{subject}:*:{source}"


def _shape(rec: dict[str, Any]) -> list[tuple[str, str]]:
    """What is wrong with a correction's form: one row with a value, or a scope without."""
    scope = [rec[k] for k in ("kind", "subject", "source")]
    if rec["id"] is not None:
        bad = [("id", "give either id or kind, subject and source, not both")] if any(scope) else []
        return bad + (
            [("value", "a correction of one row gives its value")] if rec["value"] is None else []
        )
    if not all(scope):
        return [("id", "give id, or all of kind, subject and source")]
    out = []
    if rec["value"] is not None:
        out.append(("value", "a zone-and-source correction keeps each value: give low/high only"))
    if rec["low"] is None and rec["high"] is None:
        out.append(("high", "a zone-and-source correction widens a bound: give low or high"))
    return out


def read(root: Path) -> tuple[dict[str, dict[str, Any]], list[tuple[int, str, str]]]:
    """Corrections by factor id (zone-and-source ones by ``scope_key``), and problems as
    (line, field, reason)."""
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
        if shape := _shape(rec):
            problems += [(line, fld, reason) for fld, reason in shape]
            continue
        key = rec["id"] or scope_key(rec["kind"], rec["subject"], rec["source"])
        if key in out:
            problems.append((line, "id", f"'{key}' is corrected twice"))
            continue
        rec["line"] = line
        out[key] = rec
    return out, problems


def note(correction: dict[str, Any], upstream_value: Any) -> str:
    return (
        f"Corrected in factors/corrections.yaml: {correction['reason']} "
        f"(evidence: {correction['evidence']}; upstream value {upstream_value})."
    )


def _or(bound: Any, value: Any) -> Any:
    return value if bound is None else bound


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
            fix = corrections.get(rec.get("id")) or corrections.get(
                scope_key(rec.get("kind"), rec.get("subject"), rec.get("source"))
            )
            if fix is None:
                continue
            told = note(fix, rec["value"])
            if fix["id"] is not None:
                rec["value"] = fix["value"]
                for bound in ("low", "high"):
                    if fix[bound] is not None:
                        rec[bound] = fix[bound]
            else:  # a scope's bounds only widen (a row's own wider bound stays)
                if fix["low"] is not None:
                    rec["low"] = min(fix["low"], _or(rec.get("low"), rec["value"]))
                if fix["high"] is not None:
                    rec["high"] = max(fix["high"], _or(rec.get("high"), rec["value"]))
            rec["method"] = f"{rec['method']} {told}" if rec.get("method") else told


def covers(fix: dict[str, Any], f: dict[str, Any]) -> bool:
    """Whether a correction names factor record ``f`` (by id, or by its zone and source)."""
    if fix["id"] is not None:
        return bool(fix["id"] == f.get("id"))
    return (fix["kind"], fix["subject"], fix["source"]) == (
        f.get("kind"),
        f.get("subject"),
        f.get("source"),
    )


def applied(fix: dict[str, Any], f: dict[str, Any]) -> bool:
    """Whether a zone-and-source correction's note and bounds are on factor record ``f``."""
    high, low = f.get("high"), f.get("low")
    return (
        "corrections.yaml" in (f.get("method") or "")
        and (fix["high"] is None or (high is not None and high >= fix["high"]))
        and (fix["low"] is None or (low is not None and low <= fix["low"]))
    )
