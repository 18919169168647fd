"""Hardware plausibility screens (issue 20 classes 2 and 7), each on a small record that trips it."""

from __future__ import annotations

from typing import Any

import pytest

from carbonfactors_pipeline.cpu_screens import core_vcpu_source
from carbonfactors_pipeline.hardware_screens import max_die_mm2, own_server_kg, screen_hardware
from carbonfactors_pipeline.instance_storage import storage_source
from carbonfactors_pipeline.screens import Reasons


def _none() -> Reasons:
    return Reasons({}, {}, [], [], {})


def _instance(iid: str, **specs: Any) -> dict[str, Any]:
    return {"id": iid, "category": "cloud_instance", "specs": specs}


def _factor(subject: str, kind: str, value: float, basis: str, **extra: Any) -> dict[str, Any]:
    unit = "kgCO2e" if kind == "embodied" else "W"
    return {
        "id": f"{kind}:{subject}:2026:test:{basis}",
        "kind": kind,
        "subject": subject,
        "value": value,
        "unit": unit,
        "basis": basis,
    } | extra


def _rules(hardware: list[dict[str, Any]], factors: list[dict[str, Any]]) -> dict[str, str]:
    return {fl.factor: fl.rule for fl in screen_hardware(factors, hardware, _none())}


def test_fractional_vcpus_flag_every_factor_of_the_instance() -> None:
    # CCF's Azure list stores constrained sizes' 0.25 active ratio as the vCPU count.
    hw = [_instance("azure:e16-4s", vcpus=0.25, memory_gb=128)]
    fs = [
        _factor("azure:e16-4s", "embodied", 6.9, "manufacturing"),
        _factor("azure:e16-4s", "power", 51.2, "max"),
    ]
    assert set(_rules(hw, fs).values()) == {"instance-vcpus"}
    assert len(_rules(hw, fs)) == 2
    ok = [_instance("azure:e16-4s", vcpus=4, memory_gb=128)]
    assert _rules(ok, [_factor("azure:e16-4s", "embodied", 471, "manufacturing")]) == {}


def test_share_above_a_server_of_its_own_is_flagged() -> None:
    # S224: 224 of 896 vCPUs of a 36 TB platform, allocated by vCPU share alone.
    hw = [_instance("azure:s224", vcpus=224, memory_gb=3072)]
    inputs = {"host_vcpus": [896], "instance_vcpus": 224}
    bad = _factor("azure:s224", "embodied", 13073.948, "manufacturing", inputs=inputs)
    assert _rules(hw, [bad]) == {bad["id"]: "instance-over-host"}
    good = _factor("azure:s224", "embodied", 4549.65, "manufacturing", inputs=inputs)
    assert _rules(hw, [good]) == {}
    # a whole host's own figure (instance = host) is not a share: not held to the cap, only
    # to 1.25x it (class WH, instance-whole-host-over-server; 13,074 kg is 1.97x)
    whole = _factor(
        "azure:s224",
        "embodied",
        13073.948,
        "manufacturing",
        inputs={"host_vcpus": [224], "instance_vcpus": 224},
    )
    assert _rules(hw, [whole]) == {whole["id"]: "instance-whole-host-over-server"}
    whole["value"] = 1.2 * own_server_kg({"vcpus": 224, "memory_gb": 3072})
    assert _rules(hw, [whole]) == {}


def test_burstable_type_charged_its_platform_is_flagged() -> None:
    hw = [_instance("aws:t2.micro", vcpus=1, memory_gb=1)]
    bad = _factor("aws:t2.micro", "embodied", 1100, "manufacturing")
    assert _rules(hw, [bad]) == {bad["id"]: "instance-kg-per-vcpu"}
    assert _rules(hw, [_factor("aws:t2.micro", "embodied", 22.9, "manufacturing")]) == {}


