"""Lookup tables of the cloud-instances importer: upstream names, GPU matching, CCF coefficients.

Split from cloud_instances.py so the constants and the tables read once per run sit apart
from the per-instance power, embodied and hardware-record code that consults them.
"""

from __future__ import annotations

import re
from pathlib import Path
from statistics import median

from carbonfactors.names import normalize_name

from ..factorfiles import read_yaml
from ._cloud_read import Instance
from ._common import number, read_csv
from ._cpu_arch import ArchMapper
from ._instance_specpower import read_results as read_specpower_results
from ._variant_families import series_type

NAME = "cloud-instances"
CCF = "ccf-coefficients"
METHOD = "ccf-methodology"
TEADS = "teads-aws-ec2"
UPSTREAM_FILES = (
    "boaviztapi/archetypes/cloud/{aws,azure,gcp,ovhcloud,scaleway}.csv, archetypes/server.csv (Boavizta/boaviztapi)",
    "ccf-coefficients/data/aws-instances.csv (Teads dataset), data/{azure,gcp}-instances.csv, data/{aws,gcp}-instances-latest-2026.csv",
    "ccf-coefficients/output/coefficients-{aws,azure,gcp}-{use,embodied}.csv, cpu-families/*.csv",
    "ccf-constants/ccf_power_and_other_constants.csv (memory W/GB, GPU min/max W)",
    "boavizta-environmental-footprint-data/boavizta-data-us.csv (Apple Mac reports, Mac hosts)",
)
SHORT = {
    "aws": "AWS",
    "azure": "Azure",
    "gcp": "GCP",
    "ovhcloud": "OVHcloud",
    "scaleway": "Scaleway",
}
#: Providers without a CCF coefficient table use the AWS table (the broadest set of rows).
COEFF_TABLE = {"aws": "aws", "azure": "azure", "gcp": "gcp", "ovhcloud": "aws", "scaleway": "aws"}

#: CPU names of Arm designs (no CCF row of their own): they take CCF's Arm coefficients.
ARM_CPU = re.compile(r"\b(axion|ampere|altra|grace|graviton|cobalt|neoverse|apple m\d)", re.I)
_GPU_NOISE = re.compile(r"\b(nvidia|tesla|tensor|core|amd|intel|habana|aws)\b")
#: GPU key -> catalog ids or names to try, in order; (provider, family) overrides first.
GPU_CANDIDATES: dict[str, list[str]] = {
    "a100": ["nvidia-a100-sxm4-40gb", "A100 SXM4 40GB", "A100 SXM4", "A100"],
    "a100 80gb": ["nvidia-a100-sxm4-80gb", "A100 SXM4 80GB", "A100 80GB"],
    "h100": ["nvidia-h100-sxm5-80gb", "H100 SXM5 80GB", "H100 SXM", "H100"],
    "h100 sxm": ["nvidia-h100-sxm5-80gb", "H100 SXM5 80GB", "H100 SXM", "H100"],
    "h200 sxm": ["nvidia-h200-sxm-141gb", "nvidia-h200-sxm", "H200 SXM", "H200"],
    "l4": ["nvidia-l4", "L4"],
    "l40s": ["nvidia-l40s", "L40S"],
    "t4": ["nvidia-t4", "nvidia-tesla-t4", "T4"],
    "t4g": ["nvidia-t4g", "T4G", "nvidia-t4", "nvidia-tesla-t4", "T4"],
    "a10g": ["nvidia-a10g", "A10G"],
    "v100": ["nvidia-v100-sxm2-16gb", "nvidia-tesla-v100-sxm2-16gb", "V100 SXM2 16GB", "V100"],
    "v100 32gb": ["nvidia-v100-sxm2-32gb", "nvidia-tesla-v100-sxm2-32gb", "V100 SXM2 32GB"],
    "v100s": ["nvidia-v100s-pcie-32gb", "nvidia-tesla-v100s-pcie-32gb", "V100S PCIe 32GB", "V100S"],
    "k80": ["nvidia-k80", "nvidia-tesla-k80", "K80"],
    "m60": ["nvidia-m60", "nvidia-tesla-m60", "M60"],
    "k520": ["nvidia-grid-k520", "GRID K520", "K520"],
    "p100": ["nvidia-p100-pcie-16gb", "nvidia-tesla-p100-pcie-16gb", "P100 PCIe 16GB", "P100"],
    "radeon instinct mi25": ["amd-radeon-instinct-mi25", "Radeon Instinct MI25", "MI25"],
    "radeon pro v520": ["amd-radeon-pro-v520", "Radeon Pro V520"],
    "inferentia": ["aws-inferentia", "Inferentia", "AWS Inferentia"],
    "inferentia2": ["aws-inferentia2", "Inferentia2", "AWS Inferentia2"],
    "gaudi": ["intel-gaudi", "habana-gaudi", "Gaudi", "Habana Gaudi"],
    "trainium": ["aws-trainium", "Trainium", "AWS Trainium"],
}
#: Instance families whose GPU is a variant of the generic name in the lists.
GPU_FAMILY_OVERRIDES = {
    ("aws", "p4de"): "a100 80gb",
    ("gcp", "a2"): "a100",
    ("aws", "p3dn"): "v100 32gb",
    # Boavizta lists trn1 hosts with 'AWS Inferentia'; trn1 instances carry Trainium chips.
    ("aws", "trn1"): "trainium",
    ("aws", "trn1n"): "trainium",
}


