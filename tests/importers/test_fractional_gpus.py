"""Fractional-GPU instance types (AWS g6f/gr6f, Azure NVv4) carry their accelerator share.

The CCF 2026 AWS list files g6f/gr6f with no GPU column, so rule C3 sized them as plain
instances with CPU-only power. A count below 1 is now the provider's stated share of one
accelerator; a GPU-named type with neither accelerators nor ``gpu_unsized`` fails a screen;
an accelerator list only AGPL code names is never published.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from marshmallow import ValidationError

from carbonfactors.resolve.hardware import composite
from carbonfactors_pipeline.fileschemas import AcceleratorPart
from carbonfactors_pipeline.hardware_screens import AGPL_FACT_SOURCES
from carbonfactors_pipeline.importers._accelerated_types import FAMILY_PARTS, AccelPart
from carbonfactors_pipeline.importers._instance_sums import fraction_note
from carbonfactors_pipeline.spec_screens import (
    agpl_spec_fields,
    gpu_named,
    gpu_types_without_accelerators,
)

ROOT = Path(__file__).resolve().parents[2]


def _inst(hid: str, **specs: Any) -> dict[str, Any]:
    return {"id": hid, "category": "cloud_instance", "specs": specs}


def test_screen_trips_on_a_gpu_type_filed_as_plain() -> None:
    plain_g6f = _inst("aws:g6f.large", vcpus=2, memory_gb=8)
    fixed = _inst("aws:g6f.xlarge", accelerators=[{"model": "nvidia-l4", "count": 0.125}])
    unsized = _inst("azure:standard_nv4as_v4", gpu_unsized="1/8 AMD Radeon Instinct MI25")
    cpu_only = _inst("aws:m5.large", vcpus=2)
    hw = [plain_g6f, fixed, unsized, cpu_only]
    assert list(gpu_types_without_accelerators(hw)) == ["aws:g6f.large"]


@pytest.mark.parametrize(
    "hid,gpu",
    [
        ("aws:gr6f.4xlarge", True),
        ("aws:p5.48xlarge", True),
        ("azure:standard_nv6ads_a10_v5", True),
        ("gcp:g2-standard-4", True),
        ("scaleway:gpu-3070-s", True),
        ("aws:m5.large", False),
        ("azure:standard_d2s_v5", False),
        ("gcp:n2-standard-4", False),
    ],
)
def test_gpu_named(hid: str, gpu: bool) -> None:
    assert gpu_named(hid) is gpu


def test_agpl_screen_checks_accelerators() -> None:
    agpl = next(iter(AGPL_FACT_SOURCES))
    on_agpl = _inst(
        "scaleway:h100-1-m",
        vcpus=24,
        accelerators=[{"model": "x", "count": 1}],
        sources={"vcpus": "ccf-coefficients", "accelerators": agpl},
    )
    uncited = _inst(
        "scaleway:h100-2-m",
        vcpus=48,
        accelerators=[{"model": "x", "count": 2}],
        sources={"vcpus": "ccf-coefficients"},
    )
    cited = _inst(
        "aws:g6f.large",
        accelerators=[{"model": "nvidia-l4", "count": 0.125}],
        sources={"accelerators": "aws-ec2-g6f-fractional"},
    )
    found = {(h, k) for h, k, _ in agpl_spec_fields([on_agpl, uncited, cited], AGPL_FACT_SOURCES)}
    assert found == {("scaleway:h100-1-m", "accelerators"), ("scaleway:h100-2-m", "accelerators")}


def test_schema_takes_a_share_below_one_and_whole_counts_above() -> None:
    assert AcceleratorPart().load({"model": "nvidia-l4", "count": 0.125})["count"] == 0.125
    assert AcceleratorPart().load({"model": "nvidia-l4", "count": 8})["count"] == 8
    for bad in (0, -1, 1.5):
        with pytest.raises(ValidationError):
            AcceleratorPart().load({"model": "nvidia-l4", "count": bad})


def test_fraction_note_says_the_share() -> None:
    assert fraction_note([AccelPart("nvidia-l4", 1, "s")]) == ""
    note = fraction_note([AccelPart("nvidia-l4", 0.125, "s")])
    assert "0.125 of one nvidia-l4" in note and "allocation" in note


def test_composite_counts_an_unsized_gpu_and_old_records_resolve_as_before() -> None:
    def hw(**specs: Any) -> Any:
        return SimpleNamespace(category="cloud_instance", record={"specs": specs})

    assert composite(hw(gpu_unsized="1/8 AMD Radeon Instinct MI25"))
    assert composite(hw(accelerators=[{"model": "nvidia-l4", "count": 0.125}]))
    assert not composite(hw(vcpus=2))  # a record without either key: as before


def test_g6f_sizes_curated_as_l4_fractions() -> None:
    assert FAMILY_PARTS[("aws", "g6f")].counts == {
        "g6f.large": 0.125,
        "g6f.xlarge": 0.125,
        "g6f.2xlarge": 0.25,
        "g6f.4xlarge": 0.5,
    }
    assert FAMILY_PARTS[("aws", "gr6f")].counts == {"gr6f.4xlarge": 0.5}


def test_shipped_g6f_large_counts_its_l4_share() -> None:
    data = yaml.safe_load((ROOT / "factors/hardware/instances/aws/g6f.yaml").read_text())
    rec = next(h for h in data["hardware"] if h["id"] == "aws:g6f.large")
    assert rec["specs"]["accelerators"] == [{"model": "nvidia-l4", "count": 0.125}]
    assert rec["specs"]["sources"]["accelerators"] == "aws-ec2-g6f-fractional"
    power = {f["basis"]: f for f in data["factors"] if f["subject"] == "aws:g6f.large"}
    assert power["max"]["inputs"]["accelerators"][0]["count"] == 0.125
    assert "fraction of an accelerator" in power["max"]["method"]
    # host part (CPU and memory) + 1/8 of the L4's catalog TDP, not the host alone
    line = power["max"]["inputs"]["accelerators"][0]
    i = power["max"]["inputs"]
    host = i["vcpus"] * i["w_per_vcpu"] + i["memory_gb"] * i["memory_w_per_gb"]
    assert power["max"]["value"] == pytest.approx(host + 0.125 * line["w_each"], abs=0.002)
    assert line["w_each"] > 0