def test_a_storage_type_stating_no_drives_gets_the_drive_allowance_per_vcpu() -> None:
    # AWS is4gen: CCF 2026 gives is4gen.8xlarge 3,600 kg; no list on file states its drives
    # (the archetypes that did are AGPL code, issue 19). Beyond its DRAM that is 104 kg per
    # vCPU, above mac1.metal's 83.3, unless its drives get instance-over-host's allowance.
    whole = {"inputs": {"host_vcpus": [32], "instance_vcpus": 32}}  # its own host's figure
    f = _factor("aws:is4gen.8xlarge", "embodied", 3600, "manufacturing", **whole)
    assert _rules([_instance("aws:is4gen.8xlarge", vcpus=32, memory_gb=192)], [f]) == {}
    # the same figure on a type that is not storage-optimised has no drives to explain it
    g = _factor("aws:m6g.8xlarge", "embodied", 3600, "manufacturing", **whole)
    hw = [_instance("aws:m6g.8xlarge", vcpus=32, memory_gb=192)]
    assert _rules(hw, [g]) == {g["id"]: "instance-kg-per-vcpu"}


def test_a_share_of_a_host_below_every_ccf_platform_is_flagged() -> None:
    # CCF gives Azure A1 v2 an eighth of an 8-vCPU "host": no server has so few vCPUs.
    hw = [_instance("azure:a1_v2", vcpus=1, memory_gb=2)]
    bad = _factor(
        "azure:a1_v2", "embodied", 145.8, "manufacturing",
        inputs={"host_vcpus": [8], "instance_vcpus": 1},
    )  # fmt: skip
    assert _rules(hw, [bad]) == {bad["id"]: "instance-host-below-platform"}
    ok = _factor(
        "azure:a1_v2", "embodied", 30.0, "manufacturing",
        inputs={"host_vcpus": [48], "instance_vcpus": 1},
    )  # fmt: skip
    assert _rules(hw, [ok]) == {}


def test_constrained_size_is_judged_per_vcpu_it_holds() -> None:
    # 4 active vCPUs of a 16-vCPU parent: 16 vCPUs' worth of host is not 4x too much
    hw = [_instance("azure:e16-4s", vcpus=4, memory_gb=128)]
    f = _factor("azure:e16-4s", "embodied", 471, "manufacturing", inputs={"instance_vcpus": 16})
    assert _rules(hw, [f]) == {}
    f2 = _factor("azure:e16-4s", "embodied", 1100, "manufacturing")
    assert _rules(hw, [f2]) == {f2["id"]: "instance-kg-per-vcpu"}


def test_less_than_its_own_memory_is_flagged() -> None:
    hw = [_instance("gcp:m2-ultramem-416", vcpus=416, memory_gb=11776)]
    bad = _factor("gcp:m2-ultramem-416", "embodied", 1100, "manufacturing")
    assert _rules(hw, [bad]) == {bad["id"]: "instance-kg-per-gb"}


def test_watts_per_vcpu_outside_specpower_range_are_flagged() -> None:
    hw = [_instance("azure:m128-32ms", vcpus=0.5, memory_gb=3892)]
    # the count is flagged first; with a whole count, W/vCPU is judged
    hw2 = [_instance("azure:m8-2ms", vcpus=2, memory_gb=3892)]
    hot = _factor("azure:m8-2ms", "power", 1525.7, "max")
    assert _rules(hw2, [hot]) == {hot["id"]: "instance-w-per-vcpu"}
    cold = _factor("azure:m8-2ms", "power", 1.0, "load-100")
    assert _rules(hw2, [cold]) == {cold["id"]: "instance-w-per-vcpu"}
    assert _rules(hw2, [_factor("azure:m8-2ms", "power", 120, "max")]) == {}
    assert _rules(hw2, [_factor("azure:m8-2ms", "power", 0.5, "idle")]) == {}  # not full load
    assert _rules(hw, [hot | {"subject": "azure:m128-32ms"}])


def test_accelerated_instances_are_not_held_to_cpu_envelopes() -> None:
    hw = [
        _instance("aws:p5.48xlarge", vcpus=192, memory_gb=2048, accelerators=[{"count": 8}]),
    ]
    assert _rules(hw, [_factor("aws:p5.48xlarge", "power", 10000, "max")]) == {}


