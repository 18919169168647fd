"""Screens of audit 1796594162 classes A3, AZB and C3F, each on a fixture that trips it."""

from __future__ import annotations

from typing import Any

from carbonfactors_pipeline.hardware_screens import screen_hardware
from carbonfactors_pipeline.instance_series_screens import (
    MONOTONE_RULE,
    SERIES_RULE,
    SIBLING_RULE,
    monotone_screen,
    screen_series,
    series,
)
from carbonfactors_pipeline.screens import Reasons


def _none() -> Reasons:
    return Reasons({}, {}, [], [], {})


def _hw(iid: str, vcpus: float, memory_gb: float, cpu: str = "Cascade Lake") -> dict[str, Any]:
    specs = {"vcpus": vcpus, "memory_gb": memory_gb, "microarchitecture": cpu}
    return {"id": iid, "category": "cloud_instance", "specs": specs}


def _emb(subject: str, value: float, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"embodied:{subject}:2021:ccf-coefficients:manufacturing",
        "kind": "embodied",
        "subject": subject,
        "year": 2021,
        "value": value,
        "unit": "kgCO2e",
        "basis": "manufacturing",
        "source": "ccf-coefficients",
    } | extra


def _flags(hw: list[dict[str, Any]], facs: list[dict[str, Any]]) -> dict[str, str]:
    return {fl.factor: fl.rule for fl in screen_series(facs, hw, _none())}


def test_series_key_blanks_sizes_and_keeps_the_generation() -> None:
    assert series("azure:standard_d16_v4") == series("azure:standard_d2_v4")
    assert series("azure:standard_d16_v4") != series("azure:standard_d16_v5")
    assert series("aws:c7i.xlarge") == "aws:c7i"


def test_a_size_on_another_host_than_its_series_is_listed() -> None:
    # D v4 as CCF lists it: D16 v4 on a 16-vCPU host (1,183 kg), its siblings on 256
    hw = [_hw(f"azure:standard_d{n}_v4", n, 4 * n) for n in (2, 8, 16, 32)]
    facs = [_emb(f"azure:standard_d{n}_v4", 9.5 * n) for n in (2, 8, 32)]
    bad = _emb("azure:standard_d16_v4", 1183.28)
    assert _flags(hw, [*facs, bad]) == {bad["id"]: SERIES_RULE}
    # settled on one host (rule C3 on Azure hosts): every size proportional, nothing listed
    assert _flags(hw, [*facs, _emb("azure:standard_d16_v4", 9.5 * 16)]) == {}


def test_a_cited_whole_server_is_not_a_share_of_its_series() -> None:
    hw = [_hw(f"azure:standard_d{n}_v2", n, 7 * n) for n in (1, 2, 4, 20)]
    facs = [_emb(f"azure:standard_d{n}_v2", 60 * n) for n in (1, 2, 4)]
    whole = _emb("azure:standard_d20_v2", 2000, inputs={"whole_host": "azure-vm-naming"})
    assert _flags(hw, [*facs, whole]) == {}
    assert _flags(hw, [*facs, _emb("azure:standard_d20_v2", 2000)]) != {}


def test_a_flex_type_far_above_its_same_shape_parent_sibling_is_listed() -> None:
    hw = [
        _hw("aws:c7i.xlarge", 4, 8, "Intel Xeon Platinum 8488C"),
        _hw("aws:c7i-flex.xlarge", 4, 8, "Intel Xeon Sapphire Rapids"),
    ]
    parent = _emb("aws:c7i.xlarge", 29.167)
    flex = _emb("aws:c7i-flex.xlarge", 72.216)  # sized on the flex family's 64-vCPU size
    assert _flags(hw, [parent, flex]) == {flex["id"]: SIBLING_RULE}
    assert _flags(hw, [parent, _emb("aws:c7i-flex.xlarge", 29.167)]) == {}


