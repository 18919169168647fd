"""Rules generation 13 and screen ``screens-import-cause`` (audit 1796647084, class a-S1).

Bahrain 2025 was answered with Ember's 2024 value, 902.24 [488..902.24], and said only STALE
although Electricity Maps gives 488 (1.85x apart); and the ``factors/screens.yaml`` note
explaining the gap said "Cause: imports", citing Electricity Maps' "production estimate" 700,
which is its default factor for a 100%-unknown mix, for a zone Electricity Maps models no
interconnector for. From generation 13 the answer says SOURCES DISAGREE with the other
value; the screen lists an imports cause the numbers on file rule out. A generation-12
snapshot answers as before.
"""

from __future__ import annotations

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.resolve.source_gap import DISAGREE
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import import_cause_screen as screen

EM = "electricitymaps-yearly"
SOURCES = [{"id": s, "priority": p, "license": "CC-BY-4.0"} for s, p in [("ember", 10), (EM, 20)]]
ZONES = [{"id": "BH", "name": "Bahrain", "type": "country"}]
FACTORS = [
    gi("BH", 2022, 902.75, "ember"),
    gi("BH", 2024, 902.24, "ember"),
    gi("BH", 2022, 488.0, EM),
    gi("BH", 2025, 488.0, EM),
]
NOTE = (
    "Cause: imports. Electricity Maps' own production estimate is close to Ember's. "
    "2022: Ember 902.75, Electricity Maps 488 (its production estimate 700)."
)
ENTRY = {"subject": "BH", "years": [2022], "sources": ["ember", EM], "note": NOTE}
VALUES = {("BH", 2022): 488.0, ("SA", 2022): 553.0}


def ds(rules: int = RULES) -> Dataset:
    snap = {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": FACTORS}
    return Dataset.from_snapshot(snap, version="t")


def test_rules_is_generation_13() -> None:
    assert RULES >= 13


def test_stale_answer_names_the_other_source() -> None:
    res = ds().resolve_grid("BH", 2025)
    assert res.value == 902.24
    (line,) = [w for w in res.warnings if w.startswith(DISAGREE)]
    assert "electricitymaps-yearly gives BH" in line and "488" in line and "1.85x" in line


def test_same_year_answer_says_whether_its_bounds_reach_it() -> None:
    res = ds().resolve_grid("BH", 2022)
    (line,) = [w for w in res.warnings if w.startswith(DISAGREE)]
    reached = res.factor.lo <= 488 <= res.factor.hi
    assert "BH 2022 488" in line and ("the bounds reach it" in line) == reached


def test_generation_12_answers_as_before() -> None:
    res = ds(12).resolve_grid("BH", 2025)
    assert res.value == 902.24
    assert not [w for w in res.warnings if w.startswith(DISAGREE)]


def test_close_sources_say_nothing() -> None:
    close = [gi("BH", 2022, 902.75, "ember"), gi("BH", 2022, 700.0, EM)]
    snap = {"rules": RULES, "sources": SOURCES, "zones": ZONES, "factors": close}
    res = Dataset.from_snapshot(snap, version="t").resolve_grid("BH", 2022)
    assert not [w for w in res.warnings if w.startswith(DISAGREE)]


def test_all_unknown_mix_trips() -> None:
    """The audit's fixture: unknown share 1.0, connected to Saudi Arabia (553)."""
    (reason,) = screen.flags([ENTRY], VALUES, {"BH": {2022: 1.0}}, lambda z: ("SA",))
    assert reason.startswith("BH") and "100% 'unknown'" in reason


def test_below_estimate_and_every_neighbour_trips() -> None:
    (reason,) = screen.flags([ENTRY], VALUES, {}, lambda z: ("SA",))
    assert "below its production estimate 700" in reason and "SA 553" in reason


def test_no_interconnector_trips() -> None:
    (reason,) = screen.flags([ENTRY], VALUES, {}, lambda z: ())
    assert "no interconnector" in reason


def test_plausible_imports_pass() -> None:
    """Kosovo 2021: a cleaner neighbour (Albania's hydro) can pull the value down."""
    values = {("BH", 2022): 488.0, ("SA", 2022): 553.0, ("AL", 2022): 121.0}
    assert screen.flags([ENTRY], values, {"BH": {2022: 0.0}}, lambda z: ("SA", "AL")) == []


def test_other_causes_are_not_checked() -> None:
    other = {**ENTRY, "note": NOTE.replace("Cause: imports", "Cause: method")}
    assert screen.flags([other], VALUES, {"BH": {2022: 1.0}}, lambda z: ()) == []


def test_exchange_facts() -> None:
    from carbonfactors_pipeline.importers import _em_exchanges

    assert _em_exchanges.neighbours("BH") == ()
    assert _em_exchanges.neighbours("XK") == ("AL", "ME", "MK", "RS")
