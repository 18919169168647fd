"""Accelerator embodied screens of audit 1796574057 (classes C1, S3, M1), on small fixtures."""

from __future__ import annotations

from typing import Any

from carbonfactors_pipeline.accelerator_review import (
    SMALL_MEMORY_RULE,
    category_default_problems,
    small_memory_flags,
    underestimate_problems,
)
from carbonfactors_pipeline.screens import Reasons


def _chip(hid: str, category: str = "gpu", **specs: Any) -> dict[str, Any]:
    return {"id": hid, "category": category, "specs": specs}


def _embodied(subject: str, value: float, rung: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"embodied:{subject}:2024:test:manufacturing",
        "kind": "embodied",
        "subject": subject,
        "value": value,
        "rung": rung,
    } | extra


def _catalogue() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    hardware = [_chip(f"g{i}") for i in range(5)]
    factors = [
        _embodied("g0", 57.0, "product-lca"),
        _embodied("g1", 70.0, "component-model"),
        _embodied("g2", 81.0, "component-model"),
        _embodied("g3", 90.0, "component-model"),
        _embodied("g4", 164.0, "product-lca"),
        _embodied("g4", 400.0, "lower-bound"),  # floors never count in the median
    ]
    return factors, hardware


def test_category_default_far_above_its_category_median_fails() -> None:
    factors, hardware = _catalogue()
    high = _embodied("category:gpu", 224.12, "category-default")
    got = category_default_problems([*factors, high], hardware)
    assert [fid for fid, _ in got] == [high["id"]]
    assert "2.77x the median (81) of the 5 parts pooled for gpu" in got[0][1]


def test_category_default_near_its_median_passes() -> None:
    factors, hardware = _catalogue()
    ok = _embodied("category:gpu", 150.0, "category-default")
    other = _embodied("category:tpu", 900.0, "category-default")  # no tpu parts: not judged
    assert category_default_problems([*factors, ok, other], hardware) == []


def test_underestimate_needs_a_high_bound_above_the_value() -> None:
    said = "One B200 GPU of a superchip; an underestimate of a superchip share."
    flat = _embodied("gb", 284.25, "component-model", low=249.3, high=284.25, method=said)
    none = _embodied("gb2", 284.25, "component-model", method=said)
    raised = _embodied("gb3", 284.25, "component-model", low=249.3, high=375.7, method=said)
    denied = _embodied("gb4", 10.0, "component-model", high=10.0, method="Not an underestimate.")
    got = [fid for fid, _ in underestimate_problems([flat, none, raised, denied])]
    assert got == [flat["id"], none["id"]]


def test_accelerator_with_sram_only_memory_is_listed_for_review() -> None:
    hardware = [
        _chip("mtia", "accelerator", memory_gb=0.256),
        _chip("groq", "accelerator", memory_gb=0.23),
        _chip("l4", "gpu", memory_gb=24),
        _chip("cpu", "cpu", memory_gb=0.5),
    ]
    factors = [
        _embodied("mtia", 69.6, "component-model"),
        _embodied("mtia", 8.0, "lower-bound"),  # the die alone: memory does not enter
        _embodied("groq", 40.0, "component-model"),
        _embodied("l4", 57.0, "product-lca"),
        _embodied("cpu", 20.0, "component-model"),
    ]
    groq = factors[2]["id"]
    reasons = Reasons({(groq, SMALL_MEMORY_RULE): "SRAM is all its memory"}, {}, [], [], {})
    flags = {fl.factor: fl for fl in small_memory_flags(factors, hardware, reasons)}
    assert sorted(flags) == sorted([factors[0]["id"], groq])
    assert flags[groq].kept == "SRAM is all its memory"
    assert flags[factors[0]["id"]].kept is None
    # listed for review, never excluded from defaults
    assert flags[factors[0]["id"]].excluded is None
