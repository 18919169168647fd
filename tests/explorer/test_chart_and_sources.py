"""The explorer's chart geometry and its side-by-side of sources, on small made-up data."""

from __future__ import annotations

from typing import Any

from carbonfactors.dataset import Dataset
from carbonfactors_service.explorer.chart import line_chart, nice_step
from carbonfactors_service.explorer.sidebyside import side_by_side


def test_nice_steps_are_round() -> None:
    assert nice_step(100) == 20
    assert nice_step(7) == 2
    assert nice_step(0.3) == 0.1
    assert nice_step(0.2) == 0.05
    assert nice_step(0) == 1


def test_chart_starts_at_zero_and_keeps_every_point_inside_the_plot() -> None:
    c = line_chart([("a", [(2020, 300.0), (2022, 120.0)]), ("b", [(2021, 410.0)])], "g/kWh")
    assert c.y_ticks[0].label == "0" and c.y_ticks[0].pos == c.plot_bottom
    assert float(c.y_ticks[-1].label.replace(",", "")) > 410
    for line in c.lines:
        for p in line.points:
            assert c.left <= p.x <= c.plot_right and c.top <= p.y <= c.plot_bottom
    a, b = c.lines
    assert a.points[0].x == c.left and a.points[-1].x == c.plot_right
    assert b.points[0].y < a.points[0].y  # 410 is drawn higher than 300
    assert [t.label for t in c.x_ticks] == ["2020", "2021", "2022"]
    assert a.style != b.style


def test_empty_and_single_year_charts() -> None:
    assert line_chart([], "W").lines == ()
    (line,) = line_chart([("a", [(2024, 5.0)])], "W").lines
    assert line.points[0].x > 0


def _factor(source: str, value: float, method: str, year: int = 2023) -> dict[str, Any]:
    return {
        "id": f"grid_intensity:XX:{year}:{source}",
        "kind": "grid_intensity",
        "subject": "XX",
        "year": year,
        "value": value,
        "unit": "gCO2e/kWh",
        "basis": "lifecycle",
        "source": source,
        "method": method,
    }


def test_disagreement_is_explained_only_with_what_the_data_says() -> None:
    sources = [
        {"id": "prod", "priority": 10, "notes": "Production-based: imports not counted."},
        {"id": "cons", "priority": 20},
    ]
    factors = [
        _factor("prod", 100.0, "generation only"),
        _factor("cons", 125.0, "flow-traced imports included"),
        _factor("prod", 90.0, "generation only", 2024),
    ]
    snapshot = {
        "sources": sources,
        # the star follows what a footprint in XX uses, so XX must be a zone
        "zones": [{"id": "XX", "name": "Exland", "type": "country"}],
        "operators": [],
        "hardware": [],
        "factors": factors,
    }
    ds = Dataset.from_snapshot(snapshot, version="t")
    bib = {s["id"]: s for s in sources}
    t = side_by_side(ds, "grid_intensity", "XX", factors, bib)
    assert [c.source for c in t.columns] == ["prod", "cons"]  # bibliography priority order
    assert list(t.rows) == [2023, 2024]
    (d,) = t.disagreements
    assert (d.year, d.low, d.high, d.chosen) == (2023, 100.0, 125.0, "prod")
    assert d.spread_pct == 25.0
    assert [f["method"] for f in d.factors] == ["generation only", "flow-traced imports included"]
    assert t.notes == {"prod": "Production-based: imports not counted."}
    assert t.winners == {"grid_intensity:XX:2023:prod", "grid_intensity:XX:2024:prod"}
    assert len(t.chart().lines) == 2
