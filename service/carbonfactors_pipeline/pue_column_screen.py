"""Screen ``pue-column-unfiled`` (audit 1796685321 #26, class PS): an operator answered with
the industry-average PUE while a PUE column on file names it.

Seeweb was answered with Uptime's 1.56 [1.54..1.67] for every year and its operator file said
"no published PUE figure in our sources yet", while ML CO2 Impact's region table gives its
Frosinone site 1.2 in its PUE column: a figure on file that nothing used or set aside. For every
operator some lookup answers with the industry average (``factors/resolved/pue.tsv``), each row
of the PUE columns on file naming that operator (``PUE_COLUMNS``) must be filed, as a PUE factor
of the operator or one of its sites with that value, or named in ``SET_ASIDE`` with the reason;
otherwise it is a problem. The tables are read where they are (``../shared/sources`` beside the
repository, as the importers use); elsewhere the screen has nothing to compare and is skipped.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

RULE = "pue-column-unfiled"
#: Relative difference under which two PUE figures are the same value (rounding).
SAME = 0.005
#: Upstream table -> (provider column, PUE column); the PUE columns the audit names.
PUE_COLUMNS: dict[str, tuple[str, str]] = {
    "pue-published/pue_published.csv": ("provider", "value"),
    "green-algorithms/latest/defaults_PUE.csv": ("provider", "PUE"),
    "green-algorithms/latest/cloudProviders_datacenters.csv": ("provider", "PUE"),
    "mlco2-impact/impact.csv": ("provider", "PUE"),
    "ccf-constants/ccf_pue.csv": ("provider", "value"),
}
#: (table, operator, value) -> why the row is not filed (none today: each is filed).
SET_ASIDE: dict[tuple[str, str, float], str] = {}

#: (table, line, operator id, PUE)
Row = tuple[str, int, str, float]


def operator_of(provider: str, operators: Iterable[str]) -> str | None:
    """Our PUE operator id for an upstream provider spelling (``gcp`` -> ``google``,
    ``Oracle`` -> ``oracle``), or None (``Unknown``, ``industry``, ``on-premise``)."""
    from .importers.cloud_regions_common import PROVIDER_ALIASES, PROVIDERS

    name = provider.strip().lower()
    name = PROVIDER_ALIASES.get(name, name)
    if name in PROVIDERS:
        return PROVIDERS[name][1]
    return name if name in set(operators) and name != "industry" else None


def column_rows(sources: Path, operators: Iterable[str]) -> list[Row]:
    """Every row of the PUE columns on file that names a catalog operator and a PUE."""
    ops = list(operators)
    out: list[Row] = []
    for table, (pcol, vcol) in PUE_COLUMNS.items():
        path = sources / table
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            lines = list(csv.reader(fh))
        # Green Algorithms' tables carry a line of column notes above the header
        at = next((i for i, r in enumerate(lines) if pcol in r and vcol in r), None)
        if at is None:
            continue
        head = lines[at]
        for n, row in enumerate(lines[at + 1 :], start=at + 2):
            cells = dict(zip(head, row, strict=False))
            op = operator_of(cells.get(pcol, ""), ops)
            try:
                value = float((cells.get(vcol) or "").strip())
            except ValueError:
                continue
            if op is not None:
                out.append((table, n, op, value))
    return out


def industry_operators(resolved_pue: Path) -> set[str]:
    """Operators whose answer for some year is the industry average (``resolved/pue.tsv``)."""
    if not resolved_pue.exists():
        return set()
    with resolved_pue.open(encoding="utf-8", newline="") as fh:
        return {
            r["operator"]
            for r in csv.DictReader(fh, delimiter="\t")
            if r["operator"] != "industry" and r["factor"].startswith("pue:industry:")
        }


def problems(
    factors: Iterable[Mapping[str, Any]],
    industry: Iterable[str],
    rows: Iterable[Row],
    set_aside: Mapping[tuple[str, str, float], str] = SET_ASIDE,
) -> list[tuple[str, str]]:
    """(operator, reason) for each PUE column row naming an operator answered with the
    industry average that is neither filed (a PUE factor of the operator or of one of its
    sites, ``operator:...``, with that value) nor set aside."""
    filed: dict[str, list[float]] = {}
    for f in factors:
        if f.get("kind") == "pue":
            op = str(f["subject"]).split(":", 1)[0]
            filed.setdefault(op, []).append(float(f["value"]))
    out = []
    stand_ins = set(industry)
    for table, line, op, value in rows:
        if op not in stand_ins or (table, op, value) in set_aside:
            continue
        if any(abs(v - value) <= SAME * value for v in filed.get(op, [])):
            continue
        out.append(
            (
                op,
                f"{RULE}: {table}:{line} gives {op} a PUE of {value:g}, while {op} is answered "
                "with the industry average and no PUE factor of it or its sites has that value; "
                "file it (an estimate where it is weak, its weakness said) or set it aside with "
                "the reason in pue_column_screen.SET_ASIDE (audit 1796685321 PS)",
            )
        )
    return out