def test_an_azure_slice_host_below_a_server_is_flagged_unless_cited_whole() -> None:
    hw = [{"id": "azure:standard_b1ms", "category": "cloud_instance",
           "specs": {"vcpus": 1, "memory_gb": 2}}]  # fmt: skip
    inputs = {"host_vcpus": [20], "instance_vcpus": 1}
    bad = _emb("azure:standard_b1ms", 59.721, inputs=inputs)
    rules = {fl.factor: fl.rule for fl in screen_hardware([bad], hw, _none())}
    assert rules == {bad["id"]: "instance-host-below-platform"}
    cited = _emb("azure:standard_b1ms", 59.721, inputs=inputs | {"whole_host": "x"})
    assert screen_hardware([cited], hw, _none()) == []
    # re-hosted on the 64-vCPU Dv3 server (class AZB): not flagged
    ok = _emb("azure:standard_b1ms", 20.571, inputs={"host_vcpus": [64], "instance_vcpus": 1})
    assert screen_hardware([ok], hw, _none()) == []


def test_letter_sizes_are_one_series_and_one_host() -> None:
    # class SZ (audit 1796611373 part c): Scaleway's -xxs .. -2xl sizes share one host
    from carbonfactors_pipeline.importers._instance_component import Hosts, family

    sizes = {"s": (8, 32), "m": (16, 64), "xl": (64, 256), "2xl": (96, 384)}
    hw = [
        _hw(f"scaleway:x1-{k}", v, m)
        | {"specs": {"vcpus": v, "memory_gb": m, "cpu": "AMD EPYC 7543"}}
        for k, (v, m) in sizes.items()
    ]
    assert len({series(h["id"]) for h in hw}) == 1
    assert len({family(h) for h in hw}) == 1
    assert series("scaleway:x1-xl") != series("scaleway:x2-xl")  # the generation is kept
    assert series("scaleway:pop2-hm-16c-128g") == "scaleway:pop2-hm-#c-#g"
    hosts = Hosts(hw)
    assert {hosts.of(h) for h in hw} == {(96.0, 384.0)}


def _monotone(hw: list[dict[str, Any]], facs: list[dict[str, Any]]) -> dict[str, str]:
    return {fl.factor: fl.rule for fl in monotone_screen(facs, hw, _none())}


def _c3(subject: str, value: float) -> dict[str, Any]:
    """A rule C3 value (this project's sizing), the values the monotone rule judges."""
    return _emb(subject, value, source="carbonfactors-derived", year=2026)


def test_a_larger_size_valued_below_or_far_above_a_smaller_one_is_listed() -> None:
    hw = [
        _hw(f"scaleway:x1-{k}", v, 4 * v) for k, v in (("s", 8), ("m", 16), ("xl", 64), ("2xl", 96))
    ]
    # each its own host (class SZ): -m 8.5x the value of -s for twice the size
    own = {"s": 125.9, "m": 1066.6, "xl": 1333.1, "2xl": 1510.8}
    facs = [_c3(f"scaleway:x1-{k}", v) for k, v in own.items()]
    assert _monotone(hw, facs) == {facs[1]["id"]: MONOTONE_RULE}
    # a smaller size valued above a larger one: the smaller is listed
    falls = [_c3("scaleway:x1-s", 125.9), _c3("scaleway:x1-m", 100.0)]
    assert _monotone(hw, falls) == {falls[0]["id"]: MONOTONE_RULE}
    # shares of one host (ent1-2xl's 96 vCPU, 384 GB): proportional, nothing listed
    share = {k: 1510.8 * v / 96 for k, v in (("s", 8), ("m", 16), ("xl", 64), ("2xl", 96))}
    assert _monotone(hw, [_c3(f"scaleway:x1-{k}", v) for k, v in share.items()]) == {}
    # a list's own rows are its authors' hosts, judged by the other rules, not this one
    assert _monotone(hw, [_emb(f"scaleway:x1-{k}", v) for k, v in own.items()]) == {}