#: Machine-type groups whose GPU differs from the rest of their family: GCP's a2-ultragpu
#: types carry A100 80GB ("A2 Ultra machine types have A100 80GB GPUs attached", Google
#: Cloud GPU machine types page), a2-highgpu/megagpu the 40 GB part.
GPU_TYPE_OVERRIDES = {("gcp", "a2-ultragpu"): "a100 80gb"}


def _type_group(inst: Instance) -> str:
    """'a2-ultragpu-8g' -> 'a2-ultragpu': the type without its size."""
    return "-".join(inst.type.lower().split("-")[:2])


def gpu_key(name: str) -> str:
    return " ".join(_GPU_NOISE.sub(" ", normalize_name(name)).split())


def family(inst: Instance) -> str:
    """The family a type is filed and looked up under (``ncadis_h100_v5``)."""
    return _family_of(inst.provider, inst.type.lower())


def host_series(inst: Instance) -> str:
    """The family whose largest size hosts ``inst``: its own, an isolated Azure size's
    marker dropped (``ncadis_h100_v5`` -> ``ncads_h100_v5``, class HS)."""
    return _family_of(inst.provider, series_type(inst.provider, inst.type.lower()))


def _family_of(provider: str, t: str) -> str:
    if provider == "aws":
        return t.split(".")[0]
    if provider == "azure":
        parts = t.removeprefix("standard_").split("_")
        return "_".join([re.sub(r"[\d-]", "", parts[0]) or parts[0], *parts[1:]])
    return t.split("-")[0]


# -- reference tables ----------------------------------------------------------------------
class Tables:
    """CCF coefficient tables, the memory coefficient and the GPU watts."""

    def __init__(self, sources: Path) -> None:
        ccf = sources / "ccf-coefficients"
        self.cpu: dict[str, dict[str, tuple[float, float]]] = {}
        for p in ("aws", "azure", "gcp"):
            rows = read_csv(ccf / "output" / f"coefficients-{p}-use.csv")
            self.cpu[p] = {
                r["Architecture"]: (float(r["Min Watts"]), float(r["Max Watts"])) for r in rows
            }
        consts = read_csv(sources / "ccf-constants" / "ccf_power_and_other_constants.csv")
        mem = [
            c for c in consts if c["constant"] == "MEMORY_COEFFICIENT" and c["provider"] == "aws"
        ]
        if not mem:
            raise ValueError("ccf_power_and_other_constants.csv has no AWS MEMORY_COEFFICIENT")
        self.memory_w_per_gb = round(float(mem[0]["value"]) * 1000, 6)  # kWh per GB-hour -> W/GB
        self.memory_idle_w_per_gb = teads_idle_dram_w_per_gb(ccf / "data" / "aws-instances.csv")
        self.gpu: dict[str, tuple[float, float]] = {}
        lows: dict[str, float] = {}
        for c in consts:
            if c["unit"] != "W per GPU" or c["provider"] != "aws":
                continue
            key = gpu_key(c["key"])
            if c["constant"] == "MIN_WATTS_BY_COMPUTE_PROCESSOR":
                lows[key] = float(c["value"])
            elif c["constant"] == "MAX_WATTS_BY_COMPUTE_PROCESSOR" and key in lows:
                self.gpu[key] = (lows[key], float(c["value"]))
        self.mapper = ArchMapper(ccf / "cpu-families")
        #: SPECpower results by micro-architecture (class D bounds, ``_instance_specpower``).
        self.specpower = read_specpower_results(sources, self.mapper)
        #: CCF's Arm rows (AWS Graviton): the coefficients of an Arm CPU with no row.
        self.arm = {a: c for a, c in self.cpu["aws"].items() if a.startswith("Graviton")}


def teads_idle_dram_w_per_gb(sheet: Path) -> float | None:
    """Median over the Teads sheet's rows of RAMWatt @ Idle / instance memory (W per GB)."""
    ratios = []
    for r in read_csv(sheet):
        gb = number(r["Instance Memory (in GB)"], decimal_comma=True)
        w = number(r["RAMWatt @ Idle"], decimal_comma=True)
        if gb and w is not None and w >= 0:
            ratios.append(w / gb)
    return round(median(ratios), 6) if ratios else None


def catalog_accelerators(factors_root: Path) -> dict[str, str]:
    """Normalized id/name/alias -> id of the accelerators already in the catalog."""
    index: dict[str, str] = {}
    folder = factors_root / "hardware" / "accelerators"
    for path in sorted(folder.rglob("*.yaml")) if folder.exists() else []:
        data = read_yaml(path).data
        for h in (data or {}).get("hardware", []) or []:
            for name in [h.get("id"), h.get("name"), *(h.get("aliases") or [])]:
                if isinstance(name, str):
                    index.setdefault(normalize_name(name), h["id"])
    return index


# -- derivations -------------------------------------------------------------------------
