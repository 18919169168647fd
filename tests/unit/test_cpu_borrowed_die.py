"""Rule ``cpu-borrowed-die-area`` and the cited dies that replace borrowed ones (audit
1796606525 class BD): a client CPU is never sized on a die cpu_specs.csv took from other parts."""

from __future__ import annotations

from typing import Any

from carbonfactors_pipeline.cpu_screens import borrowed_die_area, segment_die_range
from carbonfactors_pipeline.hardware_screens import screen_hardware
from carbonfactors_pipeline.importers._cpu_die_area import die_area
from carbonfactors_pipeline.importers._cpu_dies import Dies
from carbonfactors_pipeline.screens import Reasons


def cpu(hid: str, seg: str, arch: str = "Haswell", cores: int = 4) -> dict[str, Any]:
    specs = {"segment": seg, "microarchitecture": arch, "cores": cores}
    return {"id": hid, "category": "cpu", "vendor": "Intel", "name": hid, "specs": specs}


def embodied(hid: str, area: float, source: str) -> dict[str, Any]:
    return {
        "id": f"embodied:{hid}:2013:boavizta-api:manufacturing",
        "kind": "embodied",
        "subject": hid,
        "value": area * 0.0197 + 9.14,
        "method": f"Boavizta CPU model; die area = cpu_specs.csv total_die_size ({source}).",
        "inputs": {"die_area_mm2": area},
    }


MAX = "Max value of cpu_manufacture https://en.wikichip.org/wiki/intel/haswell_(client)"
OWN = "io_die_size () + die_size (177 mm²)"


def test_a_quad_core_on_the_server_die_is_flagged_and_excluded() -> None:
    hw = [cpu("intel-core-i7-4770k", "desktop"), cpu("intel-xeon-e5-2699-v3", "server", cores=18)]
    facts = [
        embodied("intel-core-i7-4770k", 622, MAX),
        embodied("intel-xeon-e5-2699-v3", 662, MAX),  # the 18-core part is on the largest die
    ]
    flagged = borrowed_die_area(facts, hw)
    assert [fid for fid, _ in flagged] == [facts[0]["id"]]
    assert "Max value of" in flagged[0][1]
    flags = screen_hardware(facts, hw, Reasons({}, {}, [], [], {}))
    assert {(fl.factor, fl.rule) for fl in flags} >= {(facts[0]["id"], "cpu-borrowed-die-area")}


def test_own_sibling_and_implausible_areas() -> None:
    hw = [
        cpu("intel-core-i3-9100", "desktop", "Coffee Lake"),
        cpu("intel-core-i3-8100", "desktop", "Coffee Lake"),
        cpu("intel-pentium-silver-j5005", "embedded", "Coffee Lake"),
        cpu("intel-core-i7-4790", "desktop"),
    ]
    copy = "Value of cpu_specs https://www.techpowerup.com/cpu-specs/core-i3-8100.c2088"
    facts = [
        embodied("intel-core-i3-9100", 126, copy),  # a same-die sibling's own figure: kept
        embodied("intel-core-i3-8100", 126, OWN),  # its own: kept
        embodied("intel-pentium-silver-j5005", 126, copy),  # another segment's die: flagged
        embodied("intel-core-i7-4790", 500, OWN),  # above any desktop die on file: flagged
    ]
    flagged = {fid for fid, _ in borrowed_die_area(facts, hw)}
    assert flagged == {facts[2]["id"], facts[3]["id"]}


def row(name: str, total: str, source: str, cores: str = "4.0", code: str = "Haswell") -> dict:
    return {
        "name": name,
        "manufacturer": "Intel",
        "code_name": code,
        "cores": cores,
        "total_die_size": total,
        "total_die_size_source": source,
        "source": f"https://www.techpowerup.com/cpu-specs/{name.lower().replace(' ', '-')}.c1",
    }


def test_a_borrowed_area_is_replaced_by_a_sibling_or_cited_die_or_nothing() -> None:
    rows = {
        "intel-core-i7-4770k": row("Core i7-4770K", "622", MAX, cores=""),
        "intel-core-i3-9100": row("Core i3-9100", "540", MAX, code="Coffee Lake"),
        "intel-core-i3-8100": row(
            "Core i3-8100", "126", "io_die_size () + die_size (126 mm²)", code="Coffee Lake"
        ),
        "intel-core-i7-5775c": row("Core i7-5775C", "456", MAX, code="Broadwell"),
    }
    dies = Dies(rows, die_area)
    hsw = dies.replacement("intel-core-i7-4770k", rows["intel-core-i7-4770k"], 4)
    assert dies.borrowed("intel-core-i7-4770k", rows["intel-core-i7-4770k"], 4) == "Max value of"
    assert hsw is not None and hsw.mm2 == 177 and hsw.high_mm2 == 337
    assert hsw.sources[0] == "anandtech-haswell-2013"
    cfl = dies.replacement("intel-core-i3-9100", rows["intel-core-i3-9100"])
    assert cfl is not None and cfl.mm2 == 126 and cfl.sources == ("boavizta-api",)
    assert dies.replacement("intel-core-i7-5775c", rows["intel-core-i7-5775c"]) is None
    assert dies.borrowed("intel-core-i3-8100", rows["intel-core-i3-8100"]) is None