def test_impossible_die_areas_are_flagged() -> None:
    cpu = {
        "id": "intel-core-i3-8121u",
        "category": "cpu",
        "vendor": "Intel",
        "name": "Intel Core i3-8121U",
        "specs": {"cores": 2, "die_area_mm2": 3640, "process_nm": 10},
    }
    f = _factor("intel-core-i3-8121u", "embodied", 80.8, "manufacturing")
    assert _rules([cpu], [f]) == {f["id"]: "die-area"}
    real = cpu | {"specs": {"cores": 2, "die_area_mm2": 70.5, "process_nm": 10}}
    assert _rules([real], [f]) == {}
    # four Sapphire Rapids XCC tiles given to a 16-core MCC part (one die)
    spr = cpu | {"id": "x", "specs": {"cores": 16, "die_area_mm2": 1908, "process_nm": 10}}
    assert _rules([spr], [f | {"subject": "x"}])
    xcc = cpu | {"id": "x", "specs": {"cores": 56, "die_area_mm2": 1908, "process_nm": 10}}
    assert _rules([xcc], [f | {"subject": "x"}]) == {}


def test_epyc_io_die_is_allowed() -> None:
    # EPYC 7252: 2 CCDs + I/O die = 564 mm² for 8 cores
    assert max_die_mm2(8, 7, io_die=True) >= 564 > max_die_mm2(8, 7)


def test_own_server_grows_with_memory_drives_and_sockets() -> None:
    base = own_server_kg({"vcpus": 2, "memory_gb": 16})
    assert base == pytest.approx(1000 + 3 * 100)
    assert own_server_kg({"vcpus": 448, "memory_gb": 16}) == pytest.approx(1000 + 28 * 100)
    assert own_server_kg({"vcpus": 2, "memory_gb": 16, "storage_gb": 750}) == base + 200


def test_a_generic_curve_above_the_variants_tdp_is_flagged() -> None:
    gpu = {"id": "nvidia-tesla-p100-pcie-16gb", "category": "gpu", "specs": {}}
    tdp = _factor(gpu["id"], "power", 250, "tdp")
    generic = _factor(gpu["id"], "power", 306, "max")
    ccf_like = _factor(gpu["id"], "power", 255, "max")  # CCF's maxima sit at 1.02x TDP
    assert _rules([gpu], [tdp, generic]) == {generic["id"]: "power-above-tdp"}
    assert _rules([gpu], [tdp, ccf_like]) == {}
    assert _rules([gpu], [generic]) == {}  # no TDP on file: nothing to compare


def test_a_chiplet_part_is_held_to_its_generations_full_package() -> None:
    """EPYC 72F3: 8 cores on 8 CCDs (1,064 mm², as the 64-core 7763) is real, not flagged."""

    def epyc(hid: str, cores: int, area: float) -> dict[str, Any]:
        specs = {"cores": cores, "die_area_mm2": area, "process_nm": 7}
        specs["microarchitecture"] = "Milan"
        return {"id": hid, "name": hid, "category": "cpu", "vendor": "AMD", "specs": specs}

    f3 = epyc("AMD EPYC 72F3", 8, 1064)
    full = epyc("AMD EPYC 7763", 64, 1064)
    fac = _factor("AMD EPYC 72F3", "embodied", 50, "manufacturing")
    assert _rules([f3], [fac]) == {fac["id"]: "die-area"}  # alone, 8 cores' bound: flagged
    assert _rules([f3, full], [fac]) == {}  # the generation's package: kept
    # Still an upper bound: more silicon than four reticle-limited dies is flagged.
    huge = epyc("AMD EPYC 72F3", 8, 5000)
    assert _rules([huge, full], [fac]) == {fac["id"]: "die-area"}


def test_a_die_total_that_is_not_its_rows_stated_parts_takes_the_parts() -> None:
    """cpu_specs.csv's i3-8121U lists 3,640 mm² for a stated 70.52 mm² die (issue 20 class 7)."""
    from carbonfactors_pipeline.importers._cpu_die_area import die_area

    def row(total: str, src: str) -> dict[str, str]:
        return {"total_die_size": total, "total_die_size_source": src}

    area, why = die_area(row("3640.0", "io_die_size () + die_size (70.52 mm²)"))
    assert area == pytest.approx(70.52) and why is not None and "3640" in why
    # A total that is its parts (EPYC 72F3: 416 + 8 x 81) stays as listed, without a note.
    assert die_area(row("1064.0", "io_die_size (416 mm²) + die_size (8x 81 mm²)")) == (1064, None)
    assert die_area(row("194.0", "io_die_size (124.7 mm²) + die_size (70 mm²)")) == (194, None)
    assert die_area(row("600", "")) == (600, None)  # no stated parts: the total as listed


