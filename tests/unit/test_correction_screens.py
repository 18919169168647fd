"""Screen ``grid-correction-coverage`` (audit 1796621837 G4p) on a small AU-VIC-like fixture."""

from __future__ import annotations

from typing import Any

from carbonfactors_pipeline.correction_screens import RULE, screen_correction_coverage
from carbonfactors_pipeline.screens import Reasons

SRC = "electricitymaps-2021-export"
MARK = "Corrected in factors/corrections.yaml: KNOWN UPSTREAM ERROR"


def row(year: int, suffix: str = "", corrected: bool = True) -> dict[str, Any]:
    return {
        "id": f"grid_intensity:XX-VIC:{year}:{SRC}{suffix}",
        "kind": "grid_intensity",
        "subject": "XX-VIC",
        "source": SRC,
        "year": year,
        "value": 680.0,
        "method": MARK if corrected else "part-year average",
    }


def fix(**kw: Any) -> dict[str, Any]:
    base = {"id": None, "kind": None, "subject": None, "source": None, "high": 1060.0}
    return base | kw


def reasons(keep: dict[tuple[str, str], str] | None = None) -> Reasons:
    return Reasons(keep=keep or {}, exclude={}, explained=[], problems=[], lines={})


FACTORS = [row(2018), row(2019), row(2017, ":part-year", corrected=False), row(2018, "")]
FACTORS = [*FACTORS[:3], {**row(2018), "subject": "XX-NSW", "id": "grid_intensity:XX-NSW:2018:x"}]
BY_ID = {
    "grid_intensity:XX-VIC:2018:" + SRC: fix(id="grid_intensity:XX-VIC:2018:" + SRC),
    "grid_intensity:XX-VIC:2019:" + SRC: fix(id="grid_intensity:XX-VIC:2019:" + SRC),
}


def test_a_new_part_year_row_of_a_zone_corrected_by_id_trips() -> None:
    flags = screen_correction_coverage(FACTORS, BY_ID, reasons())
    assert [(f.factor, f.rule) for f in flags] == [
        (f"grid_intensity:XX-VIC:2017:{SRC}:part-year", RULE)
    ]
    assert flags[0].excluded is not None  # kept out of defaults until corrected or kept
    assert "XX-VIC's rows from electricitymaps-2021-export are corrected" in flags[0].reason


def test_a_keep_note_or_a_zone_and_source_correction_clears_it() -> None:
    part = f"grid_intensity:XX-VIC:2017:{SRC}:part-year"
    kept = screen_correction_coverage(FACTORS, BY_ID, reasons({(part, RULE): "why"}))
    assert [f.kept for f in kept] == ["why"] and kept[0].excluded is None
    scope = {
        f"grid_intensity:XX-VIC:*:{SRC}": fix(kind="grid_intensity", subject="XX-VIC", source=SRC)
    }
    assert screen_correction_coverage(FACTORS, scope, reasons()) == []


def test_other_kinds_are_not_this_screens() -> None:
    cpu = [{**r, "kind": "power"} for r in FACTORS]
    assert screen_correction_coverage(cpu, BY_ID, reasons()) == []