def test_segment_range_judges_the_cited_die_that_replaced_a_borrowed_one() -> None:
    bounds = {
        "id": "embodied:category:cpu:desktop:2026:carbonfactors-derived:manufacturing",
        "kind": "embodied",
        "subject": "category:cpu:desktop",
        "value": 13.56,
        "low": 1.41,
        "high": 16.92,
    }
    hw = cpu("intel-core-i7-4770k", "desktop")
    borrowed = embodied("intel-core-i7-4770k", 622, MAX)
    hw["specs"]["die_area_mm2"] = 622
    assert segment_die_range([bounds, borrowed], [hw]) == []  # the borrowed area: not judged
    hw["specs"]["die_area_mm2"] = 400  # a cited area of its own is judged
    assert [h for h, _ in segment_die_range([bounds, borrowed], [hw])] == [hw["id"]]


def server(hid: str, arch: str, cores: int, vendor: str = "Intel") -> dict[str, Any]:
    h = cpu(hid, "server", arch, cores)
    h["vendor"] = vendor
    return h


def test_server_parts_keep_the_largest_die_only_when_it_is_their_own() -> None:
    """Class BD, server part: an 8-core Xeon E5 v3 on the 18-core die, a 64-core EPYC on
    Boavizta's 1,600 mm² Rome "maximum" and a 10-core Skylake on the XCC die are flagged; the
    18-core Haswell, the 28-core Skylake and a 6-core Xeon E7 v2 (one die) keep theirs."""
    rome = "Max value of cpu_specs https://www.techpowerup.com/cpu-specs/epyc-7702.c2246"
    hw = [
        server("intel-xeon-e5-2699-v3", "Haswell", 18),
        server("intel-xeon-e5-2630-v3", "Haswell", 8),
        server("intel-xeon-e7-8890-v2", "Ivy Bridge", 15),
        server("intel-xeon-e7-4809-v2", "Ivy Bridge", 6),
        server("intel-xeon-e5-2620-v2", "Ivy Bridge", 6),
        server("amd-epyc-7662", "Rome", 64, "AMD"),
        server("amd-epyc-7532", "Rome", 32, "AMD"),
        server("intel-xeon-e3-1270-v3", "Haswell", 4),  # a desktop die in a server SKU
    ]
    facts = [
        embodied("intel-xeon-e5-2699-v3", 622, MAX),
        embodied("intel-xeon-e5-2630-v3", 622, MAX),
        embodied("intel-xeon-e7-8890-v2", 541, MAX),
        embodied("intel-xeon-e7-4809-v2", 541, MAX),
        embodied("intel-xeon-e5-2620-v2", 541, MAX),
        embodied("amd-epyc-7662", 1600, rome),
        embodied("amd-epyc-7532", 1600, rome),
        embodied("intel-xeon-e3-1270-v3", 622, MAX),
    ]
    flagged = {fid.split(":")[1] for fid, _ in borrowed_die_area(facts, hw)}
    assert flagged == {
        "intel-xeon-e5-2630-v3",
        "intel-xeon-e5-2620-v2",
        "amd-epyc-7662",
        "amd-epyc-7532",
        "intel-xeon-e3-1270-v3",
    }
    flags = screen_hardware(facts, hw, Reasons({}, {}, [], [], {}))
    assert ("embodied:amd-epyc-7532:2013:boavizta-api:manufacturing", "cpu-borrowed-die-area") in {
        (fl.factor, fl.rule) for fl in flags
    }


def test_server_replacements_cited_rome_package_and_kept_largest_die() -> None:
    rome = "Max value of cpu_specs https://www.techpowerup.com/cpu-specs/epyc-7702.c2246"
    rows = {
        "intel-xeon-e5-2699-v3": row("Xeon E5-2699 v3", "622", MAX, cores="18.0"),
        "intel-xeon-e5-2630-v3": row("Xeon E5-2630 v3", "622", MAX, cores="8.0"),
        "amd-epyc-7662": row("EPYC 7662", "1600", rome, cores="64.0", code="Rome"),
        "amd-epyc-7702": row(
            "EPYC 7702", "1600", "io_die_size (416 mm2) + die_size (16x 74 mm²)", "64.0", "Rome"
        ),
    }
    for cid in ("amd-epyc-7662", "amd-epyc-7702"):
        rows[cid]["manufacturer"] = "AMD"
    dies = Dies(rows, die_area)
    assert dies.borrowed("intel-xeon-e5-2699-v3", rows["intel-xeon-e5-2699-v3"]) is None
    assert "most of any server part" in str(
        dies.kept("intel-xeon-e5-2699-v3", rows["intel-xeon-e5-2699-v3"])
    )
    assert dies.borrowed("intel-xeon-e5-2630-v3", rows["intel-xeon-e5-2630-v3"]) == "Max value of"
    assert dies.replacement("intel-xeon-e5-2630-v3", rows["intel-xeon-e5-2630-v3"]) is None
    assert dies.borrowed("amd-epyc-7662", rows["amd-epyc-7662"]) == "Max value of"
    epyc = dies.replacement("amd-epyc-7662", rows["amd-epyc-7662"])  # cited before siblings
    assert epyc is not None and epyc.mm2 == 1008 and epyc.sources == ("amd-chiplet-isscc-2020",)
