"""A real headless Chromium (Debian's chromium + chromium-driver) against a live gunicorn.

``make test`` installs the two packages when ``/usr/bin/chromium`` is missing (as root or
with a password-less sudo, ``tools/system-deps.sh``). When they cannot be installed the
tests skip, saying why, so the rest of the suite still runs without root; under ``CI=true``
(``.ci/run``, root on a clean machine) a missing browser fails them instead.
Screenshots of every page visited land in ``build/screenshots/`` (git-ignored) as test
artifacts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

from api.conftest import ROOT
from liveserver import Server

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
#: No sandbox (CI runs as root), and no background traffic: this machine has no network,
#: and Chromium would otherwise try to reach Google's hosts at every start.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="session")
def explorer_url(built_db: Path) -> Iterator[str]:
    with Server(built_db, workers=1, threads=2) as server:
        yield server.url


def require_chromium() -> None:
    """Skip (outside CI) or fail (in CI) when Debian's Chromium or its driver is missing."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        why = f"{', '.join(missing)} not installed (make system-deps installs it, as root)"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    require_chromium()
    opts = Options()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    opts.add_argument("--window-size=1280,1000")
    # An explicit driver path: Selenium Manager (which downloads drivers) never runs.
    driver = webdriver.Chrome(options=opts, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(driver: WebDriver, name: str, width: int = 1280) -> Path:
    """The whole page at ``width`` CSS pixels, as ``build/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(width, 1000)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(int(height) + 120, 6000))
    path = SCREENSHOTS / f"{name}.png"
    assert driver.save_screenshot(str(path)), path
    driver.set_window_size(1280, 1000)
    return path
