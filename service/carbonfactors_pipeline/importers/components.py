"""Component embodied-carbon factors: per GB of DRAM/SSD/HDD, per die area, per part.

Three models of building a server's embodied carbon from its parts, each kept under its
own source so users can pick one and the method stays visible:

- ACT (Gupta et al., ISCA 2022): g/GB by DRAM/NAND technology and per HDD model
  (``act/models/{dram,ssd,hdd}/*.yaml``), published here in kgCO2e/GB;
- Boavizta API (``factors.yml``): per die area of CPU/DRAM/SSD (kgCO2e/cm2) plus a fixed
  part per unit, HDD, motherboard, case, assembly;
- Cloud Carbon Footprint (2021 method): a 1,000 kgCO2e base rack server plus flat add-ons.

Re-run (byte-identical on unchanged upstream data)::

    carbonfactors import components --sources /work/shared/sources
"""

from __future__ import annotations

import re
from pathlib import Path
from statistics import mean
from typing import Any

import yaml

from carbonfactors.kinds import factor_id

from . import Importer, register
from ._cloud_read import (
    CCF_BASE_KG,
    CCF_CPU_KG,
    CCF_DRAM_KG_PER_GB,
    CCF_GPU_KG,
    CCF_HDD_KG,
    CCF_SSD_KG,
)
from ._common import header, rounded, slugify, write_folder

NAME = "components"
_G_PER_GB = re.compile(r"^\s*([\d.]+)\s*g\s*/\s*GB\s*$")
ACT_FILES = {
    "dram": ("dram/dram_hynix.yaml", "DRAM", "SK hynix"),
    "ssd-hynix": ("ssd/ssd_hynix.yaml", "SSD", "SK hynix"),
    "ssd-seagate": ("ssd/ssd_seagate.yaml", "SSD", "Seagate"),
    "ssd-western": ("ssd/ssd_western.yaml", "SSD", "Western Digital"),
    "hdd-enterprise": ("hdd/hdd_enterprise.yaml", "HDD", "Seagate"),
    "hdd-consumer": ("hdd/hdd_consumer.yaml", "HDD", "Seagate"),
}


def _hw(
    hid: str, name: str, vendor: str, aliases: list[str] | None = None, **specs: Any
) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": hid, "name": name, "category": "component", "vendor": vendor}
    if aliases:
        rec["aliases"] = aliases
    if specs:
        rec["specs"] = specs
    return rec


def _emb(
    subject: str,
    year: int,
    source: str,
    value: float,
    unit: str,
    method: str,
    inputs: dict[str, Any] | None = None,
) -> dict[str, Any]:
    f: dict[str, Any] = {
        "id": factor_id("embodied", subject, year, source, "manufacturing"),
        "kind": "embodied",
        "subject": subject,
        "year": year,
        "value": rounded(value, 9),
        "unit": unit,
        "basis": "manufacturing",
        # A per-part factor (per GB, per cm2, per drive): an input of component models.
        "rung": "component-model",
        "source": source,
        "method": method,
    }
    if inputs:
        f["inputs"] = inputs
    return f


def act(models: Path) -> dict[str, Any]:
    """ACT per-GB factors; one component per technology or drive model."""
    hardware, factors = [], []
    src, year = "act-gupta-2022", 2022
    for group, (rel, kind, vendor) in ACT_FILES.items():
        data = yaml.safe_load((models / rel).read_text(encoding="utf-8"))
        per_model: list[float] = []
        for key in sorted(data):
            m = _G_PER_GB.match(str(data[key]))
            if not m:
                raise ValueError(f"{rel}: '{key}: {data[key]}' is not 'N g / GB'")
            g = float(m.group(1))
            per_model.append(g)
            hid = f"{kind.lower()}-{slugify(key)}"
            hardware.append(_hw(hid, f"{kind} {key} (ACT model)", vendor, family=key))
            factors.append(
                _emb(
                    hid,
                    year,
                    src,
                    g / 1000,
                    "kgCO2e/GB",
                    f"ACT {kind} embodied carbon per GB for '{key}' ({rel}: {data[key]}), converted g -> kg.",
                    {"g_per_gb": g},
                )
            )
        if group.startswith("hdd"):
            hid = group
            label = "enterprise" if group.endswith("enterprise") else "consumer"
            hardware.append(_hw(hid, f"HDD {label} (mean of ACT models)", vendor, family=label))
            factors.append(
                _emb(
                    hid,
                    year,
                    src,
                    mean(per_model) / 1000,
                    "kgCO2e/GB",
                    f"Mean of the {len(per_model)} Seagate {label} HDD models in ACT {rel} (g/GB), converted g -> kg.",
                    {"g_per_gb": [rounded(v) for v in per_model]},
                )
            )
    return {"hardware": hardware, "factors": factors}


#: ACT's package footprint per IC (``Kr``, 150 gCO2e, a constant of ACT's logic model code).
ACT_PACKAGE_KG = 0.150
ACT_CPU_DIE = "cpu-die-act-dell-r740"


