"""``carbonfactors audit``: a stratified random sample of default values, as a worksheet.

An audit that traces sampled defaults to their upstream file and primary publication is
what found the error classes of issue 20; making it a habit needs a sample nobody tuned
for. This module draws one: the population of each stratum is every default a user can
get (a zone's grid intensity for a year, an operator's PUE for a year, a catalog model's
power and embodied carbon), sorted, and ``random.Random(seed)`` picks from it, so the
same seed on the same data gives the same sample. The worksheet lists, per sampled value,
what the engine resolves (value, bounds, basis, rung, factor id, resolution, warnings),
the cited source
(title, URL, licence), where the factor lives (file:line) and the upstream files its
importer read, and blank verdict columns for the auditor.

The sample is drawn from the whole tree (so a seed draws the same items whatever bundle is
asked), but each item is resolved in one bundle (``full``, the service's default, unless
told): a value that travels in no bundle (an AGPL code repository's) is never shown as the
default, since no user receives it (audit 2026-12-06 seed 1796548636, class M). ``items``
re-resolves the items of an earlier worksheet, to report the same sample after fixes.

Strata (``STRATA``, sample split evenly, the remainder to the first strata): grid
intensity of countries, sub-national grids and cloud regions; PUE of operators and
campuses; accelerators (GPU, TPU, other); cloud instances; CPUs; servers.
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carbonfactors.bundles import FULL
from carbonfactors.dataset import Dataset
from carbonfactors.engine import Planner
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.jobs import parse_job

FIRST_YEAR = 2015
VERDICT_COLUMNS = ("verdict", "traced_to", "primary_publication", "auditor_note")
COLUMNS = (
    "n",
    "stratum",
    "subject",
    "year",
    "quantity",
    "value",
    "unit",
    "low",
    "high",
    "basis",
    "rung",
    "factor",
    "resolution",
    "warnings",
    "source",
    "source_title",
    "source_url",
    "license",
    "factor_file",
    "upstream_files",
    "method",
    *VERDICT_COLUMNS,
)


@dataclass(frozen=True)
class Item:
    """One member of a stratum's population: a lookup the worksheet can resolve."""

    stratum: str
    subject: str
    year: int | None = None


def _grid_items(ds: Dataset, zone_type: str, years: range) -> list[Item]:
    return [
        Item(f"grid:{zone_type}", z.id, y)
        for z in sorted(ds.zones.values(), key=lambda z: z.id)
        if z.type == zone_type
        for y in years
    ]


def _hardware_items(ds: Dataset, stratum: str, categories: set[str]) -> list[Item]:
    return [
        Item(stratum, hid) for hid in sorted(ds.hardware) if ds.hardware[hid].category in categories
    ]


def populations(ds: Dataset, years: range) -> dict[str, list[Item]]:
    """Every default value a user can get, by stratum, in a fixed order."""
    return {
        "grid:country": _grid_items(ds, "country", years),
        "grid:subnational": _grid_items(ds, "subnational", years),
        "grid:cloud_region": _grid_items(ds, "cloud_region", years),
        "pue": [Item("pue", op, y) for op in sorted(ds.operators) for y in years],
        "accelerator": _hardware_items(ds, "accelerator", {"gpu", "tpu", "accelerator"}),
        "cloud_instance": _hardware_items(ds, "cloud_instance", {"cloud_instance"}),
        "cpu": _hardware_items(ds, "cpu", {"cpu"}),
        "server": _hardware_items(ds, "server", {"server"}),
    }


STRATA = (
    "grid:country",
    "grid:subnational",
    "grid:cloud_region",
    "pue",
    "accelerator",
    "cloud_instance",
    "cpu",
    "server",
)


def draw(pops: dict[str, list[Item]], n: int, seed: int) -> list[Item]:
    """``n`` items, split evenly over the non-empty strata, the same for the same seed."""
    rng = random.Random(seed)
    strata = [s for s in STRATA if pops.get(s)]
    if not strata:
        return []
    share, extra = divmod(n, len(strata))
    out: list[Item] = []
    for i, s in enumerate(strata):
        k = min(share + (1 if i < extra else 0), len(pops[s]))
        out.extend(rng.sample(pops[s], k))
    return out


class _Where:
    """Where each factor id is written (file:line) and the upstream files of that file."""

    _ID = re.compile(r"^\s*- id: ['\"]?([^'\"\s]+)")

    def __init__(self, root: Path) -> None:
        self.root = root
        self._index: dict[str, tuple[str, int]] | None = None
        self._upstream: dict[str, str] = {}

    def _build(self) -> dict[str, tuple[str, int]]:
        index: dict[str, tuple[str, int]] = {}
        for path in sorted(self.root.rglob("*.yaml")):
            if "releases" in path.parts:
                continue
            rel = str(path.relative_to(self.root))
            lines = path.read_text(encoding="utf-8").splitlines()
            head = []
            for line in lines:
                if not line.startswith("#"):
                    break
                if line.startswith("#   "):
                    head.append(line[4:].strip())
            self._upstream[rel] = "; ".join(head)
            for no, line in enumerate(lines, 1):
                m = self._ID.match(line)
                if m:
                    index.setdefault(m.group(1), (rel, no))
        return index

    def of(self, factor_id: str | None) -> tuple[str, str]:
        if not factor_id:
            return "", ""
        if self._index is None:
            self._index = self._build()
        hit = self._index.get(factor_id)
        if hit is None:
            return "", ""
        rel, line = hit
        return f"factors/{rel}:{line}", self._upstream.get(rel, "")


SOURCE_COLUMNS = ("source", "source_title", "source_url", "license")


