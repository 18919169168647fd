"""Issue 20 classes 3 and 4 on the committed data: one die, one value; memory is not free."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2] / "factors" / "hardware" / "accelerators"


def _factors(name: str) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    return {f["id"]: f for f in data["factors"]}


def _by_subject(fs: dict[str, dict[str, Any]], subject: str) -> dict[str, Any]:
    (f,) = [f for f in fs.values() if f["subject"] == subject and f["kind"] == "embodied"]
    return f


def test_large_memory_parts_are_not_below_the_h100_they_scale_from() -> None:
    pcf = _factors("embodied-nvidia-pcf.yaml")
    own = _factors("embodied-components.yaml")
    h100 = _by_subject(pcf, "nvidia-h100-sxm5-80gb")
    for subject in ("nvidia-h200-sxm", "amd-instinct-mi300x", "intel-gaudi-3"):
        f = _by_subject(own, subject)
        assert f["rung"] == "component-model"
        assert f["value"] > h100["value"]  # more HBM than 80 GB
        assert f["low"] <= f["value"] <= f["high"]
        assert h100["id"] in f["inputs"]["factors"] and h100["id"] in f["method"]
        extra = (f["inputs"]["memory_gb"] - 80) * f["inputs"]["vram_kgco2e_per_gb"]
        assert abs(f["value"] - (h100["value"] + extra)) < 0.01


def test_the_b200_die_has_one_value() -> None:
    b200 = _by_subject(_factors("embodied-nvidia-pcf.yaml"), "nvidia-b200")
    gb200 = _by_subject(_factors("embodied-components.yaml"), "nvidia-gb200")
    assert gb200["value"] == b200["value"]
    assert gb200["inputs"]["factors"] == [b200["id"]]


def test_tpu_figures_are_secondary_estimates_covering_both_readings() -> None:
    own = _factors("embodied-components.yaml")
    v5p = _by_subject(own, "google-tpu-v5p")
    assert v5p["rung"] == "published-estimate" and v5p["source"] == "schneider-tpu-lca-2025"
    assert "NOT read" in v5p["method"]
    # the two readings of the six-year figure (1,010 and 1,101) scale the bounds
    assert v5p["low"] == v5p["value"] == 796
    assert abs(v5p["high"] - 796 * 1101 / 1010) < 0.01
    v6e = _by_subject(own, "google-tpu-v6e")
    assert v6e["low"] < v6e["value"] == 523 < v6e["high"]
