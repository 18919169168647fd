"""Readable on a phone and on a desktop (issue 22, item 3): home, a zone, a hardware page and
the calculator with several lines and a comparison, at 375 and 1280 CSS pixels, in headless
Chromium against the real server. Each page is screenshotted to ``build/screenshots/`` and
must not scroll sideways at 375 px (wide tables scroll inside their own box); the
calculator is filled in by typing, as a reader does."""

from __future__ import annotations

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from .conftest import screenshot
from .test_explorer import _navigate, _shown

pytestmark = pytest.mark.slow

PAGES = {
    "home": "/",
    "zone": "/zones/aws:us-east-1",
    "hardware": "/hardware/aws:p4d.24xlarge",
}
WIDTHS = (375, 1280)


def _overflow(browser: WebDriver) -> int:
    """CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return int(
        browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_the_width(browser: WebDriver, explorer_url: str, name: str, width: int) -> None:
    browser.set_window_size(width, 1000)
    browser.get(explorer_url + PAGES[name])
    assert _overflow(browser) <= 0, f"{name} scrolls sideways at {width} px"
    path = screenshot(browser, f"{name}-{width}", width=width)
    assert path.stat().st_size > 5000


@pytest.mark.parametrize("width", WIDTHS)
def test_calculator_several_lines_and_a_comparison(
    browser: WebDriver, explorer_url: str, width: int
) -> None:
    browser.set_window_size(width, 1000)
    browser.get(explorer_url + "/calculator")
    typed = {
        "hardware": "A100 SXM4 80GB",
        "count": "8",
        "util": "0.7",
        "hardware-2": "dell-poweredge-r740",
        "count-2": "2",
        "hours": "72",
        "location": "FR",
        "year": "2023",
        "pue": "1.2",
        "compare": "DE, BE",
    }
    for key, value in typed.items():
        field = browser.find_element(By.ID, f"f-{key}")
        field.clear()
        field.send_keys(value)
    _navigate(browser, browser.find_element(By.ID, "compute").click)
    job = {
        "hardware": [
            {"model": "A100 SXM4 80GB", "count": 8, "utilization": 0.7},
            {"model": "dell-poweredge-r740", "count": 2},
        ],
        "hours": 72,
        "location": "FR",
        "year": 2023,
        "pue": 1.2,
    }
    posted = requests.post(f"{explorer_url}/v1/footprint", json=job, timeout=10).json()
    assert _shown(browser, "total") == posted["total_kgco2e"]
    bars = browser.find_elements(By.CSS_SELECTOR, "#compare-chart g.bar")
    assert len(bars) == 3
    assert _overflow(browser) <= 0, f"the calculator scrolls sideways at {width} px"
    screenshot(browser, f"calculator-{width}", width=width)
    # the permalink brings the whole form back, filled
    link = browser.find_element(By.ID, "form-permalink").get_attribute("href") or ""
    _navigate(browser, lambda: browser.get(link))
    assert (
        browser.find_element(By.ID, "f-hardware-2").get_attribute("value") == "dell-poweredge-r740"
    )
    assert browser.find_element(By.ID, "f-compare").get_attribute("value") == "DE, BE"
