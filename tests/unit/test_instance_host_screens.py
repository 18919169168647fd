"""Managed-service variants and Mac hosts (audit 1796613359, classes V1 and MAC), each on a
small fixture that trips its screen, and the importer helpers that close the classes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from carbonfactors_pipeline.cpu_screens import core_vcpu_source
from carbonfactors_pipeline.hardware_screens import screen_hardware
from carbonfactors_pipeline.importers._cloud_records import Host, Instance
from carbonfactors_pipeline.importers._mac_hosts import is_mac, mac_embodied, read_reports
from carbonfactors_pipeline.importers._managed_variants import base_type, tie_to_base
from carbonfactors_pipeline.instance_host_screens import MAC_RULE, MANAGED_RULE
from carbonfactors_pipeline.screens import Reasons

SOURCES = Path("/work/shared/sources")


def _none() -> Reasons:
    return Reasons({}, {}, [], [], {})


def _hw(iid: str, vcpus: float) -> dict[str, Any]:
    return {"id": iid, "category": "cloud_instance", "specs": {"vcpus": vcpus, "memory_gb": 128}}


def _emb(subject: str, value: float, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"embodied:{subject}:2026:ccf-coefficients:manufacturing",
        "kind": "embodied",
        "subject": subject,
        "year": 2026,
        "value": value,
        "unit": "kgCO2e",
        "basis": "manufacturing",
        "source": "ccf-coefficients",
        "method": "test",
    } | extra


def _rules(hw: list[dict[str, Any]], fs: list[dict[str, Any]]) -> dict[str, str]:
    return {fl.factor: fl.rule for fl in screen_hardware(fs, hw, _none())}


def test_base_type_names_the_ec2_type() -> None:
    assert base_type("cache.r6g.4xlarge") == ("r6g.4xlarge", "ElastiCache")
    assert base_type("db.m5.large") == ("m5.large", "RDS")
    assert base_type("r6g.4xlarge.elasticsearch") == ("r6g.4xlarge", "OpenSearch Service")
    assert base_type("r6g.4xlarge") is None
    assert base_type("c7i-flex.large") is None


def test_a_variant_differing_from_its_base_is_flagged() -> None:
    # audit #40: cache.r6g.4xlarge 422.1 kg, no bounds; r6g.4xlarge 350 [350..422.1]
    hw = [_hw("aws:r6g.4xlarge", 16), _hw("aws:cache.r6g.4xlarge", 16)]
    base = _emb("aws:r6g.4xlarge", 350, low=350, high=422.115)
    bad = _emb("aws:cache.r6g.4xlarge", 422.115)
    assert _rules(hw, [base, bad]) == {bad["id"]: MANAGED_RULE}
    tied = _emb("aws:cache.r6g.4xlarge", 350, low=350, high=422.115)
    assert _rules(hw, [base, tied]) == {}
    # a variant of other vCPUs is not the base's hardware: not paired
    other = [_hw("aws:r6g.4xlarge", 16), _hw("aws:cache.r6g.4xlarge", 8)]
    assert _rules(other, [base, bad]) == {}


def test_tie_to_base_copies_hardware_and_says_so() -> None:
    host = Host("ccf-2026", "r6g on Graviton2", 1400, 64, 16, 2026)
    base = Instance("aws", "r6g.4xlarge", vcpus=16, memory_gb=128, cpu="Graviton2", hosts=[host])
    base.watts = {"load-100": 122.5}
    var = Instance("aws", "cache.r6g.4xlarge", vcpus=16, memory_gb=106, cpu="Graviton2")
    var.watts = {"load-100": 110.0}
    lone = Instance("aws", "db.zz9.large", vcpus=2, memory_gb=8)
    insts = {i.id: i for i in (base, var, lone)}
    tie_to_base(insts)
    assert var.memory_gb == 128 and var.watts == base.watts
    assert [h.kgco2e for h in var.hosts] == [1400]
    assert "derived from the base type" in var.managed_note and "106 GB" in var.managed_note
    assert not lone.hosts and "not in the catalog" in lone.managed_note


def test_a_mac_host_on_the_rack_server_base_is_flagged() -> None:
    # audit #43: mac2-m2pro.metal 1,022 kg by rule C3 (1,000 kg base + DRAM add-on)
    hw = [_hw("aws:mac2-m2pro.metal", 12)]
    bad = _emb(
        "aws:mac2-m2pro.metal",
        1022.208,
        method="Sized instance default (rule C3): 1,000 kgCO2e base server + 533 kgCO2e ...",
    )
    assert _rules(hw, [bad]) == {bad["id"]: MAC_RULE}
    ok = _emb("aws:mac2-m2pro.metal", 410, low=70.56, high=440, method="Mac host basis")
    assert _rules(hw, [ok]) == {}
    assert is_mac("mac-m4.metal") and is_mac("mac1.metal") and not is_mac("m5.large")


def test_mac_hosts_take_ccf_mac_readings_and_apple_reports() -> None:
    reports = read_reports(SOURCES)
    insts = {}
    for t, kg, v in (("mac1.metal", 440, 12), ("mac2.metal", 410, 8)):
        i = Instance("aws", t, vcpus=v, hosts=[Host("ccf-2026", "mac", kg, v, v, 2026)])
        insts[i.id] = i
    pro = Instance("aws", "mac2-m2pro.metal", vcpus=12)
    ultra = Instance("aws", "mac2-m1ultra.metal", vcpus=20)
    insts |= {pro.id: pro, ultra.id: ultra}
    (m2,) = mac_embodied(insts["aws:mac2.metal"], insts, reports)
    assert (m2["value"], m2["low"], m2["high"]) == (410, 92.88, 440)  # 172 x 0.54 (M1 PER)
    (p,) = mac_embodied(pro, insts, reports)
    assert p["value"] == 410 and p["low"] == 70.56 and "rack" in p["method"]
    (u,) = mac_embodied(ultra, insts, reports)
    assert u["low"] == 165.06 < u["value"] < u["high"]  # Mac Studio M1 Max PER as the low


def test_a_managed_node_keeps_its_base_types_whole_core_vcpus() -> None:
    # cache.t2.micro got half of t2.micro's CCF-method power: the SMT rule read the name
    assert core_vcpu_source("aws:t2.micro") is not None
    assert core_vcpu_source("aws:cache.t2.micro") == core_vcpu_source("aws:t2.micro")
    assert core_vcpu_source("aws:db.t2.large") == core_vcpu_source("aws:t2.large")


def test_a_variant_teads_point_may_reach_its_own_row_and_no_further() -> None:
    # Audit 1796655557 O2: m5.xlarge.elasticsearch carries m5.xlarge's 39.9 W with its own
    # row's 32.7 W as the low; a wider low is still flagged.
    hw = [_hw("aws:m5.xlarge", 4), _hw("aws:m5.xlarge.elasticsearch", 4)]
    base = _emb("aws:m5.xlarge", 39.9, kind="power", unit="W", basis="load-100")
    base |= {"id": "power:aws:m5.xlarge:2021:teads-aws-ec2:load-100", "source": "teads-aws-ec2"}
    var = base | {"id": base["id"].replace("xlarge", "xlarge.elasticsearch", 1)}
    var |= {"subject": "aws:m5.xlarge.elasticsearch", "inputs": {"own_teads_row_w": 32.7}}
    assert _rules(hw, [base, var | {"low": 32.7, "high": 39.9}]) == {}
    wider = var | {"low": 20.0, "high": 39.9}
    assert _rules(hw, [base, wider]) == {wider["id"]: MANAGED_RULE}
