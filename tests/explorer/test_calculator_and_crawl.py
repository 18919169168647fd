"""The calculator (several lines, every error at once, suggestions, comparison, permalink),
what the explorer marks as used, and a crawl of every page type for leaked reprs
(issue 22, items 3 and 4), through the real app on the fixture database."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask.testing import FlaskClient

from .test_pages import data_values, get

LINES = (
    "hardware=A100+SXM4+80GB&count=8&util=0.7"
    "&hardware=dell-poweredge-r740&count=2&util="
    "&hours=72&location=FR&year=2023&pue=1.2&bundle=full"
)
JOB: dict[str, Any] = {
    "hardware": [
        {"model": "A100 SXM4 80GB", "count": 8, "utilization": 0.7},
        {"model": "dell-poweredge-r740", "count": 2},
    ],
    "hours": 72,
    "location": "FR",
    "year": 2023,
    "pue": 1.2,
}


def test_several_lines_utilization_and_pue_give_the_api_total(client: FlaskClient) -> None:
    text, page = get(client, "/calculator?" + LINES)
    posted = client.post("/v1/footprint?version=2026.02", json=JOB).get_json()
    assert data_values(text, "total") == [pytest.approx(posted["total_kgco2e"])]
    assert (
        len(page.all("input", name="hardware", type="text")) == 3
    )  # two filled lines and a spare one
    assert page.all("option", value="full", selected=None)  # selected, a bare attribute


def test_every_field_error_at_once(client: FlaskClient) -> None:
    url = (
        "/calculator?hardware=A10O&count=two&util=3&hardware=&count=2&util="
        "&hours=&location=Frnace&year=20x&pue=amazon&compare=Grmany"
    )
    text, page = get(client, url, status=422)
    for key in ("hardware", "count", "util", "hardware-2", "hours", "location", "year", "pue"):
        assert page.all("input", id=f"f-{key}", **{"aria-invalid": "true"}), key
    assert "9 fields to fix" in text
    assert "did you mean &#39;FR&#39;" in text  # the location's suggestion, as in the API
    assert "did you mean aws?" in text  # operator "amazon"


def test_suggestions_are_datalists_not_scripts(client: FlaskClient) -> None:
    text, page = get(client, "/calculator")
    for name in ("hardware", "location", "pue"):
        (inp,) = page.all("input", id=f"f-{name}")
        assert inp["list"] == f"dl-{name}"
    assert page.all("option", value="FR") and page.all("option", value="aws")
    assert page.all("option", value="NVIDIA A100 SXM4 80 GB")
    assert "<script" not in text


def test_comparison_across_locations_and_years(client: FlaskClient) -> None:
    text, page = get(client, "/calculator?" + LINES + "&compare=DE,BE")
    bars = re.findall(r'<g class="bar( own)?">', text)
    assert len(bars) == 3 and bars.count(" own") == 1
    ds_totals = {}
    for loc in ("FR", "DE", "BE"):
        ds_totals[loc] = client.post(
            "/v1/footprint?version=2026.02", json={**JOB, "location": loc}
        ).get_json()["total_kgco2e"]
    rows = re.findall(r"<tr><td class=\"num\">\d+</td><td>([^<]+)</td>", text)
    assert rows == sorted(ds_totals, key=ds_totals.__getitem__)
    text, _ = get(client, "/calculator?" + LINES + "&compare=2024")
    assert len(re.findall(r'<g class="bar', text)) == 2
    assert "The same job in other years" in text


def test_the_permalink_reproduces_the_whole_form(client: FlaskClient) -> None:
    text, page = get(client, "/calculator?" + LINES + "&compare=DE")
    link = page.link("form-permalink")
    sent = parse_qsl(urlsplit(link).query, keep_blank_values=True)
    assert ("version", "2026.02") in sent
    again, again_page = get(client, link[link.index("/calculator") :])
    assert data_values(again, "total") == data_values(text, "total")
    assert [a["value"] for a in again_page.all("input", name="hardware", type="text")][:2] == [
        "A100 SXM4 80GB",
        "dell-poweredge-r740",
    ]
    assert again_page.all("input", id="f-util", value="0.7")
    assert again_page.all("input", id="f-compare", value="DE")
    assert again_page.all("input", id="f-pue", value="1.2")


def test_the_star_marks_what_a_footprint_uses(client: FlaskClient) -> None:
    """A cloud region's page: the starred values are the ones its footprints use, one per
    year at most, and the headline is one of them."""
    text, _ = get(client, "/zones/aws:us-east-1")
    api = client.get("/v1/zones/aws:us-east-1/grid-intensity?version=2026.02").get_json()
    starred = re.findall(
        r'<span class="star" title="used by the engine">★</span> <data value="([^"]+)"', text
    )
    headline = data_values(text, "resolved-grid")
    assert headline == [api["value"]]
    assert float(starred[-1]) == api["value"] or "not-starred" in text
    for row in re.findall(r"<tr>.*?</tr>", text, re.S):
        assert row.count('class="star"') <= 1


def test_listing_shows_the_engine_defaults(client: FlaskClient) -> None:
    text, _ = get(client, "/categories/gpu")
    hw = client.get("/v1/hardware/nvidia-a100-sxm4-80gb?version=2026.02").get_json()
    assert hw["hardware"]["id"] == "nvidia-a100-sxm4-80gb"
    row = re.search(r'nvidia-a100-sxm4-80gb">[^<]+</a></td>(.*?)</tr>', text, re.S)
    assert row is not None
    fp = client.post(
        "/v1/footprint?version=2026.02",
        json={"hardware": [{"model": "nvidia-a100-sxm4-80gb"}], "hours": 1, "location": "FR"},
    ).get_json()
    embodied = next(f for f in fp["factors"] if f["role"] == "hardware[0].embodied")
    assert f'<data value="{embodied["value"]}"' in row.group(1)
    assert f'<data value="{fp["hardware"][0]["power_w"]}"' in row.group(1)


# -- crawl -------------------------------------------------------------------------------------
class Links(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self._skip = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith("/") and not href.startswith(("/v1", "/assets")):
            self.hrefs.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


#: A leaked Python value: None, a dataclass repr, an object repr.
LEAK = re.compile(r"\bNone\b|\b[A-Z]\w*\(\w+=|<[\w.]+ object at 0x")
SEEDS = [
    "/",
    "/?q=A100",
    "/calculator?" + LINES + "&compare=DE,BE",
    "/calculator?hardware=nope&hours=x",
    "/compare?from=2026.01&version=2026.02",
    "/hardware/H100%20SXM",
]


def _kind(url: str) -> str:
    path = urlsplit(url).path
    return "/" + path.split("/")[1] if path != "/" else "/"


def test_crawl_every_page_type_leaks_no_repr_and_no_none(client: FlaskClient) -> None:
    seen: set[str] = set()
    per_kind: dict[str, int] = {}
    todo = list(SEEDS)
    leaks = []
    while todo:
        url = todo.pop(0)
        if url in seen or per_kind.get(_kind(url), 0) >= 8:
            continue
        seen.add(url)
        per_kind[_kind(url)] = per_kind.get(_kind(url), 0) + 1
        r = client.get(url)
        assert r.status_code < 500, (url, r.status_code)
        page = Links(r.get_data(as_text=True))
        text = " ".join(page.text)
        leaks += [(url, text[max(0, m.start() - 40) : m.end() + 40]) for m in LEAK.finditer(text)]
        todo += [h for h in page.hrefs if h not in seen]
    kinds = set(per_kind)
    for kind in (
        "/",
        "/zones",
        "/compare",
        "/hardware",
        "/categories",
        "/operators",
        "/sources",
        "/calculator",
    ):
        assert kind in kinds, (kind, sorted(kinds))
    assert not leaks, leaks[:5]


def test_a_page_not_found_links_what_it_could_have_meant(client: FlaskClient) -> None:
    text, page = get(client, "/zones/eu-west-3", status=404)
    assert page.all("a", href="/zones/aws:eu-west-3")
    text, page = get(client, "/operators/gogle", status=404)
    assert page.all("a", href="/operators/google")
