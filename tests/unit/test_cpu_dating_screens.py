"""Audit 1796672257 classes CP (Xeon Phi cards undated, filed as host CPUs) and ST (Pentium D
820 at its siblings' TDP): the screens on small fixtures, the importer's id and the tree."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

from carbonfactors_pipeline.cpu_config_screens import segment_from_table
from carbonfactors_pipeline.cpu_dating_screens import (
    STEP_RULE,
    UNDATED_RULE,
    maker_dates,
    name_key,
    step_flags,
    undated_but_dated,
)
from carbonfactors_pipeline.importers._cpu_coprocessor import FORM, is_card
from carbonfactors_pipeline.importers.cpu_catalog import cpu_id

REPO = Path(__file__).resolve().parents[2]
ARK_5110P = "Intel® Xeon Phi™ Coprocessor 5110P"
PD820 = "power:intel-pentium-d-820:2026:codecarbon-cpu-power:tdp"


def _ark(tmp_path: Path) -> Path:
    """A sources folder holding one ARK row: the 5110P, dated Q4'12."""
    folder = tmp_path / "codecarbon/hardware/cpu_dataset_builder"
    folder.mkdir(parents=True)
    with (folder / "intel_cpu_ark_dataset.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["cpu_name", "launch_date", "total_cores", "max_turbo_frequency",
                    "processor_base_frequency", "cache", "tdp"])  # fmt: skip
        w.writerow([ARK_5110P, "Q4'12", "60", "", "1.05 GHz", "30 MB L2 Cache", "225.0"])
    return tmp_path


def _phi(**extra: Any) -> dict[str, Any]:
    specs = {"family": "Xeon", "segment": "server", **extra.pop("specs", {})}
    return {"id": "intel-xeon-phi-5110p", "category": "cpu", "specs": specs, **extra}


def test_ark_product_words_are_dropped_from_ids() -> None:
    assert name_key(ARK_5110P) == "intel-xeon-phi-5110p"
    assert cpu_id(ARK_5110P) == "intel-xeon-phi-5110p"  # the importer's id meets the row
    assert cpu_id("Intel® Xeon Phi™ Processor 7210") == "intel-xeon-phi-7210"


def test_undated_part_with_a_dated_coprocessor_row_fails(tmp_path: Path) -> None:
    dated = maker_dates(tmp_path, _ark(tmp_path))
    assert dated["intel-xeon-phi-5110p"] == (ARK_5110P, 2012, True)
    found = undated_but_dated([_phi()], dated)  # as release 2028.10 filed it
    assert len(found) == 2 and all(UNDATED_RULE in r for _, r in found)
    assert "dates it 2012" in found[0][1] and "Coprocessor" in found[1][1]
    fixed = _phi(release_year=2012, specs={"form_factor": FORM})
    assert undated_but_dated([fixed], dated) == []


def test_knights_corner_cards_and_not_knights_landing() -> None:
    for cid in ("intel-xeon-phi-3110x", "intel-xeon-phi-31s1p", "intel-xeon-phi-5110p",
                "intel-xeon-phi-7110x", "intel-xeon-phi-se10p"):  # fmt: skip
        assert is_card(cid), cid
    assert not is_card("intel-xeon-phi-7210") and not is_card("intel-xeon-phi-7290f")


def test_segment_from_table_holds_a_coprocessor_card_to_server() -> None:
    card = _phi(specs={"form_factor": FORM, "segment": "desktop"})
    assert [h for h, _ in segment_from_table([card])] == ["intel-xeon-phi-5110p"]
    assert segment_from_table([_phi(specs={"form_factor": FORM})]) == []


def _tdp(sub: str, value: float, **extra: Any) -> dict[str, Any]:
    return {"id": f"power:{sub}:2026:codecarbon-cpu-power:tdp", "kind": "power",
            "subject": sub, "year": 2026, "value": value, "basis": "tdp",
            "source": "codecarbon-cpu-power", "method": "CodeCarbon", **extra}  # fmt: skip


def test_sibling_step_lists_the_pentium_d_820() -> None:
    pd830 = _tdp("intel-pentium-d-830", 130, low=95, high=130, inputs={"eco2ai_tdp_w": 95})
    rows = [_tdp("intel-pentium-d-820", 130), pd830, _tdp("intel-pentium-d-840", 130)]
    flags = step_flags(rows)
    assert [(f.rule, f.factor, f.problem) for f in flags] == [(STEP_RULE, PD820, False)]
    assert "intel-pentium-d-830 95 W" in flags[0].reason
    corrected = _tdp("intel-pentium-d-820", 95, low=95, high=130,
                     method="Corrected in factors/corrections.yaml: ...")  # fmt: skip
    assert step_flags([corrected, *rows[1:]]) == []
    assert step_flags([rows[0], rows[2]]) == []  # no second reading: nothing to go on


def _records(rel: str, key: str) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((REPO / "factors" / rel).read_text(encoding="utf-8"))
    return {r["id"]: r for r in data[key]}


def test_tree_pentium_d_820_resolves_to_intel_95_w() -> None:
    f = _records("hardware/cpus/intel-pentium.yaml", "factors")[PD820]
    assert (f["value"], f["low"], f["high"]) == (95, 95, 130)
    assert "xbitlabs-pentium-d-820-2005" in f["method"]
    rows = (REPO / "factors/resolved/hardware.tsv").read_text(encoding="utf-8").splitlines()
    row = next(r.split("\t") for r in rows if r.startswith("intel-pentium-d-820\t"))
    assert row[2:4] == ["95", PD820]


def test_tree_knights_corner_parts_are_cards_and_ark_dated() -> None:
    phis = {
        k: h for k, h in _records("hardware/cpus/intel-xeon.yaml", "hardware").items() if is_card(k)
    }
    assert len(phis) == 14
    assert all(h["specs"].get("form_factor") == FORM for h in phis.values())
    assert sum(1 for h in phis.values() if h.get("release_year")) == 8
    assert phis["intel-xeon-phi-5110p"]["release_year"] == 2012
