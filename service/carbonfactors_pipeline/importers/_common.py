"""Parsing and writing helpers shared by importers.

Upstream files disagree on number formats (decimal commas in the Teads sheet, empty cells,
``N/A``) and every importer must rewrite its folder deterministically, so these small rules
live in one place instead of being re-invented per importer.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import corrections
from ..factorfiles import write_yaml

#: Marker every generated factor file carries in its header comment.
GENERATED = "generated: do not edit by hand"

_SLUG = re.compile(r"[^a-z0-9]+")


def read_csv(path: Path, *, delimiter: str = ",") -> list[dict[str, str]]:
    """Rows of a CSV as dicts with stripped keys and values (a BOM is dropped)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = []
        for row in csv.DictReader(fh, delimiter=delimiter):
            rows.append({(k or "").strip(): (v or "").strip() for k, v in row.items()})
        return rows


def number(text: str | None, *, decimal_comma: bool = False) -> float | None:
    """A float from a cell, or None when the cell is empty or not a number (``N/A``).

    With ``decimal_comma`` a ``,`` is the decimal separator ("0,29" -> 0.29), as in the
    Teads AWS sheet; otherwise commas are thousands separators and dropped.
    """
    if text is None:
        return None
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if not t:
        return None
    t = t.replace(".", "").replace(",", ".") if decimal_comma and "," in t else t.replace(",", "")
    try:
        return float(t)
    except ValueError:
        return None


def slugify(text: str) -> str:
    """Lower-case slug: runs of anything but a-z/0-9 become one hyphen."""
    return _SLUG.sub("-", text.lower()).strip("-")


def rounded(value: float, digits: int = 6) -> float | int:
    """Round a derived value so re-runs print the same bytes; whole numbers stay ints."""
    r = round(value, digits)
    return int(r) if r == int(r) and abs(r) < 1e15 else r


def header(importer: str, upstream: Iterable[str]) -> str:
    """The header comment of a generated file: importer, upstream files, and the warning."""
    ups = "\n".join(f"  {u}" for u in upstream)
    return f"Written by importer '{importer}' from:\n{ups}\n{GENERATED}; re-run the importer."


def write_folder(folder: Path, files: dict[str, dict[str, Any]], head: str) -> list[Path]:
    """Write ``files`` (relative path -> data) under ``folder`` and delete stale generated files.

    Only files whose header carries the generated marker are deleted, so a hand-written
    file placed beside generated ones survives a re-run. Corrections recorded in
    ``factors/corrections.yaml`` are applied on the way out. Returns the paths that changed.
    """
    corrections.apply(folder, files)
    changed: list[Path] = []
    keep = {(folder / rel).resolve() for rel in files}
    if folder.exists():
        for old in sorted(folder.rglob("*.yaml")):
            if old.resolve() in keep:
                continue
            with old.open(encoding="utf-8") as fh:
                top = fh.read(2000)
            if GENERATED in top:
                old.unlink()
                changed.append(old)
    for rel in sorted(files):
        path = folder / rel
        if write_yaml(path, files[rel], head):
            changed.append(path)
    return changed


#: ``period`` of a factor about a model whose release year no source gives: the value is
#: not tied to any year, so ``year`` (required) holds the year of the source snapshot and
#: this label says it is no release year (factors/README.md, "Models with no known year").
UNDATED = "undated"


def set_bounds(fac: dict[str, Any], low: float, high: float) -> None:
    """Give a factor record ``low``/``high`` (rounded), placed right after its unit as every
    factor file has them, so a regenerated file differs from the last only where values do."""
    rest = {k: v for k, v in fac.items() if k not in ("low", "high")}
    fac.clear()
    for k, v in rest.items():
        fac[k] = v
        if k == "unit":
            fac["low"], fac["high"] = rounded(low, 3), rounded(high, 3)


def undated(release_year: int | None) -> dict[str, str]:
    """``{"period": "undated"}`` for a model with no known release year, else nothing."""
    return {} if release_year else {"period": UNDATED}
