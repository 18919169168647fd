"""Accelerator composition of cloud instance types that the upstream lists leave out.

The Boavizta and Teads lists name the GPU of older types; the CCF 2026 AWS list and the
CCF Azure list give no accelerator model (Azure: only a count), and newer Azure series are
in no list at all. These are facts read on the providers' own pages (cited per entry by
a source id of ``factors/sources.yaml``): which accelerator model, how many per size, and
for new types vCPUs and memory. Numbers only, never derived here; ``cloud_instances``
derives power and embodied carbon from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

AWS_DOCS = "aws-ec2-accelerated-instances"
AZURE_DOCS = "azure-gpu-vm-sizes"
GCP_TPU_DOCS = "gcp-tpu-machine-types"
GCP_GPU_DOCS = "gcp-gpu-machine-types"
SCALEWAY_GPU_DOCS = "scaleway-gpu-instances"
#: AWS G6f/Gr6f: fractions of one NVIDIA L4 per size (AWS G6 page, relayed; see sources.yaml).
AWS_FRACTIONAL_DOCS = "aws-ec2-g6f-fractional"


@dataclass(frozen=True)
class AccelPart:
    """One line of an instance's accelerators: catalog id, count, who says so. A count
    below 1 is the provider's stated share of one accelerator (AWS g6f.large: 1/8 of an
    L4): power and embodied carbon scale by it as by a whole count."""

    model: str
    count: float
    source: str


@dataclass(frozen=True)
class Parts:
    """Accelerators of one instance type: catalog id, count per size, cited source."""

    model: str
    counts: Mapping[str, float]
    source: str
    #: Per type, (vCPUs, memory GiB, CPU) from the same pages, for types no Apache-licensed
    #: list covers (the CCF 2026 AWS list starts after P2, P3, G2 and G3 were retired).
    shapes: dict[str, tuple[int, float, str]] = field(default_factory=dict)


#: The Broadwell CPU AWS names for P2, P3 and G3 ("Intel Xeon E5-2686 v4").
_BDW = "Intel Xeon E5-2686 v4"


def _G5_COUNTS(family: str) -> dict[str, int]:  # noqa: N802 (a table, read as one)
    """G5, G6 and G6e sizes share one layout: one GPU up to 16xlarge, 4 at 12xlarge and
    24xlarge, 8 at 48xlarge (AWS G5/G6/G6e product pages)."""
    one = ("xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge")
    return {f"{family}.{s}": 1 for s in one} | {
        f"{family}.12xlarge": 4,
        f"{family}.24xlarge": 4,
        f"{family}.48xlarge": 8,
    }


#: (provider, family or GCP type group) -> catalog accelerator id and, per type, the count
#: (the providers' pages).
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
    # Older AWS GPU families: until now only the Boavizta archetypes (AGPL) and the Teads
    # sheet (licence unstated) named their accelerators; the AWS pages are the primary.
    # AWS counts the K80's two GK210 GPUs separately (p2.16xlarge: 16 GPUs on 8 boards, AWS's
    # P2 briefing): the part is one GK210 (half a board), never a whole K80 card per GPU.
    ("aws", "p2"): Parts(
        "nvidia-gk210",
        {"p2.xlarge": 1, "p2.8xlarge": 8, "p2.16xlarge": 16},
        AWS_DOCS,
        {"p2.xlarge": (4, 61, _BDW), "p2.8xlarge": (32, 488, _BDW), "p2.16xlarge": (64, 732, _BDW)},
    ),
    ("aws", "p3"): Parts(
        "nvidia-tesla-v100-sxm2-16gb",
        {"p3.2xlarge": 1, "p3.8xlarge": 4, "p3.16xlarge": 8},
        AWS_DOCS,
        {
            "p3.2xlarge": (8, 61, _BDW),
            "p3.8xlarge": (32, 244, _BDW),
            "p3.16xlarge": (64, 488, _BDW),
        },
    ),
    ("aws", "p3dn"): Parts(
        "nvidia-tesla-v100-sxm2-32gb",
        {"p3dn.24xlarge": 8},
        AWS_DOCS,
        {"p3dn.24xlarge": (96, 768, "Intel Xeon Platinum 8175M")},
    ),
    ("aws", "p4d"): Parts("nvidia-a100-sxm4-40gb", {"p4d.24xlarge": 8}, AWS_DOCS),
    ("aws", "p4de"): Parts("nvidia-a100-sxm4-80gb", {"p4de.24xlarge": 8}, AWS_DOCS),
    ("aws", "g2"): Parts(
        "nvidia-grid-k520",
        {"g2.2xlarge": 1, "g2.8xlarge": 4},
        AWS_DOCS,
        {"g2.2xlarge": (8, 15, "Intel Xeon E5-2670"), "g2.8xlarge": (32, 60, "Intel Xeon E5-2670")},
    ),
    # AWS G3 counts the M60's two GM204 GPUs separately (8 GiB GPU memory per GPU; the
    # board has 2 x 8 GB): the part is one GM204 (half a board), as for the K80 in P2.
    ("aws", "g3"): Parts(
        "nvidia-gm204",
        {"g3.4xlarge": 1, "g3.8xlarge": 2, "g3.16xlarge": 4},
        AWS_DOCS,
        {
            "g3.4xlarge": (16, 122, _BDW),
            "g3.8xlarge": (32, 244, _BDW),
            "g3.16xlarge": (64, 488, _BDW),
        },
    ),
    ("aws", "g3s"): Parts(
        "nvidia-gm204", {"g3s.xlarge": 1}, AWS_DOCS, {"g3s.xlarge": (4, 30.5, _BDW)}
    ),
    ("aws", "g4ad"): Parts(
        "amd-radeon-pro-v520",
        {
            "g4ad.xlarge": 1,
            "g4ad.2xlarge": 1,
            "g4ad.4xlarge": 1,
            "g4ad.8xlarge": 2,
            "g4ad.16xlarge": 4,
        },
        AWS_DOCS,
    ),
    ("aws", "g4dn"): Parts(
        "nvidia-tesla-t4",
        {
            "g4dn.xlarge": 1,
            "g4dn.2xlarge": 1,
            "g4dn.4xlarge": 1,
            "g4dn.8xlarge": 1,
            "g4dn.16xlarge": 1,
            "g4dn.12xlarge": 4,
            "g4dn.metal": 8,
        },
        AWS_DOCS,
    ),
    ("aws", "g5"): Parts("nvidia-a10g", _G5_COUNTS("g5"), AWS_DOCS),
    ("aws", "g5g"): Parts(
        "nvidia-tesla-t4",
        {
            "g5g.xlarge": 1,
            "g5g.2xlarge": 1,
            "g5g.4xlarge": 1,
            "g5g.8xlarge": 1,
            "g5g.16xlarge": 2,
            "g5g.metal": 2,
        },
        AWS_DOCS,
    ),
    ("aws", "g6"): Parts("nvidia-l4", _G5_COUNTS("g6"), AWS_DOCS),
    ("aws", "g6e"): Parts("nvidia-l40s", _G5_COUNTS("g6e"), AWS_DOCS),
    ("aws", "gr6"): Parts("nvidia-l4", {"gr6.4xlarge": 1, "gr6.8xlarge": 1}, AWS_DOCS),
    # Fractional-GPU sizes: a partition of one L4 (GPU memory 3, 3, 6, 12 and 12 GiB of the
    # L4's 24), the share AWS states per size; the CCF 2026 list files them without a GPU.
    ("aws", "g6f"): Parts(
        "nvidia-l4",
        {"g6f.large": 0.125, "g6f.xlarge": 0.125, "g6f.2xlarge": 0.25, "g6f.4xlarge": 0.5},
        AWS_FRACTIONAL_DOCS,
    ),
    ("aws", "gr6f"): Parts("nvidia-l4", {"gr6f.4xlarge": 0.5}, AWS_FRACTIONAL_DOCS),
    ("aws", "inf2"): Parts(
        "aws-inferentia2",
        {"inf2.xlarge": 1, "inf2.8xlarge": 1, "inf2.24xlarge": 6, "inf2.48xlarge": 12},
        AWS_DOCS,
    ),
    ("aws", "trn1"): Parts("aws-trainium", {"trn1.2xlarge": 1, "trn1.32xlarge": 16}, AWS_DOCS),
    ("aws", "trn1n"): Parts("aws-trainium", {"trn1n.32xlarge": 16}, AWS_DOCS),
    ("aws", "dl1"): Parts("intel-gaudi", {"dl1.24xlarge": 8}, AWS_DOCS),
    # Google Cloud GPU machine types (keyed by type group: a2-ultragpu carries the 80 GB
    # A100, a2-highgpu/megagpu the 40 GB part); the "-<N>g" suffix is the GPU count.
    ("gcp", "a2-highgpu"): Parts(
        "nvidia-a100-sxm4-40gb",
        {f"a2-highgpu-{n}g": n for n in (1, 2, 4, 8)},
        GCP_GPU_DOCS,
    ),
    ("gcp", "a2-megagpu"): Parts("nvidia-a100-sxm4-40gb", {"a2-megagpu-16g": 16}, GCP_GPU_DOCS),
    ("gcp", "a2-ultragpu"): Parts(
        "nvidia-a100-sxm4-80gb",
        {f"a2-ultragpu-{n}g": n for n in (1, 2, 4, 8)},
        GCP_GPU_DOCS,
    ),
    ("gcp", "a3-highgpu"): Parts(
        "nvidia-h100-sxm5-80gb",
        {f"a3-highgpu-{n}g": n for n in (1, 2, 4, 8)},
        GCP_GPU_DOCS,
    ),
    ("gcp", "a3-megagpu"): Parts("nvidia-h100-sxm5-80gb", {"a3-megagpu-8g": 8}, GCP_GPU_DOCS),
    ("gcp", "a3-edgegpu"): Parts("nvidia-h100-sxm5-80gb", {"a3-edgegpu-8g": 8}, GCP_GPU_DOCS),
    ("gcp", "a3-ultragpu"): Parts("nvidia-h200-sxm", {"a3-ultragpu-8g": 8}, GCP_GPU_DOCS),
    ("gcp", "g2-standard"): Parts(
        "nvidia-l4",
        {
            "g2-standard-4": 1,
            "g2-standard-8": 1,
            "g2-standard-12": 1,
            "g2-standard-16": 1,
            "g2-standard-32": 1,
            "g2-standard-24": 2,
            "g2-standard-48": 4,
            "g2-standard-96": 8,
        },
        GCP_GPU_DOCS,
    ),
    # Scaleway GPU Instances ("Choosing the right GPU Instance type", comparison tables):
    # GPU model and count, CPU, vCPUs and RAM per type. H100-x-M and GPU-3070-S are not in
    # those tables and stay on the category default.
    ("scaleway", "h100"): Parts(
        "nvidia-h100-pcie-80gb",
        {"h100-1-80g": 1, "h100-2-80g": 2},
        SCALEWAY_GPU_DOCS,
        {
            "h100-1-80g": (24, 240, "AMD EPYC 9334"),
            "h100-2-80g": (48, 480, "AMD EPYC 9334"),
        },
    ),
    ("scaleway", "l4"): Parts(
        "nvidia-l4",
        {f"l4-{n}-24g": n for n in (1, 2, 4, 8)},
        SCALEWAY_GPU_DOCS,
        {f"l4-{n}-24g": (8 * n, 48 * n, "AMD EPYC 7413") for n in (1, 2, 4, 8)},
    ),
    ("scaleway", "l40s"): Parts(
        "nvidia-l40s",
        {f"l40s-{n}-48g": n for n in (1, 2, 4, 8)},
        SCALEWAY_GPU_DOCS,
        {f"l40s-{n}-48g": (8 * n, 96 * n, "AMD EPYC 7413") for n in (1, 2, 4, 8)},
    ),
}

#: Azure series (our family key) -> accelerator model; counts come from the CCF Azure list.
#: NC (K80) sizes count GPUs, "1 GPU = one-half K80 card" (Microsoft's size table): one GK210.
AZURE_SERIES_MODEL: dict[str, str] = {
    "nc": "nvidia-gk210",
    "nc_promo": "nvidia-gk210",
    "ncr": "nvidia-gk210",
    "ncr_promo": "nvidia-gk210",
    "ncs_v2": "nvidia-tesla-p100-pcie-16gb",
    "ncrs_v2": "nvidia-tesla-p100-pcie-16gb",
    "ncs_v3": "nvidia-tesla-v100-pcie-16gb",
    "ncrs_v3": "nvidia-tesla-v100-pcie-16gb",
    "ncas_t4_v3": "nvidia-tesla-t4",
    "nds": "nvidia-tesla-p40",
    "ndrs": "nvidia-tesla-p40",
    "ndrs_v2": "nvidia-tesla-v100-sxm2-32gb",
    # NV and NVv3 sizes count GPUs, "1 GPU = one-half M60 card" (Microsoft's tables): one GM204.
    "nv": "nvidia-gm204",
    "nvs_v3": "nvidia-gm204",
}


#: Types whose provider states a GPU share the catalog cannot size: the model is not in
#: the accelerator catalog (so no power or embodied figure for it), written as
#: ``specs.gpu_unsized`` so the engine never gives them a plain instance's default.
#: Azure NVv4 (Microsoft Learn NVv4 table, Accelerators tab: 1/8, 1/4, 1/2 and 1 AMD
#: Radeon Instinct MI25 per size, 2-16 GB of its 16 GB): no MI25 in the catalog.
UNSIZED_GPUS: dict[tuple[str, str], tuple[str, str]] = {
    ("azure", f"standard_nv{v}as_v4"): (f"{share} AMD Radeon Instinct MI25", AZURE_DOCS)
    for v, share in ((4, "1/8"), (8, "1/4"), (16, "1/2"), (32, "1"))
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
