"""Audit 1796613359 classes SG and XE (rest), O2: the segment AMD's table states, mobile
workstation Xeons on mobile dies, AMD's short launch dates; the screens trip on fixtures."""

from __future__ import annotations

import pytest

from carbonfactors_pipeline.cpu_config_screens import segment_die_consistent, segment_from_table
from carbonfactors_pipeline.importers._cpu_dates import launch_year
from carbonfactors_pipeline.importers._cpu_stated_segment import filed_segment, stated_segment
from carbonfactors_pipeline.importers.cpu_catalog import cpu_id, display_name


def _cpu(hid: str, seg: str | None, vendor: str = "AMD", form: str | None = None) -> dict:
    specs: dict = {"segment": seg} if seg else {}
    if form:
        specs["form_factor"] = form
    return {"id": hid, "category": "cpu", "vendor": vendor, "specs": specs}


def test_amd_table_names_meet_catalog_ids() -> None:
    assert cpu_id(display_name("7th Gen A6-9225 APU")[1]) == "amd-7th-gen-a6-9225-apu"


@pytest.mark.parametrize(
    ("text", "year"),
    [("2Q18", 2018), ("Q216", 2016), ("4/23/25", 2025), ("Q2'25", 2025), ("Q1 2019", 2019)],
)
def test_amd_short_launch_dates(text: str, year: int) -> None:
    assert launch_year(text) == year


def test_table_segment() -> None:
    assert stated_segment("Laptops") == "mobile"
    assert stated_segment("Desktops , Boxed Processor") == "desktop"
    assert stated_segment("Laptops , Desktops") is None
    assert filed_segment("amd", "amd-7th-gen-a6-9225-apu", "Laptops") == "mobile"
    assert filed_segment("amd", "amd-7th-gen-a6-9225-apu") is None  # no table: generic
    assert filed_segment("amd", "amd-3015e", "Laptops , Desktops") == "mobile"
    assert filed_segment("amd", "amd-ryzen-threadripper-7960x", "Desktops") == "server"
    assert filed_segment("amd", "amd-ryzen-5-220", "Laptops , Desktops") == "desktop"


@pytest.mark.parametrize(
    "cid",
    [
        "intel-xeon-w-10855m",
        "intel-xeon-w-11955m",
        "intel-xeon-w-11155mle",
        "intel-xeon-e3-1505m-v5",
        "intel-xeon-e-2176m",
        "intel-xeon-e-2254ml",
    ],
)
def test_mobile_workstation_xeons_are_mobile(cid: str) -> None:
    assert filed_segment("intel", cid) == "mobile"


@pytest.mark.parametrize(
    ("cid", "seg"),
    [
        ("intel-xeon-gold-6238m", "server"),
        ("intel-xeon-platinum-8280m", "server"),
        ("intel-xeon-w-3245m", "server"),
        ("intel-xeon-7140m", "server"),
        ("intel-xeon-w-11855m-x", "server"),
        ("intel-xeon-e-2314", "desktop"),
        ("intel-xeon-e3-1505l-v5", "desktop"),
    ],
)
def test_server_m_skus_stay(cid: str, seg: str) -> None:
    assert filed_segment("intel", cid) == seg


def test_segment_from_table_trips_on_a_generic_laptop_apu() -> None:
    bad = _cpu("amd-7th-gen-a6-9225-apu", None, form="Laptops")
    problems = segment_from_table([bad])
    assert [p[0] for p in problems] == [bad["id"]]
    assert "cpu-segment-from-table" in problems[0][1]
    assert segment_from_table([_cpu(bad["id"], "server", form="Laptops")])
    assert segment_from_table([_cpu(bad["id"], "desktop", form="Laptops")])
    assert segment_from_table([_cpu(bad["id"], "mobile", form="Laptops")]) == []
    assert segment_from_table([_cpu("amd-x", "desktop", form="Laptops , Desktops")]) == []
    tr = _cpu("amd-ryzen-threadripper-7960x", "server", form="Desktops")
    assert segment_from_table([tr, _cpu("amd-y", None)]) == []


def test_die_screen_trips_on_a_server_filed_mobile_xeon_w() -> None:
    problems = segment_die_consistent([_cpu("intel-xeon-w-11955m", "server", "Intel")])
    assert [p[0] for p in problems] == ["intel-xeon-w-11955m"]
    assert "mobile die" in problems[0][1]
    assert segment_die_consistent([_cpu("intel-xeon-w-11955m", "mobile", "Intel")]) == []
    assert segment_die_consistent([_cpu("intel-xeon-e3-1505m-v5", "desktop", "Intel")])


@pytest.mark.parametrize("cid", ["amd-c-60", "amd-e-350", "amd-z-01", "amd-tl-60"])
def test_amd_low_power_lines_without_a_family_word_are_mobile(cid: str) -> None:
    assert filed_segment("amd", cid) == "mobile"


def test_amd_opteron_numbers_stay_unread() -> None:
    assert filed_segment("amd", "amd-6272") is None
