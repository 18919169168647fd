"""Screen ``instance-platform-spread`` (sys15 class PS) on a small record set that trips
it, and the rule C3 step (``_instance_platform_spread``) whose output passes it."""

from __future__ import annotations

from typing import Any

from carbonfactors_pipeline.importers._instance_platform_spread import PlatformSpread, collect
from carbonfactors_pipeline.instance_platform_screen import RULE, SAID, platform_screen
from carbonfactors_pipeline.screens import Reasons

SOURCES = [
    {"id": "ccf-coefficients", "license": "Apache-2.0"},
    {"id": "carbonfactors-derived", "license": "CC-BY-4.0"},
]


def _hw(iid: str, cpu: str, vcpus: float, memory: float) -> dict[str, Any]:
    specs = {"vcpus": vcpus, "memory_gb": memory, "cpu": cpu}
    specs["sources"] = {"vcpus": "aws-instance-sizes", "memory_gb": "aws-instance-sizes"}
    return {"id": iid, "category": "cloud_instance", "specs": specs}


def _listed(subject: str, value: float) -> dict[str, Any]:
    return {
        "id": f"embodied:{subject}:2026:ccf-coefficients:manufacturing",
        "kind": "embodied",
        "subject": subject,
        "year": 2026,
        "value": value,
        "unit": "kgCO2e",
        "basis": "manufacturing",
        "source": "ccf-coefficients",
    }


# Three AWS Milan types at 8 GB per vCPU, listed at 17.7 kgCO2e per vCPU, and an Azure
# Milan type of the same memory per vCPU sized by rule C3 at 19.8 per vCPU.
HW = [
    _hw("aws:r6a.large", "AMD EPYC 7R13", 2, 16),
    _hw("aws:r6a.xlarge", "AMD EPYC 7R13", 4, 32),
    _hw("aws:r6a.2xlarge", "AMD EPYC 7R13", 8, 64),
    _hw("azure:standard_e16ads_v5", "AMD EPYC 7763v (Milan)", 16, 128),
]
LISTED = [_listed("aws:r6a.large", 35.4), _listed("aws:r6a.xlarge", 70.8)]
LISTED.append(_listed("aws:r6a.2xlarge", 141.6))


def _sized(low: float, method: str = "") -> dict[str, Any]:
    return {
        "id": "embodied:azure:standard_e16ads_v5:2026:carbonfactors-derived:manufacturing",
        "kind": "embodied",
        "subject": "azure:standard_e16ads_v5",
        "year": 2026,
        "value": 316.8,
        "low": low,
        "high": 474.0,
        "unit": "kgCO2e",
        "basis": "manufacturing",
        "source": "carbonfactors-derived",
        "method": "Sized instance default (rule C3, factors/README.md)." + method,
        "inputs": {"vcpus": 16, "memory_gb": 128},
    }


def _flags(sized: dict[str, Any], excluded: frozenset[str] = frozenset()) -> list[str]:
    reasons = Reasons({}, {}, [], [], {})
    flags = platform_screen([*LISTED, sized], HW, SOURCES, reasons, excluded)
    return [fl.reason for fl in flags if fl.rule == RULE]


def test_an_unsaid_platform_spread_is_flagged() -> None:
    (reason,) = _flags(_sized(290.0))
    assert "does not say" in reason and "17.7..17.7" in reason and "EPYC 3rd Gen" in reason


def test_said_but_out_of_reach_is_flagged() -> None:
    (reason,) = _flags(_sized(300.0, f" {SAID} ..."))
    assert "do not reach" in reason  # low 18.75 per vCPU above the listed 17.7


def test_the_c3_step_says_the_spread_and_reaches_it() -> None:
    spread = collect(HW, LISTED, lambda f: True, lambda h: False)
    low, high, note, given = spread.apply(HW[3], 316.8, 300.0, 474.0)
    assert low == 17.7 * 16 and high == 474.0 and given == [17.7, 17.7, 3]
    assert note.startswith(f" {SAID}") and "above that spread" in note
    assert _flags(_sized(low, note)) == []


def test_excluded_or_too_few_listed_values_state_nothing() -> None:
    assert _flags(_sized(300.0), frozenset({LISTED[0]["id"]})) == []
    mixed = _hw("azure:x", "AMD EPYC 7763v (Milan), AMD EPYC 9004 (Genoa)", 16, 128)
    assert PlatformSpread().span(mixed) is None  # a series on two CPUs has no one platform
