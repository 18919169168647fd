"""The explorer's hardware page through the real server: it shows what a footprint of the
model uses (``carbonfactors.defaults``, the rule of the listings and resolved tables) and
stars exactly those factors, so no page shows a value the engine does not use as if it
were the one (issue 22, item 3)."""

from __future__ import annotations

import html
import re

import pytest
import requests


def used_value(text: str, key: str) -> float:
    m = re.search(rf'<data id="used-{key}" value="([^"]+)"', text)
    assert m, key
    return float(m.group(1))


@pytest.mark.parametrize("model", ["nvidia-a100-sxm4-80gb", "dell-poweredge-r740"])
def test_the_hardware_page_shows_and_stars_what_a_footprint_uses(
    live_server: str, model: str
) -> None:
    job = {
        "hardware": [{"model": model, "count": 1, "utilization": 1.0}],
        "hours": 1,
        "grid_intensity": 1000,
        "pue": 1.0,
    }
    fp = requests.post(f"{live_server}/v1/footprint", json=job, timeout=30).json()
    used = {f["role"]: f for f in fp["factors"]}
    page = requests.get(f"{live_server}/hardware/{model}", timeout=30)
    assert page.status_code == 200
    text = page.text
    assert used_value(text, "embodied") == pytest.approx(used["hardware[0].embodied"]["value"])
    assert used_value(text, "power") == pytest.approx(fp["hardware"][0]["power_w"])
    # every starred row is a factor the footprint used, and every used factor of the model's
    # own tables is starred
    starred = set()
    for row in re.findall(r"<tr>(.*?)</tr>", text, re.S):
        if "★" in row:
            starred |= set(re.findall(r'/v1/factors/([^"?]+)', html.unescape(row)))
    ids = {f["id"] for r, f in used.items() if r.startswith("hardware[0]") and f.get("id")}
    assert starred and starred <= ids, (starred, ids)
    assert used["hardware[0].embodied"]["id"] in starred


def test_a_listing_is_cached_per_bundle(live_server: str) -> None:
    """The fixture's dell-poweredge-r740 power is share-alike (not in the open bundle): a
    listing asked for ``bundle=open`` first must not be what the full bundle then shows."""

    def r740_row(bundle: str) -> str:
        url = f"{live_server}/categories/server?bundle={bundle}"
        text = requests.get(url, timeout=30).text
        rows = [r for r in re.findall(r"<tr>(.*?)</tr>", text, re.S) if "r740" in r.lower()]
        assert rows, text[:2000]
        return rows[0]

    full = r740_row("full")
    assert "W" in re.sub(r"<[^>]+>", " ", full)
    for _ in range(6):  # the server's workers each cache: ask each of them, in both orders
        assert r740_row("open") != full
        assert r740_row("full") == full
