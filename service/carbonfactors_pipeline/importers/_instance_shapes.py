"""Shapes (vCPUs, memory, CPU) of plain cloud instance types, read on the providers' pages.

Boavizta's cloud archetypes (AGPL-3.0 code) were the only list giving the vCPUs and memory
of about 270 plain Azure, Scaleway, OVHcloud and AWS types, and no value may rest on them
(issue 19). These are the same facts read on the providers' own size tables, cited per
series by a source id of ``factors/sources.yaml``: per size, vCPUs and memory in GiB; per
series, the processors the page names and their micro-architectures (CCF's names, which
pick the W per vCPU). Numbers only, never derived here; ``cloud_instances`` derives power
and embodied carbon from them and records the source in each value's ``derived_from``.

Scaleway's (scaleway/docs-content) and OVHcloud's (ovh/docs) documentation are licensed
CC BY-NC-SA 4.0, a non-commercial licence no bundle may carry, so their types have no
table here: they keep the instance category default (issue 19, z-shapes report).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Microsoft Learn VM size pages (MicrosoftDocs/azure-compute-docs, CC BY 4.0).
AZURE_SIZES = "azure-vm-sizes"
#: Amazon RDS/Aurora DB instance class tables (AWS Graviton2 ``db.x2g`` class).
AWS_SIZES = "aws-instance-sizes"


@dataclass(frozen=True)
class Series:
    """One size table: who says so, the processors named, the sizes (vCPUs, memory GiB)."""

    provider: str
    source: str
    #: The page the table is on (path in the provider's docs repository).
    page: str
    cpu: str
    #: CCF micro-architecture names of the processors the page lists for the series.
    archs: tuple[str, ...]
    sizes: dict[str, tuple[float, float]]


def _azure(page: str, cpu: str, archs: tuple[str, ...], rows: str) -> Series:
    """A Microsoft Learn table written as 'type vcpus memory; ...' (lower-case API names)."""
    sizes: dict[str, tuple[float, float]] = {}
    for row in rows.split(";"):
        name, vcpus, mem = row.split()
        sizes[f"standard_{name}"] = (float(vcpus), float(mem))
    return Series("azure", AZURE_SIZES, page, cpu, archs, sizes)


_GP = "articles/virtual-machines/sizes/general-purpose/"
_MO = "articles/virtual-machines/sizes/memory-optimized/"
_SO = "articles/virtual-machines/sizes/storage-optimized/"
#: Processor lines of the series' "Host specifications" include (``includes/*-specs.md``).
_MILAN_GENOA = ("AMD EPYC 7763v (Milan), AMD EPYC 9004 (Genoa)", ("EPYC 3rd Gen", "EPYC 4th Gen"))
_MILAN = ("AMD EPYC (Milan)", ("EPYC 3rd Gen",))
_ICL_EMR = (
    "Intel Xeon Platinum 8370C (Ice Lake), Intel Xeon Platinum 8573C (Emerald Rapids)",
    ("Ice Lake", "Emerald Rapids"),
)
_SPR_ICL_EMR = (
    "Intel Xeon Platinum 8473C (Sapphire Rapids), Intel Xeon Platinum 8370C (Ice Lake), "
    "Intel Xeon Platinum 8573C (Emerald Rapids)",
    ("Sapphire Rapids", "Ice Lake", "Emerald Rapids"),
)
_ICL = ("Intel Xeon (Ice Lake)", ("Ice Lake",))
_ICL_8370C = ("Intel Xeon Platinum 8370C (Ice Lake)", ("Ice Lake",))
_MILAN_7763 = ("AMD EPYC 7763v (Milan)", ("EPYC 3rd Gen",))

_D4 = "2 2 8;4 4 16;8 8 32;16 16 64;32 32 128;48 48 192;64 64 256;96 96 384"
_E8 = "2 2 16;4 4 32;8 8 64;16 16 128;20 20 160;32 32 256;48 48 384;64 64 512;96 96 672"
_DC3 = "1 1 8;2 2 16;4 4 32;8 8 64;16 16 128;24 24 192;32 32 256;48 48 384"
_L3 = "8 8 64;16 16 128;32 32 256;48 48 384;64 64 512;80 80 640"


def _rows(template: str, fmt: str) -> str:
    """Fill a size template ('n vcpus mem; ...') with the series' name pattern ('d{}as_v5')."""
    out = []
    for row in template.split(";"):
        n, vcpus, mem = row.split()
        out.append(f"{fmt.format(n)} {vcpus} {mem}")
    return ";".join(out)