def test_a_borrowed_impossible_die_area_is_dropped_not_kept() -> None:
    """Sapphire Rapids MCC (8-32 cores, one die) got the 4-tile XCC 1,908 mm² by regression
    or copy (audit 2026-12-06); no source gives the MCC die, so the area is dropped."""
    from carbonfactors_pipeline.importers._cpu_die_area import credible_die_area

    def row(total: str, src: str, cores: str = "", nm: str = "10.0") -> dict[str, str]:
        return {
            "total_die_size": total,
            "total_die_size_source": src,
            "cores": cores,
            "process_size": nm,
        }

    mcc = row("1908.0", "Linear regression of cpu_specs", "8.0")
    assert credible_die_area(mcc, "intel", "Intel Xeon Gold 6434", None) is None
    copied = row("1908.0", "Value of cpu_specs https://www.techpowerup.com/cpu-specs/x.c1", "16")
    assert credible_die_area(copied, "intel", "Intel Xeon Gold 6426Y", None) is None
    # the catalog's core count (ARK) decides when the row has none: 2-core Haswell-ULT given
    # the 18-core Haswell-EP die as "Max value of" its microarchitecture
    ult = row("622.0", "Max value of cpu_manufacture https://en.wikichip.org/x", "", "22.0")
    assert credible_die_area(ult, "intel", "Intel Core i5-4310U", 2) is None
    # the part's own figure (XCC, 4 x 477 mm²) is kept: the screen judges it
    xcc = row("1908.0", "io_die_size () + die_size (4x 477 mm²)", "32")
    assert credible_die_area(xcc, "intel", "Intel Xeon Gold 6430", None) == 1908
    # a borrowed area within the bound is kept; an AMD chiplet part is left to the screen
    assert credible_die_area(row("400", "Rule of three of cpu_specs", "16"), "intel", "x", None)
    epyc = row("1064", "Value of cpu_specs https://x", "8", "7.0")
    assert credible_die_area(epyc, "amd", "AMD EPYC 72F3", None) == 1064


def test_an_hbm_card_value_on_an_8_w_part_is_flagged() -> None:
    """Audit 2026-12-06 class D: 224 kgCO2e (two HBM GPUs' median) on an 8 W Ascend 310."""
    soc = {"id": "huawei-ascend-310", "category": "accelerator", "specs": {}}
    tdp = _factor(soc["id"], "power", 8, "tdp")
    hbm = _factor(soc["id"], "embodied", 224.12, "manufacturing", rung="component-model")
    sized = _factor(soc["id"], "embodied", 10.47, "manufacturing", rung="component-model")
    floor = _factor(soc["id"], "embodied", 40.0, "lower", rung="lower-bound")
    assert _rules([soc], [tdp, hbm]) == {hbm["id"]: "chip-kg-per-w"}
    assert _rules([soc], [tdp, sized, floor]) == {}  # a lower bound is not a default
    assert _rules([soc], [hbm]) == {}  # no TDP on file: nothing to compare
    # The highest product figure on file per watt passes (TPU v4i: 285 kg, 175 W).
    v4i = {"id": "google-tpu-v4i", "category": "tpu", "specs": {}}
    assert (
        _rules(
            [v4i],
            [
                _factor(v4i["id"], "power", 175, "tdp"),
                _factor(v4i["id"], "embodied", 285, "manufacturing"),
            ],
        )
        == {}
    )


def test_a_published_curve_charging_a_board_per_gpu_is_flagged() -> None:
    # Teads charges each of P2's 16 GPUs a whole 300 W K80 board (two GPUs per board).
    hw = [_instance("aws:p2.16xlarge", vcpus=64, memory_gb=732, accelerators=[
        {"model": "nvidia-gk210", "count": 16}])]  # fmt: skip
    parts = _factor("aws:p2.16xlarge", "power", 2922.8, "max", rung="component-model")
    curve = [
        _factor("aws:p2.16xlarge", "power", v, b, rung="published-estimate")
        for v, b in ((786.5, "idle"), (4137.8, "load-50"), (5629.7, "load-100"))
    ]
    rules = _rules(hw, [parts, *curve])
    assert rules == {f["id"]: "instance-accel-power" for f in curve}  # every point, not the sum
    # a published figure within 1.5x of its parts (p3.16xlarge: 1.07x) passes
    ok = _factor("aws:p2.16xlarge", "power", 3100.0, "load-100", rung="published-estimate")
    assert _rules(hw, [parts, ok]) == {}


