"""The explorer's pages, through Flask's test client on the fixture database.

The fixture has two releases: 2026.02 corrected Germany's 2024 grid intensity from
344.13992 to 342.06 gCO2e/kWh, so a page showing DE tells which version it reads.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

PAGES = [
    "/",
    "/?q=France",
    "/zones/DE",
    "/zones/aws:us-east-1",
    "/compare/zones/DE",
    "/hardware/aws:p4d.24xlarge",
    "/hardware/H100%20SXM",
    "/categories/gpu?sort=power&order=desc",
    "/operators/aws",
    "/sources/ember-owid",
    "/calculator",
    "/calculator?hardware=A100+SXM4+80GB&count=8&hours=72&location=FR&year=2023",
    "/compare?from=2026.01&version=2026.02",
]


class Page(HTMLParser):
    """The parts of a page the tests read: tags with attributes, and `<data>` values by id."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    def link(self, id_: str) -> str:
        (a,) = self.all("a", id=id_)
        href = a["href"]
        assert href is not None
        return href


def get(client: FlaskClient, url: str, status: int = 200) -> tuple[str, Page]:
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.get_data(as_text=True)[:500])
    assert r.mimetype == "text/html"
    text = r.get_data(as_text=True)
    return text, Page(text)


def data_values(text: str, after: str) -> list[float]:
    """Values of the `<data>` elements right after the element with id ``after``."""
    m = re.search(rf'id="{after}"[^>]*>\s*<data value="([^"]+)"', text)
    assert m, after
    return [float(m.group(1))]


@pytest.mark.parametrize("url", PAGES)
def test_page_works_under_a_strict_csp_and_carries_permalink_cite_and_json(
    client: FlaskClient, url: str
) -> None:
    text, page = get(client, url)
    # No script at all, no inline style, no third-party resource: a same-origin CSP holds.
    assert "<script" not in text and " style=" not in text and "<style" not in text
    for tag, attr in (("link", "href"), ("img", "src"), ("script", "src")):
        for a in page.all(tag):
            assert not (a.get(attr) or "/").startswith(("http:", "https:", "//")), (tag, a)
    assert page.all("link", rel="stylesheet")[0]["href"] == "/assets/explorer.css"
    assert page.all("html")[0]["lang"] == "en" and page.all("main", id="main")
    assert page.all("meta", name="viewport")
    # Every form control has a label.
    ids = {a["for"] for a in page.all("label")}
    for control in page.all("input") + page.all("select"):
        if control.get("type") != "hidden":
            assert control.get("id") in ids, control
    permalink = urlsplit(page.link("permalink"))
    assert parse_qs(permalink.query)["version"] == ["2026.02"]
    assert "Cite this" in text
    if not url.startswith("/calculator") or "hardware=" in url:
        r = client.get(page.link("json-link"))
        assert r.status_code == 200 and r.mimetype == "application/json", page.link("json-link")


def test_stylesheet_is_served_by_the_app(client: FlaskClient) -> None:
    r = client.get("/assets/explorer.css")
    assert r.status_code == 200 and r.mimetype == "text/css"


def test_search_finds_a_zone_by_name_and_a_gpu_by_alias(client: FlaskClient) -> None:
    _, page = get(client, "/?q=France")
    assert "/zones/FR" in [a["href"] for a in page.all("a")]
    _, page = get(client, "/?q=H100%20SXM")
    hrefs = [a["href"] for a in page.all("a")]
    assert "/hardware/nvidia-h100-sxm5-80gb" in hrefs
    text, _ = get(client, "/?q=no-such-thing")
    assert 'id="no-results"' in text
    # Each group of results links to the API's own search of that resource.
    _, page = get(client, "/?q=e")
    links = [a["href"] for a in page.all("a") if (a.get("class") or "") == "json"]
    assert len(links) == 4
    for href in links:
        assert client.get(href).status_code == 200, href


def test_links_keep_the_version_being_browsed(client: FlaskClient) -> None:
    _, page = get(client, "/?q=France&version=2026.01")
    assert "/zones/FR?version=2026.01" in [a["href"] for a in page.all("a")]
    # The switcher resubmits the page's own query with another version.
    assert page.all("input", name="q", type="hidden", value="France")


def test_zone_numbers_follow_the_version(client: FlaskClient) -> None:
    new, _ = get(client, "/zones/DE")
    old, _ = get(client, "/zones/DE?version=2026.01")
    assert data_values(new, "resolved-grid") == [342.06]
    assert data_values(old, "resolved-grid") == [344.13992]
    assert 'id="version-shown">2026.01<' in old


def test_zone_json_link_answers_the_numbers_shown(client: FlaskClient) -> None:
    text, page = get(client, "/zones/DE?version=2026.01")
    body = client.get(page.link("json-link")).get_json()
    assert body["dataset_version"] == "2026.01" and body["zone"]["id"] == "DE"
    shown = {float(v) for v in re.findall(r'<data value="([^"]+)"', text)}
    factors = client.get("/v1/factors?version=2026.01&kind=grid_intensity&subject=DE").get_json()
    assert {f["value"] for f in factors["items"]} <= shown


