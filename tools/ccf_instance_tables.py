"""Transcribe Cloud Carbon Footprint's instance facts into ``factors/billing/ccf/{aws,gcp}.yaml``.

CCF (Apache-2.0, archived 2025) keeps what it knows of each EC2 instance type in data
literals of its TypeScript sources: vCPUs, memory and scope-3 emissions per family and
size, the processor micro-architectures behind each type, burstable baselines, GPU counts
and models, and memory per physical chip per micro-architecture. ``--method ccf`` needs
these facts to reproduce CCF's numbers; this tool reads the literals (only the data, no
code is carried over) from a clone of CCF at a pinned commit and writes them as YAML,
which is then reviewed like every factor file (source ``ccf-instance-tables``).

    .venv/bin/python tools/ccf_instance_tables.py --repo <cloud-carbon-footprint .git> \
        [--commit b7a049c...] [--out factors/billing/ccf/aws.yaml]
"""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COMMIT = "b7a049c7d25c0022919ab9010199dd9e77aa4577"
TYPES = "packages/aws/src/lib/AWSInstanceTypes.ts"
CONSTANTS = "packages/aws/src/domain/AwsFootprintEstimationConstants.ts"
PROCESSORS = "packages/core/src/compute/ComputeProcessorTypes.ts"
GCP_CONSTANTS = "packages/gcp/src/domain/GcpFootprintEstimationConstants.ts"
GCP_TYPES = "packages/gcp/src/lib/MachineTypes.ts"
AZURE_TYPES = "packages/azure/src/lib/VirtualMachineTypes.ts"
AZURE_CONSTANTS = "packages/azure/src/domain/AzureFootprintEstimationConstants.ts"

_KEY = r"(?:'(?P<q>[^']+)'|(?P<b>[A-Za-z0-9_.-]+))"


