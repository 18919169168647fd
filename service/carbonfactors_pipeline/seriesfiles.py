"""Intensity series files: ``factors/series/<source>/<ZONE>-<year>.yaml`` + ``.csv``.

A series is stored as a small YAML header (who, what, where, which basis, which licence
through its source) beside one CSV of points (``time,value,flag``: one row per slot of the
regular grid, missing slots included as rows with an empty value and flag ``missing``).
One file per zone-year keeps pull requests small and diffs readable; one YAML entry per
point would be 17,520 entries a year.

``check`` validates a header and its points and returns the snapshot record (values as one
comma-separated text, flags one character per slot, see ``carbonfactors.series``) with the
problems found, each as (file, line, field, reason): the time grid must be regular (a gap
is a row flagged ``missing``, not an absent row), a value must be a number in
(0, 2000] gCO2/kWh, and a **zero** is refused: upstream feeds write 0 for "no data", so a
zero must be written as a missing (or estimated) point.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from carbonfactors.kinds import KINDS
from carbonfactors.series import (
    ESTIMATED,
    MAX_INTENSITY,
    MISSING,
    RESOLUTIONS,
    SERIES_UNITS,
    WORD_FLAGS,
    format_instant,
    parse_instant,
)

from .factorfiles import read_yaml

#: The folder of series under a factors tree.
SERIES_DIR = "series"
HEADER_KEYS = (
    "id",
    "kind",
    "zone",
    "start",
    "resolution",
    "unit",
    "basis",
    "accounting",
    "gas",
    "source",
    "method",
    "points",
)
REQUIRED = ("id", "kind", "zone", "start", "resolution", "unit", "basis", "source", "points")
ACCOUNTING = ("production", "consumption")
CSV_COLUMNS = ["time", "value", "flag"]

#: (file, line, field, reason)
Issue = tuple[str, int, str, str]


def series_headers(root: Path) -> Iterator[Path]:
    """The YAML headers of every series of a factors tree, in a stable order."""
    folder = root / SERIES_DIR
    if folder.is_dir():
        yield from sorted(folder.rglob("*.yaml"))


def series_id(zone: str, year: int, source: str) -> str:
    return f"grid_intensity_series:{zone}:{year}:{source}"


def check(
    header_path: Path, rel: str, zones: Mapping[str, Any], sources: Mapping[str, Any]
) -> tuple[dict[str, Any] | None, list[Issue]]:
    """The snapshot record of one series and its problems (no record when it has any)."""
    issues: list[Issue] = []
    doc = read_yaml(header_path)
    data = doc.data
    head = data.get("series") if isinstance(data, Mapping) else None
    if not isinstance(head, Mapping) or set(data) != {"series"}:
        return None, [(rel, 1, "series", "a series file is a mapping with one key, series")]

    def line(key: str) -> int:
        return int(head.line_of(key)) if hasattr(head, "line_of") else 1

    for key in sorted(set(head) - set(HEADER_KEYS)):
        issues.append(
            (rel, line(key), f"series.{key}", f"unknown key (allowed: {', '.join(HEADER_KEYS)})")
        )
    for key in REQUIRED:
        if not head.get(key):
            issues.append((rel, 1, f"series.{key}", "required"))
    if issues:
        return None, issues
    if head["kind"] != "grid_intensity":
        issues.append((rel, line("kind"), "series.kind", "only grid_intensity series exist"))
    if head["resolution"] not in RESOLUTIONS:
        issues.append(
            (rel, line("resolution"), "series.resolution", f"one of {', '.join(RESOLUTIONS)}")
        )
    if head["unit"] not in SERIES_UNITS:
        issues.append((rel, line("unit"), "series.unit", f"one of {', '.join(SERIES_UNITS)}"))
    if head["basis"] not in KINDS["grid_intensity"].bases:
        issues.append(
            (
                rel,
                line("basis"),
                "series.basis",
                f"one of {', '.join(KINDS['grid_intensity'].bases)}",
            )
        )
    if head.get("accounting") not in (None, *ACCOUNTING):
        issues.append(
            (rel, line("accounting"), "series.accounting", f"one of {', '.join(ACCOUNTING)}")
        )
    if head.get("gas") not in (None, "CO2"):
        issues.append(
            (rel, line("gas"), "series.gas", "CO2 (only carbon dioxide) or absent (CO2e)")
        )
    if head["unit"] == "gCO2/kWh" and head.get("gas") != "CO2":
        issues.append((rel, line("gas"), "series.gas", "a gCO2/kWh series says gas: CO2"))
    if head["zone"] not in zones:
        issues.append((rel, line("zone"), "series.zone", f"unknown zone '{head['zone']}'"))
    if head["source"] not in sources:
        issues.append(
            (
                rel,
                line("source"),
                "series.source",
                f"unknown source '{head['source']}' (not in factors/sources.yaml)",
            )
        )
    try:
        start = parse_instant(str(head["start"]), "start")
    except Exception as exc:  # InvalidInput: its message names the problem
        issues.append((rel, line("start"), "series.start", str(exc)))
        return None, issues
    year = int(format_instant(start)[:4])
    want = series_id(head["zone"], year, head["source"])
    if head["id"] != want:
        issues.append(
            (rel, line("id"), "series.id", f"must be {want} (zone, year of start, source)")
        )
    expected_name = f"{head['zone'].replace(':', '_')}-{year}"
    if header_path.stem != expected_name:
        issues.append(
            (rel, 1, "file", f"a series file is named <ZONE>-<year>.yaml: {expected_name}.yaml")
        )
    if issues:
        return None, issues
    points = header_path.parent / str(head["points"])
    prel = str(Path(rel).parent / str(head["points"]))
    step = RESOLUTIONS[head["resolution"]]
    values, flags, point_issues = read_points(points, prel, start, step)
    issues.extend(point_issues)
    if issues:
        return None, issues
    record = {
        key: head[key]
        for key in (
            "id",
            "kind",
            "zone",
            "resolution",
            "unit",
            "basis",
            "accounting",
            "gas",
            "source",
            "method",
        )
        if head.get(key) is not None
    }
    record["start"] = format_instant(start)
    record["points"] = len(flags)
    record["values"] = ",".join(values)
    record["flags"] = "".join(flags)
    return record, []


def _number_text(cell: str) -> str:
    """The value as written, normalized (``72.0`` -> ``72``), so the record is stable."""
    f = float(cell)
    return str(int(f)) if f == int(f) else repr(f)


def read_points(
    path: Path, rel: str, start: float, step: int
) -> tuple[list[str], list[str], list[Issue]]:
    """Values (text) and flags of a points CSV, checked row by row."""
    issues: list[Issue] = []
    values: list[str] = []
    flags: list[str] = []
    if not path.exists():
        return values, flags, [(rel, 1, "file", "points file missing")]
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        head = next(reader, None)
        if head != CSV_COLUMNS:
            return values, flags, [(rel, 1, "header", f"must be {','.join(CSV_COLUMNS)}")]
        expected = start
        for n, row in enumerate(reader, start=2):
            if len(row) != 3:
                issues.append((rel, n, "row", "three cells: time,value,flag"))
                continue
            time, cell, word = row
            try:
                t = parse_instant(time, "time")
            except Exception:
                issues.append((rel, n, "time", f"'{time}' is not an ISO 8601 instant with a zone"))
                continue
            if t != expected:
                what = "a gap" if t > expected else "out of order or repeated"
                issues.append(
                    (
                        rel,
                        n,
                        "time",
                        f"{what}: expected {format_instant(expected)} (write a missing slot as a row flagged missing)",
                    )
                )
                expected = t
            expected += step
            if word not in WORD_FLAGS:
                issues.append(
                    (rel, n, "flag", f"one of: (empty), {', '.join(w for w in WORD_FLAGS if w)}")
                )
                continue
            flag = WORD_FLAGS[word]
            if flag == MISSING:
                if cell != "":
                    issues.append((rel, n, "value", "a missing point has no value"))
                values.append("")
                flags.append(MISSING)
                continue
            try:
                v = float(cell)
            except ValueError:
                issues.append(
                    (
                        rel,
                        n,
                        "value",
                        f"'{cell}' is not a number (leave it empty and flag the point missing)",
                    )
                )
                continue
            if v != v or v < 0 or v > MAX_INTENSITY:
                issues.append(
                    (rel, n, "value", f"{cell}: impossible for a grid (0..{MAX_INTENSITY:g})")
                )
                continue
            if v == 0:
                issues.append(
                    (
                        rel,
                        n,
                        "value",
                        "0: upstream feeds write 0 for 'no data'; write the point as missing (or estimated with a stand-in value)",
                    )
                )
                continue
            values.append(_number_text(cell))
            flags.append(ESTIMATED if flag == ESTIMATED else flag)
    if not flags and not issues:
        issues.append((rel, 2, "row", "no points"))
    return values, flags, issues


def write_series(
    folder: Path,
    header: Mapping[str, Any],
    rows: list[tuple[float, float | None, str]],
    comment: str,
) -> list[Path]:
    """Write one series (header YAML and points CSV) deterministically; returns both paths."""
    from .factorfiles import dump_yaml

    folder.mkdir(parents=True, exist_ok=True)
    zone = str(header["zone"]).replace(":", "_")
    year = format_instant(rows[0][0])[:4]
    stem = f"{zone}-{year}"
    head = dict(header, points=f"{stem}.csv")
    yaml_path = folder / f"{stem}.yaml"
    csv_path = folder / f"{stem}.csv"
    yaml_path.write_text(dump_yaml({"series": head}, comment), encoding="utf-8")
    lines = [",".join(CSV_COLUMNS)]
    words = {v: k for k, v in WORD_FLAGS.items()}
    for t, v, flag in rows:
        cell = "" if v is None else _number_text(str(v))
        lines.append(f"{format_instant(t)},{cell},{words[flag]}")
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [yaml_path, csv_path]


def series_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What a pull request does to the intensity series, for ``carbonfactors review``: each
    series added, removed or changed, with its points, covered share, mean and, when
    changed, how many points moved."""

    def summary(rec: Mapping[str, Any]) -> dict[str, Any]:
        values = [float(v) for v in rec["values"].split(",") if v != ""]
        flags = rec["flags"]
        return {
            "points": len(flags),
            "covered": sum(1 for f in flags if f != MISSING) / len(flags) if flags else 0.0,
            "estimated": flags.count(ESTIMATED),
            "mean": sum(values) / len(values) if values else None,
        }

    before = {s["id"]: s for s in old.get("series", [])}
    after = {s["id"]: s for s in new.get("series", [])}
    out: list[dict[str, Any]] = []
    for sid in sorted(before.keys() | after.keys()):
        a, b = before.get(sid), after.get(sid)
        if a == b:
            continue
        row: dict[str, Any] = {"id": sid}
        if a is None:
            assert b is not None
            row.update(change="added", **summary(b))
        elif b is None:
            row.update(change="removed", **summary(a))
        else:
            moved = sum(
                1
                for x, y in zip(a["values"].split(","), b["values"].split(","), strict=False)
                if x != y
            )
            row.update(change="changed", points_moved=moved, before=summary(a), **summary(b))
        out.append(row)
    return out
