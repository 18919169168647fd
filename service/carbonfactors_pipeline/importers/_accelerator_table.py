"""The curated accelerator catalog: stable ids, categories and aliases for upstream names.

Upstream tables name the same part many ways ("NVIDIA A100 SXM4 40 GB", "Tesla A100",
"A100 PCIe 40/80GB") and some list one part twice. Ids are promised to stay stable, so the
mapping from an upstream name to an id is written down here, by hand, instead of being
guessed from text at import time. An Epoch row absent from ``EPOCH`` gets an automatic id
(``<vendor>-<slug of the name>``) and no extra aliases.

Alias policy (ambiguous short names): a short name resolves only through an alias listed
here. The documented choices are:

* ``A100`` / ``NVIDIA A100`` -> the launch part, A100 SXM4 40GB (Epoch's plain "NVIDIA A100"
  row is that part: 400 W, 40 GB); ``A100 80GB`` -> A100 SXM4 80GB (the PCIe 80GB card must
  be named with "PCIe").
* ``H100`` -> H100 SXM5 80GB (nvidia-smi prints "NVIDIA H100 80GB HBM3" for it; the PCIe
  card prints "NVIDIA H100 PCIe").
* ``V100`` / ``Tesla V100`` -> V100 SXM2 16GB (the launch part; Patterson et al. 2021 use
  its 300 W TDP). ``P100`` / ``Tesla P100`` -> P100 PCIe 16GB (the datasheet cited by Green
  Algorithms).
Everything else that is ambiguous ("A800", "L2") has no short alias and matches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._accelerator_extras import BOAVIZTA as BOAVIZTA
from ._accelerator_extras import CCF as CCF
from ._accelerator_extras import EXTRAS as EXTRAS
from ._accelerator_extras import GREEN_ALGORITHMS as GREEN_ALGORITHMS
from ._accelerator_extras import MLCO2 as MLCO2
from ._accelerator_extras import Extra as Extra


@dataclass(frozen=True)
class Entry:
    """How one upstream name maps into the catalog."""

    id: str
    aliases: tuple[str, ...] = ()
    form_factor: str | None = None
    #: A duplicate row contributes missing specs to ``id`` but no factor of its own.
    duplicate: bool = False
    category: str | None = None
    specs: dict[str, object] = field(default_factory=dict)


def _e(
    id: str, *aliases: str, ff: str | None = None, dup: bool = False, cat: str | None = None
) -> Entry:
    return Entry(id, tuple(aliases), ff, dup, cat)


#: Epoch "Manufacturer" -> (vendor display name, id prefix).
VENDORS: dict[str, tuple[str, str]] = {
    "NVIDIA": ("NVIDIA", "nvidia"),
    "AMD": ("AMD", "amd"),
    "Google": ("Google", "google"),
    "Intel": ("Intel", "intel"),
    "Amazon AWS": ("AWS", "aws"),
    "Huawei": ("Huawei", "huawei"),
    "Kunlunxin Baidu": ("Kunlunxin (Baidu)", "baidu"),
    "Cambricon": ("Cambricon", "cambricon"),
    "Meta": ("Meta", "meta"),
    "Microsoft": ("Microsoft", "microsoft"),
    "Tesla": ("Tesla", "tesla"),
    "Alibaba": ("Alibaba", "alibaba"),
    "Moore Threads (Tencent)": ("Moore Threads", "moore-threads"),
    "MetaX": ("MetaX", "metax"),
    "Biren": ("Biren", "biren"),
    "Sunway": ("Sunway", "sunway"),
    "National University of Defense Technology": ("NUDT", "nudt"),
    "PEZY": ("PEZY", "pezy"),
    "Hygon": ("Hygon", "hygon"),
    "Iluvatar CoreX": ("Iluvatar CoreX", "iluvatar"),
    "": ("Groq", "groq"),
}

#: Epoch rows not imported, with the reason.
SKIP: dict[str, str] = {
    "NVIDIA GH100": "the die name shared by H100 PCIe and H100 SXM5; duplicates the H100 SXM5 row",
}

#: Vendors whose parts are GPUs (whatever Epoch's "Type" says); Google's are TPUs.
GPU_VENDORS = {
    "NVIDIA",
    "AMD",
    "Moore Threads (Tencent)",
    "MetaX",
    "Biren",
    "Iluvatar CoreX",
    "Hygon",
}

EPOCH: dict[str, Entry] = {
    # NVIDIA Blackwell
    "NVIDIA GB300 (Blackwell Ultra)": _e("nvidia-gb300", "GB300", "NVIDIA GB300"),
    "NVIDIA B300 (Blackwell Ultra)": _e("nvidia-b300", "B300", "NVIDIA B300"),
    # One B200 GPU of a GB200 superchip (Epoch's figures are per GPU). "GB200" names the
    # superchip (2 B200 + 1 Grace), a system record of its own: systems/nvidia.yaml.
    "NVIDIA GB200": _e("nvidia-gb200"),
    "NVIDIA B200": _e("nvidia-b200", "B200", "NVIDIA B200 SXM", ff="SXM"),
    "NVIDIA B100": _e("nvidia-b100", "B100", ff="SXM"),
    "NVIDIA Rubin CPX": _e("nvidia-rubin-cpx", "Rubin CPX"),
    # NVIDIA Hopper
    "NVIDIA H200 SXM": _e(
        "nvidia-h200-sxm", "H200", "H200 SXM", "NVIDIA H200", "H200 141GB", ff="SXM"
    ),
    "NVIDIA H100 NVL": _e("nvidia-h100-nvl", "H100 NVL", "NVIDIA H100 NVL 94GB", ff="PCIe"),
    "NVIDIA H100 SXM5 80GB": _e(
        "nvidia-h100-sxm5-80gb",
        "H100",
        "H100 SXM",
        "H100 SXM5",
        "H100 80GB",
        "H100 SXM 80GB",
        "NVIDIA H100",
        "NVIDIA H100 80GB HBM3",
        "NVIDIA H100 SXM",
        "H100-SXM5-80GB",
        ff="SXM5",
    ),
    "NVIDIA H100 PCIe": _e(
        "nvidia-h100-pcie-80gb", "H100 PCIe", "H100 PCIe 80GB", "NVIDIA H100 PCIe 80GB", ff="PCIe"
    ),
    "NVIDIA H800 SXM5": _e("nvidia-h800-sxm5-80gb", "H800", "H800 SXM5", "NVIDIA H800", ff="SXM5"),
    "NVIDIA HGX H20": _e("nvidia-h20", "H20", "NVIDIA H20", ff="SXM"),  # "HGX H20" is the board
    "NVIDIA GH200": _e("nvidia-gh200", "GH200", "GH200 Grace Hopper", "NVIDIA GH200 480GB"),
    # NVIDIA Ada / Ampere inference and workstation
    "NVIDIA L4": _e("nvidia-l4", "L4", "NVIDIA L4 24GB", "Tesla L4", ff="PCIe"),
    "NVIDIA L40": _e("nvidia-l40", "L40", "NVIDIA L40 48GB", ff="PCIe"),
    "NVIDIA L20 PCle": _e("nvidia-l20-pcie", "L20", "NVIDIA L20", "NVIDIA L20 PCIe", ff="PCIe"),
    "NVIDIA L2 PCle": _e("nvidia-l2-pcie", "NVIDIA L2 PCIe", ff="PCIe"),
    "NVIDIA RTX 6000 Ada Generation": _e("nvidia-rtx-6000-ada", "RTX 6000 Ada"),
    "NVIDIA A100 SXM4 80 GB": _e(
        "nvidia-a100-sxm4-80gb",
        "A100 SXM4 80GB",
        "A100 80GB",
        "A100 80GB SXM",
        "A100-SXM4-80GB",
        "NVIDIA A100 80GB",
        "A100 SXM 80GB",
        ff="SXM4",
    ),
    "NVIDIA A100 SXM4 40 GB": _e(
        "nvidia-a100-sxm4-40gb",
        "A100",
        "NVIDIA A100",
        "A100 SXM4",
        "A100 SXM4 40GB",
        "A100 40GB",
        "A100 40GB SXM",
        "A100-SXM4-40GB",
        "A100 SXM 40GB",
        "Tesla A100",
        ff="SXM4",
    ),
    "NVIDIA A100": _e("nvidia-a100-sxm4-40gb", dup=True),
    "NVIDIA A100 PCIe": _e(
        "nvidia-a100-pcie-40gb",
        "A100 PCIe",
        "A100 PCIe 40GB",
        "A100-PCIE-40GB",
        "NVIDIA A100 40GB PCIe",
        "A100 40GB PCIe",
        ff="PCIe",
    ),
    "NVIDIA A800 SXM": _e("nvidia-a800-sxm", "A800 SXM", ff="SXM4"),
    "NVIDIA A800 PCIe 40 GB": _e("nvidia-a800-pcie-40gb", "A800 PCIe 40GB", ff="PCIe"),
    "NVIDIA A800 PCIe 80 GB": _e("nvidia-a800-pcie-80gb", "A800 PCIe 80GB", ff="PCIe"),
    "NVIDIA A10 PCIe": _e("nvidia-a10", "A10", "NVIDIA A10", "A10 PCIe", ff="PCIe"),
    "NVIDIA A10G": _e("nvidia-a10g", "A10G", "NVIDIA A10G 24GB", ff="PCIe"),
    "NVIDIA A40 PCIe": _e("nvidia-a40", "A40", "NVIDIA A40", "A40 PCIe", ff="PCIe"),
    "NVIDIA RTX A6000": _e("nvidia-rtx-a6000", "RTX A6000"),
    "NVIDIA RTX A5000": _e("nvidia-rtx-a5000", "RTX A5000"),
    "NVIDIA RTX A4000": _e("nvidia-rtx-a4000", "RTX A4000"),
    # NVIDIA Volta / Turing / Pascal / Maxwell / Kepler data-center parts
    "NVIDIA Tesla V100S PCIe 32 GB": _e(
        "nvidia-tesla-v100s-pcie-32gb", "V100S", "Tesla V100S", "Tesla V100S-PCIE-32GB", ff="PCIe"
    ),
    "NVIDIA Tesla V100 SXM2 16 GB": _e(
        "nvidia-tesla-v100-sxm2-16gb",
        "V100",
        "Tesla V100",
        "NVIDIA V100",
        "NVIDIA Tesla V100",
        "V100 SXM2",
        "V100 SXM2 16GB",
        "Tesla V100-SXM2-16GB",
        "V100 16GB",
        ff="SXM2",
    ),
    "NVIDIA Tesla V100 SXM2": _e("nvidia-tesla-v100-sxm2-16gb", dup=True),
    "NVIDIA V100": _e("nvidia-tesla-v100-sxm2-16gb", dup=True),
    "NVIDIA Tesla V100 SXM2 32 GB": _e(
        "nvidia-tesla-v100-sxm2-32gb",
        "V100 SXM2 32GB",
        "Tesla V100-SXM2-32GB",
        "V100 32GB",
        ff="SXM2",
    ),
    "NVIDIA Tesla V100 SXM3 32 GB": _e(
        "nvidia-tesla-v100-sxm3-32gb", "V100 SXM3", "Tesla V100-SXM3-32GB", ff="SXM3"
    ),
    "NVIDIA Tesla V100 PCIe 16 GB": _e(
        "nvidia-tesla-v100-pcie-16gb",
        "V100 PCIe",
        "V100 PCIe 16GB",
        "Tesla V100-PCIE-16GB",
        ff="PCIe",
    ),
    "NVIDIA Tesla V100 PCIe 32 GB": _e(
        "nvidia-tesla-v100-pcie-32gb", "V100 PCIe 32GB", "Tesla V100-PCIE-32GB", ff="PCIe"
    ),
    "NVIDIA Tesla V100 DGXS 16 GB": _e("nvidia-tesla-v100-dgxs-16gb", "Tesla V100-DGXS-16GB"),
    "NVIDIA Tesla V100 DGXS 32 GB": _e("nvidia-tesla-v100-dgxs-32gb", "Tesla V100-DGXS-32GB"),
    "NVIDIA Tesla T4": _e("nvidia-tesla-t4", "T4", "Tesla T4", "NVIDIA T4", ff="PCIe"),
    "NVIDIA Tesla P100 PCIe 16GB": _e(
        "nvidia-tesla-p100-pcie-16gb",
        "P100",
        "Tesla P100",
        "NVIDIA Tesla P100",
        "NVIDIA P100",
        "Tesla P100-PCIE-16GB",
        "P100 PCIe",
        "Tesla P100 PCIe",
        "NVIDIA Tesla P100 PCIe",
        ff="PCIe",
    ),
    "NVIDIA P100 PCIe 16GB": _e("nvidia-tesla-p100-pcie-16gb", dup=True),
    "NVIDIA P100": _e("nvidia-tesla-p100-pcie-16gb", dup=True),
    "NVIDIA Tesla P100 PCIe 12GB": _e(
        "nvidia-tesla-p100-pcie-12gb", "Tesla P100-PCIE-12GB", ff="PCIe"
    ),
    "NVIDIA Tesla P100 SXM2": _e(
        "nvidia-tesla-p100-sxm2-16gb", "P100 SXM2", "Tesla P100-SXM2-16GB", ff="SXM2"
    ),
    "NVIDIA Tesla P100 DGXS": _e("nvidia-tesla-p100-dgxs", "Tesla P100 DGXS"),
    "NVIDIA P40": _e("nvidia-tesla-p40", "P40", "Tesla P40", "NVIDIA Tesla P40", ff="PCIe"),
    "NVIDIA Tesla P4": _e("nvidia-tesla-p4", "P4", "Tesla P4", ff="PCIe"),
    "NVIDIA M40": _e("nvidia-tesla-m40", "Tesla M40", "M40"),
    "NVIDIA TESLA M60": _e("nvidia-tesla-m60", "M60", "Tesla M60"),
    "NVIDIA Tesla K80": _e("nvidia-tesla-k80", "K80", "Tesla K80"),
    # Consumer names with the usual short forms
    "NVIDIA GeForce RTX 2080 Ti 11GB": _e(
        "nvidia-geforce-rtx-2080-ti", "RTX 2080 Ti", "GeForce RTX 2080 Ti"
    ),
    "NVIDIA GeForce RTX 4090": _e("nvidia-geforce-rtx-4090", "RTX 4090"),
    "NVIDIA GeForce RTX 4080": _e("nvidia-geforce-rtx-4080", "RTX 4080"),
    "NVIDIA GeForce RTX 4070": _e("nvidia-geforce-rtx-4070", "RTX 4070"),
    "NVIDIA GeForce RTX 3090 Ti": _e("nvidia-geforce-rtx-3090-ti", "RTX 3090 Ti"),
    "NVIDIA GeForce RTX 3090": _e("nvidia-geforce-rtx-3090", "RTX 3090"),
    "NVIDIA GeForce RTX 3080": _e("nvidia-geforce-rtx-3080", "RTX 3080"),
    "NVIDIA GeForce GTX 1080 Ti": _e("nvidia-geforce-gtx-1080-ti", "GTX 1080 Ti"),
    "NVIDIA GeForce GTX 1080": _e("nvidia-geforce-gtx-1080", "GTX 1080"),
    "NVIDIA GeForce GTX TITAN X": _e("nvidia-geforce-gtx-titan-x", "GTX TITAN X"),
    "NVIDIA Quadro RTX 8000": _e("nvidia-quadro-rtx-8000", "RTX 8000"),
    # AMD
    "AMD Instinct MI355X": _e("amd-instinct-mi355x", "MI355X", ff="OAM"),
    "AMD Instinct MI350X": _e("amd-instinct-mi350x", "MI350X", ff="OAM"),
    "AMD Instinct MI325X": _e("amd-instinct-mi325x", "MI325X", ff="OAM"),
    "AMD Instinct MI300X": _e(
        "amd-instinct-mi300x", "MI300X", "AMD MI300X", "MI300X OAM", ff="OAM"
    ),
    "AMD Radeon Instinct MI308X": _e(
        "amd-instinct-mi308x", "MI308X", "AMD Instinct MI308X", ff="OAM"
    ),
    "AMD Instinct MI300A": _e("amd-instinct-mi300a", "MI300A", "AMD MI300A"),
    "AMD Radeon Instinct MI300": _e("amd-radeon-instinct-mi300"),
    "AMD Radeon Instinct MI250X": _e(
        "amd-instinct-mi250x", "MI250X", "AMD Instinct MI250X", ff="OAM"
    ),
    "AMD Radeon RX 7900 XTX": _e("amd-radeon-rx-7900-xtx", "RX 7900 XTX"),
    # Google
    "Google TPU v7 Ironwood": _e("google-tpu-v7", "TPU v7", "TPU v7 Ironwood", "Ironwood", "TPU7x"),
    "Google TPU v6e Trillium": _e("google-tpu-v6e", "TPU v6e", "Trillium", "TPU v6 lite", "v6e"),
    "Google TPU v5p": _e("google-tpu-v5p", "TPU v5p", "v5p"),
    "Google TPU v5e": _e("google-tpu-v5e", "TPU v5e", "TPU v5 lite", "TPU v5litepod", "v5e"),
    "Google TPU v4": _e("google-tpu-v4", "TPU v4", "TPUv4", "v4"),
    "Google TPU v4i": _e("google-tpu-v4i", "TPU v4i", "TPUv4i"),
    "Google TPU v3": _e("google-tpu-v3", "TPU v3", "TPUv3", "TPUv3 Chip"),
    "Google TPU v2": _e("google-tpu-v2", "TPU v2", "TPUv2", "TPUv2 Chip"),
    "Google TPU v1": _e("google-tpu-v1", "TPU v1", "TPUv1"),
    # Intel
    "Intel Habana Gaudi3": _e(
        "intel-gaudi-3", "Gaudi 3", "Gaudi3", "Intel Gaudi 3", "Habana Gaudi3", cat="accelerator"
    ),
    "Intel Habana Gaudi2": _e(
        "intel-gaudi-2",
        "Gaudi 2",
        "Gaudi2",
        "Intel Gaudi 2",
        "Habana Gaudi2",
        "HL-225",
        cat="accelerator",
    ),
    "Intel Habana GAUDI HL-205": _e(
        "intel-gaudi", "Gaudi", "Gaudi 1", "Habana Gaudi", "HL-205", cat="accelerator"
    ),
    "Intel Data Center GPU Max 1550": _e(
        "intel-data-center-gpu-max-1550", "GPU Max 1550", "Max 1550", cat="gpu"
    ),
    "Intel Data Center GPU Max 1350": _e(
        "intel-data-center-gpu-max-1350", "GPU Max 1350", "Max 1350", cat="gpu"
    ),
    "Intel Data Center GPU Max 1100": _e(
        "intel-data-center-gpu-max-1100", "GPU Max 1100", "Max 1100", cat="gpu"
    ),
    # AWS
    "Amazon Trainium3": _e("aws-trainium3", "Trainium3", "AWS Trainium3"),
    "Amazon Trainium2": _e("aws-trainium2", "Trainium2", "AWS Trainium2"),
    "Amazon Trainium1": _e("aws-trainium", "Trainium", "Trainium1", "AWS Trainium"),
    "AWS Inferentia2": _e("aws-inferentia2", "Inferentia2", "Inf2 chip"),
}
