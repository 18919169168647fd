"""Screen ``pue-estimate-centre`` (audit 1796642882 #29, class AP2): an operator's PUE
estimate centred on one of its own bounds while nothing measured of that operator is on file.

Alibaba was CCF's PUE_AVG 1.3 [1.2..1.3] (no publication named) while Alibaba's own ESG
reports give 1.247 (FY2022) and 1.215 (FY2023). The fixture is that shape: the estimate
alone trips; with a measured fleet figure beside it, or centred inside its bounds, it does not.
"""

from __future__ import annotations

from typing import Any

from _pue_records import pue_record

from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import pue_screens, screens

SOURCES = [
    {"id": "tool", "priority": 100, "license": "Apache-2.0"},
    {"id": "esg", "priority": 50, "license": "CC-BY-4.0"},
    {"id": "uptime", "priority": 100, "license": "CC-BY-4.0"},
]
OPERATORS = [
    {"id": "industry", "name": "Industry", "type": "industry"},
    {"id": "ali", "name": "Alibaba-like", "type": "operator"},
]
ZONES = [{"id": "CN", "name": "China", "type": "country"}]


def pue(subject: str, year: int, value: float, basis: str, source: str, **extra: Any) -> dict:
    scope = extra.pop("scope", "unstated")
    return pue_record(subject, year, value, source=source, scope=scope, basis=basis, **extra)


INDUSTRY = pue("industry", 2023, 1.58, "measured", "uptime", scope="survey")
ESTIMATE = pue("ali", 2023, 1.3, "estimated", "tool", low=1.2, high=1.3)


def centred(*factors: dict[str, Any]) -> list[pue_screens.GridFlag]:
    snap = {"rules": RULES, "sources": SOURCES, "zones": ZONES, "operators": OPERATORS,
            "factors": [INDUSTRY, *factors]}  # fmt: skip
    return [f for f in pue_screens.flags(snap) if f.rule == pue_screens.ESTIMATE_CENTRE]


def test_an_estimate_on_its_own_bound_with_nothing_measured_is_a_problem() -> None:
    found = centred(ESTIMATE)
    assert [(f.factor, f.problem) for f in found] == [("pue:ali:2023:tool", True)]
    assert found[0].reason == (
        "pue:ali:2023:tool is an estimate 1.3 [1.2..1.3] centred on its own high bound "
        "while ali has no measured PUE on file"
    )
    # Registered: a problem unless a keep note explains it, never review-only.
    assert pue_screens.ESTIMATE_CENTRE in screens.RULES
    assert pue_screens.ESTIMATE_CENTRE not in screens.REVIEW_RULES
    low = pue("ali", 2023, 1.2, "estimated", "tool", low=1.2, high=1.3)
    assert "own low bound" in centred(low)[0].reason


def test_a_measured_figure_or_an_inner_centre_is_not_listed() -> None:
    measured = pue("ali", 2022, 1.215, "measured", "esg", scope="fleet-annual")
    assert centred(ESTIMATE, measured) == []
    assert centred(pue("ali", 2023, 1.25, "estimated", "tool", low=1.2, high=1.3)) == []
    # A design target is not an operating figure: it does not stand for a measurement.
    design = pue("ali", 2022, 1.1, "design", "esg", scope="design")
    assert len(centred(ESTIMATE, design)) == 1
