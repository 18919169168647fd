"""Reading the cloud instance lists into one record per instance type.

Several upstream lists describe the same instance types with different spellings and
columns; this module only reads and normalizes them (ids, composition, host platform),
so ``cloud_instances`` can decide which value to publish and how to derive factors.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ._accelerated_types import NEW_TYPES
from ._common import number, read_csv

PROVIDERS = {
    "aws": "Amazon Web Services",
    "azure": "Microsoft Azure",
    "gcp": "Google Cloud",
    "ovhcloud": "OVHcloud",
    "scaleway": "Scaleway",
}
Getter = Callable[[str, str], "Instance"]
_STORAGE = re.compile(r"(\d+)\s*x\s*([\d.,]+)\s*(?:GB)?\s*(.*)", re.IGNORECASE)


@dataclass
class Host:
    """What one source says about the host platform an instance runs on."""

    source: str
    platform: str
    kgco2e: float
    platform_vcpus: float
    instance_vcpus: float
    year: int
    arch: str = ""
    #: Host composition behind a derived total (memory GB, CPUs, drives, GPUs).
    parts: dict[str, float] = field(default_factory=dict)
    #: Part of ``kgco2e`` that is a flat per-GPU add-on (CCF 2021: 150 kg per GPU);
    #: ``None`` when the source does not say what its total holds (CCF 2026 lists).
    accelerator_kg: float | None = 0.0


@dataclass
class Instance:
    provider: str
    type: str  # provider spelling
    vcpus: float | None = None
    memory_gb: float | None = None
    cpu: str = ""
    gpu_name: str = ""
    gpu_count: int = 0
    storage_gb: float | None = None
    storage_type: str = ""
    platform: str = ""
    release_year: int | None = None
    archs: list[str] = field(default_factory=list)
    #: Teads per-instance watts by basis.
    watts: dict[str, float] = field(default_factory=dict)
    hosts: list[Host] = field(default_factory=list)
    composition_from: str = ""
    #: GPUs in the Teads row: its per-instance watts include them only when > 0.
    teads_gpus: int = 0
    #: Accelerator catalog id and the source citing it, when a curated table names it.
    accelerator: str = ""
    accelerator_source: str = ""

    @property
    def id(self) -> str:
        return f"{self.provider}:{self.type.lower()}"

    def fill(self, src: str, **values: object) -> None:
        """Set composition fields that are still empty (earlier sources win)."""
        used = False
        for key, val in values.items():
            if val in (None, "", 0) or getattr(self, key) not in (None, "", 0):
                continue
            setattr(self, key, val)
            used = True
        if used and not self.composition_from:
            self.composition_from = src


def azure_type(name: str) -> str:
    """Azure size in its API spelling, lower-cased: 'D15i v2 1' -> 'standard_d15i_v2'."""
    t = re.sub(r"\s+\d+$", "", name.strip()) if re.search(r"v\d\s+\d+$", name.strip()) else name
    t = "_".join(t.strip().lower().split())
    return t if t.startswith("standard_") else f"standard_{t}"


def _servers(boa: Path) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in read_csv(boa / "archetypes" / "server.csv")}


def _default(cell: str) -> float | None:
    """Archetype cells read 'default;min;max'; the default is the first."""
    return number(cell.split(";")[0]) if cell else None


#: CCF 2021 embodied method (ccf-methodology; reproduces ccf-coefficients output/*-embodied.csv):
#: a 1,000 kgCO2e base rack server (1 CPU, 16 GB DRAM, no local drive, Dell R740 LCA) plus
#: 533 kgCO2e per 384 GB of DRAM above 16 GB, 100 per extra CPU, 100 per SSD, 50 per HDD,
#: 150 per GPU.
CCF_BASE_KG = 1000.0
CCF_DRAM_KG_PER_GB = 533.0 / 384.0
CCF_DRAM_BASE_GB = 16.0
CCF_CPU_KG = 100.0
CCF_SSD_KG = 100.0
CCF_HDD_KG = 50.0
CCF_GPU_KG = 150.0


def ccf_host_embodied(
    memory_gb: float, cpus: float, ssds: float, hdds: float, gpus: float
) -> float:
    """Embodied kgCO2e of a host platform by the CCF 2021 method."""
    return (
        CCF_BASE_KG
        + max(memory_gb - CCF_DRAM_BASE_GB, 0.0) * CCF_DRAM_KG_PER_GB
        + max(cpus - 1, 0.0) * CCF_CPU_KG
        + ssds * CCF_SSD_KG
        + hdds * CCF_HDD_KG
        + gpus * CCF_GPU_KG
    )


def _size(r: dict[str, str]) -> tuple[float, float]:
    return (number(r["vcpu"]) or 0, number(r["memory"]) or 0)


def read_boavizta(boa: Path, get: Getter) -> None:
    """Boavizta cloud archetypes: composition and host platform of 5 providers.

    The host platform also feeds a CCF-method embodied estimate, used for types that no
    CCF list covers: the largest type on the platform gives the host's vCPUs, memory and
    GPUs (server.csv's RAM columns are not consistent across rows: some give total GB as
    units), server.csv gives its CPU sockets and local drives.
    """
    servers = _servers(boa)
    for provider in ("aws", "azure", "gcp", "ovhcloud", "scaleway"):
        rows = read_csv(boa / "archetypes" / "cloud" / f"{provider}.csv")
        largest: dict[str, dict[str, str]] = {}
        for r in rows:
            top = largest.get(r["platform"])
            if top is None or _size(r) > _size(top):
                largest[r["platform"]] = r
        for r in rows:
            t = azure_type(r["id"]) if provider == "azure" else r["id"].strip().lower()
            inst = get(provider, t)
            ssd, hdd = number(r["ssd_storage"]) or 0, number(r["hdd_storage"]) or 0
            host = servers.get(r["platform"], {})
            gpus = int(number(r["gpu_units"]) or 0)
            inst.fill(
                "boavizta-api",
                vcpus=number(r["vcpu"]),
                memory_gb=number(r["memory"]),
                storage_gb=(ssd + hdd) or None,
                storage_type="+".join(k for k, v in (("SSD", ssd), ("HDD", hdd)) if v),
                gpu_count=gpus,
                gpu_name=host.get("GPU.name", "").strip() if gpus else "",
                platform=r["platform"],
                cpu=" ".join(host.get("CPU.name", "").split()),
            )
            vcpus = number(r["vcpu"])
            top = largest[r["platform"]]
            host_vcpus = number(top["vcpu"])
            if host and vcpus and host_vcpus:
                parts = {
                    "memory_gb": number(top["memory"]) or 0,
                    "cpus": _default(host["CPU.units"]) or 1,
                    "ssds": _default(host["SSD.units"]) or 0,
                    "hdds": _default(host["HDD.units"]) or 0,
                    "gpus": number(top["gpu_units"]) or 0,
                }
                inst.hosts.append(
                    Host(
                        "boavizta-ccf",
                        r["platform"],
                        ccf_host_embodied(**parts),
                        host_vcpus,
                        vcpus,
                        2026,
                        parts=parts,
                        accelerator_kg=parts["gpus"] * CCF_GPU_KG,
                    )
                )


def read_teads(ccf: Path, get: Getter) -> None:
    """Teads AWS sheet: composition, per-instance watts and the CCF 2021 platform vCPUs."""
    for r in read_csv(ccf / "data" / "aws-instances.csv"):
        inst = get("aws", r["Instance type"].lower())
        storage_gb, stype = None, ""
        m = _STORAGE.match(r["Storage Info (Type and Size in GB)"])
        if m:
            storage_gb = int(m.group(1)) * (number(m.group(2)) or 0) or None
            stype = (
                "SSD"
                if "SSD" in m.group(3).upper()
                else ("HDD" if "HDD" in m.group(3).upper() else "")
            )
        gpus = number(r["Instance Number of GPU"])
        year = re.search(r"(19|20)\d\d", r["Release Date"])
        inst.fill(
            "teads-aws-ec2",
            vcpus=number(r["Instance vCPU"]),
            memory_gb=number(r["Instance Memory (in GB)"], decimal_comma=True),
            storage_gb=storage_gb,
            storage_type=stype,
            gpu_count=int(gpus or 0),
            gpu_name=r["Platform GPU Name"] if gpus else "",
            cpu=r["Platform CPU Name"],
        )
        if year:
            inst.release_year = int(year.group(0))
        inst.teads_gpus = int(gpus or 0)
        for col, basis in (
            ("Idle", "idle"),
            ("10%", "load-10"),
            ("50%", "load-50"),
            ("100%", "load-100"),
        ):
            w = number(r[f"Instance @ {col}"], decimal_comma=True)
            if w is not None and w > 0:
                inst.watts[basis] = w


def read_ccf_embodied(ccf: Path, get: Getter) -> None:
    """CCF 2021 embodied totals per host platform, allocated later by vCPU share."""
    teads = {r["Instance type"].lower(): r for r in read_csv(ccf / "data" / "aws-instances.csv")}
    for r in read_csv(ccf / "output" / "coefficients-aws-embodied.csv"):
        t = r["type"].lower()
        src = teads.get(t)
        total = number(r["total"])
        if src is None or total is None:
            continue
        inst = get("aws", t)
        inst.hosts.append(
            Host(
                "ccf-2021",
                src["Platform CPU Name"],
                total,
                number(src["Platform Total Number of vCPU"]) or 0,
                number(src["Instance vCPU"]) or 0,
                2021,
                accelerator_kg=number(r["additional_gpus"]) or 0.0,
            )
        )
    for provider, data, out, name_col, family_col in (
        (
            "azure",
            "azure-instances.csv",
            "coefficients-azure-embodied.csv",
            "Virtual Machine",
            "Series",
        ),
        (
            "gcp",
            "gcp-instances.csv",
            "coefficients-gcp-embodied.csv",
            "Machine type",
            "Machine Family",
        ),
    ):
        rows = read_csv(ccf / "data" / data)
        totals = read_csv(ccf / "output" / out)
        if len(rows) != len(totals):
            raise ValueError(f"{out} and {data} do not line up row for row")
        for src, tot in zip(rows, totals, strict=True):
            name = src[name_col]
            t = azure_type(name) if provider == "azure" else name.lower()
            if tot["type"] != name or tot["microarchitecture"] != src["Microarchitecture"]:
                raise ValueError(f"{out}: row {tot['type']} does not match {data} row {name}")
            inst = get(provider, t)
            vcpus = number(src["Instance vCPUs"])
            inst.fill(
                "ccf-coefficients",
                vcpus=vcpus,
                memory_gb=number(src["Instance Memory"]),
                gpu_count=int(number(src["Instance GPUs"]) or 0),
            )
            arch = src["Microarchitecture"]
            if arch and arch != "Unknown" and arch not in inst.archs:
                inst.archs.append(arch)
            total = number(tot["total"])
            pv = number(src["Platform vCPUs (highest vCPU possible)"])
            if total and pv and vcpus:
                inst.hosts.append(
                    Host(
                        "ccf-2021",
                        f"{src[family_col]} ({arch})",
                        total,
                        pv,
                        vcpus,
                        2021,
                        arch,
                        accelerator_kg=number(tot["additional_gpus"]) or 0.0,
                    )
                )


def read_latest_2026(ccf: Path, get: Getter) -> None:
    """CCF 2026 lists: platform embedded emissions (tonnes for AWS) per host platform.

    No platform vCPU count is given, so the host is taken to be the largest instance of
    the same family on the same platform CPU. Only AWS values are kept: the GCP list's
    platform emissions are not credible as kgCO2e (470,000 t for one x4 host, 890 kg for
    an e2-highcpu host), so GCP rows only contribute composition.
    """
    aws = read_csv(ccf / "data" / "aws-instances-latest-2026.csv")
    largest: dict[tuple[str, str], float] = defaultdict(float)
    for r in aws:
        key = (r["Instance Type"].split(".")[0].lower(), r["Platform CPU Name"])
        largest[key] = max(largest[key], number(r["vCPUs"]) or 0)
    for r in aws:
        t = r["Instance Type"].strip().lower()
        inst = get("aws", t)
        vcpus = number(r["vCPUs"])
        inst.fill(
            "ccf-coefficients",
            vcpus=vcpus,
            memory_gb=number(r["Memory (GiB)"]),
            cpu=r["Platform CPU Name"],
        )
        if r["Platform CPU Name"] and not inst.cpu.strip():
            inst.cpu = r["Platform CPU Name"]
        t_co2 = number(r["Platform Embedded Emissions (mtCo2eq)"])
        key = (t.split(".")[0], r["Platform CPU Name"])
        if t_co2 and vcpus and largest[key]:
            inst.hosts.append(
                Host(
                    "ccf-2026",
                    f"{key[0]} on {key[1] or 'unnamed CPU'}",
                    t_co2 * 1000,
                    largest[key],
                    vcpus,
                    2026,
                    accelerator_kg=None,
                )
            )
    for r in read_csv(ccf / "data" / "gcp-instances-latest-2026.csv"):
        inst = get("gcp", r["Instance Type"].strip().lower())
        vcpus = number(r["Instance vCPU"])
        inst.fill(
            "ccf-coefficients",
            vcpus=vcpus,
            memory_gb=number(r["Instance Memory"]),
            cpu=r["CPU Name"],
            platform=r["Platform"],
        )
        if r["Microarchitecture"] and r["Microarchitecture"] not in inst.archs:
            inst.archs.append(r["Microarchitecture"])


def read_curated(get: Getter) -> None:
    """Accelerators named on the providers' pages (``_accelerated_types``), applied last."""
    for nt in NEW_TYPES:
        inst = get(nt.provider, nt.type)
        inst.fill(nt.source, vcpus=nt.vcpus, memory_gb=nt.memory_gb, cpu=nt.cpu)
        inst.gpu_count = nt.count
        inst.accelerator, inst.accelerator_source = nt.model, nt.source
        if nt.arch and nt.arch not in inst.archs:
            inst.archs.append(nt.arch)


def read_all(sources: Path) -> dict[str, Instance]:
    """Every instance type of every list, keyed by our id."""
    out: dict[str, Instance] = {}

    def get(provider: str, t: str) -> Instance:
        inst = out.get(f"{provider}:{t.lower()}")
        if inst is None:
            inst = out[f"{provider}:{t.lower()}"] = Instance(provider, t)
        return inst

    ccf = sources / "ccf-coefficients"
    read_boavizta(sources / "boaviztapi", get)
    read_teads(ccf, get)
    read_latest_2026(ccf, get)
    read_ccf_embodied(ccf, get)
    read_curated(get)
    return out
