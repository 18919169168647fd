"""Reading the cloud instance lists into one record per instance type.

Several upstream lists describe the same instance types with different spellings and
columns; this module only reads and normalizes them (ids, composition, host platform),
so ``cloud_instances`` can decide which value to publish and how to derive factors.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from ..ccf_host import holds_host
from ._accelerated_types import FAMILY_PARTS, NEW_TYPES
from ._chip_threads import chip_threads, read_chip_threads
from ._cloud_records import PROVIDERS as PROVIDERS
from ._cloud_records import Getter as Getter
from ._cloud_records import Host as Host
from ._cloud_records import Instance as Instance
from ._cloud_records import azure_type as azure_type
from ._cloud_records import constrained_parent as constrained_parent
from ._cloud_records import teads_storage
from ._common import number, read_csv
from ._instance_shapes import AZURE_SIZES, shapes
from ._variant_families import host_family


def _servers(boa: Path) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in read_csv(boa / "archetypes" / "server.csv")}


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


def read_boavizta(boa: Path, get: Getter) -> None:
    """Boavizta cloud archetypes: which types 5 providers offer, and their composition.

    The archetypes' host ``platform`` id and local storage (``ssd_storage``,
    ``hdd_storage``) are not read (issue 19, item 4): no other list on file states the
    platform of a non-GCP type or the storage of a non-Teads one, so a value read here
    would rest on AGPL code alone (the host id still picks the archetype's CPU and GPU
    names, which ``cloud_instances.cite_or_drop`` re-cites or drops). A type's storage is
    the Teads sheet's, its platform the CCF GCP list's series, or none."""
    servers = _servers(boa)
    for provider in ("aws", "azure", "gcp", "ovhcloud", "scaleway"):
        rows = read_csv(boa / "archetypes" / "cloud" / f"{provider}.csv")
        for r in rows:
            t = azure_type(r["id"]) if provider == "azure" else r["id"].strip().lower()
            inst = get(provider, t)
            host = servers.get(r["platform"], {})
            gpus = int(number(r["gpu_units"]) or 0)
            inst.fill(
                "boavizta-api",
                vcpus=number(r["vcpu"]),
                memory_gb=number(r["memory"]),
                gpu_count=gpus,
                gpu_name=host.get("GPU.name", "").strip() if gpus else "",
                cpu=" ".join(host.get("CPU.name", "").split()),
            )
            # No embodied estimate is derived from the archetypes: they are AGPL-3.0 code
            # (issue 19 item 4), so they give composition facts only; a type no CCF list
            # covers has no embodied value of its own (its category default applies).


def read_teads(ccf: Path, get: Getter) -> None:
    """Teads AWS sheet: composition, per-instance watts and the CCF 2021 platform vCPUs."""
    for r in read_csv(ccf / "data" / "aws-instances.csv"):
        inst = get("aws", r["Instance type"].lower())
        storage_gb, stype = teads_storage(
            r["Storage Info (Type and Size in GB)"], r["Storage Type"]
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
                pkg, ram = (
                    number(r[f"{k} @ {col}"], decimal_comma=True) for k in ("PkgWatt", "RAMWatt")
                )
                delta = number(r["Delta Full Machine"], decimal_comma=True)
                if None not in (pkg, ram, delta):
                    inst.teads_terms[basis] = (pkg or 0.0, ram or 0.0, delta or 0.0)


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
                memory_kg=number(r["additional_memory"]) or 0.0,
                platform_memory_gb=number(src["Platform Memory (in GB)"], decimal_comma=True)
                or 0.0,
                instance_memory_gb=number(src["Instance Memory (in GB)"], decimal_comma=True)
                or 0.0,
                rests_on=("teads-aws-ec2",),
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
        constrained: dict[str, tuple[str, int]] = {}
        if len(rows) != len(totals):
            raise ValueError(f"{out} and {data} do not line up row for row")
        for src, tot in zip(rows, totals, strict=True):
            name = src[name_col]
            t = azure_type(name) if provider == "azure" else name.lower()
            if tot["type"] != name or tot["microarchitecture"] != src["Microarchitecture"]:
                raise ValueError(f"{out}: row {tot['type']} does not match {data} row {name}")
            inst = get(provider, t)
            vcpus = number(src["Instance vCPUs"])
            parent = constrained_parent(t) if provider == "azure" else None
            if parent:
                # CCF's vCPU cell holds the active ratio: the type's vCPUs are in its name
                # (Microsoft Learn's naming of constrained-vCPU sizes, cited as the size
                # pages), its hardware is its parent size's (filled in below).
                constrained[t] = (parent[0], parent[1])
                inst.vcpus = parent[1]
                inst.stated.setdefault(AZURE_SIZES, {})["vcpus"] = parent[1]
                inst.field_source["vcpus"] = AZURE_SIZES
                inst.fill("ccf-coefficients", memory_gb=number(src["Instance Memory"]))
                inst.own_row = (
                    number(src["Platform vCPUs (highest vCPU possible)"]) or 0.0,
                    number(src["Platform Memory"]) or 0.0,
                    number(tot["total"]) or 0.0,
                )
                continue
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
                        memory_kg=number(tot["additional_memory"]) or 0.0,
                        platform_memory_gb=number(src["Platform Memory"]) or 0.0,
                        instance_memory_gb=number(src["Instance Memory"]) or 0.0,
                    )
                )
        for t, (parent_type, _active) in sorted(constrained.items()):
            _inherit_parent(get(provider, t), get(provider, parent_type))


def _inherit_parent(inst: Instance, parent: Instance) -> None:
    """A constrained-vCPU size holds its parent's hardware: its hosts and architectures."""
    for a in parent.archs:
        if a not in inst.archs:
            inst.archs.append(a)
    inst.constrained_parent = parent.type
    # One memory figure for power and embodied: the size's own row's, which its power uses
    # (CCF lists M64-16ms at 1,750 GB, its parent row M64ms at 1,792; audit 1796655557 O4).
    own_gb = inst.memory_gb or 0.0
    inst.hosts.extend(
        replace(
            h,
            platform=f"{h.platform}; as parent size {parent.type}",
            instance_memory_gb=min(own_gb, h.platform_memory_gb) or h.instance_memory_gb,
        )
        for h in parent.hosts
    )


