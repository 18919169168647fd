"""One-year spikes in Ember's total generation (audit 1796658609 a-G1: Réunion 2020, 3.79 TWh
between 3.05 and 3.09 with the intensity following): the importer bounds them to the
neighbouring years and says so; screen ``generation-spike`` lists them and fails one left
unbounded or unsaid."""

from __future__ import annotations

from typing import Any

from carbonfactors_pipeline import generation_spike_screen as screen
from carbonfactors_pipeline.importers._generation_spike import mark, spike

TOTALS = {("RE", 2019): 3.05, ("RE", 2020): 3.79, ("RE", 2021): 3.09}
VALUES = {2019: 567.21, 2020: 643.8, 2021: 572.82}


def _rows(**extra: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": f"grid_intensity:RE:{y}:ember-owid",
            "kind": "grid_intensity",
            "subject": "RE",
            "year": y,
            "value": v,
            "basis": "lifecycle",
            "source": "ember-owid",
            "method": "Ember.",
            **(extra if y == 2020 else {}),
        }
        for y, v in VALUES.items()
    ]


def test_reunion_2020_is_a_spike_and_steady_or_unfollowed_years_are_not() -> None:
    assert spike((3.05, 3.79, 3.09), (567.21, 643.8, 572.82))
    assert not spike((3.05, 3.10, 3.09), (567.21, 643.8, 572.82))  # no generation spike
    assert not spike((3.05, 3.79, 3.60), (567.21, 643.8, 572.82))  # a new level, not a spike
    assert not spike((3.05, 3.79, 3.09), (567.21, 570.0, 572.82))  # intensity did not follow


def test_the_importer_bounds_a_spike_to_its_neighbours_and_says_so() -> None:
    rows = _rows()
    assert mark(rows, TOTALS) == ["grid_intensity:RE:2020:ember-owid"]
    f = rows[1]
    assert (f["low"], f["value"], f["high"]) == (567.21, 643.8, 643.8)
    assert f["inputs"] == {"generation_twh": 3.79, "neighbour_generation_twh": [3.05, 3.09]}
    assert "GENERATION SPIKE" in f["method"]
    assert "low" not in rows[0] and "low" not in rows[2]


def test_the_screen_fails_an_unbounded_spike_and_lists_a_bounded_one_for_review() -> None:
    inputs = {"generation_twh": 3.79, "neighbour_generation_twh": [3.05, 3.09]}
    bare = screen.flags(_rows(inputs=inputs))
    assert [(g.rule, g.factor, g.problem) for g in bare] == [
        ("generation-spike", "grid_intensity:RE:2020:ember-owid", True)
    ]
    rows = _rows()
    mark(rows, TOTALS)
    listed = screen.flags(rows)
    assert [(g.factor, g.problem) for g in listed] == [("grid_intensity:RE:2020:ember-owid", False)]


def test_a_corrected_spike_is_judged_on_the_producers_value() -> None:
    inputs = {"generation_twh": 3.79, "neighbour_generation_twh": [3.05, 3.09]}
    method = (
        "Ember. Corrected in factors/corrections.yaml: spike (evidence: x; upstream value 643.8)."
    )
    rows = _rows(inputs=inputs, method=method, low=567.21, high=643.8)
    rows[1]["value"] = 570.02
    (g,) = screen.flags(rows)
    assert not g.problem and "corrections.yaml" in g.reason
