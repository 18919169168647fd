"""The calculator through the real server (gunicorn, the fixture database): its ``bundle``
select is the engine's bundle, and the permalink reproduces the whole form, bundle included
(issue 22, item 4)."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

FORM = "hardware=A100+SXM4+80GB&count=8&util=0.7&hours=72&location=aws:us-east-1"
JOB = {
    "hardware": [{"model": "A100 SXM4 80GB", "count": 8, "utilization": 0.7}],
    "hours": 72,
    "location": "aws:us-east-1",
}


def total(text: str) -> float:
    m = re.search(r'id="total"[^>]*>\s*<data value="([^"]+)"', text)
    assert m, text[:2000]
    return float(m.group(1))


def link(text: str, anchor: str) -> str:
    m = re.search(rf'<a id="{anchor}" href="([^"]+)"', text)
    assert m, anchor
    return html.unescape(m.group(1))


def test_the_bundle_select_is_the_engines_bundle_and_the_permalink_keeps_it(
    live_server: str,
) -> None:
    api = {
        b: requests.post(f"{live_server}/v1/footprint?bundle={b}", json=JOB, timeout=30).json()
        for b in ("full", "open")
    }
    # the fixture's aws:us-east-1 grid value is share-alike: the open bundle uses another
    assert api["open"]["total_kgco2e"] != pytest.approx(api["full"]["total_kgco2e"])
    for b in ("full", "open"):
        page = requests.get(f"{live_server}/calculator?{FORM}&bundle={b}", timeout=30)
        assert page.status_code == 200, page.text[:2000]
        assert total(page.text) == pytest.approx(api[b]["total_kgco2e"])
        assert f'<option value="{b}" selected>' in page.text
        assert f'<span id="result-bundle">{b}</span> bundle' in page.text
        assert f"/v1/footprint?version={api[b]['dataset_version']}&amp;bundle={b}" in page.text
        # the permalink: the whole form, bundle included, reproduces the number
        permalink = link(page.text, "form-permalink")
        sent = dict(parse_qsl(urlsplit(permalink).query))
        assert sent["bundle"] == b and sent["location"] == "aws:us-east-1"
        path = permalink[permalink.index("/calculator") :]
        again = requests.get(live_server + path, timeout=30)
        assert total(again.text) == pytest.approx(api[b]["total_kgco2e"])
        assert f'<option value="{b}" selected>' in again.text
        # the JSON link computes on the same bundle
        got = requests.get(live_server + link(page.text, "api-link"), timeout=30).json()
        assert got["bundle"] == b
        assert got["total_kgco2e"] == pytest.approx(api[b]["total_kgco2e"])


def test_a_job_the_open_bundle_cannot_compute_says_so_on_its_field(live_server: str) -> None:
    form = FORM + "&hardware=dell-poweredge-r740&count=2&util="
    full = requests.get(f"{live_server}/calculator?{form}&bundle=full", timeout=30)
    assert full.status_code == 200
    open_ = requests.get(f"{live_server}/calculator?{form}&bundle=open", timeout=30)
    assert open_.status_code == 422
    assert "no power factor in W for &#39;dell-poweredge-r740&#39;" in open_.text
    bad = requests.get(f"{live_server}/calculator?{form}&bundle=opne", timeout=30)
    assert bad.status_code == 422 and "text/html" in bad.headers["Content-Type"]
    assert "one of: full, open" in bad.text


def test_the_cite_permalink_drops_empty_fields_and_keeps_the_lines(live_server: str) -> None:
    form = (
        "hardware=A100+SXM4+80GB&count=8&util=&hardware=A100+SXM4+80GB&count=2&util=0.5"
        "&hours=72&start=&end=&basis=&location=FR&year=&pue=&bundle=full&compare="
    )
    page = requests.get(f"{live_server}/calculator?{form}", timeout=30)
    assert page.status_code == 200, page.text[:2000]
    sent = parse_qsl(urlsplit(link(page.text, "permalink")).query, keep_blank_values=True)
    keys = [k for k, _ in sent]
    for empty in ("start", "end", "basis", "year", "pue", "compare"):
        assert empty not in keys
    assert [v for k, v in sent if k == "util"] == ["", "0.5"]  # a blank keeps line 2 aligned
    again = requests.get(link(page.text, "permalink"), timeout=30)
    assert total(again.text) == pytest.approx(total(page.text))