def test_k80_instances_count_gk210_gpus_not_whole_boards() -> None:
    from carbonfactors_pipeline.importers._accelerated_types import AZURE_SERIES_MODEL, FAMILY_PARTS
    from carbonfactors_pipeline.importers._accelerator_extras import EXTRAS

    p2 = FAMILY_PARTS[("aws", "p2")]
    assert p2.model == "nvidia-gk210"
    assert p2.counts == {"p2.xlarge": 1, "p2.8xlarge": 8, "p2.16xlarge": 16}  # AWS's GPUs
    assert {AZURE_SERIES_MODEL[s] for s in ("nc", "nc_promo", "ncr", "ncr_promo")} == {
        "nvidia-gk210"
    }
    [gk210] = [x for x in EXTRAS if x.id == "nvidia-gk210"]
    assert gk210.specs["memory_gb"] == 12  # half the board's 2 x 12 GB


def test_a_per_thread_coefficient_on_a_whole_core_vcpu_is_flagged() -> None:
    # m7a: each vCPU is a whole EPYC core (SMT off, AWS CPU options); CCF's W per vCPU is per
    # SPECpower hardware thread, so a value not counting 2 threads per vCPU is ~half the draw.
    hw = [_instance("aws:m7a.xlarge", vcpus=4, memory_gb=16)]
    one = _factor("aws:m7a.xlarge", "power", 15.401, "max", inputs={"w_per_vcpu": 2.282})
    assert _rules(hw, [one]) == {one["id"]: "instance-smt"}
    two = _factor(
        "aws:m7a.xlarge",
        "power",
        24.529,
        "max",
        inputs={"w_per_vcpu": 4.564, "threads_per_vcpu": 2},
    )
    assert _rules(hw, [two]) == {}
    # an SMT family (m6a: a vCPU is a thread) keeps the per-thread coefficient
    m6a = [_instance("aws:m6a.xlarge", vcpus=4, memory_gb=16)]
    per_thread = _factor("aws:m6a.xlarge", "power", 15.4, "max", inputs={"w_per_vcpu": 2.282})
    assert _rules(m6a, [per_thread]) == {}


def test_azure_hpc_sizes_are_whole_core_vcpus() -> None:
    # HBv3 (and HBv2/HBv4, HX, HC): "Simultaneous Multithreading (SMT) is disabled" on
    # Microsoft's overview pages; constrained-core sizes (hb120-96rs_v3) are the same cores.
    for hid in (
        "azure:standard_hb120-96rs_v3",
        "azure:standard_hb120rs_v2",
        "azure:standard_hc44rs",
        # H-series (Microsoft's H-series page: "... processor cores ... and no
        # hyperthreading"), with its promo twins (audit seed 1796563618 #41)
        "azure:standard_h16_promo",
        "azure:standard_h16mr",
        "azure:standard_h8m_promo",
    ):
        assert core_vcpu_source(hid) == "azure-hpc-vm-overviews"
        hw = [_instance(hid, vcpus=96, memory_gb=448)]
        one = _factor(hid, "power", 369.47, "max", inputs={"w_per_vcpu": 2.8})
        assert _rules(hw, [one]) == {one["id"]: "instance-smt"}
    # other Azure sizes (a vCPU is a hardware thread) and AWS's per-family rule are unchanged
    assert core_vcpu_source("azure:standard_d4s_v5") is None
    assert core_vcpu_source("azure:standard_hb60rs") is None  # HB (v1): not read, not assumed
    assert core_vcpu_source("azure:standard_h16s_v2") is None  # not an H-series size name
    assert core_vcpu_source("aws:m7a.xlarge") == "aws-ec2-cpu-options"
    assert core_vcpu_source("aws:m6a.xlarge") is None


