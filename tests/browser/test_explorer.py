"""The explorer as a reader uses it: typed searches, clicks, the version switcher and the
calculator form, in headless Chromium against the real server (fixture database)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import requests
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from .conftest import screenshot

pytestmark = pytest.mark.slow


def _navigate(browser: WebDriver, action: Callable[[], object]) -> None:
    """Do ``action`` (a click, Enter in a form) and wait until the next page has loaded.

    The old page is marked with a window flag rather than watched through one of its
    elements: asking Chrome about an element while its document is being replaced can fail
    with an inspector error instead of the "stale element" answer, which made the wait flaky.
    A new document has no flag; errors while it is loading are retried until the timeout.
    """
    browser.execute_script("window.cfLeaving = true")
    action()
    WebDriverWait(browser, 20, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script(
            "return window.cfLeaving !== true && document.readyState === 'complete'"
        )
    )


def _search(browser: WebDriver, words: str) -> list[str]:
    box = browser.find_element(By.ID, "site-q")
    box.clear()
    _navigate(browser, lambda: box.send_keys(words, Keys.ENTER))
    assert browser.find_element(By.ID, "results-h").text == f"Results for “{words}”"
    return [
        a.get_attribute("href") or "" for a in browser.find_elements(By.CSS_SELECTOR, ".hits a")
    ]


def _shown(browser: WebDriver, element_id: str) -> float:
    """The exact number behind a formatted value (its ``<data value>``)."""
    el = browser.find_element(By.CSS_SELECTOR, f"#{element_id} data")
    return float(el.get_attribute("value") or "nan")


def test_search_finds_a_zone_and_a_gpu_and_the_zone_chart_renders(
    browser: WebDriver, explorer_url: str
) -> None:
    browser.get(explorer_url + "/")
    screenshot(browser, "home")
    assert browser.find_element(By.ID, "counts-h").text == "In version 2026.02"
    hrefs = _search(browser, "H100 SXM")
    assert explorer_url + "/hardware/nvidia-h100-sxm5-80gb" in hrefs
    screenshot(browser, "search-gpu")
    hit = browser.find_element(By.CSS_SELECTOR, "a[href='/hardware/nvidia-h100-sxm5-80gb']")
    _navigate(browser, hit.click)
    assert browser.find_element(By.TAG_NAME, "h1").text == "NVIDIA H100 SXM5 80GB"
    screenshot(browser, "hardware")

    hrefs = _search(browser, "France")
    assert explorer_url + "/zones/FR" in hrefs
    _navigate(browser, browser.find_element(By.CSS_SELECTOR, "a[href='/zones/FR']").click)
    chart = browser.find_element(By.ID, "grid-chart")
    size = chart.size
    assert size["width"] > 300 and size["height"] > 100  # laid out, not an empty box
    points = chart.find_elements(By.CSS_SELECTOR, ".series circle")
    assert len(points) >= 3 and all(p.is_displayed() for p in points)
    assert chart.find_elements(By.TAG_NAME, "polyline")
    screenshot(browser, "zone")
    screenshot(browser, "zone-phone", width=390)
    # On a phone the page does not scroll sideways: wide tables scroll in their own box.
    browser.set_window_size(390, 900)
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )
    browser.set_window_size(1280, 1000)


def test_version_switcher_changes_the_numbers_shown(browser: WebDriver, explorer_url: str) -> None:
    browser.get(explorer_url + "/zones/DE")
    assert browser.find_element(By.ID, "version-shown").text == "2026.02"
    assert _shown(browser, "resolved-grid") == 342.06
    Select(browser.find_element(By.ID, "version-select")).select_by_value("2026.01")
    _navigate(browser, browser.find_element(By.ID, "version-go").click)
    assert browser.find_element(By.ID, "version-shown").text == "2026.01"
    assert _shown(browser, "resolved-grid") == 344.13992
    assert browser.current_url.endswith("/zones/DE?version=2026.01")
    screenshot(browser, "zone-2026.01")
    _navigate(browser, browser.find_element(By.LINK_TEXT, "Compare releases").click)
    assert "1 added, 1 changed, 0 removed." in browser.find_element(By.ID, "change-counts").text
    screenshot(browser, "compare-releases")


def test_calculator_total_is_the_api_total(browser: WebDriver, explorer_url: str) -> None:
    browser.get(explorer_url + "/calculator")
    for name, value in (
        ("hardware", "A100 SXM4 80GB"),
        ("count", "8"),
        ("hours", "72"),
        ("location", "gcp:europe-west1"),
        ("year", "2023"),
    ):
        field = browser.find_element(By.ID, f"f-{name}")
        field.clear()
        field.send_keys(value)
    _navigate(browser, browser.find_element(By.ID, "compute").click)
    shown = _shown(browser, "total")
    job = {
        "hardware": [{"model": "A100 SXM4 80GB", "count": 8}],
        "hours": 72,
        "location": "gcp:europe-west1",
        "year": 2023,
    }
    posted = requests.post(f"{explorer_url}/v1/footprint", json=job, timeout=10).json()
    assert shown == posted["total_kgco2e"]
    screenshot(browser, "calculator")
    link = browser.find_element(By.ID, "api-link").get_attribute("href") or ""
    assert requests.get(link, timeout=10).json() == posted
    # The receipt lists every factor the API used.
    receipt = browser.find_element(By.CSS_SELECTOR, "table.receipt").text
    assert all(f["id"] in receipt for f in posted["factors"] if f["id"]), json.dumps(posted)


def test_category_sorts_by_column_with_the_keyboard(browser: WebDriver, explorer_url: str) -> None:
    browser.get(explorer_url + "/categories/gpu")
    header = browser.find_element(By.PARTIAL_LINK_TEXT, "Power")
    # A link: keyboard and pointer alike, no script needed.
    _navigate(browser, lambda: header.send_keys(Keys.ENTER))
    sorted_th = browser.find_element(By.CSS_SELECTOR, "th[aria-sort]")
    assert sorted_th.get_attribute("aria-sort") == "ascending" and "Power" in sorted_th.text
    screenshot(browser, "category")
    browser.get(explorer_url + "/sources/ember-owid")
    screenshot(browser, "source")
