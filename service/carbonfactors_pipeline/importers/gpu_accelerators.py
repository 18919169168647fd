"""Importer ``accelerators``: GPUs, TPUs and other ML accelerators, their power and embodied carbon.

The catalog (ids, names, aliases, specs) comes from Epoch AI's ML Hardware dataset, the most
complete and current source, mapped through the hand-written table in
``_accelerator_table.py`` so ids never depend on upstream spelling. Other sources add
factors for the same ids, each in its own file so a reviewer sees which source says what:

* ``epoch-ml-hardware/ml_hardware.csv``: datasheet TDP (basis ``tdp``), specs.
* ``mlco2-impact/gpus.csv``: TDP, and a relay of Patterson et al.'s measured *average* system
  power per TPU chip (host share included; the primary, ``literature.yaml``, is served).
* ``green-algorithms/latest/TDP_gpu.csv``: TDP (its TPU values conflict with Epoch's; kept,
  with the conflict stated in ``method``).
* ``ccf-constants/ccf_methodology_appendixIII_gpu_watts.csv``: CCF idle and 100 % watts.
* ``boaviztapi`` GPU model (``factors.yml`` ``gpu`` x ``crowdsourcing/gpu_specs.csv``):
  manufacturing embodied carbon of a whole card.
* ``act/models/logic``: ACT's carbon per cm2 of logic die by node x Epoch die area: the
  embodied carbon of the compute die(s) alone, a lower bound for the card.
* ``hubblo-gpu-lca/gpus_impact_factors.csv``: ADEME/Hubblo per-card life-cycle assessments.
* ``_accelerator_embodied.NVIDIA_PCF``: NVIDIA's HGX baseboard product carbon footprints.

Every embodied factor names its rung, credible ones carry low/high from the spread of the
credible sources, and ``embodied-defaults.yaml`` holds the per-category defaults: see
``_accelerator_embodied``.

Year convention: a factor describing a hardware model is filed under the model's release
year (Epoch's release date); a model with no known release year uses the year of the source
snapshot, and ``method`` says so.

Output: ``factors/hardware/accelerators/`` (one catalog file per vendor group plus one file
per secondary source). Hand-written files beside them (``literature.yaml``) are kept.

Re-run (from the repository root): ``carbonfactors import accelerators --sources ../shared/sources``;
on unchanged upstream data it reproduces the committed files byte for byte.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import yaml

from carbonfactors.kinds import factor_id

from . import Importer, register
from ._accelerator_catalog import ACT_CI as ACT_CI
from ._accelerator_catalog import ACT_FAB as ACT_FAB
from ._accelerator_catalog import ACT_LOGIC as ACT_LOGIC
from ._accelerator_catalog import ACT_PACKAGE_KG as ACT_PACKAGE_KG
from ._accelerator_catalog import ACT_YIELD as ACT_YIELD
from ._accelerator_catalog import BOAVIZTA_FACTORS as BOAVIZTA_FACTORS
from ._accelerator_catalog import BOAVIZTA_GPUS as BOAVIZTA_GPUS
from ._accelerator_catalog import CCF_CSV as CCF_CSV
from ._accelerator_catalog import EPOCH_CSV as EPOCH_CSV
from ._accelerator_catalog import GA_CSV as GA_CSV
from ._accelerator_catalog import MLCO2_CSV as MLCO2_CSV
from ._accelerator_catalog import NAME as NAME
from ._accelerator_catalog import OUT as OUT
from ._accelerator_catalog import SNAPSHOT_YEAR as SNAPSHOT_YEAR
from ._accelerator_catalog import VENDOR_FILES as VENDOR_FILES
from ._accelerator_catalog import Catalog as Catalog
from ._accelerator_catalog import Record as Record
from ._accelerator_catalog import (
    _epoch,
    _extras,
    _power,
    _year_or_snapshot,
)
from ._accelerator_embodied import (
    CREDIBLE,
    HUBBLO_CSV,
    RUNG,
    category_defaults,
    hubblo,
    nvidia_pcf,
)
from ._accelerator_idle import class_idle
from ._accelerator_open import open_variants
from ._accelerator_peers import HAND_WRITTEN
from ._accelerator_power import datasheet_tdp, family_power, power_defaults
from ._accelerator_sibling_tdp import epoch_cards
from ._accelerator_sibling_tdp import flags as sibling_tdp_flags
from ._accelerator_sized import DRAM_YAML, dram_kg_per_gb, sized
from ._accelerator_spreads import die_model, pcf_cross, s2_disagreements, with_spreads
from ._accelerator_table import (
    BOAVIZTA,
    CCF,
    GREEN_ALGORITHMS,
    MLCO2,
)
from ._common import header, number, read_csv, rounded, undated


def _mlco2(path: Path, cat: Catalog) -> list[Record]:
    out = []
    for row in read_csv(path):
        hid = MLCO2.get(row["name"])
        tdp = number(row["tdp_watts"])
        if hid not in cat.hardware or tdp is None:
            continue
        year, extra = _year_or_snapshot(cat, hid, "mlco2-impact")
        src = row["source"]
        if row["type"] == "tpu":
            basis = "average"
            # A relay of the primary on file (audit 1796669258 SC): its text calls the
            # figure the chip's, the paper's is system-level; the primary is served.
            method = (
                f"SECONDARY RELAY: ML CO2 Impact gpus.csv row '{row['name']}' relays Patterson "
                f"et al. 2021, arXiv:2104.10350 ({src}) and calls it the TPU chip's average "
                "power, but the paper's figure is system-level: average system power per chip "
                "during training, the chip plus its share of host, memory, network, fans and "
                "power supplies. The primary with the same value (patterson-2021, "
                "literature.yaml) is the one served; this relay is kept on file, excluded from "
                "defaults (factors/screens.yaml, screen relay-served). Do not add host or VM "
                "power to it: that would count the host twice."
            )
        else:
            basis = "tdp"
            method = f"ML CO2 Impact gpus.csv row '{row['name']}', tdp_watts; upstream cites {src}."
        out.append(_power("mlco2-impact", hid, year, tdp, basis, method + extra, not extra))
    return out


def _green_algorithms(path: Path, cat: Catalog) -> list[Record]:
    # Two header lines: the first carries units ("in Watt"), the second the column names.
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    out = []
    for row in csv.DictReader(lines):
        hid = GREEN_ALGORITHMS.get(row["model"].strip())
        tdp = number(row["TDP"])
        if hid not in cat.hardware or tdp is None:
            continue
        year, extra = _year_or_snapshot(cat, hid, "green-algorithms")
        method = f"Green Algorithms TDP_gpu.csv row '{row['model'].strip()}'; upstream cites {row['source'].strip()}."
        if hid.startswith("google-tpu"):
            method += (
                " Conflicts with Epoch AI / Patterson et al. 2021 per-chip TDP (TPU v3 450 W, "
                "v4 estimated 340 W): Green Algorithms' value comes from Cloud TPU docs and may "
                "describe a different quantity (per core or typical draw)."
            )
        out.append(_power("green-algorithms", hid, year, tdp, "tdp", method + extra, not extra))
    return out


def _ccf(path: Path, cat: Catalog) -> list[Record]:
    out = []
    for row in read_csv(path):
        hid = CCF.get((row["manufacturer"], row["name"]))
        if hid not in cat.hardware:
            continue
        year, extra = _year_or_snapshot(cat, hid, "ccf-methodology")
        for col, basis in (("watts_idle", "idle"), ("watts_100pct", "max")):
            v = number(row[col])
            if v is None:
                continue
            method = (
                f"Cloud Carbon Footprint methodology appendix III, '{row['manufacturer']} "
                f"{row['name']}', {col}: CCF's per-GPU estimate at 0 % / 100 % utilization "
                "(Teads-derived), not a vendor TDP."
            )
            out.append(_power("ccf-methodology", hid, year, v, basis, method + extra, not extra))
    return out


def _gwp(section: dict[str, Any], part: str, phase: str) -> float:
    return float(section[part][phase]["gwp"]["impact"])


def _boavizta(factors_path: Path, specs_path: Path, cat: Catalog) -> list[Record]:
    """Boavizta's GPU model, manufacture phase only (BoaviztAPI 2.4.1 gpu_impact_embedded).

    manufacture = casing_kg*f_casing + heatsink_kg*f_heatsink + pwb_cm2*f_pwb
    + die_mm2*f_gpu + vram_mm2*f_vram + mass_kg*f_upstream_transport, where die_mm2 is the
    already wafer-corrected ``die_surface`` of gpu_specs.csv and vram_mm2 is Boavizta's
    wafer-corrected area of ``number`` VRAM dies of vram_GB*15.5/number mm2 each.
    """
    with factors_path.open(encoding="utf-8") as fh:
        gpu = yaml.safe_load(fh)["gpu"]
    f = {
        p: _gwp(gpu, p, "manufacture")
        for p in ("casing", "heatsink", "pwb", "gpu", "vram", "upstream_transport")
    }
    out = []
    for row in read_csv(specs_path):
        hid = BOAVIZTA.get(row["name"])
        if hid not in cat.hardware:
            continue
        vram, dies = float(row["vram"]), int(row["number"])
        vram_mm2 = _wafer_effective_area(vram * 15.5 / dies) * dies
        inputs = {
            "casing_kg": float(row["mass_casing"]),
            "heatsink_kg": float(row["mass_heatsink"]),
            "pwb_cm2": float(row["pwb_surface"]),
            "gpu_die_effective_mm2": float(row["die_surface"]),
            "vram_gb": vram,
            "vram_dies": dies,
            "vram_effective_mm2": rounded(vram_mm2, 2),
            "mass_kg": float(row["mass"]),
            "f_casing_kgco2e_per_kg": f["casing"],
            "f_heatsink_kgco2e_per_kg": f["heatsink"],
            "f_pwb_kgco2e_per_cm2": f["pwb"],
            "f_gpu_die_kgco2e_per_mm2": f["gpu"],
            "f_vram_kgco2e_per_mm2": f["vram"],
            "f_upstream_transport_kgco2e_per_kg": f["upstream_transport"],
        }
        value = (
            inputs["casing_kg"] * f["casing"]
            + inputs["heatsink_kg"] * f["heatsink"]
            + inputs["pwb_cm2"] * f["pwb"]
            + inputs["gpu_die_effective_mm2"] * f["gpu"]
            + vram_mm2 * f["vram"]
            + inputs["mass_kg"] * f["upstream_transport"]
        )
        year = cat.year(hid) or 2026
        out.append(
            {
                "id": factor_id("embodied", hid, year, "boavizta-api", "manufacturing"),
                "kind": "embodied",
                "subject": hid,
                "year": year,
                "value": rounded(value, 2),
                "unit": "kgCO2e",
                "basis": "manufacturing",
                **undated(cat.year(hid)),
                "source": "boavizta-api",
                "method": (
                    f"Boavizta GPU model (BoaviztAPI 2.4.1) for gpu_specs.csv card '{row['name']}': "
                    "sum of casing, heatsink, PWB, GPU die, VRAM and upstream transport, each "
                    "input x its factors.yml gpu gwp factor. VRAM area = vram_gb*15.5/vram_dies mm2 "
                    "per die, corrected for wafer edge, kerf 0.2 mm and yield exp(-sqrt(0.1*A/100)) "
                    "on a 300 mm wafer, times vram_dies. Excludes distribution and end of life."
                ),
                "inputs": inputs,
            }
        )
    return out


def _wafer_effective_area(die_mm2: float) -> float:
    """Boavizta's wafer-corrected area of one die (edge loss, 0.2 mm kerf, yield)."""
    wafer = math.pi * 150.0**2
    side = math.sqrt(die_mm2) + 0.2
    area = side * side
    per_wafer = wafer / area - (math.pi * 300.0) / math.sqrt(2 * area)
    effective = area * (wafer / (per_wafer * area))
    return effective / math.exp(-math.sqrt((area / 100) * 0.1))