def _show(repo: str, commit: str, path: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", repo, "show", f"{commit}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _block(text: str, name: str) -> str:
    """The body of ``export const NAME ... = { ... }`` (braces balanced)."""
    m = re.search(rf"export const {name}\b[^=]*=\s*\{{", text)
    if m is None:
        raise SystemExit(f"{name} not found")
    depth, i = 1, m.end()
    while depth:
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    return re.sub(r"//[^\n]*", "", text[m.end() : i - 1])


def _key(m: re.Match[str]) -> str:
    return m.group("q") or m.group("b")


def _numbers(body: str) -> dict[str, Any]:
    return {
        _key(m): float(m.group("v"))
        for m in re.finditer(rf"{_KEY}\s*:\s*(?P<v>[0-9.]+)\s*,?", body)
    }


def _families(body: str) -> dict[str, dict[str, list[float]]]:
    out: dict[str, dict[str, list[float]]] = {}
    for fam in re.finditer(rf"{_KEY}\s*:\s*\{{(?P<body>[^}}]*)\}}", body):
        out[_key(fam)] = {
            _key(s): [float(x) for x in s.group("v").split(",") if x.strip()]
            for s in re.finditer(rf"{_KEY}\s*:\s*\[(?P<v>[^\]]*)\]", fam.group("body"))
        }
    return out


def _enum(text: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in re.finditer(r"(\w+) = '([^']+)'", text)}


def _groups(text: str, enum: dict[str, str]) -> dict[str, list[str]]:
    out = {}
    for m in re.finditer(r"export const (\w+) = \[([^\]]*)\]", text):
        out[m.group(1)] = [
            enum[x] for x in re.findall(r"COMPUTE_PROCESSOR_TYPES\.(\w+)", m.group(2))
        ]
    return out


def _lists(body: str, enum: dict[str, str], groups: dict[str, list[str]]) -> dict[str, list[str]]:
    out = {}
    for m in re.finditer(rf"{_KEY}\s*:\s*(?:\[(?P<l>[^\]]*)\]|(?P<g>\w+))\s*,?", body):
        if m.group("l") is not None:
            out[_key(m)] = [
                enum[x] for x in re.findall(r"COMPUTE_PROCESSOR_TYPES\.(\w+)", m.group("l"))
            ]
        else:
            out[_key(m)] = list(groups[m.group("g")])
    return out


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _memory_per_chip(consts: str, enum: dict[str, str]) -> dict[str, float]:
    """CCF's MEMORY_BY_COMPUTE_PROCESSOR table (GB per chip) in a constants file's text."""
    table = consts.split("MEMORY_BY_COMPUTE_PROCESSOR")[1].split("}")[0]
    return {
        _slug(enum[m.group(1)]): float(m.group(2))
        for m in re.finditer(r"\[COMPUTE_PROCESSOR_TYPES\.(\w+)\]:\s*([0-9.]+)", table)
    }


def extract(repo: str, commit: str) -> dict[str, Any]:
    types, consts, procs = (_show(repo, commit, p) for p in (TYPES, CONSTANTS, PROCESSORS))
    enum = _enum(procs)
    groups = _groups(procs, enum)
    memory = _memory_per_chip(
        _block(consts.replace("AWS_CLOUD_CONSTANTS: CloudConstantsByProvider", "X"), "X"), enum
    )
    avg = re.search(r"MEMORY_AVG:\s*([0-9.]+)", consts)
    return {
        "memory_gb_per_chip": memory,
        "memory_gb_per_chip_average": float(avg.group(1)) if avg else None,
        "families": _families(_block(types, "EC2_INSTANCE_TYPES")),
        "u_families": _families(_block(types, "INSTANCE_FAMILY_TO_INSTANCE_TYPE_MAPPING")),
        "redshift_families": _families(_block(types, "REDSHIFT_INSTANCE_TYPES")),
        "burstable_baseline_percent": _numbers(
            _block(types, "BURSTABLE_INSTANCE_BASELINE_UTILIZATION")
        ),
        "processors": {
            k: [_slug(p) for p in v]
            for k, v in _lists(
                _block(types, "INSTANCE_TYPE_COMPUTE_PROCESSOR_MAPPING"), enum, groups
            ).items()
        },
        "gpu_count": _numbers(_block(types, "GPU_INSTANCES_TYPES")),
        "gpu_processors": {
            k: [_slug(p) for p in v]
            for k, v in _lists(
                _block(types, "INSTANCE_TYPE_GPU_PROCESSOR_MAPPING"), enum, groups
            ).items()
        },
    }


HEADER = """\
# Cloud Carbon Footprint's AWS instance facts, as its --method ccf reproduction needs them.
# Transcribed by tools/ccf_instance_tables.py (data literals only) from
# cloud-carbon-footprint/cloud-carbon-footprint@{commit} (Apache-2.0):
#   {types} (families: size -> [vCPUs, memory GB, scope-3 t CO2e per host];
#   u_families: the same for u-* types; redshift_families: [vCPUs, memory GB];
#   burstable baselines in %, processors per instance type, GPU counts and models),
#   {consts} (memory GB per physical chip per micro-architecture).
# Source: ccf-instance-tables (factors/sources.yaml). Read only by --method ccf.
"""


def _flat(body: str) -> dict[str, list[float]]:
    """``'f1-micro': [1, 1.5771], ...`` -> {name: [numbers]}."""
    return {
        _key(m): [float(x) for x in m.group("v").split(",") if x.strip()]
        for m in re.finditer(rf"{_KEY}\s*:\s*\[(?P<v>[^\]]*)\]", body)
    }


def extract_gcp(repo: str, commit: str) -> dict[str, Any]:
    """GCP's fallback W per vCPU when a machine type's processors are unknown (CCF uses
    the medians ``MIN_WATTS_MEDIAN`` / ``MAX_WATTS_MEDIAN``, not a mean of its table), and
    its machine-type facts: processors per machine-series prefix, shared-core types, and
    per family machine type -> [vCPUs, scope-3 t CO2e per host]."""
    text = _show(repo, commit, GCP_CONSTANTS)
    lo = re.search(r"MIN_WATTS_MEDIAN:\s*([0-9.]+)", text)
    hi = re.search(r"MAX_WATTS_MEDIAN:\s*([0-9.]+)", text)
    if lo is None or hi is None:
        raise SystemExit("GCP MIN/MAX_WATTS_MEDIAN not found")
    types, procs = _show(repo, commit, GCP_TYPES), _show(repo, commit, PROCESSORS)
    enum = _enum(procs)
    shared = _enum(types.split("export enum SHARED_CORE_PROCESSORS")[1].split("}")[0])
    return {
        "vcpu_watts_fallback": {"min": float(lo.group(1)), "max": float(hi.group(1))},
        "shared_core": sorted(shared.values()),
        "processors": {
            k: [_slug(p) for p in v]
            for k, v in _lists(
                _block(types, "INSTANCE_TYPE_COMPUTE_PROCESSOR_MAPPING"), enum, _groups(procs, enum)
            ).items()
        },
        "families": _families(_block(types, "MACHINE_FAMILY_TO_MACHINE_TYPE_MAPPING")),
        "shared_core_families": _families(
            _block(types, "MACHINE_FAMILY_SHARED_CORE_TO_MACHINE_TYPE_MAPPING")
        ),
        "n1_shared_core": _flat(
            _block(types, "N1_SHARED_CORE_MACHINE_FAMILY_TO_MACHINE_TYPE_MAPPING")
        ),
    }


GCP_HEADER = """\
# Cloud Carbon Footprint's GCP facts, as its --method ccf reproduction needs them.
# Transcribed by tools/ccf_instance_tables.py (data literals only) from
# cloud-carbon-footprint/cloud-carbon-footprint@{commit} (Apache-2.0):
#   {path} (MIN_WATTS_MEDIAN, MAX_WATTS_MEDIAN: W per vCPU when processors are unknown),
#   {types} (shared_core: SHARED_CORE_PROCESSORS; processors: INSTANCE_TYPE_COMPUTE_PROCESSOR_MAPPING,
#   keyed by machine series; families: MACHINE_FAMILY_TO_MACHINE_TYPE_MAPPING, machine type ->
#   [vCPUs, scope-3 t CO2e per host]; shared_core_families and n1_shared_core: the
#   MACHINE_FAMILY_SHARED_CORE_ and N1_SHARED_CORE_ mappings, the same pairs).
# Source: ccf-instance-tables (factors/sources.yaml). Read only by --method ccf.
"""


#: CCF's variant of a region's grid factor that its default configuration uses (GCP also
#: lists a CFE-adjusted one, read only when GCP_USE_CARBON_FREE_ENERGY_PERCENTAGE is set).
GRID_VARIANTS = ("location-based grid factor", "location-based grid factor (default)")
GRID_FILE = "ccf_region_emission_factors.csv"


def extract_grid(constants: Path, provider: str) -> dict[str, float]:
    """CCF's own grid factor per region of ``provider`` (gCO2e/kWh), as its estimators read
    it, including what the ``ccf-regions`` importer leaves out of the dataset because the
    basis is unknown (carbonfootprint.com rows, GCP values unlike Google's, multi-region
    sums, the provider's ``Unknown`` average): ``--method ccf`` reproduces CCF, whatever the
    basis. Keys are CCF's region names lowercased; values rounded to 4 decimals, as the
    CSV's ``value_gco2e_per_kwh`` column."""
    out: dict[str, float] = {}
    with (constants / GRID_FILE).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["provider"] != provider or row["variant"] not in GRID_VARIANTS:
                continue
            if row["unit"] != "tCO2e/kWh":
                raise SystemExit(f"{GRID_FILE}: unexpected unit {row['unit']!r}")
            out[row["region"].lower()] = round(float(row["value"]) * 1_000_000, 4)
    if not out:
        raise SystemExit(f"{GRID_FILE}: no grid factor for {provider}")
    return out


GRID_HEADER = """\
# grid_gco2e_per_kwh: CCF's grid factor per region (its default, location-based variant;
# regions lowercased; gCO2e/kWh = CCF's tCO2e/kWh x 1,000,000), from
# shared/sources/ccf-constants/{file} (transcribed from the *FootprintEstimationConstants.ts
# of the same commit). Source: ccf-region-emission-factors. Read only by --method ccf,
# when the dataset holds no ccf-region-emission-factors factor for the region.
"""


def _write(path: Path, header: str, data: dict[str, Any], width: int = 100) -> None:
    import yaml

    text = header + GRID_HEADER.format(file=GRID_FILE)
    text += yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=width)
    path.write_text(text)


