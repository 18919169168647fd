"""Plain instance shapes from the providers' size tables, not Boavizta's AGPL archetypes
(issue 19; audit 2026-12-06 seed 1796548636 class I: ``azure:standard_e4bds_v5`` got the
flat 140 W instance median and a rule-C3 embodied value sized from an AGPL shape).

The fixture upstream lists (tests/fixtures/upstream/hardware_catalog) hold two Azure Dadsv5
sizes and OVHcloud b3 sizes in the archetypes; here the Dadsv5 sizes take their vCPUs,
memory and processors from ``_instance_shapes`` (Microsoft Learn, CC BY 4.0), b3-8 and
b3-256 theirs from OVHcloud's flavor list (facts cited, no processor named), and b3-512,
on no list but the archetypes, keeps no value of its own (only the memory its name states).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonfactors_pipeline import licensing
from carbonfactors_pipeline.hardware_screens import sized_plain_instance
from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.importers import _instance_component as c3
from carbonfactors_pipeline.importers._instance_shapes import (
    AZURE_SIZES,
    OVH_SIZES,
    SCALEWAY_SIZES,
    SERIES,
    shapes,
)
from carbonfactors_pipeline.validate import validate_tree

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "hardware_catalog"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("shapes")
    upstream = tmp / "upstream"
    shutil.copytree(UPSTREAM, upstream)
    # a Scaleway type whose archetype row is wrong: the API list's size replaces it
    (upstream / "boaviztapi" / "archetypes" / "cloud" / "scaleway.csv").write_text(
        "id,vcpu,memory,ssd_storage,hdd_storage,gpu_units,platform,source\n"
        "pro2-xs,2,4.0,0.0,0.0,0,General_Purpose_b3,x\n",
        encoding="utf-8",
    )
    factors = tmp / "factors"
    (factors / "hardware" / "accelerators").mkdir(parents=True)
    shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
    (factors / "hardware" / "accelerators" / "none.yaml").write_text(
        yaml.safe_dump({"hardware": []}), encoding="utf-8"
    )
    REGISTRY["cloud-instances"].run(upstream, factors)
    return factors


def _records(out: Path, rel: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    data = yaml.safe_load((out / "hardware" / "instances" / rel).read_text(encoding="utf-8"))
    return {h["id"]: h for h in data["hardware"]}, data.get("factors", [])


def test_the_tables_hold_each_type_once_with_a_cited_source() -> None:
    table = shapes()
    assert table["azure:standard_e4bds_v5"][1:] == (4, 32)
    assert table["azure:standard_e104is_v5"][1:] == (104, 672)
    assert table["aws:x2g.16xlarge"][1:] == (64, 1024)
    # Scaleway's API list (ram in bytes = GiB) and OVHcloud's flavor table
    assert table["scaleway:dev1-m"][1:] == (3, 4)
    assert table["scaleway:pop2-hm-64c-512g"][1:] == (64, 512)
    assert table["scaleway:ent1-2xl"][1:] == (96, 384)
    assert table["ovhcloud:b2-7"][1:] == (2, 7)
    assert table["ovhcloud:b3-256"][1:] == (64, 256)
    # b3-512 is on no flavor list: only the memory its name states (OVHcloud's cited
    # "<family>-<GB>" naming, class OV) is filed, its vCPUs stay unstated (0)
    assert table["ovhcloud:b3-512"][1:] == (0, 512)
    assert "scaleway:pop2-hn-10" not in table
    listed = yaml.safe_load((ROOT / "factors" / "sources.yaml").read_text(encoding="utf-8"))
    known = {s["id"]: s for s in listed["sources"]}
    for series in SERIES:
        assert series.source in known and series.sizes
        # a page that names a processor with a CCF row gives its micro-architecture
        assert series.archs or series.provider in ("scaleway", "ovhcloud"), series.page
    for src in (SCALEWAY_SIZES, OVH_SIZES):
        assert known[src]["license"] == "LicenseRef-Facts-Cited"
        assert "CC BY-NC-SA" in known[src]["notes"]


def test_a_type_named_from_its_size_matches_its_name() -> None:
    """Scaleway types named '<n>C-<m>G' (every POP2 type of the API list, the Windows and
    COPARM1 ones read from the name) carry exactly that size."""
    named = [(k, v) for k, (_, *v) in shapes().items() if k.startswith("scaleway:")]
    checked = 0
    for key, (vcpus, mem) in named:
        parts = key.split("-")
        cores = [p for p in parts if p.endswith("c") and p[:-1].isdigit()]
        gib = [p for p in parts if p.endswith("g") and p[:-1].isdigit()]
        if cores and gib:
            assert (vcpus, mem) == (float(cores[0][:-1]), float(gib[0][:-1])), key
            checked += 1
    assert checked == 28  # POP2, POP2-HC, POP2-HM (6 each), POP2 Windows and COPARM1 (5)


def test_a_tabled_type_takes_its_shape_and_cpu_from_the_providers_page(out: Path) -> None:
    hardware, factors = _records(out, "azure/dads_v5.yaml")
    rec = hardware["azure:standard_d2ads_v5"]
    assert (rec["specs"]["vcpus"], rec["specs"]["memory_gb"]) == (2, 8)
    assert rec["specs"]["sources"] == {"vcpus": AZURE_SIZES, "memory_gb": AZURE_SIZES,
                                       "cpu": AZURE_SIZES}  # fmt: skip
    assert "Milan" in rec["specs"]["cpu"]
    assert sized_plain_instance(rec)
    power = {f["basis"]: f for f in factors if f["subject"] == rec["id"] and f["kind"] == "power"}
    assert set(power) == {"min", "max"}
    mx = power["max"]
    # EPYC 3rd Gen (Milan) in the fixture's AWS table: 1.96 W per vCPU at max; EPYC 4th Gen
    # (Genoa) has no row there, so the mean is Milan's alone.
    assert mx["value"] == pytest.approx(2 * 1.96 + 8 * 0.392, abs=1e-3)
    assert "CATEGORY DEFAULT" not in mx["method"] and "low" not in mx
    for f in power.values():
        assert AZURE_SIZES in f["derived_from"]["sources"]
        assert "boavizta-api" not in f["derived_from"]["sources"]


def test_a_type_only_the_archetypes_describe_gets_no_value_and_is_not_sized(out: Path) -> None:
    hardware, factors = _records(out, "ovhcloud/b3.yaml")
    rec = hardware["ovhcloud:b3-512"]
    # listed, but its vCPUs and CPU (only the archetype states them) are left out; the memory
    # its name states is filed from OVHcloud's cited naming (class OV), not from the archetype
    assert not {"vcpus", "cpu"} & set(rec["specs"])
    assert rec["specs"]["memory_gb"] == 512
    assert rec["specs"]["sources"] == {"memory_gb": OVH_SIZES}
    assert not sized_plain_instance(rec)  # rule C3 leaves it to the category default
    assert not [f for f in factors if f["subject"] == rec["id"]]


def test_a_flavor_on_a_page_naming_no_cpu_is_sized_with_the_per_vcpu_default(out: Path) -> None:
    """OVHcloud's flavor table gives vCPUs and memory but no processor: the type is sized
    (rule C3 applies), its power uses the per-vCPU CATEGORY DEFAULT, and the archetype's
    CPU name (AGPL) is left out of the catalog record and picks no W per vCPU."""
    hardware, factors = _records(out, "ovhcloud/b3.yaml")
    rec = hardware["ovhcloud:b3-256"]
    # the archetype fixture says 128 vCPUs: OVHcloud's page (64) replaces it
    assert (rec["specs"]["vcpus"], rec["specs"]["memory_gb"]) == (64, 256)
    assert rec["specs"]["sources"] == {"vcpus": OVH_SIZES, "memory_gb": OVH_SIZES}
    assert "cpu" not in rec["specs"]
    assert sized_plain_instance(rec) and "microarchitecture" not in rec["specs"]
    power = {f["basis"]: f for f in factors if f["subject"] == "ovhcloud:b3-8"}
    assert set(power) == {"min", "max"}
    for f in power.values():
        assert "CATEGORY DEFAULT per vCPU" in f["method"]
        assert OVH_SIZES in f["derived_from"]["sources"]
        assert "boavizta-api" not in f["derived_from"]["sources"]
        assert f["low"] < f["value"] < f["high"]


def test_a_scaleway_type_takes_the_api_size_and_the_datasheet_cpu(out: Path) -> None:
    hardware, factors = _records(out, "scaleway/pro2.yaml")
    rec = hardware["scaleway:pro2-xs"]
    assert (rec["specs"]["vcpus"], rec["specs"]["memory_gb"]) == (4, 16)
    assert rec["specs"]["cpu"] == "AMD EPYC 7543"
    assert rec["specs"]["microarchitecture"] == "EPYC 3rd Gen"
    assert set(rec["specs"]["sources"].values()) == {SCALEWAY_SIZES}
    mx = next(f for f in factors if f["subject"] == rec["id"] and f["basis"] == "max")
    # EPYC 3rd Gen in the fixture's AWS table (Scaleway uses it): 1.96 W per vCPU at max
    assert mx["value"] == pytest.approx(4 * 1.96 + 16 * 0.392, abs=1e-3)
    assert "CATEGORY DEFAULT" not in mx["method"]
    assert mx["derived_from"]["sources"].count(SCALEWAY_SIZES) == 1


def _instance(hid: str, vcpus: float, mem: float, src: str, cpu: str = "X") -> dict[str, Any]:
    return {
        "id": hid,
        "category": "cloud_instance",
        "specs": {"vcpus": vcpus, "memory_gb": mem, "cpu": cpu,
                  "sources": {"vcpus": src, "memory_gb": src, "cpu": src}},
    }  # fmt: skip


def test_rule_c3_records_the_shape_sources_of_the_type_and_its_host() -> None:
    hardware = [
        _instance("azure:standard_e4bds_v5", 4, 32, AZURE_SIZES),
        _instance("azure:standard_e96bds_v5", 96, 672, AZURE_SIZES),
        _instance("ovhcloud:b3-8", 2, 8, "boavizta-api"),
        _instance("ovhcloud:b3-256", 128, 256, "boavizta-api"),
        # one listed value to calibrate the bounds against
        _instance("aws:m5.24xlarge", 96, 384, "ccf-coefficients"),
    ]
    listed = {"id": "embodied:aws:m5.24xlarge:2026:ccf-coefficients:manufacturing",
              "kind": "embodied", "subject": "aws:m5.24xlarge", "value": 1500.0}  # fmt: skip
    out = {f["subject"]: f for f in c3.build(hardware, [listed], lambda f: True)}
    assert set(out) == {"azure:standard_e4bds_v5", "azure:standard_e96bds_v5"}
    f = out["azure:standard_e4bds_v5"]
    assert f["derived_from"]["sources"] == [AZURE_SIZES, "ccf-methodology"]
    # The host is the series' isolated whole-host size in Microsoft's table, E112ibds_v5
    # (112 vCPUs, 672 GiB), not the largest size in the catalog (audit 1796630035, class HS).
    assert (f["inputs"]["host_vcpus"], f["inputs"]["host_memory_gb"]) == (112, 672)
    dram = (672 - 16) * 533 / 384
    assert f["value"] == pytest.approx(dram * 32 / 672 + 1000 * 4 / 112, abs=1e-3)


def test_rule_c3_gives_an_open_stand_in_without_rung_when_the_listed_value_is_not_open() -> None:
    hardware = [_instance("aws:m5.large", 2, 8, "ccf-coefficients"),
                _instance("aws:m5.24xlarge", 96, 384, "ccf-coefficients")]  # fmt: skip
    full_only = {"id": "embodied:aws:m5.large:2026:ccf-coefficients:manufacturing",
                 "kind": "embodied", "subject": "aws:m5.large", "value": 60.0}  # fmt: skip
    listed = {"id": "embodied:aws:m5.24xlarge:2026:ccf-coefficients:manufacturing",
              "kind": "embodied", "subject": "aws:m5.24xlarge", "value": 2000.0}  # fmt: skip
    out = c3.build(hardware, [full_only, listed], lambda f: f is listed)
    [f] = out
    assert f["subject"] == "aws:m5.large" and "rung" not in f
    assert "outside the open bundle" in f["method"]


def test_the_validator_fails_a_value_sized_from_an_agpl_shape(out: Path, tmp_path: Path) -> None:
    tree = tmp_path / "factors"
    shutil.copytree(out, tree)
    path = tree / "hardware" / "instances" / "ovhcloud" / "b3.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # a tree from before the archetype's shape was dropped from the record
    rec = next(h for h in data["hardware"] if h["id"] == "ovhcloud:b3-512")
    rec["specs"] |= {"vcpus": 128, "memory_gb": 512,
                     "sources": {"vcpus": "boavizta-api", "memory_gb": "boavizta-api"}}  # fmt: skip
    data["factors"] = [
        {"id": "embodied:ovhcloud:b3-512:2026:carbonfactors-derived:manufacturing",
         "kind": "embodied", "subject": "ovhcloud:b3-512", "year": 2026, "value": 20.0,
         "unit": "kgCO2e", "basis": "manufacturing", "rung": "component-model",
         "source": "carbonfactors-derived", "method": "sized from the archetype's shape",
         "inputs": {"vcpus": 128, "memory_gb": 512},
         "derived_from": {"factors": [], "sources": ["ccf-methodology"]}},
    ]  # fmt: skip
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    res = validate_tree(tree)
    bad = [str(p) for p in res.problems if "AGPL" in str(p) and "derived_from" in str(p)]
    assert bad and "ovhcloud:b3-512" in bad[0], [str(p) for p in res.problems][:5]
    # naming the archetype makes the licence honest: the value then travels in no bundle
    data["factors"][0]["derived_from"]["sources"].append("boavizta-api")
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    res = validate_tree(tree)
    assert not [p for p in res.problems if "AGPL" in str(p) and "derived_from" in str(p)]
    assert [p for p in res.problems if "specs.vcpus" in str(p)]  # the spec itself still fails
    prov = licensing.Provenance(dict(res.snapshot))
    assert licensing.tier(prov.license(data["factors"][0]["id"])) is None


def test_rule_c3_takes_the_host_from_the_size_table_when_the_catalog_lacks_it() -> None:
    # Audit 2026-12-06 seed 1796563618 class C3H: the catalog's Ebsv5 sizes stop at 64 vCPUs,
    # Microsoft's table goes to E96bs_v5 (96 vCPUs, 672 GiB) and the isolated E112ibs_v5
    # (112 vCPUs, 672 GiB), the whole host the series' sizes share (audit 1796630035, HS).
    [series] = [s for s in SERIES if "standard_e96bs_v5" in s.sizes]
    hardware = [
        _instance("azure:standard_e8bs_v5", 8, 64, AZURE_SIZES, series.cpu),
        _instance("azure:standard_e64bs_v5", 64, 512, AZURE_SIZES, series.cpu),
        _instance("aws:m5.24xlarge", 96, 384, "ccf-coefficients"),
    ]
    listed = {"id": "embodied:aws:m5.24xlarge:2026:ccf-coefficients:manufacturing",
              "kind": "embodied", "subject": "aws:m5.24xlarge", "value": 1500.0}  # fmt: skip
    out = {f["subject"]: f for f in c3.build(hardware, [listed], lambda f: True)}
    f = out["azure:standard_e8bs_v5"]
    assert (f["inputs"]["host_vcpus"], f["inputs"]["host_memory_gb"]) == (112, 672)
    dram = (672 - 16) * 533 / 384
    assert f["value"] == pytest.approx(dram * 64 / 672 + 1000 * 8 / 112, abs=1e-3)
    assert "azure:standard_e96bs_v5" not in out  # a host candidate, not a catalog type