def read_latest_2026(ccf: Path, get: Getter) -> None:
    """CCF 2026 lists: platform embedded emissions (tonnes for AWS) per host platform.

    No platform vCPU count is given: the host's is the Teads sheet's "Platform Total Number
    of vCPU" for the same type when the sheet lists it, else the largest instance of the
    same family on the same platform CPU. (The family's largest size is not the host of a
    burstable family: t2.micro's "Intel Xeon Family" row has 1 vCPU at most, which charged
    one t2.micro the whole 1.1 t platform.) When a bare-metal type of the family lists the
    total, the host is that metal type (a whole server): Graviton4 families list 0.79 t for
    ``c8g.metal-24xl`` (96 vCPUs) and for every smaller size, none for the 192-vCPU sizes,
    so the platform is the 96-vCPU host (audit 2026-12-06, class G: c8g.8xlarge was
    allocated over 192); a larger type runs on a host whose total is not listed and gets no
    value here (rule C3 sizes it). Only AWS values are kept: the GCP list's
    platform emissions are not credible as kgCO2e (470,000 t for one x4 host, 890 kg for
    an e2-highcpu host), so GCP rows only contribute composition.
    """
    aws = read_csv(ccf / "data" / "aws-instances-latest-2026.csv")
    teads = {
        r["Instance type"].strip().lower(): number(r["Platform Total Number of vCPU"]) or 0.0
        for r in read_csv(ccf / "data" / "aws-instances.csv")
    }
    chips = read_chip_threads(ccf)
    largest: dict[tuple[str, str], float] = defaultdict(float)
    #: The platform total of a (family, CPU) platform, for its rows that leave it blank
    #: (r8g.48xlarge: blank; r8g.24xlarge on the same Graviton4 platform: 1.8 t).
    platform_t: dict[tuple[str, str], set[float]] = defaultdict(set)
    #: The vCPUs of a bare-metal type that lists the platform total: the host it describes.
    metal_host: dict[tuple[str, str], float] = defaultdict(float)
    #: The memory of each host above (class HC: a size holding all of it holds the host).
    host_gb: dict[tuple[str, str, float], float] = defaultdict(float)
    for r in aws:
        key = (host_family(r["Instance Type"].split(".")[0].lower()), r["Platform CPU Name"])
        n, gb = number(r["vCPUs"]) or 0, number(r["Memory (GiB)"]) or 0
        largest[key] = max(largest[key], n)
        host_gb[key + (n,)] = max(host_gb[key + (n,)], gb)
        t_listed = number(r["Platform Embedded Emissions (mtCo2eq)"])
        if t_listed:
            platform_t[key].add(t_listed)
            if ".metal" in r["Instance Type"].lower():
                metal_host[key] = max(metal_host[key], n)
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
        key = (host_family(t.split(".")[0]), r["Platform CPU Name"])
        shared = (
            "" if key[0] == t.split(".")[0] else "; a variant on its parent's servers (class C3F)"
        )
        if not t_co2 and len(platform_t[key]) == 1:
            (t_co2,) = platform_t[key]
            shared += "; total listed for other types on this platform"
        own = metal_host[key] or largest[key]
        host_vcpus = teads.get(t) or own
        how = (
            "Teads platform vCPUs"
            if teads.get(t)
            else "its bare-metal size listing the total, not the larger sizes"
            if 0 < metal_host[key] < largest[key]
            else "largest of the family"
        )
        # The Teads sheet (licence unstated) is an input when its platform vCPUs are used
        # and differ from what the CCF list itself gives (issue 19: it was not named, so
        # the computed licence let such values into the open bundle).
        rests_on = ("teads-aws-ec2",) if teads.get(t) and teads[t] != own else ()
        chip = chip_threads(key[1], chips) if how == "largest of the family" else None
        # all of the host's memory: the whole host, however few cores are enabled (HC)
        whole = not teads.get(t) and holds_host(
            vcpus or 0, number(r["Memory (GiB)"]) or 0, host_vcpus, host_gb[key + (own,)]
        )
        if t_co2 and vcpus and host_vcpus and vcpus <= host_vcpus:
            inst.hosts.append(
                Host(
                    "ccf-2026",
                    f"{key[0]} on {key[1] or 'unnamed CPU'} ({how}{shared})",
                    t_co2 * 1000,
                    host_vcpus,
                    host_vcpus if whole else vcpus,
                    2026,
                    accelerator_kg=None,
                    rests_on=rests_on,
                    chip=chip if chip and chip[1] > host_vcpus else None,
                    rule=(
                        "teads"
                        if teads.get(t)
                        else "metal"
                        if how.startswith("its bare-metal")
                        else "largest"
                    ),
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
    for (provider, _family), parts in sorted(FAMILY_PARTS.items()):
        for t, (vcpus, memory_gb, cpu) in sorted(parts.shapes.items()):
            get(provider, t).fill(parts.source, vcpus=vcpus, memory_gb=memory_gb, cpu=cpu)
    for nt in NEW_TYPES:
        inst = get(nt.provider, nt.type)
        inst.fill(nt.source, vcpus=nt.vcpus, memory_gb=nt.memory_gb, cpu=nt.cpu)
        inst.gpu_count = nt.count
        inst.accelerator, inst.accelerator_source = nt.model, nt.source
        if nt.arch and nt.arch not in inst.archs:
            inst.archs.append(nt.arch)


def read_shapes(listed: dict[str, Instance]) -> None:
    """Plain types' vCPUs and memory from the providers' size tables (``_instance_shapes``).

    They are stated beside the other lists for the types those lists name (the importer
    picks the first non-AGPL list that states a fact; a size only the tables give is not
    added to the catalog here); the CPU and its micro-architectures named on the page
    replace a name only Boavizta's archetypes gave, since they pick the W per vCPU."""
    for key, (series, vcpus, memory_gb) in sorted(shapes().items()):
        inst = listed.get(key)
        if inst is None:
            continue
        inst.fill(series.source, vcpus=vcpus, memory_gb=memory_gb, cpu=series.cpu)
        if series.cpu and inst.field_source.get("cpu") in (None, "boavizta-api") and not inst.archs:
            inst.cpu, inst.field_source["cpu"] = series.cpu, series.source
            inst.archs.extend(series.archs)


#: Types a list names but the provider does not offer: left out of the catalog (issue 19).
#: Google's GPU machine-type pages list a2-highgpu-1g..8g and a2-megagpu-16g, and no
#: a2-highgpu-16g; CCF's 2026 GCP list gives that name the shape of a2-megagpu-16g (96 vCPUs,
#: 1,360 GB) and only Boavizta's cloud archetypes (AGPL code) give it 16 GPUs.
NOT_OFFERED = frozenset({"gcp:a2-highgpu-16g"})


def read_all(sources: Path) -> dict[str, Instance]:
    """Every instance type of every list, keyed by our id (less ``NOT_OFFERED``)."""
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
    read_shapes(out)
    for key in NOT_OFFERED:
        out.pop(key, None)
    return out