def _act_table(path: Path) -> dict[str, float]:
    """An ACT YAML table ("7nm": "2.150 kWh / cm2") as node -> leading number."""
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return {str(k): float(str(v).split()[0]) for k, v in data.items()}


def _act(folder: Path, ci_path: Path, cat: Catalog) -> list[Record]:
    """ACT logic-die embodied carbon for every catalog model with an Epoch die area and node."""
    epa = _act_table(folder / "epa.yaml")
    gpa95 = _act_table(folder / "gpa_95.yaml")
    gpa99 = _act_table(folder / "gpa_99.yaml")
    mpa = _act_table(folder / "materials.yaml")
    ci = _act_table(ci_path)[ACT_FAB]
    out = []
    for hid in sorted(cat.hardware):
        rec = cat.hardware[hid]
        specs, year = rec["specs"], rec["release_year"]
        area, node = specs.get("die_area_mm2"), specs.get("process_nm")
        key = f"{node}nm"
        if area is None or node is None or year is None or key not in epa:
            continue

        def per_cm2(gpa: float, node_key: str = key) -> float:  # kg per cm2
            return (ci * epa[node_key] + gpa + mpa[node_key]) / ACT_YIELD / 1000.0

        cm2 = area / 100.0
        mid = per_cm2((gpa95[key] + gpa99[key]) / 2)
        value = cm2 * mid + ACT_PACKAGE_KG
        low = cm2 * per_cm2(gpa99[key]) + ACT_PACKAGE_KG
        high = cm2 * per_cm2(gpa95[key]) + ACT_PACKAGE_KG
        out.append(
            {
                "id": factor_id("embodied", hid, year, "act-logic-gupta-2022", "manufacturing"),
                "kind": "embodied",
                "subject": hid,
                "year": year,
                "value": rounded(value, 2),
                "unit": "kgCO2e",
                "low": rounded(low, 2),
                "high": rounded(high, 2),
                "basis": "manufacturing",
                "source": "act-logic-gupta-2022",
                "method": (
                    "ACT logic model, compute die only (no HBM/VRAM, board, cooling or host): "
                    "die_cm2 x (fab_ci x EPA + GPA + MPA) / yield + one IC package, with ACT's "
                    "defaults: fab in Taiwan, yield 0.875, GPA97 = mean of the 95 % and 99 % "
                    "abatement tables (low uses 99 %, high 95 %), 150 g per package. Die area "
                    "and node from Epoch AI. A lower bound for the whole accelerator."
                ),
                "inputs": {
                    "die_area_mm2": area,
                    "process": key,
                    "fab_ci_g_per_kwh": ci,
                    "epa_kwh_per_cm2": epa[key],
                    "gpa95_g_per_cm2": gpa95[key],
                    "gpa99_g_per_cm2": gpa99[key],
                    "mpa_g_per_cm2": mpa[key],
                    "fab_yield": ACT_YIELD,
                    "package_kg": ACT_PACKAGE_KG,
                    "kgco2e_per_cm2": rounded(mid, 4),
                },
            }
        )
    return out