def test_cloud_region_shows_its_grid_zone_series_and_its_pue(client: FlaskClient) -> None:
    text, page = get(client, "/zones/aws:us-east-1")
    assert "US-MIDA-PJM" in text and page.all("svg", id="grid-chart")
    assert "PUE the engine uses here" in text


def test_country_page_lists_cloud_regions_with_their_pue(client: FlaskClient) -> None:
    text, _ = get(client, "/zones/FR")
    assert "aws:eu-west-3" in text and "1.15" in text


def test_chart_has_a_point_per_value(client: FlaskClient) -> None:
    text, _ = get(client, "/zones/DE")
    svg = text.split('id="grid-chart"', 1)[1].split("</svg>", 1)[0]
    factors = client.get("/v1/factors?kind=grid_intensity&subject=DE").get_json()["items"]
    assert svg.count("<circle") == len(factors)


def test_category_sorts_by_any_column_with_missing_values_last(client: FlaskClient) -> None:
    text, page = get(client, "/categories/gpu?sort=power&order=desc")
    assert page.all("th", **{"aria-sort": "descending"})
    rows = re.findall(r'<a href="/hardware/([^"]+)">', text.split("<tbody>", 1)[1])
    powers = {}
    for hw in rows:
        items = client.get(f"/v1/hardware/{hw}").get_json()["power"]
        powers[hw] = max((f["value"] for f in items), default=None)
    values = [powers[h] for h in rows if powers[h] is not None]
    assert values == sorted(values, reverse=True)
    get(client, "/categories/gpu?sort=nope", status=400)
    get(client, "/categories/no-such-category", status=404)


def test_source_page_lists_every_factor_citing_it(client: FlaskClient) -> None:
    text, _ = get(client, "/sources/ember-owid")
    listed = set(re.findall(r"/v1/factors/([^?\"]+)", text))
    api = client.get("/v1/factors?source=ember-owid&limit=1000").get_json()["items"]
    assert listed == {f["id"] for f in api}
    assert "CC-BY-4.0" in text


def test_calculator_gives_the_api_total_and_links_to_it(client: FlaskClient) -> None:
    job: dict[str, Any] = {
        "hardware": [{"model": "A100 SXM4 80GB", "count": 8}],
        "hours": 72,
        "location": "FR",
        "year": 2023,
    }
    text, page = get(
        client, "/calculator?hardware=A100+SXM4+80GB&count=8&hours=72&location=FR&year=2023"
    )
    posted = client.post("/v1/footprint?version=2026.02", json=job).get_json()
    assert data_values(text, "total") == [posted["total_kgco2e"]]
    linked = urlsplit(page.link("api-link"))
    assert linked.path == "/v1/footprint"
    assert json.loads(parse_qs(linked.query)["job"][0]) == job
    assert client.get(page.link("api-link")).get_json() == posted
    for f in posted["factors"]:
        if f["id"]:
            assert f["id"] in text


def test_calculator_errors_name_the_field(client: FlaskClient) -> None:
    text, page = get(client, "/calculator?hardware=&count=two&hours=1", status=422)
    assert page.all("input", id="f-hardware", **{"aria-invalid": "true"})
    assert page.all("input", id="f-count", **{"aria-invalid": "true"})
    text, page = get(client, "/calculator?hardware=no-such-gpu&hours=1&location=FR", status=422)
    assert "names no model" in text
    assert page.all("input", id="f-hardware", **{"aria-invalid": "true"})


def test_compare_releases_lists_what_changed(client: FlaskClient) -> None:
    text, _ = get(client, "/compare?from=2026.01&version=2026.02")
    assert "1 added, 1 changed, 0 removed." in text
    assert "grid_intensity:DE:2024:ember-owid" in text
    assert '<data value="344.13992">' in text and '<data value="342.06">' in text
    assert "Corrected to Ember" in text  # the why, from the factor's method
    get(client, "/compare?from=2026.02&version=2026.02", status=400)
    # The first release has nothing before it: the page shows what the next one changed.
    r = client.get("/compare?version=2026.01")
    assert r.status_code == 302
    assert r.headers["Location"] == "/compare?version=2026.02&from=2026.01"


@pytest.mark.parametrize(
    "url",
    [
        "/zones/NOPE",
        "/hardware/no-such-model",
        "/sources/nobody",
        "/operators/nobody",
        "/zones/DE?version=1999.01",
    ],
)
def test_errors_are_pages_that_say_why(client: FlaskClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404 and r.mimetype == "text/html"
    assert r.headers["Cache-Control"] == "no-store"
    assert 'id="problem-detail"' in r.get_data(as_text=True)


def test_pages_of_a_release_are_cached_briefly_not_forever(client: FlaskClient) -> None:
    r = client.get("/zones/DE?version=2026.01")
    assert r.headers["Cache-Control"] == "public, max-age=60"
    assert client.get("/zones/DE?version=dev").headers["Cache-Control"] == "no-cache"
