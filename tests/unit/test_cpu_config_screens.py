"""Audit 1796611373 classes XE, NS, G4: the screens trip on small fixtures, and the segment
rule files two-digit Intel N-series parts and client-die Xeons where their dies belong."""

from __future__ import annotations

import pytest

from carbonfactors_pipeline.cpu_config_screens import cited_die_config, segment_die_consistent
from carbonfactors_pipeline.importers._cpu_dies import CITED, Dies, die_segment
from carbonfactors_pipeline.importers._cpu_segment import segment


def _cpu(hid: str, seg: str | None, vendor: str = "Intel") -> dict:
    return {
        "id": hid,
        "category": "cpu",
        "vendor": vendor,
        "specs": {"segment": seg} if seg else {},
    }


@pytest.mark.parametrize(
    "cid", ["intel-n50", "intel-n97", "intel-n100", "intel-celeron-n4020", "intel-pentium-j4205"]
)
def test_intel_soc_names_are_embedded(cid: str) -> None:
    assert segment("intel", cid) == "embedded"


@pytest.mark.parametrize(
    "cid", ["intel-core-i5-12400", "intel-core-i7-6970hq", "intel-xeon-e-2314"]
)
def test_non_soc_names_are_not_embedded(cid: str) -> None:
    assert segment("intel", cid) != "embedded"


def test_client_die_xeon_is_filed_desktop() -> None:
    assert die_segment("intel-xeon-e-2314", segment("intel", "intel-xeon-e-2314")) == "desktop"
    assert die_segment("intel-xeon-gold-6248", "server") == "server"


def test_segment_die_consistent_trips_on_a_server_filed_xeon_e() -> None:
    problems = segment_die_consistent([_cpu("intel-xeon-e-2314", "server")])
    assert [p[0] for p in problems] == ["intel-xeon-e-2314"]
    assert "cpu-segment-die-consistent" in problems[0][1]
    assert segment_die_consistent([_cpu("intel-xeon-e-2314", "desktop")]) == []
    assert segment_die_consistent([_cpu("intel-xeon-gold-6248", "server")]) == []


def test_intel_soc_segment_trips_on_an_unfiled_n50() -> None:
    problems = segment_die_consistent([_cpu("intel-n50", None)])
    assert any("cpu-intel-soc-segment" in r for _, r in problems)
    assert segment_die_consistent([_cpu("intel-n50", "embedded")]) == []
    assert segment_die_consistent([_cpu("amd-ryzen-5-5600", "desktop", "AMD")]) == []


def _embodied(subject: str, mm2: float) -> dict:
    return {
        "id": f"embodied:{subject}:2016:x:manufacturing",
        "kind": "embodied",
        "subject": subject,
        "value": 12.5,
        "inputs": {"die_area_mm2": mm2},
    }


def test_cited_die_config_trips_on_a_gt4e_part_on_the_gt2_die() -> None:
    gt2 = CITED[("intel", "Skylake", 4)]
    assert "intel-core-i7-6970hq" in gt2.excludes and gt2.excludes_source
    bad = _embodied("intel-core-i7-6970hq", gt2.mm2)
    problems = cited_die_config([bad])
    assert [p[0] for p in problems] == [bad["id"]]
    assert "cpu-cited-die-config" in problems[0][1]
    assert cited_die_config([bad | {"excluded": "x"}]) == []
    assert cited_die_config([_embodied("intel-core-i7-6700hq", gt2.mm2)]) == []


def test_gt4e_part_gets_no_gt2_replacement() -> None:
    row = {"manufacturer": "Intel", "code_name": "Skylake", "cores": "4", "name": "x"}
    dies = Dies({}, lambda r: (None, ""))
    assert dies.replacement("intel-core-i7-6970hq", row) is None
    swap = dies.replacement("intel-core-i7-6700hq", row)
    assert swap is not None and swap.mm2 == CITED[("intel", "Skylake", 4)].mm2