def test_a_storage_optimised_share_without_drives_is_flagged() -> None:
    # class C3S (audit seed 1796563618 #40): i7ie.metal-24xl valued at the drive-less CCF
    # host (1,000 + 752 x 533/384 = 2,043.8 kg) although its family is storage-optimised
    hid = "aws:i7ie.metal-24xl"
    hw = [_instance(hid, vcpus=96, memory_gb=768)]
    host = {"host_vcpus": 96, "host_memory_gb": 768}
    bare = _factor(hid, "embodied", 2043.792, "manufacturing", inputs=host)
    assert _rules(hw, [bare]) == {bare["id"]: "instance-storage-drives"}
    with_drives = _factor(hid, "embodied", 2700.0, "manufacturing", inputs=host)
    assert _rules(hw, [with_drives]) == {}
    # the same value on a family that is not storage-optimised passes
    m7i = [_instance("aws:m7i.metal-48xl", vcpus=96, memory_gb=768)]
    plain = _factor("aws:m7i.metal-48xl", "embodied", 2043.792, "manufacturing", inputs=host)
    assert _rules(m7i, [plain]) == {}
    assert storage_source("azure:standard_l8s_v3") == "azure-vm-sizes"
    assert storage_source("azure:standard_d8s_v5") is None


def test_power_far_above_same_host_specpower_without_a_reaching_bound_is_flagged() -> None:
    # Audit 1796585890 class D: u7i-12tb.224xlarge, CCF's 0.392 W/GB on 12 TB: 8,545 W at
    # full load where 8-socket Sapphire Rapids servers measured at most 4,087 W.
    hw = [_instance("aws:u7i-12tb.224xlarge", vcpus=896, memory_gb=12288)]
    ref = {"specpower_same_host_w": 4087.0, "specpower_results": 3}
    bad = _factor("aws:u7i-12tb.224xlarge", "power", 8544.683, "max", inputs=ref)
    assert _rules(hw, [bad]) == {bad["id"]: "instance-above-specpower"}
    bounded = bad | {"low": 3995.0, "high": 8544.683}
    assert _rules(hw, [bounded]) == {}
    near = _factor("aws:u7i-12tb.224xlarge", "power", 5000.0, "max", inputs=ref)
    assert _rules(hw, [near]) == {}  # within 1.25x of the measured servers


def test_a_specpower_reference_scaled_to_the_type_itself_while_sized_on_a_host_is_flagged() -> None:
    # Class SH (audit 1796606525 #42): m8i.16xlarge (64 vCPUs) held to whole 1-socket
    # Granite Rapids servers (195 W idle) while its rule C3 embodied value is sized on the
    # 384-vCPU m8i.96xlarge host; the whole-host size of the same series passes.
    sized = _factor(
        "aws:m8i.16xlarge",
        "embodied",
        518.299,
        "manufacturing",
        method="Sized instance default (rule C3, factors/README.md): ...",
        inputs={"vcpus": 64, "memory_gb": 256, "host_vcpus": 384, "host_memory_gb": 1536},
    )
    hw = [_instance("aws:m8i.16xlarge", vcpus=64, memory_gb=256)]
    ref = {"vcpus": 64, "specpower_same_host_w": 195.0, "specpower_results": 4}
    whole = _factor("aws:m8i.16xlarge", "power", 88.422, "min", inputs=ref)
    assert _rules(hw, [sized, whole]) == {whole["id"]: "instance-above-specpower"}
    held = whole | {"inputs": ref | {"specpower_host_vcpus": 64}}
    assert _rules(hw, [sized, held]) == {held["id"]: "instance-above-specpower"}
    share = whole | {
        "low": 35.667,
        "high": 88.422,
        "inputs": ref | {"specpower_same_host_w": 50.167, "specpower_host_vcpus": 384},
    }
    assert _rules(hw, [sized, share]) == {}
    assert _rules(hw, [whole]) == {}  # no sized host on file: nothing to compare with
    guess = sized | {"method": "... rule C3 ... the median host of the provider's sized series"}
    assert _rules(hw, [guess, whole]) == {}  # a median host stands in: no host to hold to
    host = sized | {"subject": "aws:m8i.96xlarge", "id": "embodied:aws:m8i.96xlarge"}
    host["inputs"] = sized["inputs"] | {"vcpus": 384, "memory_gb": 1536}
    big = _factor(
        "aws:m8i.96xlarge",
        "power",
        837.73,
        "min",
        low=214.0,
        high=837.73,
        inputs={"vcpus": 384, "specpower_same_host_w": 301.0, "specpower_host_vcpus": 384},
    )
    hw_big = [_instance("aws:m8i.96xlarge", vcpus=384, memory_gb=1536)]
    assert _rules(hw_big, [host | {"value": 3112.0}, big]) == {}


