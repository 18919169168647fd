"""Accelerator composition of cloud instance types that the upstream lists leave out.

The Boavizta and Teads lists name the GPU of older types; the CCF 2026 AWS list and the
CCF Azure list give no accelerator model (Azure: only a count), and newer Azure series are
in no list at all. These are facts read on the providers' own pages (cited per entry by
a source id of ``factors/sources.yaml``): which accelerator model, how many per size, and
for new types vCPUs and memory. Numbers only, never derived here; ``cloud_instances``
derives power and embodied carbon from them.
"""

from __future__ import annotations

from dataclasses import dataclass

AWS_DOCS = "aws-ec2-accelerated-instances"
AZURE_DOCS = "azure-gpu-vm-sizes"
GCP_TPU_DOCS = "gcp-tpu-machine-types"


@dataclass(frozen=True)
class AccelPart:
    """One line of an instance's accelerators: catalog id, count, who says so."""

    model: str
    count: int
    source: str


@dataclass(frozen=True)
class Parts:
    """Accelerators of one instance type: catalog id, count per size, cited source."""

    model: str
    counts: dict[str, int]
    source: str


#: (provider, family) -> catalog accelerator id and, per type, the count (AWS pages).
FAMILY_PARTS: dict[tuple[str, str], Parts] = {
    ("aws", "p5"): Parts("nvidia-h100-sxm5-80gb", {"p5.4xlarge": 1, "p5.48xlarge": 8}, AWS_DOCS),
    ("aws", "p5e"): Parts("nvidia-h200-sxm", {"p5e.48xlarge": 8}, AWS_DOCS),
    ("aws", "p5en"): Parts("nvidia-h200-sxm", {"p5en.48xlarge": 8}, AWS_DOCS),
    ("aws", "p6-b200"): Parts("nvidia-b200", {"p6-b200.48xlarge": 8}, AWS_DOCS),
    ("aws", "p6-b300"): Parts("nvidia-b300", {"p6-b300.48xlarge": 8}, AWS_DOCS),
    # Two Blackwell GPUs and one Grace CPU per GB200 superchip; the catalog's GB200 entry
    # holds per-GPU figures (Epoch AI's note), so the count is in GPUs.
    ("aws", "p6e-gb200"): Parts("nvidia-gb200", {"p6e-gb200.36xlarge": 4}, AWS_DOCS),
    ("aws", "trn2"): Parts("aws-trainium2", {"trn2.3xlarge": 1, "trn2.48xlarge": 16}, AWS_DOCS),
    ("aws", "trn2u"): Parts("aws-trainium2", {"trn2u.48xlarge": 16}, AWS_DOCS),
    ("aws", "inf1"): Parts(
        "aws-inferentia",
        {"inf1.xlarge": 1, "inf1.2xlarge": 1, "inf1.6xlarge": 4, "inf1.24xlarge": 16},
        AWS_DOCS,
    ),
    ("aws", "g7e"): Parts(
        "nvidia-rtx-pro-6000-blackwell-server",
        {
            "g7e.2xlarge": 1,
            "g7e.4xlarge": 1,
            "g7e.8xlarge": 1,
            "g7e.12xlarge": 2,
            "g7e.24xlarge": 4,
            "g7e.48xlarge": 8,
        },
        AWS_DOCS,
    ),
    ("aws", "dl2q"): Parts("qualcomm-cloud-ai-100-standard", {"dl2q.24xlarge": 8}, AWS_DOCS),
}

#: Azure series (our family key) -> accelerator model; counts come from the CCF Azure list.
AZURE_SERIES_MODEL: dict[str, str] = {
    "nc": "nvidia-tesla-k80",
    "nc_promo": "nvidia-tesla-k80",
    "ncr": "nvidia-tesla-k80",
    "ncr_promo": "nvidia-tesla-k80",
    "ncs_v2": "nvidia-tesla-p100-pcie-16gb",
    "ncrs_v2": "nvidia-tesla-p100-pcie-16gb",
    "ncs_v3": "nvidia-tesla-v100-pcie-16gb",
    "ncrs_v3": "nvidia-tesla-v100-pcie-16gb",
    "ncas_t4_v3": "nvidia-tesla-t4",
    "nds": "nvidia-tesla-p40",
    "ndrs": "nvidia-tesla-p40",
    "ndrs_v2": "nvidia-tesla-v100-sxm2-32gb",
    "nv": "nvidia-tesla-m60",
    "nvs_v3": "nvidia-tesla-m60",
}