def _act_per_cm2(folder: Path, ci_path: Path) -> dict[int, float]:
    """ACT's kgCO2e per cm² of logic die by node (nm), GPA97, as in ``_act``'s value."""
    epa = _act_table(folder / "epa.yaml")
    gpa95 = _act_table(folder / "gpa_95.yaml")
    gpa99 = _act_table(folder / "gpa_99.yaml")
    mpa = _act_table(folder / "materials.yaml")
    ci = _act_table(ci_path)[ACT_FAB]
    return {
        int(k.removesuffix("nm")): (ci * epa[k] + (gpa95[k] + gpa99[k]) / 2 + mpa[k])
        / ACT_YIELD
        / 1000.0
        for k in epa
    }


def _hand_written_hardware(folder: Path, written: set[str]) -> dict[str, Record]:
    """The chips of the hand-written files beside ours (instance parts no upstream list
    names): sized like the catalogue's when what is on file allows (memory peers)."""
    out: dict[str, Record] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if path.name in written:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for h in data.get("hardware") or []:
            # PN (audit 1796674267): the notes name who gave a spec; a hand-written row has
            # no Epoch row behind it (``_accelerator_peers.memory_source``).
            specs = dict(h.get("specs") or {}) | {HAND_WRITTEN: path.name}
            out[h["id"]] = h | {"specs": specs}
    return out