def _act_number(value: object) -> float:
    """'6.98 cm2', '0.875', '820 g / kWh' -> the leading number."""
    return float(str(value).split()[0])


def act_bom_cpu(act_dir: Path) -> dict[str, Any]:
    """The CPU die of ACT's Dell R740 bill of materials through ACT's logic model.

    ``area x (fab CI x EPA + GPA + MPA) / yield + n_ics x 150 g`` with the BOM's own
    parameters (die area, node, yield, gas abatement, fab energy source): the silicon and
    packaging of one server CPU, no substrate, heat spreader or socket share, so a
    ``lower-bound`` for a CPU (the low end of the CPU category default). Empty when the
    upstream folder has no BOM.
    """
    bom_path = act_dir / "boms" / "dellr740.yaml"
    if not bom_path.exists():
        return {"hardware": [], "factors": []}
    bom = yaml.safe_load(bom_path.read_text(encoding="utf-8"))
    cpu = bom["silicon"]["cpu.main0"]
    logic = act_dir / "models" / "logic"

    def table(name: str) -> dict[str, float]:
        data = yaml.safe_load((logic / name).read_text(encoding="utf-8"))
        return {str(k): _act_number(v) for k, v in data.items()}

    node, gpa_level = str(cpu["process"]), int(cpu["gpa"])
    epa, gpa = table("epa.yaml")[node], table(f"gpa_{gpa_level}.yaml")[node]
    mpa = table("materials.yaml")[node]
    sources = act_dir / "models" / "carbon_intensity" / "source.yaml"
    ci = {
        str(k): _act_number(v)
        for k, v in yaml.safe_load(sources.read_text(encoding="utf-8")).items()
    }[str(cpu["fab_ci"])]
    area, fab_yield, n_ics = _act_number(cpu["area"]), float(cpu["fab_yield"]), int(cpu["n_ics"])
    per_cm2 = (ci * epa + gpa + mpa) / fab_yield / 1000.0
    value = area * per_cm2 + n_ics * ACT_PACKAGE_KG
    f = _emb(
        ACT_CPU_DIE,
        2022,
        "act-gupta-2022",
        rounded(value, 3),
        "kgCO2e",
        f"ACT logic model on the CPU of ACT's Dell PowerEdge R740 bill of materials "
        f"(act/boms/dellr740.yaml, cpu.main0): {area:g} cm2 x ({ci:g} g/kWh fab "
        f"({cpu['fab_ci']}) x {epa:g} kWh/cm2 + {gpa:g} g/cm2 gases at {gpa_level} % "
        f"abatement + {mpa:g} g/cm2 materials) / yield {fab_yield:g} + {n_ics} IC packages "
        f"x 150 g. Die and package only: a lower bound for a server CPU.",
        {
            "die_area_cm2": area,
            "process": node,
            "fab_ci_g_per_kwh": ci,
            "epa_kwh_per_cm2": epa,
            f"gpa{gpa_level}_g_per_cm2": gpa,
            "mpa_g_per_cm2": mpa,
            "fab_yield": fab_yield,
            "n_ics": n_ics,
            "package_kg": ACT_PACKAGE_KG,
        },
    )
    f["rung"] = "lower-bound"
    hw = _hw(ACT_CPU_DIE, "CPU die of the Dell R740 (ACT bill of materials)", "generic")
    return {"hardware": [hw], "factors": [f]}


