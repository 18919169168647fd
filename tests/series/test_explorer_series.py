"""The explorer's zone page shows the intensity series: a day view and a year view (SVG)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from carbonfactors_pipeline.build import build_database
from carbonfactors_pipeline.validate import validate_tree
from carbonfactors_service import create_app


@pytest.fixture(scope="module")
def web(series_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    out = tmp_path_factory.mktemp("db") / "series.db"
    build_database(series_tree, validate_tree(series_tree).snapshot, out)
    yield create_app({"DATABASE": str(out), "TESTING": True}).test_client()


def test_zone_page_day_and_year(web: FlaskClient) -> None:
    r = web.get("/zones/GB?version=dev&day=2023-06-07")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert 'id="series-day"' in html and 'id="series-year"' in html
    assert "CO2 only (not CO2e)" in html
    # 7 June: 48 half-hours, none missing; the 0.0 glitches are drawn as estimated points.
    assert html.count('class="estimated"') == 4  # 09:30..11:00 UTC
    assert "start=2023-06-07T00%3A00%3A00Z" in html and "grid-intensity/series" in html
    # The October gap breaks the day's line.
    gap = web.get("/zones/GB?version=dev&day=2023-10-20").get_data(as_text=True)
    assert "missing (gaps in the line)" in gap


def test_cloud_region_and_bad_day(web: FlaskClient) -> None:
    html = web.get("/zones/gcp:europe-west2?version=dev&day=2031-01-01").get_data(as_text=True)
    assert 'id="series-day"' in html and "the grid gcp:europe-west2 draws from" in html
    assert "outside the series" in html
    html = web.get("/zones/FR?version=dev").get_data(as_text=True)
    assert 'id="series-day"' not in html


def test_calculator_accepts_start_and_end(web: FlaskClient) -> None:
    q = {
        "version": "dev",
        "hardware": "x",
        "location": "GB",
        "start": "2023-06-07T01:00:00Z",
        "end": "2023-06-07T03:00:00Z",
        "basis": "direct",
    }
    r = web.get("/calculator", query_string=q)
    html = r.get_data(as_text=True)
    # hours are not required: start and end give them (the fixture has no hardware or PUE,
    # so the engine still refuses the job, on another field).
    assert 'id="e-hours"' not in html and 'value="2023-06-07T01:00:00Z"' in html
    assert 'id="e-hours"' in web.get("/calculator", query_string=dict(q, end="")).get_data(
        as_text=True
    )