@dataclass(frozen=True)
class NewType:
    """An instance type in no upstream list: composition from the provider's page."""

    provider: str
    type: str
    vcpus: int
    memory_gb: float
    model: str
    count: int
    cpu: str
    arch: str
    source: str


#: Azure ND/NC series of the H100/H200/A100/MI300X generation (Microsoft Learn size tables).
NEW_TYPES: tuple[NewType, ...] = (
    NewType(
        "azure",
        "standard_nd96isr_h100_v5",
        96,
        1900,
        "nvidia-h100-sxm5-80gb",
        8,
        "Intel Xeon Platinum 8480C",
        "Sapphire Rapids",
        AZURE_DOCS,
    ),
    NewType(
        "azure",
        "standard_nd96isr_h200_v5",
        96,
        1850,
        "nvidia-h200-sxm",
        8,
        "Intel Xeon Platinum 8480C",
        "Sapphire Rapids",
        AZURE_DOCS,
    ),
    NewType(
        "azure",
        "standard_nd96isr_mi300x_v5",
        96,
        1850,
        "amd-instinct-mi300x",
        8,
        "Intel Xeon Platinum 8480C",
        "Sapphire Rapids",
        AZURE_DOCS,
    ),
    NewType(
        "azure",
        "standard_nd96asr_v4",
        96,
        900,
        "nvidia-a100-sxm4-40gb",
        8,
        "AMD EPYC 7V12",
        "EPYC 2nd Gen",
        AZURE_DOCS,
    ),
    NewType(
        "azure",
        "standard_nd96amsr_a100_v4",
        96,
        1900,
        "nvidia-a100-sxm4-80gb",
        8,
        "AMD EPYC 7V12",
        "EPYC 2nd Gen",
        AZURE_DOCS,
    ),
    NewType(
        "azure",
        "standard_nc24ads_a100_v4",
        24,
        220,
        "nvidia-a100-pcie-80gb",
        1,
        "AMD EPYC 7V13",
        "EPYC 3rd Gen",
        AZURE_DOCS,
    ),
    NewType(
        "azure",
        "standard_nc48ads_a100_v4",
        48,
        440,
        "nvidia-a100-pcie-80gb",
        2,
        "AMD EPYC 7V13",
        "EPYC 3rd Gen",
        AZURE_DOCS,
    ),
    NewType(
        "azure",
        "standard_nc96ads_a100_v4",
        96,
        880,
        "nvidia-a100-pcie-80gb",
        4,
        "AMD EPYC 7V13",
        "EPYC 3rd Gen",
        AZURE_DOCS,
    ),
    NewType(
        "azure",
        "standard_nc40ads_h100_v5",
        40,
        320,
        "nvidia-h100-nvl",
        1,
        "AMD EPYC 9V84",
        "EPYC 4th Gen",
        AZURE_DOCS,
    ),
    NewType(
        "azure",
        "standard_nc80adis_h100_v5",
        80,
        640,
        "nvidia-h100-nvl",
        2,
        "AMD EPYC 9V84",
        "EPYC 4th Gen",
        AZURE_DOCS,
    ),
    # TPU v5e VMs (v5litepod): 1, 4 or 8 chips; host CPU model not published.
    NewType("gcp", "ct5lp-hightpu-1t", 24, 48, "google-tpu-v5e", 1, "", "", GCP_TPU_DOCS),
    NewType("gcp", "ct5lp-hightpu-4t", 112, 192, "google-tpu-v5e", 4, "", "", GCP_TPU_DOCS),
    NewType("gcp", "ct5lp-hightpu-8t", 224, 384, "google-tpu-v5e", 8, "", "", GCP_TPU_DOCS),
    # TPU v5p VM: 4 chips, 208 vCPUs, 448 GB (Google's v5p page); host CPU not published.
    NewType("gcp", "ct5p-hightpu-4t", 208, 448, "google-tpu-v5p", 4, "", "", GCP_TPU_DOCS),
)
