"""The validator refuses an instance whose loaded power is below its accelerators' idle draw."""

from __future__ import annotations

from pathlib import Path

from carbonfactors_service.pipeline.validate import validate_tree

BROKEN = """\
hardware:
- id: test:gpu-box
  name: Test GPU box
  category: cloud_instance
  vendor: Test
  provider: aws
  specs:
    vcpus: 8
    accelerators:
    - model: nvidia-h100-sxm5-80gb
      count: 8
factors:
- id: power:nvidia-h100-sxm5-80gb:2024:epoch-ml-hardware:idle
  kind: power
  subject: nvidia-h100-sxm5-80gb
  year: 2024
  value: 70
  unit: W
  basis: idle
  source: epoch-ml-hardware
- id: power:test:gpu-box:2024:epoch-ml-hardware:max
  kind: power
  subject: test:gpu-box
  year: 2024
  value: 500
  unit: W
  basis: max
  source: epoch-ml-hardware
- id: power:test:gpu-box:2024:epoch-ml-hardware:min
  kind: power
  subject: test:gpu-box
  year: 2024
  value: 100
  unit: W
  basis: min
  source: epoch-ml-hardware
"""


def _problems(factors_copy: Path, text: str) -> list[str]:
    (factors_copy / "hardware" / "cloud" / "broken.yaml").write_text(text, encoding="utf-8")
    return [str(p) for p in validate_tree(factors_copy).problems]


def test_cpu_only_power_for_a_gpu_instance_is_refused(factors_copy: Path) -> None:
    problems = _problems(factors_copy, BROKEN)
    assert problems == [
        "factors/hardware/cloud/broken.yaml:25: value: 500 W at max is below the idle draw "
        "of the instance's accelerators (8 x nvidia-h100-sxm5-80gb idle 70 W = 560 W): "
        "the power must include them"
    ]  # the min point (100 W) is not a loaded basis: not checked


def test_power_including_the_accelerators_passes(factors_copy: Path) -> None:
    assert _problems(factors_copy, BROKEN.replace("value: 500", "value: 6100")) == []
