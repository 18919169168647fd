"""Shapes (vCPUs, memory, CPU) of plain cloud instance types, read on the providers' pages.

Boavizta's cloud archetypes (AGPL-3.0 code) were the only list giving the vCPUs and memory
of about 270 plain Azure, Scaleway, OVHcloud and AWS types, and no value may rest on them
(issue 19). These are the same facts read on the providers' own size tables, cited per
series by a source id of ``factors/sources.yaml``: per size, vCPUs and memory in GiB; per
series, the processors the page names and their micro-architectures (CCF's names, which
pick the W per vCPU). Numbers only, never derived here; ``cloud_instances`` derives power
and embodied carbon from them and records the source in each value's ``derived_from``.

Scaleway's (scaleway/docs-content) and OVHcloud's (ovh/docs) documentation are licensed
CC BY-NC-SA 4.0, a non-commercial licence no bundle may carry: only facts are read there
(vCPUs, memory, the processor model), cited as ``LicenseRef-Facts-Cited`` like the AWS
pages, no prose copied. Scaleway's sizes are its Instance API's server-type list as
recorded in its own open-source CLI's tests (scaleway/scaleway-cli), the processors its
datasheet; OVHcloud's are the b2/b3 flavors its Managed Kubernetes page lists (no
processor named: the per-vCPU CATEGORY DEFAULT applies to their power); the other
OVHcloud flavors' memory is read from their ``<family>-<GB>`` names by that page's
convention, their vCores left out (``OVHCLOUD_NAMED``, audit class OV).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Microsoft Learn VM size pages (MicrosoftDocs/azure-compute-docs, CC BY 4.0).
AZURE_SIZES = "azure-vm-sizes"
#: Amazon RDS/Aurora DB instance class tables (AWS Graviton2 ``db.x2g`` class).
AWS_SIZES = "aws-instance-sizes"
#: Scaleway Instance API server types (scaleway-cli test record) and datasheet processors.
SCALEWAY_SIZES = "scaleway-instance-sizes"
#: OVHcloud Public Cloud flavors listed in ovh/docs (Managed Kubernetes reserved resources).
OVH_SIZES = "ovhcloud-instance-sizes"


@dataclass(frozen=True)
class Series:
    """One size table: who says so, the processors named, the sizes (vCPUs, memory GiB)."""

    provider: str
    source: str
    #: The page the table is on (path in the provider's docs repository).
    page: str
    #: The processors the page names ("" when it names none: the CPU then picks no W per
    #: vCPU and the per-vCPU CATEGORY DEFAULT applies to the power).
    cpu: str
    #: CCF micro-architecture names of the processors the page lists for the series (none
    #: for a CPU without a CCF row, e.g. Ampere Altra: the mean of CCF's Arm rows applies).
    archs: tuple[str, ...]
    sizes: dict[str, tuple[float, float]]


def _table(
    provider: str, source: str, page: str, cpu: str, archs: tuple[str, ...], rows: str
) -> Series:
    """A size table written as 'type vcpus memory; ...' (lower-case API names)."""
    sizes: dict[str, tuple[float, float]] = {}
    for row in rows.split(";"):
        name, vcpus, mem = row.split()
        sizes[name] = (float(vcpus), float(mem))
    return Series(provider, source, page, cpu, archs, sizes)


def _azure(page: str, cpu: str, archs: tuple[str, ...], rows: str) -> Series:
    """A Microsoft Learn table (type names without their ``standard_`` prefix)."""
    named = ";".join(f"standard_{row.strip()}" for row in rows.split(";"))
    return _table("azure", AZURE_SIZES, page, cpu, archs, named)


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


_MICROSOFT_AWS: tuple[Series, ...] = (
    _azure(f"{_GP}dasv5-series.md", *_MILAN_GENOA, _rows(_D4, "d{}as_v5")),
    _azure(f"{_GP}dadsv5-series.md", *_MILAN_GENOA, _rows(_D4, "d{}ads_v5")),
    _azure(f"{_GP}dcasv5-series.md", *_MILAN, _rows(_D4, "dc{}as_v5")),
    _azure(f"{_GP}dcadsv5-series.md", *_MILAN, _rows(_D4, "dc{}ads_v5")),
    _azure(f"{_GP}dsv5-series.md", *_SPR_ICL_EMR, _rows(_D4, "d{}s_v5")),
    _azure(f"{_GP}ddsv5-series.md", *_ICL_EMR, _rows(_D4, "d{}ds_v5")),
    # DCsv3/DCdsv3 list cores (one vCPU each, SGX sizes); EPC memory is part of the memory.
    _azure(f"{_GP}dcsv3-series.md", *_ICL, _rows(_DC3, "dc{}s_v3")),
    # DCsv2 (MicrosoftDocs/azure-docs articles/virtual-machines/dcv2-series.md, commit
    # 0777393c): "Intel XEON E-2288G", sizes as CCF's list has them; audit 1796674267 HA.
    _azure(
        "articles/virtual-machines/dcv2-series.md",
        "Intel Xeon E-2288G",
        ("Coffee Lake",),
        "dc1s_v2 1 4;dc2s_v2 2 8;dc4s_v2 4 16;dc8_v2 8 32",
    ),
    _azure(f"{_GP}dcdsv3-series.md", *_ICL, _rows(_DC3, "dc{}ds_v3")),
    _azure(f"{_MO}easv5-series.md", *_MILAN_GENOA, _rows(_E8, "e{}as_v5") + ";e112ias_v5 112 672"),
    _azure(
        f"{_MO}eadsv5-series.md", *_MILAN_GENOA, _rows(_E8, "e{}ads_v5") + ";e112iads_v5 112 672"
    ),
    # Confidential twins of Easv5/Eadsv5 (class AZC): one page lists both series, the same
    # sizes as the twins', on "AMD's third-Generation EPYC 7763v processor".
    _azure(f"{_MO}ecasv5-ecadsv5-series.md", *_MILAN_7763, _rows(_E8, "ec{}as_v5")),
    _azure(f"{_MO}ecasv5-ecadsv5-series.md", *_MILAN_7763, _rows(_E8, "ec{}ads_v5")),
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

#: Scaleway: vCPUs ("cpu") and memory ("ram", bytes = GiB here) per commercial type from
#: the Instance API's server-type list recorded in scaleway/scaleway-cli
#: internal/namespaces/instance/v1/testdata/test-server-type-list-server-type-list.golden
#: (commit 055fd563); processors per range from scaleway/docs-content
#: pages/instances/reference-content/instances-datasheet.mdx ("CPU type" rows).
_SCW_API = "scaleway-cli testdata test-server-type-list-server-type-list.golden (Instance API)"
_SCW_NAME = (
    "commercial type name '<n>C-<m>G' (n vCPUs, m GiB, the pattern of every POP2 type in "
    "the Instance API list) with instances-datasheet.mdx (range, vCPU:RAM ratio, CPU type)"
)
_NAPLES_7281 = ("AMD EPYC 7281 (or equivalent)", ("EPYC 1st Gen",))
_NAPLES_7401P = ("AMD EPYC 7401P (or equivalent)", ("EPYC 1st Gen",))
_MILAN_7543 = ("AMD EPYC 7543", ("EPYC 3rd Gen",))
_ALTRA_MAX = ("Ampere Altra Max M128-30", ())
_POP2 = "2c-8g 2 8;4c-16g 4 16;8c-32g 8 32;16c-64g 16 64;32c-128g 32 128"


def _scw(page: str, cpu: str, archs: tuple[str, ...], rows: str) -> Series:
    return _table("scaleway", SCALEWAY_SIZES, page, cpu, archs, rows)


SCALEWAY: tuple[Series, ...] = (
    _scw(_SCW_API, *_NAPLES_7281, "dev1-s 2 2;dev1-m 3 4;dev1-l 4 8;dev1-xl 4 12"),
    _scw(
        _SCW_API,
        *_NAPLES_7401P,
        "gp1-xs 4 16;gp1-s 8 32;gp1-m 16 64;gp1-l 32 128;gp1-xl 48 256;gp1-viz 8 32",
    ),
    _scw(_SCW_API, *_MILAN_7543, "play2-pico 1 2;play2-nano 2 4;play2-micro 4 8"),
    _scw(
        _SCW_API,
        *_MILAN_7543,
        "pro2-xxs 2 8;pro2-xs 4 16;pro2-s 8 32;pro2-m 16 64;pro2-l 32 128",
    ),
    _scw(
        _SCW_API,
        *_MILAN_7543,
        "ent1-xxs 2 8;ent1-xs 4 16;ent1-s 8 32;ent1-m 16 64;ent1-l 32 128;ent1-xl 64 256;"
        "ent1-2xl 96 384",
    ),
    _scw(
        _SCW_API,
        *_MILAN_7543,
        ";".join(f"pop2-{r}" for r in (_POP2 + ";64c-256g 64 256").split(";")),
    ),
    _scw(
        _SCW_API,
        *_MILAN_7543,
        "pop2-hc-2c-4g 2 4;pop2-hc-4c-8g 4 8;pop2-hc-8c-16g 8 16;pop2-hc-16c-32g 16 32;"
        "pop2-hc-32c-64g 32 64;pop2-hc-64c-128g 64 128",
    ),
    _scw(
        _SCW_API,
        *_MILAN_7543,
        "pop2-hm-2c-16g 2 16;pop2-hm-4c-32g 4 32;pop2-hm-8c-64g 8 64;pop2-hm-16c-128g 16 128;"
        "pop2-hm-32c-256g 32 256;pop2-hm-64c-512g 64 512",
    ),
    # Not in the recorded API list: the Windows POP2 variants and the COPARM1 range (Arm).
    _scw(
        _SCW_NAME,
        *_MILAN_7543,
        ";".join(f"pop2-{n}-win {v} {m}" for n, v, m in (r.split() for r in _POP2.split(";"))),
    ),
    _scw(
        _SCW_NAME,
        *_ALTRA_MAX,
        "coparm1-2c-8g 2 8;coparm1-4c-16g 4 16;coparm1-8c-32g 8 32;coparm1-16c-64g 16 64;"
        "coparm1-32c-128g 32 128",
    ),
)

#: OVHcloud: vCores and total RAM (GB) per flavor from ovh/docs
#: pages/public_cloud/containers_orchestration/managed_kubernetes/
#: software-versions-reserved-resources/guide.en-gb.md ("Reserved resources" table, commit
#: 53c754ea); the page names no processor.
_OVH_K8S = "ovh/docs managed_kubernetes/software-versions-reserved-resources (b2, b3 flavors)"

OVHCLOUD: tuple[Series, ...] = (
    _table(
        "ovhcloud",
        OVH_SIZES,
        _OVH_K8S,
        "",
        (),
        "b2-7 2 7;b2-15 4 15;b2-30 8 30;b2-60 16 60;b2-120 32 120",
    ),
    _table(
        "ovhcloud",
        OVH_SIZES,
        _OVH_K8S,
        "",
        (),
        "b3-8 2 8;b3-16 4 16;b3-32 8 32;b3-64 16 64;b3-128 32 128;b3-256 64 256",
    ),
)

#: OVHcloud flavors no facts page read here sizes (audit 2026-12-07 seed 1796658609, class
#: OV): their memory only, read from the flavor name by the convention the cited page shows
#: for all eleven b2/b3 flavors (``<family>-<GB>``: b2-120 has 120 GB, b3-256 256 GB). The
#: vCores are on OVHcloud's price page, not on file: 0 here (``Instance.fill`` skips it),
#: so no vCPU is published and the power stays the category default (see the source notes).
#: bm-s1/m1/l1 carry no size in their name and are left out.
_OVH_NAME = "flavor name <family>-<GB> (convention of the ovh/docs b2/b3 table); vCores uncited"
OVH_NAMED_FAMILIES = ("b3", "c2", "c3", "d2", "i1", "r2", "r3")
OVHCLOUD_NAMED: tuple[Series, ...] = (
    _table(
        "ovhcloud",
        OVH_SIZES,
        _OVH_NAME,
        "",
        (),
        "b3-512 0 512;b3-640 0 640;"
        "c2-7 0 7;c2-15 0 15;c2-30 0 30;c2-60 0 60;c2-120 0 120;"
        "c3-4 0 4;c3-8 0 8;c3-16 0 16;c3-32 0 32;c3-64 0 64;c3-128 0 128;c3-256 0 256;"
        "c3-320 0 320;"
        "d2-2 0 2;d2-4 0 4;d2-8 0 8;"
        "i1-45 0 45;i1-90 0 90;i1-180 0 180;"
        "r2-15 0 15;r2-30 0 30;r2-60 0 60;r2-120 0 120;r2-240 0 240;"
        "r3-16 0 16;r3-32 0 32;r3-64 0 64;r3-128 0 128;r3-256 0 256;r3-512 0 512;"
        "r3-1024 0 1024",
    ),
)

SERIES: tuple[Series, ...] = _MICROSOFT_AWS + SCALEWAY + OVHCLOUD + OVHCLOUD_NAMED

#: The sources of this module (the importer's composition order lists them).
SOURCES = (AZURE_SIZES, AWS_SIZES, SCALEWAY_SIZES, OVH_SIZES)


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
