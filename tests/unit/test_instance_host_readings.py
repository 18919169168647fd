"""Screen ``instance-family-host-readings`` (sys15 class 2H) on a small g4ad-like family
that trips it, and the importer step that passes it."""

from __future__ import annotations

import copy
from typing import Any

from carbonfactors_pipeline.instance_host_readings import at_other, reach_other_readings
from carbonfactors_pipeline.instance_host_readings_screen import RULE, host_readings_screen


def _sum(size: str, vcpus: int, src: str, total: float, gpus: int) -> dict[str, Any]:
    share = total * vcpus / 64
    return {
        "id": f"embodied:aws:g4ad.{size}:2026:test:manufacturing",
        "kind": "embodied",
        "subject": f"aws:g4ad.{size}",
        "value": share + gpus * 76.59,
        "low": share + gpus * 60.0,
        "high": share + gpus * 300.0,
        "method": "Sum of parts.",
        "inputs": {
            "host_source": src,
            "host_kgco2e": [total],
            "host_vcpus": [64],
            "host_share_kgco2e": share,
            "accelerators": [{"model": "amd-radeon-pro-v520", "count": gpus}],
        },
    }


# The 2xlarge on the CCF 2026 list's 1,200 kg host, the 4xlarge on the sized 1,333.125 kg.
FAMILY = [_sum("2xlarge", 8, "ccf-2026", 1200.0, 1), _sum("4xlarge", 16, "instance", 1333.125, 1)]


def _flags(factors: list[dict[str, Any]]) -> dict[str, str]:
    out: dict[str, str] = {}
    host_readings_screen(factors, lambda fid, rule, why: out.setdefault(fid, f"{rule}: {why}"))
    return out


def test_a_host_share_hidden_by_a_siblings_reading_is_flagged() -> None:
    flags = _flags(FAMILY)
    # the 4xlarge's bounds miss its value at 1,200 kg; the 2xlarge's reach 1,333 but unsaid
    assert sorted(flags) == sorted(f["id"] for f in FAMILY)
    assert "1200 kg (ccf-2026)" in flags[FAMILY[1]["id"]] and "outside" in flags[FAMILY[1]["id"]]
    assert flags[FAMILY[0]["id"]].startswith(RULE) and "not said" in flags[FAMILY[0]["id"]]


def test_the_importer_step_reaches_both_readings() -> None:
    fixed = copy.deepcopy(FAMILY)
    assert reach_other_readings(fixed) == 2
    assert _flags(fixed) == {}
    assert fixed[1]["low"] == round(at_other(FAMILY[1], 1200.0), 3) == 376.59  # was 393.28
    assert "ccf-2026 1,200.0 kg" in fixed[1]["method"] and fixed[1]["inputs"][
        "other_host_kgco2e"
    ] == [1200.0]


def test_one_reading_or_another_accelerator_is_left_alone() -> None:
    other = _sum("xlarge", 4, "instance", 1333.125, 1)
    other["inputs"]["accelerators"] = [{"model": "nvidia-t4", "count": 1}]
    assert _flags([FAMILY[0], other]) == {} and reach_other_readings([FAMILY[0], other]) == 0
