"""Rules generation 12, ``caveats.jump_caveat`` across a screened-out year, and screen
``grid-jump-across-gap`` (w15 sub-national pass).

Tasmania as on file: Electricity Maps 27 g (2022), 90 g (2023, screened out as a jump),
133 g (2024). The 2024 answer was served with no JUMP warning because the year before had no
kept value; from generation 12 the warning compares with 2022. A generation-11 snapshot
answers as before, and the screen flags that answer.
"""

from __future__ import annotations

from typing import Any

from _grid_records import gi

from carbonfactors.caveats import JUMP
from carbonfactors.dataset import Dataset
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import jump_gap_screen

SOURCES = [{"id": "em", "priority": 10, "license": "CC-BY-4.0"}]
ZONES = [
    {"id": "AU", "name": "Australia", "type": "country"},
    {"id": "AU-TAS", "name": "Tasmania", "type": "subnational", "parent": "AU"},
]
FACTORS = [
    gi("AU", 2022, 580.0, "em"),
    gi("AU", 2023, 556.7, "em"),
    gi("AU", 2024, 550.0, "em"),
    gi("AU-TAS", 2022, 27.0, "em"),
    gi("AU-TAS", 2023, 90.0, "em", excluded="year-on-year-jump: 90 after 27"),
    gi("AU-TAS", 2024, 133.0, "em"),
]


def snapshot(rules: int = RULES) -> dict[str, Any]:
    return {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": list(FACTORS)}


def jumps(rules: int) -> list[str]:
    res = Dataset.from_snapshot(snapshot(rules), version="t").resolve_grid("AU-TAS", 2024)
    assert res.factor.value == 133.0
    return [w for w in res.warnings if w.startswith(JUMP)]


def test_jump_is_said_across_a_screened_out_year() -> None:
    (line,) = jumps(RULES)
    assert "after 27 in 2022; 2023 has no kept value (+393%)" in line
    assert jump_gap_screen.flags(snapshot()) == []


def test_generation_11_answers_as_before_and_the_screen_flags_it() -> None:
    assert jumps(11) == []
    (flag,) = jump_gap_screen.flags(snapshot(11))
    assert flag.rule == jump_gap_screen.RULE
    assert flag.factor == "grid_intensity:AU-TAS:2024:em"