def test_a_central_coefficient_over_twice_ccfs_own_recount_is_flagged() -> None:
    # Class TU (audit 1796606525): CCF's EPYC 5th Gen row, 8.961 W max per thread, is 6.1x
    # the 1.464 W its own method recounts from the 43 Turin SPECpower results; as the central
    # value it made aws:r8a.xlarge 48.39 W. The recount as centre (CCF's row the high) passes.
    hw = [_instance("aws:r8a.xlarge", vcpus=4, memory_gb=32)]
    ccf = {"vcpus": 4, "w_per_vcpu": 8.961435, "specpower_w_per_thread": 1.463663}
    bad = _factor("aws:r8a.xlarge", "power", 48.39, "max", inputs=ccf)
    assert _rules(hw, [bad]) == {bad["id"]: "instance-ccf-coefficient"}
    fixed = bad | {
        "low": 18.399,
        "high": 48.39,
        "value": 18.399,
        "inputs": ccf | {"w_per_vcpu": 1.463663, "ccf_w_per_vcpu": 8.961435},
    }
    assert _rules(hw, [fixed]) == {}
    # A vCPU that is a whole SMT-2 core counts 2 threads: 2 x the recount is not flagged.
    core = bad | {"inputs": ccf | {"w_per_vcpu": 2.927326, "threads_per_vcpu": 2}}
    assert _rules(hw, [core]) == {}


def test_a_multi_architecture_power_not_held_to_specpower_is_flagged() -> None:
    # Class MA (audit 1796613359 #41): standard_e48ads_v5 runs on Milan and Genoa; the
    # check returned for more than one architecture, so idle 105.2 W (2.3x the highest
    # measured 1-socket share) carried neither bound nor word.
    hid = "azure:standard_e48ads_v5"
    hw = [_instance(hid, vcpus=48, memory_gb=384)]
    method = "CCF method, derived: ... EPYC 4th Gen (mean of the architectures the type runs on)"
    inputs = {"vcpus": 48, "memory_gb": 384, "w_per_vcpu": 0.592269}
    skipped = _factor(hid, "power", 105.229, "min", method=method, inputs=inputs)
    assert _rules(hw, [skipped]) == {skipped["id"]: "instance-above-specpower"}
    archs = {"specpower_archs": ["EPYC 3rd Gen", "EPYC 4th Gen"]}
    held = skipped | {"inputs": inputs | archs | {"specpower_same_host_w": 44.9}}
    assert _rules(hw, [held]) == {held["id"]: "instance-above-specpower"}  # no low bound
    bounded = held | {"low": 23.4, "high": 105.229}
    assert _rules(hw, [bounded]) == {}
    one = skipped | {"method": "CCF method, derived: ... (micro-architecture Broadwell; ...)"}
    assert _rules(hw, [one]) == {}  # one architecture: the check's own path


def test_a_terabyte_dram_share_unsaid_or_unbounded_is_flagged() -> None:
    # Class D (audit 1796613359 #44): standard_s384m, 6 TB at the Teads idle 0.2 W/GB is
    # 1,228.8 of 1,502.5 W (82 %), no SPECpower result of 8-socket Broadwell on file.
    hid = "azure:standard_s384m"
    hw = [_instance(hid, vcpus=384, memory_gb=6144)]
    inputs = {
        "vcpus": 384,
        "memory_gb": 6144,
        "memory_w_per_gb": 0.392,
        "memory_idle_w_per_gb": 0.2,
        "w_per_vcpu": 0.712834,
    }
    bare = _factor(hid, "power", 1502.528, "min", method="CCF method.", inputs=inputs)
    assert _rules(hw, [bare]) == {bare["id"]: "instance-dram-share"}
    said = bare | {"method": "CCF method. DRAM is 82% of this value (...)."}
    assert _rules(hw, [said]) == {said["id"]: "instance-dram-share"}  # no floor
    floored = said | {"low": 273.728, "high": 1502.528}
    assert _rules(hw, [floored]) == {}
    measured = said | {"inputs": inputs | {"specpower_same_host_w": 1400.0}}
    assert _rules(hw, [measured]) == {}  # a measurement checked it (class D bound)
    # a memory-optimised type under a terabyte needs the sentence, not the floor
    small = [_instance("azure:standard_e8ds_v5", vcpus=8, memory_gb=64)]
    e8 = {"vcpus": 8, "memory_gb": 64, "memory_w_per_gb": 0.392, "w_per_vcpu": 0.5}
    unsaid = _factor("azure:standard_e8ds_v5", "power", 29.1, "max", inputs=e8)
    assert _rules(small, [unsaid]) == {unsaid["id"]: "instance-dram-share"}
    assert _rules(small, [unsaid | {"method": "... DRAM is 86% ..."}]) == {}
    cpu_heavy = _factor("azure:standard_e8ds_v5", "power", 60.0, "max", inputs=e8)
    assert _rules(small, [cpu_heavy]) == {}  # 25.1 W of 60: not dominant