SERIES: tuple[Series, ...] = (
    _azure(f"{_GP}dasv5-series.md", *_MILAN_GENOA, _rows(_D4, "d{}as_v5")),
    _azure(f"{_GP}dadsv5-series.md", *_MILAN_GENOA, _rows(_D4, "d{}ads_v5")),
    _azure(f"{_GP}dcasv5-series.md", *_MILAN, _rows(_D4, "dc{}as_v5")),
    _azure(f"{_GP}dcadsv5-series.md", *_MILAN, _rows(_D4, "dc{}ads_v5")),
    _azure(f"{_GP}dsv5-series.md", *_SPR_ICL_EMR, _rows(_D4, "d{}s_v5")),
    _azure(f"{_GP}ddsv5-series.md", *_ICL_EMR, _rows(_D4, "d{}ds_v5")),
    # DCsv3/DCdsv3 list cores (one vCPU each, SGX sizes); EPC memory is part of the memory.
    _azure(f"{_GP}dcsv3-series.md", *_ICL, _rows(_DC3, "dc{}s_v3")),
    _azure(f"{_GP}dcdsv3-series.md", *_ICL, _rows(_DC3, "dc{}ds_v3")),
    _azure(f"{_MO}easv5-series.md", *_MILAN_GENOA, _rows(_E8, "e{}as_v5") + ";e112ias_v5 112 672"),
    _azure(
        f"{_MO}eadsv5-series.md", *_MILAN_GENOA, _rows(_E8, "e{}ads_v5") + ";e112iads_v5 112 672"
    ),
    _azure(f"{_MO}esv5-series.md", *_SPR_ICL_EMR, _rows(_E8, "e{}s_v5") + ";e104is_v5 104 672"),
    _azure(f"{_MO}edsv5-series.md", *_ICL_EMR, _rows(_E8, "e{}ds_v5") + ";e104ids_v5 104 672"),
    # Ebsv5/Ebdsv5 have no 20-vCPU size; the series' specs include names Ice Lake and
    # Emerald Rapids (its prose also says 8272CL for Ebsv5: the include is the table).
    _azure(
        f"{_MO}ebdsv5-ebsv5-series.md",
        *_ICL_EMR,
        _rows(_E8.replace("20 20 160;", ""), "e{}bds_v5")
        + ";"
        + _rows(_E8.replace("20 20 160;", ""), "e{}bs_v5")
        + ";e112ibds_v5 112 672;e112ibs_v5 112 672",
    ),
    _azure(f"{_SO}lsv3-series.md", *_ICL_8370C, _rows(_L3, "l{}s_v3")),
    _azure(f"{_SO}lasv3-series.md", *_MILAN_7763, _rows(_L3, "l{}as_v3")),
    Series(
        "aws",
        AWS_SIZES,
        "AuroraUserGuide/Concepts.DBInstanceClass (db.x2g, AWS Graviton2)",
        "AWS Graviton2",
        ("Graviton2",),
        {
            "x2g.large": (2, 32),
            "x2g.xlarge": (4, 64),
            "x2g.2xlarge": (8, 128),
            "x2g.4xlarge": (16, 256),
            "x2g.8xlarge": (32, 512),
            "x2g.12xlarge": (48, 768),
            "x2g.16xlarge": (64, 1024),
        },
    ),
)

#: The sources of this module (the importer's composition order lists them).
SOURCES = (AZURE_SIZES, AWS_SIZES)


def shapes() -> dict[str, tuple[Series, float, float]]:
    """Every tabled type by id (``provider:type``): its series, vCPUs and memory GiB."""
    out: dict[str, tuple[Series, float, float]] = {}
    for s in SERIES:
        for t, (vcpus, mem) in s.sizes.items():
            key = f"{s.provider}:{t}"
            if key in out:
                raise ValueError(f"{key} is in two size tables")
            out[key] = (s, vcpus, mem)
    return out
