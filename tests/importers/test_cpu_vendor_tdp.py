"""Audit 1796647084 #47, class TT (``importers/_cpu_vendor_tdp``): CodeCarbon's compiled
``cpu_power.csv`` drops the fraction of a fractional TDP (Celeron N2840 7 W, Intel ARK
7.5 W). The importer takes the maker table's figure; the ``cpu-tdp-vs-vendor-extract``
screen trips on a fixture N2840 at 7.0 beside its ARK row at 7.5.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _cpu_fixtures import imported_cpus

from carbonfactors_pipeline.cpu_vendor_screens import RULE, tdp_vs_vendor, vendor_figures
from carbonfactors_pipeline.importers._cpu_vendor_tdp import (
    INPUT_CC,
    INPUT_VENDOR,
    INTEL_ARK,
    parse_cell,
    truncated,
)

N2840 = "power:intel-celeron-n2840:2014:codecarbon-cpu-power:tdp"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    return imported_cpus(tmp_path_factory.mktemp("vendor") / "factors")


def test_cells_and_truncation() -> None:
    assert parse_cell("7.5") == (7.5,)
    assert parse_cell("155W / 170W") == (155.0, 170.0)
    assert parse_cell("35-54W") == (35.0, 54.0) and parse_cell("45+W") == (45.0,)
    assert parse_cell("") == ()
    assert truncated(7.0, (7.5,)) and truncated(10.0, (10.75,)) and truncated(0.0, (0.03,))
    assert not truncated(7.0, (7.0,)) and not truncated(8.0, (7.5,)) and not truncated(6, (7.5,))


def test_the_arks_figure_replaces_a_truncated_reading(tree: tuple[dict, dict]) -> None:
    _, fs = tree
    f = fs[N2840]
    assert f["value"] == 7.5 and "low" not in f and "high" not in f
    assert f["inputs"][INPUT_CC] == 7 and f["inputs"][INPUT_VENDOR] == 7.5
    assert "intel_cpu_ark_dataset.csv" in f["method"] and "class TT" in f["method"]
    assert "truncated, not a second reading" in f["method"]


def test_an_amd_table_figure_and_a_truncated_spelling(tree: tuple[dict, dict]) -> None:
    _, fs = tree
    e1 = fs["power:amd-e1-micro-6200t:2026:codecarbon-cpu-power:tdp"]
    # CodeCarbon: 3 W ("AMD E1 Micro-6200T", first) and 3.95 W; AMD's table 3.95 W
    assert e1["value"] == 3.95 and "low" not in e1 and e1["inputs"][INPUT_CC] == 3


def test_several_table_figures_bound_the_value(tree: tuple[dict, dict]) -> None:
    _, fs = tree
    epyc = fs["power:amd-epyc-7281:2026:codecarbon-cpu-power:tdp"]
    assert (epyc["value"], epyc["low"], epyc["high"]) == (170, 155, 170)
    assert "155W / 170W" in epyc["method"] and INPUT_VENDOR not in (epyc.get("inputs") or {})


def _tdp(value: float, **extra: Any) -> dict[str, Any]:
    return {
        "id": N2840,
        "kind": "power",
        "basis": "tdp",
        "subject": "intel-celeron-n2840",
        "source": "codecarbon-cpu-power",
        "value": value,
        **extra,
    }


def test_the_screen_trips_on_a_truncated_tdp(tmp_path: Path) -> None:
    ark = tmp_path / INTEL_ARK
    ark.parent.mkdir(parents=True)
    ark.write_text(
        "cpu_name,launch_date,total_cores,max_turbo_frequency,processor_base_frequency,cache,tdp\n"
        "Intel® Celeron® Processor N2840,Q3'14,2,,2.16 GHz,1 MB L2 Cache,7.5\n",
        encoding="utf-8",
    )
    vendor = vendor_figures(tmp_path, sources=tmp_path)
    [(fid, reason)] = tdp_vs_vendor([_tdp(7.0)], vendor)
    assert fid == N2840 and RULE in reason and "fraction dropped" in reason and "7.5" in reason
    assert tdp_vs_vendor([_tdp(7.5)], vendor) == []
    # a value factors/corrections.yaml fixes is the cited one, not the table's
    fixed = _tdp(6.0, method="Corrected in factors/corrections.yaml: ...")
    assert tdp_vs_vendor([fixed], vendor) == []
    # another source's reading is not CodeCarbon's list
    assert tdp_vs_vendor([_tdp(7.0, source="boavizta-api")], vendor) == []


def test_the_screen_holds_the_recorded_figure_without_tables(tmp_path: Path) -> None:
    assert vendor_figures(tmp_path) == {}  # a fixture tree: no tables read
    stale = _tdp(7.0, inputs={INPUT_VENDOR: 7.5})
    [(fid, reason)] = tdp_vs_vendor([stale], {})
    assert fid == N2840 and "inputs.vendor_extract_tdp_w" in reason
    assert tdp_vs_vendor([_tdp(7.5, inputs={INPUT_VENDOR: 7.5})], {}) == []