def test_the_host_part_of_an_accelerated_sum_is_screened_as_a_plain_value() -> None:
    # Class DA (audit 1796621837 #43): g6e.16xlarge (EPYC 3rd Gen, 64 vCPUs, 512 GB, one
    # L40S): host part 131.56 W idle, 2.07x the highest measured 2-socket Milan share
    # (63.667 W by vCPU share), DRAM 78 % of it, as a point inside 170.96..172.76 W.
    hid = "aws:g6e.16xlarge"
    hw = [_instance(hid, vcpus=64, memory_gb=512, accelerators=[{"model": "l40s", "count": 1}])]
    inputs = {
        "vcpus": 64,
        "memory_gb": 512,
        "memory_w_per_gb": 0.392,
        "memory_idle_w_per_gb": 0.2,
        "w_per_vcpu": 0.455625,
        "accelerators": [{"model": "nvidia-l40s", "count": 1, "w_each": 40}],
    }
    point = {"low": 170.96, "high": 172.76, "method": "Sum of parts: host by the CCF method."}
    unsaid = _factor(hid, "power", 171.56, "min", inputs=inputs, **point)
    assert _rules(hw, [unsaid]) == {unsaid["id"]: "instance-dram-share"}
    ref = inputs | {"specpower_same_host_w": 63.667, "specpower_host_vcpus": 192}
    said = point | {"method": "Sum of parts ... DRAM is 78% of this value ..."}
    unheld = _factor(hid, "power", 171.56, "min", inputs=ref, **said)
    assert _rules(hw, [unheld]) == {unheld["id"]: "instance-above-specpower"}
    held = unheld | {"low": 64.6}  # 25.2 W host share + the L40S's 39.4 W low
    assert _rules(hw, [held]) == {}
    # the accelerators' watts are not the host's: a sum whose host part is near the
    # measured servers passes though its total is far above them
    gpu_heavy = {"accelerators": [{"model": "nvidia-l40s", "count": 8, "w_each": 350}]}
    busy = _factor(hid, "power", 70 + 2800, "min", inputs=ref | gpu_heavy, **said)
    assert _rules(hw, [busy | {"inputs": busy["inputs"] | {"memory_gb": 64}}]) == {}


def test_a_teads_curve_far_above_its_host_share_is_flagged_as_the_ccf_value_is() -> None:
    # Class TS (audit 1796655557 #41): m5.8xlarge's Teads idle 70.6 W against 24.1 W, its
    # third of the highest two-socket Skylake result (72.3 W), with no bound.
    hid = "aws:m5.8xlarge"
    hw = [_instance(hid, vcpus=32, memory_gb=128)]
    ref = {"specpower_same_host_w": 24.1, "specpower_results": 28, "specpower_host_vcpus": 96}
    ccf = _factor(hid, "power", 45.216, "min", source="ccf-coefficients", low=12.8, inputs=ref)
    bad = _factor(hid, "power", 70.6, "idle", source="teads-aws-ec2", inputs=ref)
    assert _rules(hw, [ccf, bad]) == {bad["id"]: "instance-above-specpower"}
    assert _rules(hw, [ccf, bad | {"low": 12.8, "high": 70.6}]) == {}
    # a Teads point not held while the CCF value of the type was: it skipped the check
    unheld = _factor(hid, "power", 70.6, "idle", source="teads-aws-ec2")
    assert _rules(hw, [ccf, unheld]) == {unheld["id"]: "instance-above-specpower"}
    # a type whose CCF value has no reference either (Graviton: none measured) passes
    bare = _factor(hid, "power", 45.216, "min", source="ccf-coefficients")
    assert _rules(hw, [bare, unheld]) == {}
