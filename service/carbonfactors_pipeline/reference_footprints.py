"""The reference table: published footprints next to our default for the same job.

Defaults are judged where people look first (GPT-3, BLOOM, Llama 3, a GB200 rack...). The
rows live in ``docs/reference-footprints.yaml`` (published value, stated assumptions, our
job, why they differ); this module computes our side with the footprint engine on the
development factors and writes ``docs/reference-footprints.md``. A test fails when the
Markdown is stale, so a data change that moves a reference number shows up in review.

Regenerate: ``python -m carbonfactors_pipeline.reference_footprints``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from carbonfactors.dataset import Dataset
from carbonfactors.engine import Planner
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.footprint_result import Footprint
from carbonfactors.jobs import parse_job

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "docs" / "reference-footprints.yaml"
TABLE = ROOT / "docs" / "reference-footprints.md"


def rows(path: Path = DATA) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["rows"])


def ours(fp: Footprint, quantity: str) -> tuple[float, str]:
    """Our value of the quantity a row compares, and its unit."""
    if quantity in ("operational_kgco2e", "total_kgco2e", "embodied_kgco2e"):
        return float(getattr(fp, quantity)), "kgCO2e"
    if quantity == "power_w":
        return fp.items[0].power_w[0] * fp.items[0].multiplier, "W"
    if quantity == "embodied_per_unit":
        used = next(u for u in fp.factors if u.role == "hardware[0].embodied")
        return used.value, used.unit
    raise ValueError(f"unknown quantity {quantity!r}")


def _fmt(v: float, unit: str) -> str:
    if unit == "kgCO2e" and v >= 1000:
        return f"{v / 1000:,.1f} t"
    if unit == "W" and v >= 1000:
        return f"{v / 1000:,.1f} kW"
    return f"{v:,.0f} {'kg' if unit == 'kgCO2e' else unit}"


def compute(ds: Dataset, row: dict[str, Any]) -> dict[str, str]:
    """Our default for a row: value, difference and the assumptions our engine added."""
    pub = row.get("published")
    out = {"ours": "not computed", "diff": "", "assumed": ""}
    if not row.get("job"):
        return out
    try:
        fp = Planner.of(ds).footprint(parse_job(row["job"]))
    except CarbonFactorsError as exc:
        out["ours"] = f"error: {exc.message}"
        return out
    quantity = pub["quantity"] if pub else "total_kgco2e"
    value, unit = ours(fp, quantity)
    out["ours"] = _fmt(value, unit)
    if pub:
        out["diff"] = f"{value / pub['value'] - 1:+.0%}"
    facility = fp.energy_basis == "facility"
    site = [
        "energy is facility energy (PUE not applied)" if facility else f"PUE {fp.site.pue[0]:g}",
        f"grid {fp.site.intensity[0]:g} g/kWh",
    ]
    if quantity == "operational_kgco2e" and fp.embodied_kgco2e:
        site.append(f"embodied {_fmt(fp.embodied_kgco2e, 'kgCO2e')} on top")
    # "pue: INDUSTRY PUE: ..." -> "pue INDUSTRY PUE": what the result warned about, in short.
    warn = sorted({" ".join(w.split(": ")[:2]) for w in fp.warnings})
    out["assumed"] = "; ".join(site + ([f"warnings: {', '.join(warn)}"] if warn else []))
    return out


def markdown(ds: Dataset, data: list[dict[str, Any]]) -> str:
    lines = [
        "# Reference footprints: published values and our defaults",
        "",
        "Generated from `docs/reference-footprints.yaml` and the development factors by",
        "`python -m carbonfactors_pipeline.reference_footprints`; a test fails when it is stale.",
        "The difference is ours against the published value; *why* says where it comes from.",
        "",
        "| job | published | stated assumptions | our default | difference | our assumptions | why |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in data:
        pub = row.get("published")
        c = compute(ds, row)
        cite = f"[{row['citation']}]({row['url']})" if row.get("url") else row["citation"]
        published = f"{_fmt(pub['value'], pub['unit'])} ({cite})" if pub else f"none ({cite})"
        cells = [
            row["name"],
            published,
            row["stated"],
            c["ours"],
            c["diff"],
            c["assumed"],
            row["why"],
        ]
        lines.append("| " + " | ".join(str(x).replace("|", "\\|") for x in cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the table; with ``--check``, exit 1 when the written one is stale (``make
    check`` runs both, as for ``factors/resolved/``)."""
    import argparse

    from .validate import validate_tree

    ap = argparse.ArgumentParser(prog="python -m carbonfactors_pipeline.reference_footprints")
    ap.add_argument("--check", action="store_true", help="only check that the table is current")
    args = ap.parse_args(argv)
    res = validate_tree(ROOT / "factors")
    if not res.ok:
        print("factors do not validate: run carbonfactors validate", file=sys.stderr)
        return 1
    ds = Dataset.from_snapshot(res.snapshot, version="dev")
    text = markdown(ds, rows())
    if args.check:
        current = TABLE.read_text(encoding="utf-8") if TABLE.exists() else ""
        if current != text:
            print(f"{TABLE.relative_to(ROOT)}: stale; run {ap.prog} and commit it", file=sys.stderr)
            return 1
        return 0
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