def _hand_written_power(folder: Path, written: set[str]) -> list[Record]:
    """The power factors of the hand-written files beside ours (their idle figures count)."""
    out: list[Record] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if path.name not in written:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            out += [f for f in data.get("factors") or [] if f.get("kind") == "power"]
    return out


def _hand_written_credible(folder: Path, written: set[str]) -> list[Record]:
    """The credible embodied factors of the hand-written files beside ours (their subjects
    need no sizing, and they belong in their category's default pool: rule C1)."""
    out: list[Record] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if path.name in written:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for f in data.get("factors") or []:
            if f.get("kind") == "embodied" and f.get("rung") in CREDIBLE:
                out.append(f)
    return out


def build(sources: Path, factors_root: Path | None = None) -> dict[str, dict[str, Any]]:
    """All output files (relative path -> content) from the upstream folders under ``sources``.

    ``factors_root`` (default: the repository's) gives the bibliography whose licences
    decide which values the category defaults may pool.
    """
    cat = Catalog()
    epoch_factors = _epoch(sources / EPOCH_CSV, cat)
    _extras(cat)
    files: dict[str, dict[str, Any]] = {}
    by_group: dict[str, list[Record]] = {}
    for hid in sorted(cat.hardware):
        rec = {k: v for k, v in cat.hardware[hid].items() if v not in (None, [], {})}
        by_group.setdefault(cat.group[hid], []).append(rec)
    epoch_by_group: dict[str, list[Record]] = {}
    for f in epoch_factors:
        epoch_by_group.setdefault(cat.group[f["subject"]], []).append(f)
    for group, recs in by_group.items():
        content: dict[str, Any] = {"hardware": recs}
        if epoch_by_group.get(group):
            content["factors"] = sorted(epoch_by_group[group], key=lambda r: r["id"])
        files[f"{group}.yaml"] = content
    secondary = {
        "mlco2-impact.yaml": _mlco2(sources / MLCO2_CSV, cat),
        "green-algorithms.yaml": _green_algorithms(sources / GA_CSV, cat),
        "ccf-methodology.yaml": _ccf(sources / CCF_CSV, cat),
    }
    years = {hid: cat.year(hid) for hid in cat.hardware}
    embodied = {
        "embodied-boavizta.yaml": _boavizta(
            sources / BOAVIZTA_FACTORS, sources / BOAVIZTA_GPUS, cat
        ),
        "embodied-act.yaml": _act(sources / ACT_LOGIC, sources / ACT_CI, cat),
        "embodied-hubblo.yaml": hubblo(sources / HUBBLO_CSV, years),
        "embodied-nvidia-pcf.yaml": nvidia_pcf(years),
    }
    every = [f for fs in embodied.values() for f in fs]
    from carbonfactors.cli import default_factors

    from ..licensing import open_sources

    root = factors_root or default_factors()
    permitted = open_sources(root)
    per_cm2 = _act_per_cm2(sources / ACT_LOGIC, sources / ACT_CI)
    dram = dram_kg_per_gb(sources / DRAM_YAML)
    for f in every:
        f.setdefault("rung", RUNG[f["source"]])
    methods = pcf_cross() + die_model(cat.hardware, every, per_cm2, ACT_PACKAGE_KG, dram)
    spreads = with_spreads(every, methods, permitted)
    categories = {hid: rec["category"] for hid, rec in cat.hardware.items()}
    written = set(files) | set(secondary) | set(embodied) | {"embodied-sized.yaml"}
    written |= {"embodied-defaults.yaml", "power-defaults.yaml", "power-family.yaml"}
    written |= {"embodied-sized-open.yaml", "power-idle-class.yaml"}
    hand = [f for f in _hand_written_credible(root / OUT, written) if f["subject"] in categories]
    own = {f["subject"] for f in hand}
    own_values = {f["subject"]: f for f in sorted(hand, key=lambda f: f["id"], reverse=True)}
    chips = _hand_written_hardware(root / OUT, written) | cat.hardware
    # Hand-written bounds at the S2 ratio must be this run's ratio (issue 19: computed).
    wrong = s2_disagreements(hand, spreads["s2_ratio"], spreads["s2_sources"])
    if wrong:
        raise ValueError("S2 bounds disagree with the computed ratio: " + "; ".join(wrong))
    # A consumer card's Epoch TDP off its series siblings' (audit 1796660847 ES).
    hand_tdp = {
        f["subject"]: float(f["value"])
        for f in _hand_written_power(root / OUT, written)
        if f.get("basis") == "tdp"
    }
    names = {str(h.get("name")): hid for hid, h in cat.hardware.items()}
    off = sibling_tdp_flags(epoch_cards(sources / EPOCH_CSV, names, hand_tdp))
    if off:
        raise ValueError("Epoch consumer TDP off its siblings: " + "; ".join(off))
    tdp = datasheet_tdp(epoch_factors)
    embodied["embodied-sized.yaml"] = sized(
        chips, every, per_cm2, ACT_PACKAGE_KG, dram, own, tdp, own_values, years
    )
    # The same model on open inputs only: what the category defaults pool (rule C1).
    open_every = [f for f in every if f["source"] in permitted]
    sized_open = sized(
        chips, open_every, per_cm2, ACT_PACKAGE_KG, dram, own, tdp, own_values, years
    )
    embodied["embodied-defaults.yaml"] = category_defaults(
        every + hand + embodied["embodied-act.yaml"],
        categories,
        spreads["s2_ratio"],
        permitted,
        spreads["s2_sources"],
        sized_open,
    )
    # The same values shipped for the open bundle (issue 20 item 3).
    embodied["embodied-sized-open.yaml"] = open_variants(
        sized_open, spreads["s2_ratio"], spreads["s2_sources"]
    )
    embodied["power-defaults.yaml"] = power_defaults(epoch_factors, categories)
    powered = {
        f["subject"]
        for fs in (epoch_factors, *secondary.values())
        for f in fs
        if f["kind"] == "power"
    }
    # A hand-written figure (a datasheet read by hand) is the part's own: no derived step.
    powered |= {f["subject"] for f in _hand_written_power(root / OUT, written)}
    embodied["power-family.yaml"] = family_power(epoch_factors, categories, powered, years, chips)
    # A class idle where no idle is on file (audit 1796585890 I1), hand-written power seen.
    power_all = [
        f
        for fs in (
            epoch_factors,
            *secondary.values(),
            embodied["power-family.yaml"],
            embodied["power-defaults.yaml"],
        )
        for f in fs
        if f["kind"] == "power"
    ] + _hand_written_power(root / OUT, written)
    embodied["power-idle-class.yaml"] = class_idle(
        power_all, {h: r.get("category", "") for h, r in chips.items()} | categories
    )
    secondary.update(embodied)
    for rel, factors in secondary.items():
        files[rel] = {"factors": sorted(factors, key=lambda r: r["id"])}
    return files


def convert(upstream: Path, factors_root: Path) -> list[Path]:
    from ._common import write_folder

    files = build(upstream, factors_root)
    head = header(
        NAME,
        [
            EPOCH_CSV,
            MLCO2_CSV,
            GA_CSV,
            CCF_CSV,
            BOAVIZTA_FACTORS,
            BOAVIZTA_GPUS,
            ACT_LOGIC + "/*.yaml",
            ACT_CI,
            DRAM_YAML,
            HUBBLO_CSV,
            "NVIDIA HGX PCF summaries (table in _accelerator_embodied.py)",
        ],
    )
    return write_folder(factors_root / OUT, files, head)


register(
    Importer(
        name=NAME,
        description="GPUs/TPUs/accelerators: Epoch catalog + TDP, ML CO2, Green Algorithms, CCF, "
        "Boavizta and ACT embodied",
        upstream=".",
        convert=convert,
    )
)
