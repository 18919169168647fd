"""Accelerator power screens on where a figure comes from (audit 1796669258 NY and SC).

* ``upstream-power-filed`` (NY, #35 Huawei Ascend 800T A2): Epoch's row gave 310 W but
  had no release date, and the importer dropped it, so the part fell to the all-accelerator
  median. For every catalog part whose upstream row on file carries a power figure (Epoch
  ``TDP (W)``, ML CO2 Impact ``tdp_watts``, Green Algorithms ``TDP``), a power factor from
  that source must exist, or a ``keep`` note in ``factors/screens.yaml`` must say why not.
  It reads the upstream tables, so it runs where they are (``../shared/sources`` beside the
  repository, as the importers use); elsewhere it has nothing to compare and is skipped.
* ``relay-served`` (SC, #34 Google TPU v2): ML CO2 Impact's 221 W relays Patterson et al.
  2021 and calls it the chip's power, while the primary on file (same subject, basis, year
  and value) says it is system-level; the relay won the tie on its id. A power factor that
  the engine would serve (not excluded; best source priority, then id, as
  ``FactorIndex.rank``) is a problem when another factor of the same subject, basis, year and
  value comes from a source the served one's method cites (the source's id, or the arXiv id
  in its url): serve the primary (exclude the relay in ``screens.yaml``) instead.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

UPSTREAM_RULE = "upstream-power-filed"
RELAY_RULE = "relay-served"
#: Relative difference under which two figures are the same value (rounding).
SAME = 0.005
_ARXIV = re.compile(r"\b(\d{4}\.\d{4,5})\b")

#: (hardware id, source id, watts, upstream row name)
Row = tuple[str, str, float, str]


def _number(text: str | None) -> float | None:
    try:
        return float((text or "").strip())
    except ValueError:
        return None


def upstream_rows(sources: Path) -> list[Row]:
    """Every upstream row on file that names a catalog part and carries a power figure,
    mapped to the part through the importer's own tables (no row is dropped for a missing
    date or anything else the importer might skip)."""
    from .importers._accelerator_catalog import EPOCH_CSV, GA_CSV, MLCO2_CSV, _auto_id
    from .importers._accelerator_table import EPOCH, GREEN_ALGORITHMS, MLCO2, SKIP, VENDORS

    out: list[Row] = []
    epoch = sources / EPOCH_CSV
    if epoch.exists():
        with epoch.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                name, watts = row["Hardware name"], _number(row["TDP (W)"])
                if name in SKIP or watts is None or row["Manufacturer"] not in VENDORS:
                    continue
                entry = EPOCH.get(name)
                prefix = VENDORS[row["Manufacturer"]][1]
                hid = entry.id if entry else _auto_id(prefix, name, row["Manufacturer"])
                out.append((hid, "epoch-ml-hardware", watts, name))
    mlco2 = sources / MLCO2_CSV
    if mlco2.exists():
        with mlco2.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                part, watts = MLCO2.get(row["name"]), _number(row["tdp_watts"])
                if part and watts is not None:
                    out.append((part, "mlco2-impact", watts, row["name"]))
    ga = sources / GA_CSV
    if ga.exists():
        lines = ga.read_text(encoding="utf-8").splitlines()[1:]  # first line: units
        for row in csv.DictReader(lines):
            model = (row.get("model") or "").strip()
            ga_id, watts = GREEN_ALGORITHMS.get(model), _number(row.get("TDP"))
            if ga_id and watts is not None:
                out.append((ga_id, "green-algorithms", watts, model))
    return out


def upstream_problems(
    factors: Iterable[Mapping[str, Any]],
    hardware_ids: Iterable[str],
    rows: Sequence[Row],
    keep: Mapping[tuple[str, str], str],
) -> list[tuple[str, str]]:
    """(hardware id, reason) for each catalog part with an upstream power figure on file
    and no power factor from that source (unless kept for this rule)."""
    filed = {(str(f["subject"]), str(f["source"])) for f in factors if f.get("kind") == "power"}
    catalog = set(hardware_ids)
    out: dict[str, str] = {}
    for hid, source, watts, name in rows:
        if hid not in catalog or (hid, source) in filed or (hid, UPSTREAM_RULE) in keep:
            continue
        out.setdefault(
            hid,
            f"{UPSTREAM_RULE}: {hid}'s upstream row '{name}' ({source}) gives {watts:g} W "
            "but no power factor from it is filed (audit 1796669258 NY): file it (under the "
            "snapshot year when the row has no date) or keep it with a note in screens.yaml",
        )
    return sorted(out.items())


def _tokens(source: Mapping[str, Any]) -> set[str]:
    """What a method quotes when it relays ``source``: the arXiv id of its url, or the url
    itself (scheme and ``www.`` dropped). Not the source id: a primary's method may name
    the relay's file to say it is excluded, which is no relay."""
    url = str(source.get("url") or "")
    found = set(_ARXIV.findall(url))
    bare = re.sub(r"^https?://(www\.)?", "", url).rstrip("/")
    if len(bare) > 12:
        found.add(bare)
    return found


def relay_problems(
    factors: Iterable[Mapping[str, Any]],
    sources: Iterable[Mapping[str, Any]],
    priority: Callable[[str], int],
) -> list[tuple[str, str]]:
    """(factor id, reason) for each served power factor that relays another on file."""
    cited = {str(s["id"]): _tokens(s) for s in sources if s.get("id")}
    groups: dict[tuple[str, Any, Any], list[Mapping[str, Any]]] = defaultdict(list)
    for f in factors:
        if f.get("kind") == "power":
            groups[(str(f["subject"]), f.get("basis"), f.get("year"))].append(f)
    out: list[tuple[str, str]] = []
    for group in groups.values():
        live = [f for f in group if not f.get("excluded")]
        if len(group) < 2 or not live:
            continue
        served = min(live, key=lambda f: (priority(str(f["source"])), str(f["id"])))
        method, value = str(served.get("method") or ""), float(served["value"])
        for other in group:
            src = str(other["source"])
            if src == served["source"] or abs(float(other["value"]) - value) > SAME * value:
                continue
            if any(t in method for t in cited.get(src, ())):
                out.append(
                    (
                        str(served["id"]),
                        f"{RELAY_RULE}: {served['id']} relays {other['id']} (same subject, "
                        f"basis, year and value {value:g} W; its method cites {src}) and is "
                        "served in its place (audit 1796669258 SC): serve the primary, "
                        "excluding the relay in screens.yaml",
                    )
                )
                break
    return sorted(out)