def boavizta(factors_yml: Path) -> dict[str, Any]:
    """Boavizta API component factors (GWP, manufacturing)."""
    d = yaml.load(
        factors_yml.read_text(encoding="utf-8"),
        Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
    )
    src, year = "boavizta-api", 2021
    why = "Boavizta API factors.yml (values from the Umweltbundesamt 'Green Cloud Computing' study, 2021)"
    parts: list[tuple[str, str, float, str, str]] = [
        (
            "cpu-die",
            "CPU die (per area, Boavizta)",
            d["cpu"]["gwp"]["die_impact"] * 100,
            "kgCO2e/cm2",
            "CPU = die area x this factor + the fixed CPU part; factors.yml gives 0.0197 kgCO2e/mm2, x100 -> per cm2.",
        ),
        (
            "cpu-fixed",
            "CPU fixed part (Boavizta)",
            d["cpu"]["gwp"]["impact"],
            "kgCO2e",
            "Fixed part per CPU added to die area x the CPU die factor.",
        ),
        (
            "dram-die",
            "DRAM die (per area, Boavizta)",
            d["ram"]["gwp"]["die_impact"],
            "kgCO2e/cm2",
            "DRAM module = (capacity GB / density GB per cm2) x this factor + the fixed module part.",
        ),
        (
            "dram-module-fixed",
            "DRAM module fixed part (Boavizta)",
            d["ram"]["gwp"]["impact"],
            "kgCO2e",
            "Fixed part per DRAM module.",
        ),
        (
            "ssd-die",
            "SSD die (per area, Boavizta)",
            d["ssd"]["gwp"]["die_impact"],
            "kgCO2e/cm2",
            "SSD = (capacity GB / density GB per cm2) x this factor + the fixed SSD part.",
        ),
        (
            "ssd-fixed",
            "SSD fixed part (Boavizta)",
            d["ssd"]["gwp"]["impact"],
            "kgCO2e",
            "Fixed part per SSD.",
        ),
        (
            "hdd-drive",
            "HDD drive (per unit)",
            d["hdd"]["gwp"]["impact"],
            "kgCO2e",
            "Constant per HDD.",
        ),
        (
            "motherboard",
            "Server motherboard",
            d["motherboard"]["gwp"]["impact"],
            "kgCO2e",
            "Constant per motherboard.",
        ),
        (
            "server-case-rack",
            "Rack server case",
            d["case"]["gwp"]["rack"]["impact"],
            "kgCO2e",
            "Constant per rack case.",
        ),
        (
            "server-case-blade",
            "Blade server case",
            d["case"]["gwp"]["blade"]["impact_blade_server"],
            "kgCO2e",
            "Constant per blade server (the 16-slot enclosure is counted separately).",
        ),
        (
            "blade-enclosure-16-slots",
            "Blade enclosure, 16 slots",
            d["case"]["gwp"]["blade"]["impact_blade_16_slots"],
            "kgCO2e",
            "Constant per 16-slot blade enclosure, shared by its blades.",
        ),
        (
            "server-assembly",
            "Server assembly",
            d["assembly"]["gwp"]["impact"],
            "kgCO2e",
            "Constant per assembled server.",
        ),
    ]
    hardware, factors = [], []
    for hid, name, value, unit, how in parts:
        hardware.append(_hw(hid, name, "generic"))
        factors.append(_emb(hid, year, src, value, unit, f"{how} {why}."))
    return {"hardware": hardware, "factors": factors}


def ccf() -> dict[str, Any]:
    """CCF 2021 embodied add-ons (the method behind ccf-coefficients output/*-embodied.csv)."""
    src, year = "ccf-methodology", 2021
    why = "Cloud Carbon Footprint embodied-emissions method (2021, after Teads), based on the Dell PowerEdge R740 LCA"
    parts: list[tuple[str, str, float, str, str, dict[str, Any] | None]] = [
        (
            "server-base",
            "Rack server base (CCF: 1 CPU, 16 GB DRAM, no local drive)",
            CCF_BASE_KG,
            "kgCO2e",
            "Base manufacturing emissions of a mono-socket, low-DRAM commodity rack server.",
            None,
        ),
        (
            "dram",
            "DRAM (per GB, CCF)",
            CCF_DRAM_KG_PER_GB,
            "kgCO2e/GB",
            "533 kgCO2e per 384 GB of DRAM, applied to DRAM above the base 16 GB.",
            {"kgco2e": 533, "gb": 384},
        ),
        (
            "cpu-socket",
            "CPU (additional socket, CCF)",
            CCF_CPU_KG,
            "kgCO2e",
            "Per CPU beyond the first.",
            None,
        ),
        ("ssd-drive", "SSD drive (per unit)", CCF_SSD_KG, "kgCO2e", "Per local SSD.", None),
        ("hdd-drive", "HDD drive (per unit)", CCF_HDD_KG, "kgCO2e", "Per local HDD.", None),
        (
            "gpu-card",
            "GPU card (flat, CCF)",
            CCF_GPU_KG,
            "kgCO2e",
            "Per GPU, whatever the model.",
            None,
        ),
    ]
    factors = [_emb(h, year, src, v, u, f"{how} {why}.", inp) for h, _, v, u, how, inp in parts]
    # hdd-drive is declared by the Boavizta file; the CCF file only adds its factor.
    hardware = [_hw(h, n, "generic") for h, n, *_ in parts if h != "hdd-drive"]
    return {"hardware": hardware, "factors": factors}


def convert(sources: Path, factors_root: Path) -> list[Path]:
    act_files = act(sources / "act" / "models")
    cpu = act_bom_cpu(sources / "act")
    act_files = {k: act_files[k] + cpu[k] for k in ("hardware", "factors")}
    files = {
        "act.yaml": act_files,
        "boavizta.yaml": boavizta(sources / "boaviztapi" / "factors.yml"),
        "ccf.yaml": ccf(),
    }
    head = header(
        NAME,
        [
            "act/models/{dram,ssd,hdd,logic,carbon_intensity}/*.yaml, act/boms/dellr740.yaml (facebookresearch/ACT)",
            "boaviztapi/factors.yml (Boavizta/boaviztapi)",
            "CCF embodied constants (cloud-carbon-footprint; checked against ccf-coefficients output/*-embodied.csv)",
        ],
    )
    return write_folder(factors_root / "hardware" / "components", files, head)


register(
    Importer(
        name=NAME,
        description="Component embodied factors: ACT per-GB, Boavizta per-area/per-part, CCF add-ons",
        upstream=".",
        convert=convert,
    )
)