def extract_azure(repo: str, commit: str) -> dict[str, Any]:
    """CCF's Azure VM facts, keyed by meter name (``D8 v3``): series -> type -> [vCPUs,
    memory GB, scope-3 t]; flat vCPU/memory types; constrained-vCPU types [vCPUs, memory,
    platform vCPUs, scope-3 t]; processors and GPUs per type; memory GB per chip."""
    types, consts = _show(repo, commit, AZURE_TYPES), _show(repo, commit, AZURE_CONSTANTS)
    procs = _show(repo, commit, PROCESSORS)
    enum = _enum(procs)
    groups = _groups(procs, enum)
    memory = _memory_per_chip(consts, enum)
    avg = re.search(r"MEMORY_AVG:\s*([0-9.]+)", consts)

    def procs_of(name: str) -> dict[str, list[str]]:
        return {
            k: [_slug(p) for p in v] for k, v in _lists(_block(types, name), enum, groups).items()
        }

    return {
        "memory_gb_per_chip": memory,
        "memory_gb_per_chip_average": float(avg.group(1)) if avg else None,
        "series": _families(_block(types, "VIRTUAL_MACHINE_TYPE_SERIES_MAPPING")),
        "vcpu_memory": _flat(_block(types, "VIRTUAL_MACHINE_TYPE_VCPU_MEMORY_MAPPING")),
        "constrained": _flat(
            _block(types, "VIRTUAL_MACHINE_TYPE_CONSTRAINED_VCPU_CAPABLE_MAPPING")
        ),
        "processors": procs_of("INSTANCE_TYPE_COMPUTE_PROCESSOR_MAPPING"),
        "gpu_count": _numbers(_block(types, "GPU_VIRTUAL_MACHINE_TYPES")),
        "gpu_processors": procs_of("GPU_VIRTUAL_MACHINE_TYPE_PROCESSOR_MAPPING"),
    }