def _source_cols(ds: Dataset, source: str | None) -> dict[str, str]:
    s = ds.sources.get(source or "", {})
    cols = [source or "", str(s.get("title", "")), str(s.get("url", "")), str(s.get("license", ""))]
    return dict(zip(SOURCE_COLUMNS, cols, strict=True))


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def _shape(
    low: float | None, high: float | None, basis: str | None, rung: str | None
) -> dict[str, str]:
    """Bounds, basis and rung: what an auditor needs to judge a category default or a
    derivation (is the range honest, is the basis the one asked for), without opening the
    factor file (audit 2026-12-06 needed them for every hardware row)."""
    return {"low": _num(low), "high": _num(high), "basis": basis or "", "rung": rung or ""}


def _rows(ds: Dataset, item: Item, where: _Where) -> Iterator[dict[str, str]]:
    base = {"stratum": item.stratum, "subject": item.subject, "year": str(item.year or "")}
    if item.stratum.startswith("grid:") or item.stratum == "pue":
        try:
            if item.stratum == "pue":
                res = ds.resolve_pue(None, item.year, item.subject)
            else:
                res = ds.resolve_grid(item.subject, item.year)
        except CarbonFactorsError as exc:
            yield {**base, "quantity": item.stratum, "resolution": f"error: {exc.message}"}
            return
        f = res.factor
        file, up = where.of(f.id)
        yield {
            **base,
            "quantity": "pue" if item.stratum == "pue" else "grid_intensity",
            "value": f"{f.value:g}",
            "unit": f.unit,
            "factor": f.id,
            "resolution": res.summary,
            "warnings": " | ".join(res.warnings),
            **_shape(f.low, f.high, f.basis, f.rung),
            **_source_cols(ds, f.source),
            "factor_file": file,
            "upstream_files": up,
            "method": f.method or "",
        }
        return
    job = {
        "hardware": [{"model": item.subject, "count": 1, "utilization": 1.0}],
        "hours": 1,
        "grid_intensity": 1000,
        "pue": 1.0,
    }
    try:
        fp = Planner.of(ds).footprint(parse_job(job))
    except CarbonFactorsError as exc:
        yield {**base, "quantity": "footprint", "resolution": f"error: {exc.message}"}
        return
    for used in fp.factors:
        if not used.role.startswith("hardware[0].") or used.kind not in ("power", "embodied"):
            continue
        cited = ds.factors.get(used.id or "")
        file, up = where.of(used.id)
        yield {
            **base,
            "quantity": used.role.removeprefix("hardware[0]."),
            "value": f"{used.value:g}",
            "unit": used.unit,
            "factor": used.id or "",
            "resolution": used.resolution,
            "warnings": " | ".join(used.warnings),
            **_shape(
                used.low,
                used.high,
                cited.basis if cited else None,
                cited.rung if cited else None,
            ),
            **_source_cols(ds, used.source),
            "factor_file": file,
            "upstream_files": up,
            "method": (cited.method if cited else "") or "",
        }


def worksheet(
    snapshot: dict[str, Any], root: Path, n: int, seed: int, bundle: str = FULL
) -> list[dict[str, str]]:
    """The worksheet rows of a sample of ``n`` defaults drawn with ``seed``, as ``bundle``
    resolves them."""
    ds = Dataset.from_snapshot(snapshot, version=str(snapshot.get("version") or "dev"))
    grid_years = [f["year"] for f in snapshot["factors"] if f["kind"] == "grid_intensity"]
    years = range(FIRST_YEAR, max(grid_years, default=FIRST_YEAR) + 1)
    return resolve(snapshot, root, draw(populations(ds, years), n, seed), bundle)


def resolve(
    snapshot: dict[str, Any], root: Path, items: list[Item], bundle: str = FULL
) -> list[dict[str, str]]:
    """Worksheet rows of ``items`` (numbered from 1) as ``bundle`` resolves them."""
    from . import licensing

    scoped = licensing.bundle(snapshot, bundle)
    ds = Dataset.from_snapshot(scoped, version=str(snapshot.get("version") or "dev"))
    where = _Where(root)
    rows: list[dict[str, str]] = []
    for i, item in enumerate(items, 1):
        for row in _rows(ds, item, where):
            rows.append({c: str(row.get(c, "")) for c in COLUMNS} | {"n": str(i)})
    return rows


def items_of(text: str) -> list[Item]:
    """The items of a Markdown or CSV worksheet, in their order (one per number ``n``)."""
    if text.lstrip().startswith("n,"):
        records = list(csv.DictReader(io.StringIO(text)))
    else:
        head: list[str] = []
        records = []
        for line in text.splitlines():
            if not line.startswith("| ") or line.startswith("|---"):
                continue
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            if not head:
                head = cells
                continue
            records.append(dict(zip(head, cells, strict=False)))
    out: dict[str, Item] = {}
    for r in records:
        if r.get("n") and r["n"] not in out:
            year = int(r["year"]) if r.get("year") else None
            out[r["n"]] = Item(r["stratum"], r["subject"], year)
    return [out[k] for k in sorted(out, key=int)]


def render(rows: list[dict[str, str]], fmt: str, seed: int, n: int) -> str:
    """CSV (to fill in a spreadsheet) or a Markdown table (to commit under factors/audits/)."""
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        return buf.getvalue()
    cell: Callable[[str], str] = lambda s: s.replace("|", "\\|").replace("\n", " ")  # noqa: E731
    lines = [
        f"# Audit worksheet: {n} defaults, seed {seed}",
        "",
        "Verdicts: right, wrong or doubtful, each traced to the upstream file and the primary "
        "publication. Summary line when done: `K of N, P% right`.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    lines += ["| " + " | ".join(cell(r[c]) for c in COLUMNS) + " |" for r in rows]
    return "\n".join(lines) + "\n"
