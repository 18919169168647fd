"""Screen ``pue-unbounded-estimate`` (audit 1796621837 #28, class AP): an operator's PUE
estimate (a tool constant) must not be carried as a point while the same source's figures
for that operator's regions lie more than 5% away.

Alibaba was CCF's PUE_AVG 1.3, no publication named, no bounds, while CCF's own North China
regions are 1.2. The fixture is that shape: an operator at 1.3, one region at 1.2 and one at
1.3, then the same operator with bounds reaching its regions.
"""

from __future__ import annotations

from typing import Any

from _pue_records import pue_record

from carbonfactors.dataset import Dataset
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import pue_screens, screens

SOURCES = [
    {"id": "tool", "priority": 100, "license": "Apache-2.0"},
    {"id": "uptime", "priority": 100, "license": "CC-BY-4.0"},
]
OPERATORS = [
    {"id": "industry", "name": "Industry", "type": "industry"},
    {"id": "ali", "name": "Alibaba-like", "type": "operator"},
]
ZONES = [
    {"id": "CN", "name": "China", "type": "country"},
    *(
        {
            "id": f"ali:{r}",
            "name": r,
            "type": "cloud_region",
            "parent": "CN",
            "provider": "ali",
            "grid_zone": "CN",
            "operator": "ali",
        }
        for r in ("north", "east")
    ),
]


def pue(subject: str, value: float, scope: str, **extra: Any) -> dict[str, Any]:
    source = "uptime" if scope == "survey" else "tool"
    basis = extra.pop("basis", "measured" if scope == "survey" else "estimated")
    return pue_record(subject, 2023, value, source=source, scope=scope, basis=basis, **extra)


REGIONS = [
    pue("industry", 1.58, "survey"),
    pue("ali:north", 1.2, "site-ttm"),
    pue("ali:east", 1.3, "site-ttm"),
]


def unbounded(fleet: dict[str, Any]) -> list[pue_screens.GridFlag]:
    snap = {"rules": RULES, "sources": SOURCES, "zones": ZONES, "operators": OPERATORS,
            "factors": [*REGIONS, fleet]}  # fmt: skip
    return [f for f in pue_screens.flags(snap) if f.rule == pue_screens.UNBOUNDED_ESTIMATE]


def test_an_unbounded_operator_estimate_far_from_its_region_is_a_problem() -> None:
    found = unbounded(pue("ali", 1.3, "unstated"))
    assert [(f.factor, f.problem) for f in found] == [("pue:ali:2023:tool", True)]
    assert found[0].reason == (
        "pue:ali:2023:tool is an estimate 1.3 with no bounds while ali's site or region "
        "figures on file lie more than 5% away: ali:north 1.2 (2023)"
    )
    # Registered: a flag is a problem unless a keep note explains it, never review-only.
    assert pue_screens.UNBOUNDED_ESTIMATE in screens.RULES
    assert pue_screens.UNBOUNDED_ESTIMATE not in screens.REVIEW_RULES


def test_bounds_reaching_the_regions_or_a_measured_figure_are_not_listed() -> None:
    bounded = pue("ali", 1.3, "unstated", low=1.2, high=1.3)
    assert unbounded(bounded) == []
    ds = Dataset.from_snapshot(
        {
            "rules": RULES,
            "sources": SOURCES,
            "zones": ZONES,
            "operators": OPERATORS,
            "factors": [*REGIONS, bounded],
        },  # fmt: skip
        version="t",
    )
    f = ds.resolve_pue(None, 2024, "ali").factor
    assert (f.value, f.low, f.high) == (1.3, 1.2, 1.3)
    # A measured fleet figure is not an estimate; a region within 5% is not far.
    assert unbounded(pue("ali", 1.3, "fleet-annual", basis="measured")) == []
    assert unbounded(pue("ali", 1.25, "unstated")) == []