AZURE_HEADER = """\
# Cloud Carbon Footprint's Azure facts, as its --method ccf reproduction needs them.
# Transcribed by tools/ccf_instance_tables.py (data literals only) from
# cloud-carbon-footprint/cloud-carbon-footprint@{commit} (Apache-2.0):
#   {types} (series: VIRTUAL_MACHINE_TYPE_SERIES_MAPPING, meter name -> [vCPUs, memory GB,
#   scope-3 t CO2e per host]; vcpu_memory: VIRTUAL_MACHINE_TYPE_VCPU_MEMORY_MAPPING;
#   constrained: VIRTUAL_MACHINE_TYPE_CONSTRAINED_VCPU_CAPABLE_MAPPING, [vCPUs, memory GB,
#   platform vCPUs, scope-3 t]; processors, gpu_count, gpu_processors per meter name),
#   {consts} (MEMORY_BY_COMPUTE_PROCESSOR, MEMORY_AVG: GB per physical chip).
# Source: ccf-instance-tables (factors/sources.yaml). Read only by --method ccf.
"""


def main(argv: list[str] | None = None) -> int:

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--repo", required=True, help="a clone (or bare .git) of cloud-carbon-footprint"
    )
    ap.add_argument("--commit", default=COMMIT)
    ap.add_argument("--out", default=str(ROOT / "factors" / "billing" / "ccf" / "aws.yaml"))
    ap.add_argument(
        "--constants",
        default=str(ROOT.parent / "shared" / "sources" / "ccf-constants"),
        help="shared/sources/ccf-constants (CCF's grid factors per region)",
    )
    args = ap.parse_args(argv)
    constants = Path(args.constants)
    data = {"provider": "aws", "source": "ccf-instance-tables", "commit": args.commit}
    data.update(extract(args.repo, args.commit))
    data["grid_gco2e_per_kwh"] = extract_grid(constants, "aws")
    header = HEADER.format(commit=args.commit, types=TYPES, consts=CONSTANTS)
    _write(Path(args.out), header, data)
    print(f"wrote {args.out}: {len(data['families'])} families, {len(data['processors'])} types")
    gcp = {"provider": "gcp", "source": "ccf-instance-tables", "commit": args.commit}
    gcp.update(extract_gcp(args.repo, args.commit))
    gcp["grid_gco2e_per_kwh"] = extract_grid(constants, "gcp")
    gcp_out = Path(args.out).with_name("gcp.yaml")
    gcp_header = GCP_HEADER.format(commit=args.commit, path=GCP_CONSTANTS, types=GCP_TYPES)
    _write(gcp_out, gcp_header, gcp)
    print(f"wrote {gcp_out}")
    azure = {"provider": "azure", "source": "ccf-instance-tables", "commit": args.commit}
    azure.update(extract_azure(args.repo, args.commit))
    azure["grid_gco2e_per_kwh"] = extract_grid(constants, "azure")
    azure_out = Path(args.out).with_name("azure.yaml")
    azure_header = AZURE_HEADER.format(
        commit=args.commit, types=AZURE_TYPES, consts=AZURE_CONSTANTS
    )
    _write(azure_out, azure_header, azure)
    print(f"wrote {azure_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
